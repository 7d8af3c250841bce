import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import {
  Experiment,
  ExperimentSummary,
  LabError,
  describeZodError,
  type ExperimentFacets,
  type ExperimentSort,
  type ParsedArgs,
  type ParsedExperimentInput,
} from '../../core/api';
import {
  FORECAST_SORT_PATHS,
  PAYLOAD_VERSION,
  PayloadVersionError,
  upgradePayload,
} from '../../core/experiments';
import type { Db } from './db';

interface SummaryRow {
  id: number;
  uid: string;
  parent_uid: string | null;
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
  payload_version: number;
}

interface FullRow extends SummaryRow {
  history: string;
  predictions: string;
  inspection: string;
  weights?: Buffer | null;
}

// The list never reads inspection, history, predictions or weights: they are the last columns of the row
// (migration 3), so SQLite stops before them; typeof() reads the weights' type from the record header only.
const SUMMARY_COLUMNS = `e.id, e.uid, e.parent_uid, e.kind, e.name, e.dataset_id, d.name AS dataset_name, e.config, e.metrics,
  e.status, e.backend, e.duration_ms, e.tags, e.notes, e.created_at, (typeof(e.weights) = 'blob') AS has_weights,
  e.payload_version`;

const FROM = 'experiments e LEFT JOIN datasets d ON d.id = e.dataset_id';

/** The row's fields besides its payload, as the contract names them. */
function runFields(row: SummaryRow) {
  return {
    id: row.id,
    uid: row.uid,
    parentUid: row.parent_uid,
    kind: row.kind,
    name: row.name,
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    status: row.status,
    backend: row.backend,
    durationMs: row.duration_ms,
    tags: JSON.parse(row.tags) as unknown,
    notes: row.notes,
    createdAt: row.created_at,
    hasWeights: row.has_weights === 1,
    payloadVersion: PAYLOAD_VERSION,
  };
}

/** The row's JSON payload, upgraded to the current payload version when it is older. */
function payloadOf(row: SummaryRow & Partial<Pick<FullRow, 'history' | 'predictions' | 'inspection'>>) {
  const raw = {
    config: JSON.parse(row.config) as unknown,
    metrics: JSON.parse(row.metrics) as unknown,
    history: row.history === undefined ? {} : (JSON.parse(row.history) as unknown),
    predictions: row.predictions === undefined ? {} : (JSON.parse(row.predictions) as unknown),
    inspection: row.inspection === undefined ? {} : (JSON.parse(row.inspection) as unknown),
  };
  if (row.payload_version === PAYLOAD_VERSION) return raw;
  try {
    return upgradePayload(row.kind, row.payload_version, raw);
  } catch (error) {
    if (error instanceof PayloadVersionError)
      throw new LabError('CONFLICT', `Experiment ${row.id}: ${error.message}`);
    throw error;
  }
}

/** Parses what the store read against the contract: one damaged row names itself instead of failing silently. */
function parseRow<T>(schema: z.ZodType<T>, id: number, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new LabError(
    'INTERNAL',
    `Experiment ${id} is stored in a shape this version cannot read (${describeZodError(parsed.error)}). Export it and report the file.`,
  );
}

function toSummary(row: SummaryRow): ExperimentSummary {
  const { config, metrics } = payloadOf(row);
  return parseRow(ExperimentSummary, row.id, { ...runFields(row), config, metrics });
}

const notFound = (id: number) =>
  new LabError('NOT_FOUND', `Experiment ${id} does not exist (it may have been deleted).`);

const configField = (path: string) => `json_extract(e.config, '${path}')`;

/**
 * ORDER BY per sort column and direction. Runs without a value sort last either way; ties keep creation
 * order. The common sorts match an index of migration 3, so a page never sorts the whole table.
 */
function orderBy(sort: ExperimentSort, order: 'ASC' | 'DESC'): string {
  const nullsLast = (key: string) => `(${key}) IS NULL, ${key} ${order}, e.id ${order}`;
  switch (sort) {
    case 'created':
      return `e.created_at ${order}, e.id ${order}`;
    case 'metric':
      // Stored generated column: the headline metric, signed so that ascending puts the best run first.
      return order === 'ASC'
        ? 'IFNULL(e.headline, 9e999) ASC, e.id ASC'
        : 'IFNULL(e.headline, -9e999) DESC, e.id DESC';
    case 'name':
      return `e.name COLLATE NOCASE ${order}, e.id ${order}`;
    case 'kind':
      return `e.kind ${order}, e.id ${order}`;
    case 'status':
      return `e.status ${order}, e.id ${order}`;
    case 'duration':
      return `e.duration_ms ${order}, e.id ${order}`;
    case 'dataset':
      return nullsLast('d.name COLLATE NOCASE');
    case 'cell':
      return nullsLast('e.cell');
    case 'layers':
    case 'units':
    case 'lookback':
    case 'horizon':
    case 'epochs':
      return nullsLast(configField(FORECAST_SORT_PATHS[sort]));
  }
}

/** Sort directions that read naturally: text A-Z, numbers and metrics ascending (best first), time newest first. */
const DEFAULT_ORDER: Partial<Record<ExperimentSort, 'asc' | 'desc'>> = { created: 'desc' };

function escapeLike(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The SQL of one history page: the filtered count and the sorted page's ids (for listExperiments and tests). */
export function listQuery(filter: ParsedArgs<'experiments:list'>): {
  countSql: string;
  idsSql: string;
  params: (string | number)[];
} {
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
  if (filter.cell) {
    where.push('e.cell = ?');
    params.push(filter.cell);
  }
  if (filter.tag) {
    where.push('EXISTS (SELECT 1 FROM json_each(e.tags) WHERE json_each.value = ?)');
    params.push(filter.tag);
  }
  const sort = filter.sort ?? 'created';
  const order = (filter.order ?? DEFAULT_ORDER[sort] ?? 'asc') === 'asc' ? 'ASC' : 'DESC';
  // Join the datasets only when their names matter: the join can steer SQLite away from the sort's index.
  let join = sort === 'dataset';
  if (filter.text && filter.text.trim()) {
    const text = filter.text.trim();
    const idMatch = /^#?(\d+)$/.exec(text);
    const like = escapeLike(text);
    const fields = [
      "e.name LIKE ? ESCAPE '\\'",
      "e.notes LIKE ? ESCAPE '\\'",
      "e.tags LIKE ? ESCAPE '\\'",
      "d.name LIKE ? ESCAPE '\\'",
    ];
    params.push(like, like, like, like);
    if (idMatch) {
      fields.push('e.id = ?');
      params.push(Number(idMatch[1]));
    }
    if (/^[0-9a-f]{6,32}$/i.test(text)) {
      // A uid or its beginning (lineage links search for the parent run's uid).
      fields.push('e.uid LIKE ?');
      params.push(`${text.toLowerCase()}%`);
    }
    where.push(`(${fields.join(' OR ')})`);
    join = true;
  }
  const from = join ? FROM : 'experiments e';
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return {
    countSql: `SELECT COUNT(*) AS n FROM ${from} ${clause}`,
    idsSql: `SELECT e.id FROM ${from} ${clause} ORDER BY ${orderBy(sort, order)} LIMIT ? OFFSET ?`,
    params,
  };
}

/**
 * Lists experiment summaries with filters (kind, dataset, status, cell, tag, free text over name, notes,
 * tags, dataset name, `#id` and uid prefix), a sort column and paging. Never reads history, predictions or weights.
 */
export function listExperiments(
  db: Db,
  filter: ParsedArgs<'experiments:list'>,
): { items: ExperimentSummary[]; total: number } {
  const { countSql, idsSql, params } = listQuery(filter);
  const total = (db.prepare(countSql).get(...params) as { n: number }).n;
  // Sort ids only, then read the page's rows: a sorter fed whole rows would copy every row's config and
  // metrics before keeping `limit` of them.
  const ids = db
    .prepare(idsSql)
    .pluck()
    .all(...params, filter.limit, filter.offset) as number[];
  if (ids.length === 0) return { items: [], total };
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM ${FROM} WHERE e.id IN (${ids.map(() => '?').join(',')})`)
    .all(...ids) as SummaryRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: ids.map((id) => toSummary(byId.get(id) as SummaryRow)), total };
}

/** Values in use and their counts: kinds, statuses, cells, tags and datasets (for the filter menus). */
export function experimentFacets(db: Db): ExperimentFacets {
  const counts = (sql: string) => db.prepare(sql).all() as { value: string; count: number }[];
  return {
    total: (db.prepare('SELECT COUNT(*) AS n FROM experiments').get() as { n: number }).n,
    kinds: counts('SELECT kind AS value, COUNT(*) AS count FROM experiments GROUP BY kind ORDER BY kind'),
    statuses: counts(
      'SELECT status AS value, COUNT(*) AS count FROM experiments GROUP BY status ORDER BY status',
    ),
    cells: counts(
      `SELECT cell AS value, COUNT(*) AS count FROM experiments WHERE typeof(cell) = 'text' GROUP BY cell ORDER BY cell`,
    ),
    tags: counts(
      `SELECT t.value AS value, COUNT(*) AS count FROM experiments e, json_each(e.tags) t
       GROUP BY t.value ORDER BY count DESC, t.value COLLATE NOCASE LIMIT 500`,
    ),
    datasets: db
      .prepare(
        `SELECT d.id AS id, d.name AS name, COUNT(*) AS count FROM experiments e JOIN datasets d ON d.id = e.dataset_id
         GROUP BY d.id ORDER BY d.name COLLATE NOCASE`,
      )
      .all() as { id: number; name: string; count: number }[],
  };
}

/** One experiment summary. */
export function getExperimentSummary(db: Db, id: number): ExperimentSummary {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM ${FROM} WHERE e.id = ?`).get(id) as
    SummaryRow | undefined;
  if (!row) throw notFound(id);
  return toSummary(row);
}

function toExperiment(row: FullRow): Experiment {
  const weights = row.weights ?? null;
  return parseRow(Experiment, row.id, {
    ...runFields(row),
    ...payloadOf(row),
    weights: weights ? new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength) : null,
  });
}

/** One experiment with everything: history, predictions, inspection results and weights. */
export function getExperiment(db: Db, id: number): Experiment {
  const row = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, e.inspection, e.history, e.predictions, e.weights FROM ${FROM} WHERE e.id = ?`,
    )
    .get(id) as FullRow | undefined;
  if (!row) throw notFound(id);
  return toExperiment(row);
}

/**
 * Several experiments with history, predictions and inspection but without weights (`weights` null,
 * `hasWeights` still says whether there are any), in the order asked. NOT_FOUND names the first missing id.
 */
export function getExperimentsWithoutWeights(db: Db, ids: readonly number[]): Experiment[] {
  const statement = db.prepare(
    `SELECT ${SUMMARY_COLUMNS}, e.inspection, e.history, e.predictions FROM ${FROM} WHERE e.id = ?`,
  );
  return ids.map((id) => {
    const row = statement.get(id) as FullRow | undefined;
    if (!row) throw notFound(id);
    return toExperiment(row);
  });
}

/** A new random experiment uid (32 hex digits, like the migration's backfill). */
export function newUid(): string {
  return randomBytes(16).toString('hex');
}

/** Fields an import keeps from the original run instead of creating them anew. */
export interface InsertIdentity {
  uid?: string;
  createdAt?: string;
}

/** Saves a run in one statement (one transaction). */
export function insertExperiment(
  db: Db,
  input: ParsedExperimentInput,
  identity: InsertIdentity = {},
): ExperimentSummary {
  if (input.datasetId !== null) {
    const exists = db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(input.datasetId);
    if (!exists)
      throw new LabError(
        'NOT_FOUND',
        `Dataset ${input.datasetId} does not exist; the run cannot be attached to it.`,
      );
  }
  const result = db
    .prepare(
      `INSERT INTO experiments (uid, parent_uid, kind, status, dataset_id, created_at, duration_ms, backend, payload_version,
         name, tags, config, metrics, notes, inspection, history, predictions, weights)
       VALUES (?, ?, ?, ?, ?, COALESCE(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      identity.uid ?? newUid(),
      input.parentUid,
      input.kind,
      input.status,
      input.datasetId,
      identity.createdAt ?? null,
      input.durationMs,
      input.backend,
      PAYLOAD_VERSION,
      input.name,
      JSON.stringify(input.tags),
      JSON.stringify(input.config),
      JSON.stringify(input.metrics),
      input.notes,
      JSON.stringify(input.inspection),
      JSON.stringify(input.history),
      JSON.stringify(input.predictions),
      input.weights
        ? Buffer.from(input.weights.buffer, input.weights.byteOffset, input.weights.byteLength)
        : null,
    );
  const id = Number(result.lastInsertRowid);
  return getExperimentSummary(db, id);
}

/** The id of the experiment with this uid, or null. */
export function findExperimentByUid(db: Db, uid: string): number | null {
  const row = db.prepare('SELECT id FROM experiments WHERE uid = ?').get(uid) as { id: number } | undefined;
  return row ? row.id : null;
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
    const result = db
      .prepare(`UPDATE experiments SET ${sets.join(', ')} WHERE id = ?`)
      .run(...params, args.id);
    if (result.changes === 0) throw notFound(args.id);
  }
  return getExperimentSummary(db, args.id);
}

/** Deletes an experiment. */
export function deleteExperiment(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM experiments WHERE id = ?').run(id).changes > 0;
}

/** Deletes several experiments in one transaction; returns how many existed. */
export function deleteExperiments(db: Db, ids: readonly number[]): number {
  const statement = db.prepare('DELETE FROM experiments WHERE id = ?');
  return db.transaction(() => ids.reduce((n, id) => n + statement.run(id).changes, 0))();
}
