/** Piano-roll charts (echarts custom series): one bar per note, pitch upwards, time in grid steps with bar lines. */
import type {
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  CustomSeriesRenderItemReturn,
} from 'echarts';
import { pitchName } from '../../core/music';
import type { ChartOption } from './EChart';

/** Which part of a melody a note belongs to; each part has its colour. */
export type RollPart = 'seed' | 'continuation' | 'imported';

export const ROLL_COLORS: Readonly<Record<RollPart, string>> = {
  seed: '#3b6fe0',
  continuation: '#d9480f',
  imported: '#7a8699',
};

export const ROLL_LABELS: Readonly<Record<RollPart, string>> = {
  seed: 'seed',
  continuation: 'continuation',
  imported: 'as imported',
};

/** A note on the roll; `start` and `duration` in steps (fractions allowed for notes as imported). */
export interface RollNote {
  readonly pitch: number;
  readonly start: number;
  readonly duration: number;
  readonly part: RollPart;
}

export interface PianoRollInput {
  readonly notes: readonly RollNote[];
  readonly totalSteps: number;
  readonly stepsPerBar: number;
  /** Step where the continuation starts (a dashed line), if any. */
  readonly boundary?: number | null;
  /** Pitch range to show at least (padded by a semitone); defaults to the notes' range. */
  readonly lowest?: number;
  readonly highest?: number;
  /** Draw a legend of the parts present. */
  readonly legend?: boolean;
  /** First step shown (a whole bar; default 0): a long seed's roll starts near its end, in view of the continuation. */
  readonly fromStep?: number;
  /** The bar number step 0 is labelled with (default 1), e.g. 853 for a seed cut from bar 853 of its track. */
  readonly firstBar?: number;
}

/** Grid margins in pixels, shared with the playhead overlay. */
export const ROLL_GRID = { left: 44, right: 12, top: 12, bottom: 26 } as const;

const BLACK_KEYS = new Set([1, 3, 6, 8, 10]);

function isDark(): boolean {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/** The echarts option of a piano roll. */
export function pianoRollOption(input: PianoRollInput): ChartOption {
  const pitches = input.notes.map((n) => n.pitch);
  const lo = Math.min(input.lowest ?? Infinity, ...pitches);
  const hi = Math.max(input.highest ?? -Infinity, ...pitches);
  const lowest = (Number.isFinite(lo) ? lo : 60) - 1;
  // At least an octave is shown, so a narrow melody does not fill the roll with huge bars.
  const highest = Math.max((Number.isFinite(hi) ? hi : 72) + 1, lowest + 13);
  const span = highest - lowest;
  const dark = isDark();
  const keyBand = dark ? 'rgba(255,255,255,0.045)' : 'rgba(20,30,60,0.045)';
  const barLine = dark ? 'rgba(255,255,255,0.18)' : 'rgba(20,30,60,0.16)';
  const parts = [...new Set(input.notes.map((n) => n.part))];
  const bars = Math.max(1, Math.ceil(input.totalSteps / input.stepsPerBar));
  const maxX = bars * input.stepsPerBar;
  const minX = Math.min(Math.max(0, input.fromStep ?? 0), maxX - input.stepsPerBar);
  const barEvery = Math.max(1, Math.ceil((bars - minX / input.stepsPerBar) / 16));
  const firstBar = input.firstBar ?? 1;

  const rows: [number][] = [];
  for (let p = Math.ceil(lowest); p <= Math.floor(highest); p++)
    if (BLACK_KEYS.has(((p % 12) + 12) % 12)) rows.push([p]);

  const renderRow = (
    _: CustomSeriesRenderItemParams,
    api: CustomSeriesRenderItemAPI,
  ): CustomSeriesRenderItemReturn => {
    const pitch = api.value(0) as number;
    const [x0, y0] = api.coord([minX, pitch + 0.5]);
    const [x1, y1] = api.coord([maxX, pitch - 0.5]);
    return {
      type: 'rect',
      shape: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
      style: { fill: keyBand },
      silent: true,
    };
  };
  const renderNote = (
    params: CustomSeriesRenderItemParams,
    api: CustomSeriesRenderItemAPI,
  ): CustomSeriesRenderItemReturn => {
    const start = api.value(0) as number;
    const end = api.value(1) as number;
    const pitch = api.value(2) as number;
    const [x0, yTop] = api.coord([start, pitch + 0.42]);
    const [x1, yBottom] = api.coord([end, pitch - 0.42]);
    const coordSys = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    const width = Math.max(1.5, x1 - x0 - 1);
    const height = Math.max(2, yBottom - yTop);
    return {
      type: 'rect',
      shape: { x: x0 + 0.5, y: yTop, width, height, r: Math.min(2, height / 3) },
      style: api.style(),
      clipPath: {
        type: 'rect',
        shape: { x: coordSys.x, y: coordSys.y, width: coordSys.width, height: coordSys.height },
      },
    } as CustomSeriesRenderItemReturn;
  };

  const spb = input.stepsPerBar;
  const noteSeries = parts.map((part) => ({
    type: 'custom' as const,
    name: ROLL_LABELS[part],
    renderItem: renderNote,
    itemStyle: { color: ROLL_COLORS[part], opacity: part === 'imported' ? 0.75 : 0.95 },
    encode: { x: [0, 1], y: 2 },
    data: input.notes.filter((n) => n.part === part).map((n) => [n.start, n.start + n.duration, n.pitch]),
    z: 3,
    tooltip: {
      formatter: (p: { value: unknown }) => {
        const [start, end, pitch] = p.value as [number, number, number];
        const bar = Math.floor(start / spb) + firstBar;
        const beat = ((start % spb) / (spb / 4) + 1).toFixed(2).replace(/\.?0+$/, '');
        return `${pitchName(pitch)} · bar ${bar}, position ${beat} · ${(end - start).toFixed(start % 1 || end % 1 ? 2 : 0)} steps (${ROLL_LABELS[part]})`;
      },
    },
  }));

  return {
    grid: { ...ROLL_GRID, top: ROLL_GRID.top + (input.legend ? 18 : 0) },
    legend: input.legend
      ? { top: 0, right: 8, data: parts.map((p) => ROLL_LABELS[p]), itemWidth: 14, itemHeight: 8 }
      : undefined,
    tooltip: { trigger: 'item', confine: true },
    xAxis: {
      type: 'value',
      min: minX,
      max: maxX,
      interval: spb * barEvery,
      axisLabel: {
        formatter: (v: number) => `${Math.round(v / spb) + firstBar}`,
        fontSize: 10,
        showMaxLabel: false,
      },
      splitLine: { show: true, lineStyle: { color: barLine } },
      axisTick: { show: false },
      name: 'bar',
      nameLocation: 'end',
      nameGap: 4,
      nameTextStyle: { fontSize: 10, verticalAlign: 'top', padding: [8, 0, 0, 0] },
    },
    yAxis: {
      type: 'value',
      // Integer bounds so the ticks fall on pitches: one tick per semitone, names on the Cs (and E, G when close up).
      min: lowest,
      max: highest,
      interval: 1,
      axisTick: { show: false },
      axisLabel: {
        fontSize: 10,
        formatter: (v: number) => {
          const pc = ((v % 12) + 12) % 12;
          return pc === 0 || (span <= 24 && (pc === 4 || pc === 7)) ? pitchName(v) : '';
        },
        showMinLabel: false,
        showMaxLabel: false,
      },
      splitLine: { show: false },
    },
    series: [
      {
        type: 'custom',
        name: 'keys',
        renderItem: renderRow,
        data: rows,
        encode: { y: 0 },
        silent: true,
        tooltip: { show: false },
        z: 1,
        markLine:
          input.boundary != null
            ? {
                silent: true,
                symbol: 'none',
                label: { show: false },
                lineStyle: { color: ROLL_COLORS.continuation, type: 'dashed', width: 1.5 },
                data: [{ xAxis: input.boundary }],
              }
            : undefined,
      },
      ...noteSeries,
    ],
  };
}
