import { readFileSync } from 'node:fs';

const root = new URL('../../../../', import.meta.url);

/** Bytes of a fixture in test/fixtures/csv. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`test/fixtures/csv/${name}`, root)));
}

/** Bytes of a shipped sample in resources/samples. */
export function sample(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`resources/samples/${name}`, root)));
}

/** Epoch ms of a UTC ISO date or date-time. */
export function utc(iso: string): number {
  return Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : `${iso}Z`);
}
