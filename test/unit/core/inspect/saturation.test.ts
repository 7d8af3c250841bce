import { describe, expect, it } from 'vitest';
import type { GateTrace, LayerTrace } from '../../../../src/core/inspect/replay';
import { classifyUnit, describeSaturation, gateSaturation } from '../../../../src/core/inspect/saturation';

/** [time][unit] from per-unit columns. */
function byTime(columns: number[][]): number[][] {
  return columns[0].map((_, t) => columns.map((col) => col[t]));
}

const repeat = (v: number, n: number) => new Array<number>(n).fill(v);

/**
 * One LSTM layer, 5 units, 10 steps. Forget gate per unit:
 *   u0 always 0.95 (open), u1 half 0.05 half 0.95 (switching), u2 9 x 0.05 + 1 x 0.5 (exactly 90% closed:
 *   not more, so mixed), u3 always 0.5 (balanced), u4 always 0.01 (closed).
 * Input gate: everything 0.5 (all balanced). Output gate: exactly 0.9 and 0.1 (not beyond: balanced).
 */
function lstmTrace(): GateTrace {
  const forget = byTime([
    repeat(0.95, 10),
    [...repeat(0.05, 5), ...repeat(0.95, 5)],
    [...repeat(0.05, 9), 0.5],
    repeat(0.5, 10),
    repeat(0.01, 10),
  ]);
  const layer: LayerTrace = {
    name: 'lstm_1',
    cell: 'lstm',
    units: 5,
    depth: 0,
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    series: {
      forget,
      input: byTime(repeat(0, 5).map(() => repeat(0.5, 10))),
      output: byTime([repeat(0.9, 10), repeat(0.1, 10), repeat(0.9, 10), repeat(0.1, 10), repeat(0.5, 10)]),
    },
  };
  return { steps: 10, layers: [layer] };
}

describe('gateSaturation', () => {
  it('measures the share of time below 0.1 and above 0.9 per unit and classifies each unit', () => {
    const report = gateSaturation(lstmTrace());
    expect(report.gates.map((g) => g.gate)).toEqual(['input', 'forget', 'output']);
    const forget = report.gates[1];
    expect(forget.samples).toBe(10);
    expect(forget.low).toEqual([0, 0.5, 0.9, 0, 1]);
    expect(forget.high).toEqual([1, 0.5, 0, 0, 0]);
    expect(forget.classes).toEqual(['open', 'switching', 'mixed', 'balanced', 'closed']);
    expect(forget.counts).toEqual({ open: 1, closed: 1, switching: 1, balanced: 1, mixed: 1 });
    expect(forget.summary).toBe(
      '1 of 5 forget-gate units stays open more than 90% of the time: long-memory units; ' +
        '1 of 5 forget-gate units stays closed more than 90% of the time: short-memory units that wipe their cell at every step; ' +
        '1 of 5 forget-gate units is either open or closed more than 90% of the time: they act as switches; ' +
        '1 of 5 forget-gate units is saturated less than 10% of the time: graded, not switching.',
    );
    expect(report.gates[0].summary).toBe(
      'All 5 input-gate units are saturated less than 10% of the time: graded, not switching.',
    );
    // Exactly 0.9 and 0.1 are not beyond the thresholds.
    expect(report.gates[2].low).toEqual([0, 0, 0, 0, 0]);
    expect(report.gates[2].high).toEqual([0, 0, 0, 0, 0]);
    expect(report.summary).toEqual(report.gates.map((g) => g.summary));
  });

  it('pools many windows and words the example of the issue', () => {
    // 64 GRU units over two windows of 5 steps: units 0-11 have z > 0.9 in 10 of 10 steps.
    const window = (z: number[][]): GateTrace => ({
      steps: 5,
      layers: [
        {
          name: 'gru_1',
          cell: 'gru',
          units: 64,
          depth: 0,
          activation: 'tanh',
          recurrentActivation: 'sigmoid',
          series: { update: z, reset: z.map((row) => row.map(() => 0.5)) },
        },
      ],
    });
    const z = (open: number) =>
      Array.from({ length: 5 }, () => Array.from({ length: 64 }, (_, u) => (u < open ? 0.97 : 0.5)));
    const report = gateSaturation([window(z(12)), window(z(12))]);
    const update = report.gates[0];
    expect(update.samples).toBe(10);
    expect(update.counts.open).toBe(12);
    expect(update.counts.balanced).toBe(52);
    expect(update.summary).toMatch(
      /^12 of 64 update-gate units stay open more than 90% of the time: long-memory units that keep their state; 52 of 64/,
    );
    // One window with 12 open units and one with only 6: units 6-11 are open half the time.
    const mixed = gateSaturation([window(z(12)), window(z(6))]).gates[0];
    expect(mixed.high.slice(5, 13)).toEqual([1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0]);
    expect(mixed.counts.open).toBe(6);
  });

  it('measures SimpleRNN tanh units against ±0.9 and says when they are saturated', () => {
    const trace: GateTrace = {
      steps: 4,
      layers: [
        {
          name: 'rnn_1',
          cell: 'rnn',
          units: 3,
          depth: 0,
          activation: 'tanh',
          recurrentActivation: null,
          series: {
            hidden: byTime([
              [0.95, 0.99, 0.97, 0.91],
              [-0.99, -0.95, -0.999, -0.92],
              [0.2, -0.3, 0.1, 0],
            ]),
          },
        },
        {
          name: 'rnn_2',
          cell: 'rnn',
          units: 2,
          depth: 1,
          activation: 'tanh',
          recurrentActivation: null,
          series: {
            hidden: byTime([
              [0.95, -0.95, 0.95, -0.95],
              [0.5, 0.5, 0.5, 0.95],
            ]),
          },
        },
      ],
    };
    const report = gateSaturation(trace);
    expect(report.gates.map((g) => [g.layer, g.gate, g.lowThreshold, g.highThreshold])).toEqual([
      ['rnn_1', 'hidden', -0.9, 0.9],
      ['rnn_2', 'hidden', -0.9, 0.9],
    ]);
    expect(report.gates[0].classes).toEqual(['open', 'closed', 'balanced']);
    expect(report.gates[0].summary).toBe(
      '1 of 3 hidden units sits near +1 more than 90% of the time; 1 of 3 hidden units sits near -1 more than 90% of the time; ' +
        '1 of 3 hidden units stays away from ±1 (saturated less than 10% of the time); saturated tanh units pass almost no gradient back in time.',
    );
    // Unit 0 of rnn_2 flips between -1 and +1; unit 1 is saturated 25% of the time (mixed).
    expect(report.gates[1].classes).toEqual(['switching', 'mixed']);
    expect(report.summary[1]).toBe(
      'rnn_2: 1 of 2 hidden units flips between -1 and +1 (saturated more than 90% of the time).',
    );
  });

  it('follows custom thresholds and says when no unit is saturated', () => {
    expect(classifyUnit(0.85, 0, 0.8)).toBe('closed');
    expect(classifyUnit(0.4, 0.45, 0.8)).toBe('switching');
    expect(classifyUnit(0.1, 0.05, 0.8)).toBe('balanced');
    const counts = { open: 0, closed: 0, switching: 0, balanced: 0, mixed: 4 };
    expect(describeSaturation('reset', counts, 4)).toBe(
      'No reset-gate unit is open or closed more than 90% of the time; none is unsaturated either.',
    );
    const report = gateSaturation(lstmTrace(), { low: 0.2, high: 0.6, share: 0.5 });
    const output = report.gates[2];
    expect(output.low).toEqual([0, 1, 0, 1, 0]);
    expect(output.high).toEqual([1, 0, 1, 0, 0]);
    expect(output.summary).toMatch(
      /^2 of 5 output-gate units stay open more than 50% of the time: they always expose their cell; 2 of 5 output-gate units stay closed/,
    );
    expect(gateSaturation([])).toEqual({ share: 0.9, gates: [], summary: [] });
  });
});
