import { describe, expect, it } from 'vitest';
import { bfgs, nelderMead } from '../../../../../src/core/model/classical/optimise';

const rosenbrock = (x: readonly number[]) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;

describe('nelderMead', () => {
  it('finds the minimum of a quadratic and of the Rosenbrock valley', () => {
    const q = nelderMead((x) => (x[0] - 3) ** 2 + 2 * (x[1] + 1) ** 2, [0, 0]);
    expect(q.converged).toBe(true);
    expect(q.x[0]).toBeCloseTo(3, 3);
    expect(q.x[1]).toBeCloseTo(-1, 3);
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 5000 });
    expect(r.value).toBeLessThan(1e-6);
  });

  it('treats Infinity as out of bounds and stops at the evaluation budget', () => {
    const bounded = nelderMead((x) => (x[0] < 0 ? Infinity : (x[0] - 0.5) ** 2 + (x[1] - 1) ** 2), [2, 2]);
    expect(bounded.x[0]).toBeCloseTo(0.5, 3);
    const edge = nelderMead((x) => (x[0] < 0 ? Infinity : (x[0] + 1) ** 2 + x[1] ** 2), [2, 1]);
    expect(edge.x[0]).toBeGreaterThanOrEqual(0);
    expect(edge.x[0]).toBeLessThan(1e-3);
    const capped = nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 20 });
    expect(capped.converged).toBe(false);
    expect(capped.evaluations).toBeLessThanOrEqual(24);
    expect(() => nelderMead(() => NaN, [1])).toThrow(/not finite at the starting point/);
  });
});

describe('bfgs', () => {
  it('minimises smooth functions with finite-difference gradients', () => {
    const q = bfgs((x) => (x[0] - 3) ** 2 + 2 * (x[1] + 1) ** 2 + x[0] * x[1], [0, 0]);
    // gradient (2(x − 3) + y, 4(y + 1) + x) = 0 at (4, −2)
    expect(q?.x[0]).toBeCloseTo(4, 4);
    expect(q?.x[1]).toBeCloseTo(-2, 4);
    const r = bfgs(rosenbrock, [-1.2, 1], { maxIterations: 500 });
    expect(r?.x[0]).toBeCloseTo(1, 2);
  });

  it('returns null where the objective is not finite', () => {
    expect(bfgs(() => Infinity, [0])).toBeNull();
  });
});
