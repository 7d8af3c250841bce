import type { HistoryQuery } from '../experimentsStore';
import { experimentFacts } from '../../../../core/experiments/facts';
import { lab } from '../../../api/client';
import { downloadBlob } from '../../../charts/download';
import { toCsv } from '../../../../core/common/csvWrite';
import { useLab } from '../../../state/store';
import { skillText } from '../format';

/** Writes the filtered, sorted history (up to 10,000 runs) as one CSV file. */
export async function exportHistoryCsv(query: HistoryQuery, total: number): Promise<void> {
  const rows: unknown[][] = [];
  const header = [
    'id',
    'uid',
    'name',
    'kind',
    'dataset',
    'cell',
    'layers',
    'units',
    'lookback',
    'horizon',
    'epochs',
    'metric',
    'metric_value',
    'skill_vs_seasonal_naive',
    'status',
    'backend',
    'duration_s',
    'created',
    'tags',
    'notes',
  ];
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
        const f = experimentFacts(e);
        const skill = skillText(e);
        rows.push([
          e.id,
          e.uid,
          e.name,
          e.kind,
          e.datasetName ?? '',
          f.cell,
          f.layers,
          f.units,
          f.lookback ?? '',
          f.horizon ?? '',
          f.epochs ?? '',
          f.headline?.name ?? '',
          f.headline?.value ?? '',
          skill?.text ?? '',
          e.status,
          e.backend,
          e.durationMs / 1000,
          e.createdAt,
          e.tags.join(' '),
          e.notes,
        ]);
      }
      if (page.items.length < 1000) break;
    }
    downloadBlob(toCsv(header, rows), 'experiments.csv', 'text/csv');
  } catch (error) {
    useLab.getState().toast('error', `Could not export the table: ${(error as Error).message}`);
  }
}
