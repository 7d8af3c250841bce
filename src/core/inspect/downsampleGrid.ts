/** A grid (rows × columns) shrunk by merging blocks of cells, for drawing into fewer pixels than it has cells. */
export interface DownsampledGrid {
  /** `cells[r][c]`: the value kept for block (r, c), `rows` × `cols`. */
  cells: number[][];
  rows: number;
  cols: number;
  /** Input rows per output row and input columns per output column (1 and 1 when nothing was merged). */
  rowBlock: number;
  colBlock: number;
  /** Smallest and largest input value (the colour scale's ends), over the whole input. */
  min: number;
  max: number;
}

/**
 * Shrinks `grid` (rows × columns, every row as long as the first) to at most `maxRows` × `maxCols` cells by
 * merging blocks of `rowBlock` × `colBlock` neighbouring cells. Each block keeps its value furthest from `centre`
 * (the middle of the colour scale: 0.5 for gates, 0 for states), so a spike never averages away; the blocks holding
 * the overall minimum and maximum show them, so both survive unless they share a block, where the one further from
 * `centre` does.
 * A grid that already fits is returned cell for cell (copied), with blocks of 1.
 */
export function downsampleGrid(
  grid: readonly (readonly number[])[],
  maxRows: number,
  maxCols: number,
  centre = 0,
): DownsampledGrid {
  const inRows = grid.length;
  const inCols = grid[0]?.length ?? 0;
  const rowBlock = Math.max(1, Math.ceil(inRows / Math.max(1, Math.floor(maxRows))));
  const colBlock = Math.max(1, Math.ceil(inCols / Math.max(1, Math.floor(maxCols))));
  const rows = Math.ceil(inRows / rowBlock);
  const cols = Math.ceil(inCols / colBlock);
  const cells: number[][] = [];
  let min = Infinity;
  let max = -Infinity;
  let minAt: [number, number] = [0, 0];
  let maxAt: [number, number] = [0, 0];
  for (let r = 0; r < rows; r++) {
    const out = new Array<number>(cols);
    for (let c = 0; c < cols; c++) {
      let kept = NaN;
      let distance = -1;
      for (let i = r * rowBlock; i < Math.min(inRows, (r + 1) * rowBlock); i++) {
        const row = grid[i];
        for (let j = c * colBlock; j < Math.min(inCols, (c + 1) * colBlock); j++) {
          const v = row[j];
          if (v < min) {
            min = v;
            minAt = [r, c];
          }
          if (v > max) {
            max = v;
            maxAt = [r, c];
          }
          const d = Math.abs(v - centre);
          if (d > distance) {
            distance = d;
            kept = v;
          }
        }
      }
      out[c] = kept;
    }
    cells.push(out);
  }
  if (rows && cols) {
    const sameBlock = minAt[0] === maxAt[0] && minAt[1] === maxAt[1];
    if (!sameBlock || Math.abs(min - centre) >= Math.abs(max - centre)) cells[minAt[0]][minAt[1]] = min;
    if (!sameBlock || Math.abs(max - centre) > Math.abs(min - centre)) cells[maxAt[0]][maxAt[1]] = max;
  }
  return {
    cells,
    rows,
    cols,
    rowBlock,
    colBlock,
    min: inRows && inCols ? min : 0,
    max: inRows && inCols ? max : 0,
  };
}
