import { expect } from 'vitest';

/** Asserts two arrays agree to a relative tolerance (floating-point round trips). */
export function expectAllClose(actual: readonly number[], expected: readonly number[], rel = 1e-9): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    const tol = rel * Math.max(1, Math.abs(expected[i]));
    if (!(Math.abs(v - expected[i]) <= tol)) {
      throw new Error(`value ${i}: ${v} differs from ${expected[i]} by more than ${tol}`);
    }
  });
}
