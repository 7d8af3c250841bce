import { describe, expect, it } from 'vitest';
import { ensembleText } from '../../../../../src/renderer/features/forecast/ensembleText';

describe('ensembleText', () => {
  it('names the median of every member when all were trained', () => {
    expect(ensembleText({ members: 5, used: 5 }, false)).toBe('median of 5 networks');
    expect(ensembleText({ members: 1, used: 1 }, false)).toBe('one network');
  });

  it('says a stopped run forecast with the members trained before the stop', () => {
    expect(ensembleText({ members: 5, used: 1 }, true)).toBe(
      'one network trained before the stop (5 asked for)',
    );
    expect(ensembleText({ members: 5, used: 3 }, true)).toBe(
      'median of 3 networks trained before the stop (5 asked for)',
    );
  });

  it('says how many members diverged and were left out', () => {
    expect(ensembleText({ members: 5, used: 4 }, false)).toBe(
      'median of 4 networks (1 of the 5 diverged and was left out)',
    );
    expect(ensembleText({ members: 5, used: 1 }, false)).toBe(
      'one network (4 of the 5 diverged and were left out)',
    );
  });
});
