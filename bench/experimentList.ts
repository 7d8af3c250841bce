import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs as parseContractArgs } from '../src/core/api';
import { openDatabase } from '../src/backend/store/db';
import { experimentFacets, insertExperiment, listExperiments } from '../src/backend/store/experiments';

export interface ListBenchRecord {
  config: 'store';
  rows: number;
  /** The history's first page (100 rows, newest first) with its total: median of the repeats, ms. */
  listMs: number;
  /** Sorted by the headline metric (reads every row's metrics), ms. */
  sortedMs: number;
  /** Free-text and cell filters with a config-field sort, ms. */
  filteredMs: number;
  /** The filter menus' facets, ms. */
  facetsMs: number;
  /** A free-text filter (a scan of every row) as the first query of a new connection, ms. */
  firstScanMs: number;
  /** Size of the database file, MB. */
  dbMb: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => unknown, repeats: number): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/**
 * Times experiments:list on a temporary database holding `rows` forecast-like experiments, each with about
 * 40 kB of history, predictions and weights (which the list must never read).
 */
export function benchmarkExperimentList(rows = 10_000, repeats = 7): ListBenchRecord {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-bench-'));
  const file = path.join(dir, 'lab.db');
  let db = openDatabase(file);
  try {
    const cells = ['rnn', 'lstm', 'gru'];
    const predictions = {
      test: {
        actual: Array.from({ length: 1500 }, (_, i) => Math.sin(i) * 100),
        predicted: Array.from({ length: 1500 }, (_, i) => Math.cos(i) * 100),
      },
    };
    const history = {
      loss: Array.from({ length: 100 }, (_, i) => 1 / (i + 1)),
      valLoss: Array.from({ length: 100 }, (_, i) => 1.2 / (i + 1)),
    };
    const weights = new Uint8Array(16_384).map((_, i) => (i * 31) % 251);
    const insert = db.transaction(() => {
      for (let i = 0; i < rows; i++) {
        const cell = cells[i % 3];
        const mase = 0.5 + ((i * 7919) % 1000) / 1000;
        insertExperiment(
          db,
          parseContractArgs('experiments:save', {
            kind: 'forecast',
            name: `${cell.toUpperCase()} 1×${16 << (i % 3)} · value · run ${i}`,
            datasetId: null,
            config: {
              cell,
              layers: 1 + (i % 2),
              units: 16 << (i % 3),
              lookback: 12 + (i % 24),
              horizon: 6,
              epochs: 50,
              seed: i,
              target: 'value',
              seasonLength: 12,
            },
            metrics: {
              mase,
              mae: mase * 3,
              model: { mae: mase * 3, rmse: mase * 4, mape: 5, smape: 5, mase, count: 600 },
              baselines: {
                naive: { mae: 4, rmse: 5, mape: 6, smape: 6, mase: 1.3, count: 600 },
                seasonalNaive: { mae: 3, rmse: 4, mape: 5, smape: 5, mase: 1, count: 600 },
                drift: { mae: 4.2, rmse: 5, mape: 6, smape: 6, mase: 1.4, count: 600 },
              },
              verdict: 'LSTM is 12% better than seasonal naive on MASE (0.880 vs 1.00).',
            },
            history,
            predictions,
            weights,
            status: i % 17 === 0 ? 'stopped' : 'finished',
            backend: 'wasm',
            durationMs: 1000 + i,
            tags: i % 10 === 0 ? ['baseline', `batch-${i % 7}`] : [],
            notes: i % 50 === 0 ? 'a longer note about this run' : '',
          }),
        );
      }
    });
    insert();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    db = openDatabase(file);
    const list = (args: Record<string, unknown>) =>
      listExperiments(db, parseContractArgs('experiments:list', args));
    const scanStart = performance.now();
    list({ limit: 100, text: 'a longer note' });
    const firstScanMs = performance.now() - scanStart;
    return {
      config: 'store',
      rows,
      listMs: time(() => list({ limit: 100 }), repeats),
      sortedMs: time(() => list({ limit: 100, sort: 'metric' }), repeats),
      filteredMs: time(
        () => list({ limit: 100, text: 'run 99', cell: 'gru', sort: 'lookback', order: 'desc' }),
        repeats,
      ),
      facetsMs: time(() => experimentFacets(db), repeats),
      firstScanMs,
      dbMb: fs.statSync(file).size / 1e6,
    };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
