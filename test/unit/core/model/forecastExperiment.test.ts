import { describe, expect, it } from 'vitest';
import { runName } from '../../../../src/core/model/forecastExperiment';
import { DEFAULT_FORECAST_CONFIG } from '../../../../src/core/model/spec';

describe('runName', () => {
  it('names the series of a long file, so runs on two of its series differ', () => {
    const config = { ...DEFAULT_FORECAST_CONFIG, cell: 'gru' as const };
    const newYork = runName(config, 'temp_max', 'weather-long.csv', 'New York');
    const seattle = runName(config, 'temp_max', 'weather-long.csv', 'Seattle');
    expect(newYork).not.toBe(seattle);
    expect(seattle).toMatch(/^GRU \S+ · temp_max · Seattle · weather-long\.csv$/);
  });

  it('leaves a single-series file as it was', () => {
    expect(runName(DEFAULT_FORECAST_CONFIG, 'CO2', 'co2.csv', null)).toMatch(/^\S+ \S+ · CO2 · co2\.csv$/);
  });
});
