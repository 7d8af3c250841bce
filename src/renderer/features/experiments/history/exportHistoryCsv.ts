import type { HistoryQuery } from '../experimentsStore';
import type { ExperimentSummary } from '../../../../core/api';
import { experimentFacts, type ExperimentFacts } from '../../../../core/experiments/facts';
import { lab } from '../../../api/client';
import { downloadBlob } from '../../../charts/download';
import { toCsv } from '../../../../core/common/csvWrite';
import { useLab } from '../../../state/store';
import { skillText } from '../format';

/** What one CSV row is read from: the run, its facts and its skill. */
interface RowSource {
  e: ExperimentSummary;
  f: ExperimentFacts;
  skill: ReturnType<typeof skillText>;
}

/** The file's columns, each header next to the value it holds, so that the two cannot drift apart. */
const COLUMNS: readonly (readonly [string, (r: RowSource) => unknown])[] = [
  ['id', (r) => r.e.id],
  ['uid', (r) => r.e.uid],
  ['name', (r) => r.e.name],
  ['kind', (r) => r.e.kind],
  ['dataset', (r) => r.e.datasetName ?? ''],
  ['cell', (r) => r.f.cell],
  ['layers', (r) => r.f.layers],
  ['units', (r) => r.f.units],
  ['lookback', (r) => r.f.lookback ?? ''],
  ['horizon', (r) => r.f.horizon ?? ''],
  ['epochs', (r) => r.f.epochs ?? ''],
  ['metric', (r) => r.f.headline?.name ?? ''],
  ['metric_value', (r) => r.f.headline?.value ?? ''],
  ['skill_vs_seasonal_naive', (r) => r.skill?.text ?? ''],
  ['status', (r) => r.e.status],
  ['backend', (r) => r.e.backend],
  ['duration_s', (r) => r.e.durationMs / 1000],
  ['created', (r) => r.e.createdAt],
  ['tags', (r) => r.e.tags.join(' ')],
  ['notes', (r) => r.e.notes],
];

/** Writes the filtered, sorted history (up to 10,000 runs) as one CSV file. */
export async function exportHistoryCsv(query: HistoryQuery, total: number): Promise<void> {
  const rows: unknown[][] = [];
  try {
    for (let offset = 0; offset < Math.min(total, 10_000); offset += 1000) {
      const page = await lab['experiments:list']({
        kind: query.kind,
        datasetId: query.datasetId,
        cell: query.cell,
        status: query.status,
        tag: query.tag,
        text: query.text.trim() || undefined,
        sort: query.sort,
        order: query.order,
        limit: 1000,
        offset,
      });
      for (const e of page.items) {
        const source: RowSource = { e, f: experimentFacts(e), skill: skillText(e) };
        rows.push(COLUMNS.map(([, value]) => value(source)));
      }
      if (page.items.length < 1000) break;
    }
    downloadBlob(
      toCsv(
        COLUMNS.map(([name]) => name),
        rows,
      ),
      'experiments.csv',
      'text/csv',
    );
  } catch (error) {
    useLab.getState().toast('error', `Could not export the table: ${(error as Error).message}`);
  }
}
