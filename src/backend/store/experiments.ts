import { LabError, type Experiment, type ExperimentSummary, type ParsedArgs } from '../../core/api';
import type { Db } from './db';

interface SummaryRow {
  id: number;
  kind: ExperimentSummary['kind'];
  name: string;
  dataset_id: number | null;
  dataset_name: string | null;
  config: string;
  metrics: string;
  status: ExperimentSummary['status'];
  backend: string;
  duration_ms: number;
  tags: string;
  notes: string;
  created_at: string;
  has_weights: number;
}

interface FullRow extends SummaryRow {
  history: string;
  predictions: string;
  inspection: string;
  weights: Buffer | null;
}

// The list never reads weights, predictions or history.
const SUMMARY_COLUMNS = `e.id, e.kind, e.name, e.dataset_id, d.name AS dataset_name, e.config, e.metrics, e.status,
  e.backend, e.duration_ms, e.tags, e.notes, e.created_at, (e.weights IS NOT NULL) AS has_weights`;

function toSummary(row: SummaryRow): ExperimentSummary {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    config: JSON.parse(row.config) as Record<string, unknown>,
    metrics: JSON.parse(row.metrics) as Record<string, unknown>,
    status: row.status,
    backend: row.backend,
    durationMs: row.duration_ms,
    tags: JSON.parse(row.tags) as string[],
    notes: row.notes,
    createdAt: row.created_at,
    hasWeights: row.has_weights === 1,
  };
}

const notFound = (id: number) => new LabError('NOT_FOUND', `Experiment ${id} does not exist (it may have been deleted).`);

/** Lists experiment summaries, newest first, with filters and paging. */
export function listExperiments(
  db: Db,
  filter: ParsedArgs<'experiments:list'>,
): { items: ExperimentSummary[]; total: number } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.kind) {
    where.push('e.kind = ?');
    params.push(filter.kind);
  }
  if (filter.datasetId !== undefined) {
    where.push('e.dataset_id = ?');
    params.push(filter.datasetId);
  }
  if (filter.status) {
    where.push('e.status = ?');
    params.push(filter.status);
  }
  if (filter.text) {
    where.push("(e.name LIKE ? ESCAPE '\\' OR e.notes LIKE ? ESCAPE '\\' OR e.tags LIKE ? ESCAPE '\\')");
    const like = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(like, like, like);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM experiments e ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM experiments e LEFT JOIN datasets d ON d.id = e.dataset_id ${clause}
       ORDER BY e.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, filter.limit, filter.offset) as SummaryRow[];
  return { items: rows.map(toSummary), total };
}

/** One experiment summary. */
export function getExperimentSummary(db: Db, id: number): ExperimentSummary {
  const row = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM experiments e LEFT JOIN datasets d ON d.id = e.dataset_id WHERE e.id = ?`)
    .get(id) as SummaryRow | undefined;
  if (!row) throw notFound(id);
  return toSummary(row);
}

/** One experiment with everything: history, predictions, inspection results and weights. */
export function getExperiment(db: Db, id: number): Experiment {
  const row = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, e.history, e.predictions, e.inspection, e.weights
       FROM experiments e LEFT JOIN datasets d ON d.id = e.dataset_id WHERE e.id = ?`,
    )
    .get(id) as FullRow | undefined;
  if (!row) throw notFound(id);
  return {
    ...toSummary(row),
    history: JSON.parse(row.history) as Record<string, unknown>,
    predictions: JSON.parse(row.predictions) as Record<string, unknown>,
    inspection: JSON.parse(row.inspection) as Record<string, unknown>,
    weights: row.weights ? new Uint8Array(row.weights.buffer, row.weights.byteOffset, row.weights.byteLength) : null,
  };
}

/** Saves a run in one statement (one transaction). */
export function insertExperiment(db: Db, input: ParsedArgs<'experiments:save'>): ExperimentSummary {
  if (input.datasetId !== null) {
    const exists = db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(input.datasetId);
    if (!exists) throw new LabError('NOT_FOUND', `Dataset ${input.datasetId} does not exist; the run cannot be attached to it.`);
  }
  const result = db
    .prepare(
      `INSERT INTO experiments (kind, name, dataset_id, config, metrics, history, predictions, inspection, weights,
         status, backend, duration_ms, tags, notes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      input.kind,
      input.name,
      input.datasetId,
      JSON.stringify(input.config),
      JSON.stringify(input.metrics),
      JSON.stringify(input.history),
      JSON.stringify(input.predictions),
      JSON.stringify(input.inspection),
      input.weights ? Buffer.from(input.weights.buffer, input.weights.byteOffset, input.weights.byteLength) : null,
      input.status,
      input.backend,
      input.durationMs,
      JSON.stringify(input.tags),
      input.notes,
    );
  return getExperimentSummary(db, Number(result.lastInsertRowid));
}

/** Updates the editable fields of an experiment (name, tags, notes, stored inspector results). */
export function updateExperiment(db: Db, args: ParsedArgs<'experiments:update'>): ExperimentSummary {
  const sets: string[] = [];
  const params: (string | number)[] = [];
  if (args.name !== undefined) {
    sets.push('name = ?');
    params.push(args.name);
  }
  if (args.tags !== undefined) {
    sets.push('tags = ?');
    params.push(JSON.stringify([...new Set(args.tags)]));
  }
  if (args.notes !== undefined) {
    sets.push('notes = ?');
    params.push(args.notes);
  }
  if (args.inspection !== undefined) {
    sets.push('inspection = ?');
    params.push(JSON.stringify(args.inspection));
  }
  if (sets.length) {
    const result = db.prepare(`UPDATE experiments SET ${sets.join(', ')} WHERE id = ?`).run(...params, args.id);
    if (result.changes === 0) throw notFound(args.id);
  }
  return getExperimentSummary(db, args.id);
}

/** Deletes an experiment. */
export function deleteExperiment(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM experiments WHERE id = ?').run(id).changes > 0;
}
