import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useEChart } from '../../charts/useEChart';
import { pianoRollOption, type PianoRollInput } from '../../charts/pianoRoll';

/**
 * A piano roll (echarts custom series) with PNG export and a playhead: while `playhead` returns a step, a line
 * follows it (read every animation frame, so playback does not re-render React).
 */
export function PianoRoll(props: {
  input: PianoRollInput;
  height?: number;
  title?: ReactNode;
  /** File name of the PNG export. */
  fileName: string;
  testId?: string;
  actions?: ReactNode;
  /** Current playhead in steps, or null; polled while `playing`. */
  playhead?: () => number | null;
  playing?: boolean;
}) {
  const { input, height = 220, title, fileName, testId, actions, playhead, playing = false } = props;
  const line = useRef<HTMLDivElement>(null);
  const option = useMemo(() => pianoRollOption(input), [input]);
  const { el, chart, exportPng } = useEChart(option);

  useEffect(() => {
    const node = line.current;
    if (!node || !playing || !playhead) {
      if (node) node.hidden = true;
      return;
    }
    let frame = 0;
    const tick = () => {
      const step = playhead();
      const instance = chart.current;
      if (step !== null && instance) {
        const x = instance.convertToPixel({ xAxisIndex: 0 }, step);
        node.hidden = false;
        node.style.transform = `translateX(${x}px)`;
        node.dataset.step = step.toFixed(2);
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      node.hidden = true;
    };
  }, [playing, playhead, chart]);

  return (
    <figure className="chart piano-roll" data-testid={testId}>
      <figcaption className="chart-header">
        {title && <span className="chart-title">{title}</span>}
        <span className="chart-actions">
          {actions}
          <button
            className="small"
            onClick={() => exportPng(fileName)}
            title="Save the piano roll as a PNG image"
          >
            PNG
          </button>
        </span>
      </figcaption>
      <div className="roll-canvas-wrap" style={{ height }}>
        <div ref={el} className="chart-canvas" style={{ height }} />
        <div ref={line} className="playhead" data-testid="playhead" hidden aria-hidden />
      </div>
    </figure>
  );
}
