import { describe, expect, it } from 'vitest';
import {
  aboutFile,
  forecastsDiffer,
  refitMessage,
  savedRunMessage,
} from '../../../../src/renderer/state/messages';

describe('toast messages', () => {
  it('names a file once, also when the lab already named it', () => {
    expect(aboutFile('bad.csv', 'bad.csv: This table is wide.')).toBe('bad.csv: This table is wide.');
    expect(aboutFile('bad.csv', 'The file is empty.')).toBe('bad.csv: The file is empty.');
  });

  it('says "Stopped" once for a stopped run', () => {
    const text = savedRunMessage(
      'stopped',
      'Stopped after epoch 1, as requested; kept the weights of epoch 1 (validation loss 0.1).',
      'LSTM 1×32 · CO2',
    );
    expect(text.match(/stopped/gi)).toHaveLength(1);
    expect(text).toBe(
      'Stopped after epoch 1, as requested; kept the weights of epoch 1 (validation loss 0.1). Saved as “LSTM 1×32 · CO2”.',
    );
    expect(savedRunMessage('completed', 'Trained 4 epochs.', 'A')).toBe('Saved as “A”.');
    expect(savedRunMessage('diverged', 'The loss became NaN.', 'A')).toBe('The loss became NaN.');
  });

  it('tells what "Forecast again" did', () => {
    const at = new Date(2026, 0, 2, 14, 5, 9);
    expect(refitMessage(12, false, at)).toMatch(
      /^Forecast again at .+ with the saved model: 12 steps past the end/,
    );
    expect(refitMessage(12, false, at)).toContain('same as the saved one');
    expect(refitMessage(1, true, at)).toContain(
      '1 step past the end of the data; the chart shows the new forecast.',
    );
    expect(forecastsDiffer([1, 2], [1, 2])).toBe(false);
    expect(forecastsDiffer([1, 2], [1, 2.5])).toBe(true);
    expect(forecastsDiffer([1, 2], null)).toBe(true);
  });
});
