import { useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { clampBarRange, stepsPerBar, type BarRange, type Melody } from '../../../core/music';
import { pianoRollOption, ROLL_GRID } from '../../charts/pianoRoll';
import { useEChart } from '../../charts/useEChart';

/** Bar (0-based, fractional) under a pointer's x on the roll's plot area of `bars` bars. */
function barAt(element: HTMLElement, clientX: number, bars: number): number {
  const box = element.getBoundingClientRect();
  const plot = box.width - ROLL_GRID.left - ROLL_GRID.right;
  const x = clientX - box.left - ROLL_GRID.left;
  return Math.min(bars, Math.max(0, (x / Math.max(1, plot)) * bars));
}

/**
 * The whole track as a small piano roll with the seed's bars marked: drag across it to choose the bars, drag the
 * marked bars to move them. Bars are whole; the roll's x axis runs over every bar of the track.
 */
export function SeedRangeRoll(props: {
  melody: Melody;
  range: BarRange;
  bars: number;
  onChange(range: BarRange): void;
}) {
  const { melody, range, bars, onChange } = props;
  const wrap = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<BarRange | null>(null);
  const drag = useRef<{ mode: 'select' | 'move'; anchor: number; start: BarRange } | null>(null);
  const option = useMemo(
    () =>
      pianoRollOption({
        notes: melody.notes.map((n) => ({ ...n, part: 'imported' as const })),
        totalSteps: bars * stepsPerBar(melody),
        stepsPerBar: stepsPerBar(melody),
      }),
    [melody, bars],
  );
  const { el } = useEChart(option);
  const shown = draft ?? range;

  const rangeFrom = (event: ReactPointerEvent<HTMLDivElement>): BarRange | null => {
    const state = drag.current;
    const node = wrap.current;
    if (!state || !node) return null;
    const at = barAt(node, event.clientX, bars);
    if (state.mode === 'move') {
      const length = state.start.toBar - state.start.fromBar;
      const fromBar = Math.min(
        bars - length,
        Math.max(0, Math.round(state.start.fromBar + at - state.anchor)),
      );
      return { fromBar, toBar: fromBar + length };
    }
    const lo = Math.floor(Math.min(state.anchor, at));
    const hi = Math.ceil(Math.max(state.anchor, at));
    return clampBarRange({ fromBar: lo, toBar: Math.max(hi, lo + 1) }, bars);
  };

  return (
    <div
      ref={wrap}
      className="seed-range-roll"
      data-testid="seed-range-roll"
      style={{ height: 110 }}
      title="Drag across the bars to use as the seed; drag the marked bars to move them"
      onPointerDown={(event) => {
        const node = wrap.current;
        if (!node || event.button !== 0) return;
        node.setPointerCapture(event.pointerId);
        const at = barAt(node, event.clientX, bars);
        const inside = at >= range.fromBar && at <= range.toBar;
        drag.current = { mode: inside ? 'move' : 'select', anchor: at, start: range };
        if (!inside) setDraft(clampBarRange({ fromBar: Math.floor(at), toBar: Math.floor(at) + 1 }, bars));
      }}
      onPointerMove={(event) => {
        const next = rangeFrom(event);
        if (next) setDraft(next);
      }}
      onPointerUp={(event) => {
        const next = rangeFrom(event) ?? draft;
        drag.current = null;
        setDraft(null);
        if (next && (next.fromBar !== range.fromBar || next.toBar !== range.toBar)) onChange(next);
      }}
      onPointerCancel={() => {
        drag.current = null;
        setDraft(null);
      }}
    >
      <div ref={el} className="chart-canvas" style={{ height: 110 }} />
      <div
        className="seed-range-mark"
        data-testid="seed-range-mark"
        aria-hidden
        style={{
          left: `calc(${ROLL_GRID.left}px + (100% - ${ROLL_GRID.left + ROLL_GRID.right}px) * ${shown.fromBar / bars})`,
          width: `calc((100% - ${ROLL_GRID.left + ROLL_GRID.right}px) * ${(shown.toBar - shown.fromBar) / bars})`,
        }}
      />
    </div>
  );
}
