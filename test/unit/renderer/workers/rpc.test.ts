import { describe, expect, it } from 'vitest';
import { answerAfterCallbacks, type RemoteCallbacks } from '../../../../src/renderer/workers/rpc';

/** Page callbacks as the worker sees them through comlink: each call answers later, as a promise. */
function slowPage(log: string[], delayMs: number): RemoteCallbacks<number> {
  const later = (entry: string): Promise<void> =>
    new Promise((resolve) =>
      setTimeout(() => {
        log.push(entry);
        resolve();
      }, delayMs),
    );
  return {
    onStage: (stage, fraction) => later(`stage ${stage} ${fraction}`) as unknown as void,
    onProgress: (p) => later(`progress ${p}`) as unknown as void,
    onEpoch: () => undefined,
    onItem: () => undefined,
  };
}

describe('answerAfterCallbacks', () => {
  it('answers only after the page has run every callback, so no progress arrives after the result', async () => {
    const log: string[] = [];
    const result = await answerAfterCallbacks(slowPage(log, 20), async (cb) => {
      void cb.onStage('Parsing', 0.5);
      void cb.onStage('Parsing', 1);
      void cb.onProgress(3);
      return 'table';
    });
    log.push(`result ${result}`);
    expect(log).toEqual(['stage Parsing 0.5', 'stage Parsing 1', 'progress 3', 'result table']);
  });

  it('rejects after the callbacks too, and a failing callback does not hide the result', async () => {
    const log: string[] = [];
    const failing: RemoteCallbacks = {
      ...slowPage(log, 5),
      onItem: () => Promise.reject(new Error('page gone')) as unknown as void,
    };
    await expect(
      answerAfterCallbacks(failing, async (cb) => {
        void cb.onItem(undefined as never);
        void cb.onStage('Training', 1);
        throw new Error('diverged');
      }),
    ).rejects.toThrow('diverged');
    expect(log).toEqual(['stage Training 1']);
  });
});
