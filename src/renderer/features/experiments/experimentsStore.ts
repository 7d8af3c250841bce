import { create } from 'zustand';
import type {
  ExperimentFacets,
  ExperimentKind,
  ExperimentSort,
  ExperimentStatus,
  ExperimentSummary,
  ImportReport,
} from '../../../core/api';
import { parseForecastConfig } from '../../../core/model/spec';
import type { EpochSummary, TrainProgress } from '../../../core/model/train';
import { failureMessage, lab } from '../../api/client';
import { downloadBlob } from '../../charts/download';
import { useLab } from '../../state/store';
import { useGlobal } from '../global/globalStore';
import { callbacks, compute, startJob, type Job } from '../../workers/computeClient';
import { useForecast } from '../forecast/forecastStore';
import { openMelodyExperiment } from '../melody/melodyStore';
import { checkRerun, type RerunCheck } from '../../../core/experiments/compare';
import { extractOf } from '../../../core/experiments/forecast';
import { MAX_COMPARE } from './compare/compareItems';

export interface HistoryQuery {
  kind?: ExperimentKind;
  datasetId?: number;
  cell?: string;
  status?: ExperimentStatus;
  tag?: string;
  text: string;
  sort: ExperimentSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export const PAGE_SIZES = [50, 100, 200] as const;

export interface RerunState {
  originalId: number;
  originalName: string;
  stage: 'loading' | 'training' | 'saving' | 'done' | 'stopped' | 'failed';
  /** 0..1 while loading or training. */
  fraction: number;
  job: Job<unknown> | null;
  lastEpoch: EpochSummary | null;
  progress: TrainProgress | null;
  message: string | null;
  check: RerunCheck | null;
  rerunId: number | null;
  /** Set when the re-run did not run on the original's backend (results may then differ legitimately). */
  backendNote: string | null;
}

interface ExperimentsState {
  query: HistoryQuery;
  items: ExperimentSummary[] | null;
  total: number;
  loading: boolean;
  error: string | null;
  facets: ExperimentFacets | null;
  /** Selected experiments (kept across pages), by id. */
  selected: Map<number, ExperimentSummary>;
  mode: 'history' | 'compare';
  compareIds: number[];
  rerun: RerunState | null;
  setQuery(patch: Partial<HistoryQuery>): void;
  refresh(): Promise<void>;
  refreshFacets(): Promise<void>;
  toggleSelected(e: ExperimentSummary): void;
  setSelected(items: ExperimentSummary[], on: boolean): void;
  clearSelection(): void;
  compare(ids: number[]): void;
  backToHistory(): void;
  update(id: number, patch: { name?: string; tags?: string[]; notes?: string }): Promise<boolean>;
  remove(ids: number[]): Promise<void>;
  exportRuns(ids: number[]): Promise<void>;
  importFile(file: File): Promise<ImportReport | null>;
  open(e: Pick<ExperimentSummary, 'id' | 'kind'>): void;
  duplicate(id: number): Promise<void>;
  rerunExperiment(id: number): Promise<void>;
  stopRerun(): void;
  dismissRerun(): void;
}

/** Whether saved runs of this kind can be reopened in their own view. */
export function canOpen(kind: ExperimentSummary['kind']): boolean {
  return kind === 'forecast' || kind === 'melody' || kind === 'global';
}

const DEFAULT_QUERY: HistoryQuery = { text: '', sort: 'created', order: 'desc', limit: 100, offset: 0 };

let listRequest = 0;

function failure(error: unknown): string {
  return (error as Error).message;
}

export const useExperiments = create<ExperimentsState>((set, get) => ({
  query: DEFAULT_QUERY,
  items: null,
  total: 0,
  loading: false,
  error: null,
  facets: null,
  selected: new Map(),
  mode: 'history',
  compareIds: [],
  rerun: null,

  setQuery(patch) {
    const pageChange = Object.keys(patch).every((k) => k === 'offset' || k === 'limit');
    set({ query: { ...get().query, ...patch, ...(pageChange ? {} : { offset: 0 }) } });
    void get().refresh();
  },

  async refresh() {
    const mine = ++listRequest;
    const q = get().query;
    set({ loading: true });
    try {
      const page = await lab['experiments:list']({
        kind: q.kind,
        datasetId: q.datasetId,
        cell: q.cell,
        status: q.status,
        tag: q.tag,
        text: q.text.trim() || undefined,
        sort: q.sort,
        order: q.order,
        limit: q.limit,
        offset: q.offset,
      });
      if (mine !== listRequest) return;
      // A page past the end (after deletes): go back to the last page.
      if (page.items.length === 0 && page.total > 0 && q.offset > 0) {
        set({ query: { ...q, offset: Math.max(0, Math.floor((page.total - 1) / q.limit) * q.limit) } });
        void get().refresh();
        return;
      }
      const selected = new Map(get().selected);
      for (const item of page.items) if (selected.has(item.id)) selected.set(item.id, item);
      set({ items: page.items, total: page.total, loading: false, error: null, selected });
    } catch (error) {
      if (mine === listRequest)
        set({ loading: false, error: `Could not list experiments: ${failure(error)}` });
    }
  },

  async refreshFacets() {
    try {
      set({ facets: await lab['experiments:facets']({}) });
    } catch {
      // The filter menus keep their previous values; the list reports errors itself.
    }
  },

  toggleSelected(e) {
    const selected = new Map(get().selected);
    if (selected.has(e.id)) selected.delete(e.id);
    else selected.set(e.id, e);
    set({ selected });
  },
  setSelected(items, on) {
    const selected = new Map(get().selected);
    for (const e of items) {
      if (on) selected.set(e.id, e);
      else selected.delete(e.id);
    }
    set({ selected });
  },
  clearSelection() {
    set({ selected: new Map() });
  },

  compare(ids) {
    const toast = useLab.getState().toast;
    if (ids.length < 2) return toast('info', 'Select at least two experiments to compare.');
    if (ids.length > MAX_COMPARE)
      return toast(
        'info',
        `Compare at most ${MAX_COMPARE} experiments at once (${ids.length} are selected).`,
      );
    set({ mode: 'compare', compareIds: ids });
  },
  backToHistory() {
    set({ mode: 'history' });
    void get().refresh();
  },

  async update(id, patch) {
    try {
      const updated = await lab['experiments:update']({ id, ...patch });
      set({ items: get().items?.map((e) => (e.id === id ? updated : e)) ?? null });
      if (get().selected.has(id)) set({ selected: new Map(get().selected).set(id, updated) });
      if (patch.tags) void get().refreshFacets();
      return true;
    } catch (error) {
      useLab.getState().toast('error', `Could not save the change: ${failure(error)}`);
      return false;
    }
  },

  async remove(ids) {
    const toast = useLab.getState().toast;
    try {
      const { deleted } = await lab['experiments:deleteMany']({ ids });
      const selected = new Map(get().selected);
      for (const id of ids) selected.delete(id);
      set({ selected, compareIds: get().compareIds.filter((id) => !ids.includes(id)) });
      toast('success', `Deleted ${deleted} experiment${deleted === 1 ? '' : 's'}.`);
      await Promise.all([get().refresh(), get().refreshFacets(), useLab.getState().refreshDatasets()]);
    } catch (error) {
      toast('error', `Could not delete: ${failure(error)}`);
    }
  },

  async exportRuns(ids) {
    const toast = useLab.getState().toast;
    try {
      const file = await lab['experiments:export']({ ids });
      downloadBlob(file.bytes as Uint8Array<ArrayBuffer>, file.fileName, 'application/gzip');
      toast(
        'success',
        `Exported ${file.experiments} experiment${file.experiments === 1 ? '' : 's'} with ${file.datasets} dataset${file.datasets === 1 ? '' : 's'} to ${file.fileName}.`,
      );
    } catch (error) {
      toast('error', `Could not export: ${failure(error)}`);
    }
  },

  async importFile(file) {
    const toast = useLab.getState().toast;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const report = await lab['experiments:import']({ bytes });
      const n = report.imported.length;
      const parts = [
        n ? `Imported ${n} experiment${n === 1 ? '' : 's'} from ${file.name}` : `Nothing new in ${file.name}`,
      ];
      if (report.datasets.added)
        parts.push(`${report.datasets.added} dataset${report.datasets.added === 1 ? '' : 's'} added`);
      if (report.duplicates.length) {
        const names = report.duplicates
          .slice(0, 3)
          .map((d) => `“${d.name}”`)
          .join(', ');
        parts.push(
          `${report.duplicates.length} already here and skipped (${names}${report.duplicates.length > 3 ? ', …' : ''})`,
        );
      }
      toast(n ? 'success' : 'info', `${parts.join('; ')}.`);
      await Promise.all([get().refresh(), get().refreshFacets(), useLab.getState().refreshDatasets()]);
      return report;
    } catch (error) {
      toast('error', `Could not import ${file.name}: ${failure(error)}`);
      return null;
    }
  },

  open(e) {
    if (e.kind === 'forecast') {
      useLab.getState().setView('forecast');
      void useForecast.getState().openExperiment(e.id);
    } else if (e.kind === 'melody') {
      useLab.getState().setView('melody');
      void openMelodyExperiment(e.id);
    } else if (e.kind === 'global') {
      useLab.getState().setView('forecast');
      void useGlobal.getState().openExperiment(e.id);
    }
  },

  async duplicate(id) {
    useLab.getState().setView('forecast');
    const ok = await useForecast.getState().setupFromExperiment(id);
    if (!ok) return;
    useLab.getState().toast('info', 'The setup has the run’s settings: change what you like and train.');
    requestAnimationFrame(() =>
      document.querySelector('[data-testid="setup"]')?.scrollIntoView({ block: 'start', behavior: 'smooth' }),
    );
  },

  async rerunExperiment(id) {
    const toast = useLab.getState().toast;
    const current = get().rerun;
    if (current && ['loading', 'training', 'saving'].includes(current.stage))
      return toast('info', 'A re-run is already in progress.');
    if (useForecast.getState().run)
      return toast('error', 'A forecast is training in the Forecast view: wait for it or stop it first.');
    const base: RerunState = {
      originalId: id,
      originalName: `#${id}`,
      stage: 'loading',
      fraction: 0,
      job: null,
      lastEpoch: null,
      progress: null,
      message: null,
      check: null,
      rerunId: null,
      backendNote: null,
    };
    set({ rerun: base });
    const patch = (p: Partial<RerunState>) => {
      const r = get().rerun;
      if (r && r.originalId === id) set({ rerun: { ...r, ...p } });
    };
    try {
      const [original] = await lab['experiments:getMany']({ ids: [id] });
      patch({ originalName: original.name });
      if (original.kind !== 'forecast') throw new Error('only forecast runs can be re-run here.');
      if (original.datasetId === null)
        throw new Error('its dataset was deleted; import the data again and duplicate the run instead.');
      const dataset = await lab['datasets:get']({ id: original.datasetId });
      await compute().parseTable(
        dataset.hash,
        dataset.bytes,
        callbacks({ onStage: (_stage, fraction) => patch({ fraction: fraction ?? 0 }) }),
      );
      const cfg = original.config;
      const job = startJob((api, jobId) =>
        api.forecast(
          jobId,
          {
            key: dataset.hash,
            extract: extractOf(cfg),
            seasonLength: cfg.seasonLength,
            config: parseForecastConfig(cfg),
            dataset: { id: dataset.id, name: dataset.name },
          },
          callbacks({
            onProgress: (progress) =>
              patch({ progress, fraction: progress.step / Math.max(1, progress.totalSteps) }),
            onEpoch: (lastEpoch) => patch({ lastEpoch }),
          }),
        ),
      );
      patch({ stage: 'training', job, fraction: 0 });
      const { outcome, experiment: input } = await job.promise;
      if (outcome.status === 'stopped' && get().rerun?.stage === 'stopped') {
        patch({ message: 'Stopped: nothing was saved.' });
        return;
      }
      patch({ stage: 'saving' });
      if (!input) throw new Error('the re-run has no dataset to belong to.');
      const saved = await lab['experiments:save']({
        ...input,
        name: `${original.name} · re-run`.slice(0, 200),
        parentUid: original.uid,
        tags: ['re-run'],
      });
      const [again] = await lab['experiments:getMany']({ ids: [saved.id] });
      const backendNote =
        outcome.backend !== original.backend
          ? `The original ran on ${original.backend}, the re-run on ${outcome.backend}: backends round differently.`
          : null;
      patch({
        stage: 'done',
        check: checkRerun(original, again),
        rerunId: saved.id,
        backendNote,
        fraction: 1,
      });
      void get().refresh();
      void get().refreshFacets();
    } catch (error) {
      patch({ stage: 'failed', message: failureMessage(error, 'The re-run failed') });
    }
  },

  stopRerun() {
    const r = get().rerun;
    if (!r || r.stage !== 'training' || r.job === null) return;
    r.job.cancel();
    set({ rerun: { ...r, stage: 'stopped' } });
  },

  dismissRerun() {
    const r = get().rerun;
    if (r && ['loading', 'training', 'saving'].includes(r.stage)) return;
    set({ rerun: null });
  },
}));
