import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleGrid } from '../../../../src/core/inspect/downsampleGrid';

const grid = (rows: number, cols: number, value: (r: number, c: number) => number) =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => value(r, c)));

describe('downsampleGrid', () => {
  it('returns a grid that fits cell for cell, with blocks of 1', () => {
    const input = grid(48, 16, (r, c) => Math.sin(r * 16 + c));
    const out = downsampleGrid(input, 1000, 100, 0.5);
    expect(out.rowBlock).toBe(1);
    expect(out.colBlock).toBe(1);
    expect(out.cells).toEqual(input);
    expect(out.cells).not.toBe(input);
    expect(out.min).toBe(Math.min(...input.flat()));
    expect(out.max).toBe(Math.max(...input.flat()));
  });

  it('keeps the value of each block furthest from the centre', () => {
    const input = [
      [0.5, 0.6, 0.5, 0.5],
      [0.45, 0.5, 0.02, 0.5],
      [0.9, 0.5, 0.5, 0.51],
      [0.5, 0.5, 0.5, 0.5],
    ];
    const out = downsampleGrid(input, 2, 2, 0.5);
    expect([out.rows, out.cols, out.rowBlock, out.colBlock]).toEqual([2, 2, 2, 2]);
    expect(out.cells).toEqual([
      [0.6, 0.02],
      [0.9, 0.51],
    ]);
  });

  it('merges ragged last blocks and reports the block sizes', () => {
    const input = grid(10, 7, (r, c) => r * 7 + c);
    const out = downsampleGrid(input, 4, 3, 0);
    expect([out.rowBlock, out.colBlock]).toEqual([3, 3]);
    expect([out.rows, out.cols]).toEqual([4, 3]);
    // the last row block holds row 9 alone, the last column block column 6 alone; the value furthest from 0 wins
    expect(out.cells[3]).toEqual([65, 68, 69]);
    // the overall minimum (0) shows in its block instead of that block's value furthest from 0 (16)
    expect(out.cells[0]).toEqual([0, 19, 20]);
    expect(out.cells[1]).toEqual([37, 40, 41]);
  });

  it('keeps the overall minimum and maximum unless they share a block, and never exceeds the size asked', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom(0, 0.5),
        (rows, cols, maxRows, maxCols, seed, centre) => {
          let state = seed;
          const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
          const input = grid(rows, cols, () => random());
          const out = downsampleGrid(input, maxRows, maxCols, centre);
          expect(out.rows).toBeLessThanOrEqual(maxRows);
          expect(out.cols).toBeLessThanOrEqual(maxCols);
          const flat = input.flat();
          const min = Math.min(...flat);
          const max = Math.max(...flat);
          expect(out.min).toBe(min);
          expect(out.max).toBe(max);
          const kept = out.cells.flat();
          const block = (v: number) => {
            const i = flat.indexOf(v);
            return `${Math.floor(Math.floor(i / cols) / out.rowBlock)},${Math.floor((i % cols) / out.colBlock)}`;
          };
          if (block(min) !== block(max)) {
            expect(kept).toContain(min);
            expect(kept).toContain(max);
          } else {
            expect(kept).toContain(Math.abs(min - centre) >= Math.abs(max - centre) ? min : max);
          }
          // every kept value is one of the input's
          for (const v of kept) expect(flat).toContain(v);
          if (rows <= maxRows && cols <= maxCols) expect(out.cells).toEqual(input);
        },
      ),
    );
  });

  it('handles an empty grid', () => {
    expect(downsampleGrid([], 10, 10)).toMatchObject({ cells: [], rows: 0, cols: 0, min: 0, max: 0 });
  });
});
