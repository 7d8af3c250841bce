import { create } from 'zustand';
import type { AppInfo, DatasetInfo } from '../../core/api';
import { lab } from '../api/client';

export type View = 'forecast' | 'melody' | 'experiments' | 'inspector';
export const VIEWS: { id: View; label: string; key: string }[] = [
  { id: 'forecast', label: 'Forecast', key: '1' },
  { id: 'melody', label: 'Melody', key: '2' },
  { id: 'experiments', label: 'Experiments', key: '3' },
  { id: 'inspector', label: 'Inspector', key: '4' },
];

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}

interface LabState {
  view: View;
  info: AppInfo | null;
  datasets: DatasetInfo[];
  datasetsLoaded: boolean;
  selectedDatasetId: number | null;
  toasts: Toast[];
  tfBackend: string;
  /** The file being imported now, for the datasets panel. */
  importing: string | null;
  setImporting(name: string | null): void;
  setView(view: View): void;
  selectDataset(id: number | null): void;
  refreshDatasets(): Promise<void>;
  loadInfo(): Promise<void>;
  toast(kind: Toast['kind'], text: string): void;
  dismissToast(id: number): void;
  setTfBackend(name: string): void;
}

let toastId = 0;

function initialView(): View {
  const hash = window.location.hash.replace('#', '');
  return VIEWS.some((v) => v.id === hash) ? (hash as View) : 'forecast';
}

export const useLab = create<LabState>((set, get) => ({
  view: initialView(),
  info: null,
  datasets: [],
  datasetsLoaded: false,
  selectedDatasetId: null,
  toasts: [],
  tfBackend: 'starting…',
  importing: null,
  setImporting: (importing) => set({ importing }),
  setView: (view) => {
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#${view}`);
    set({ view });
  },
  selectDataset: (id) => set({ selectedDatasetId: id }),
  refreshDatasets: async () => {
    try {
      const datasets = await lab['datasets:list']({});
      set({ datasets, datasetsLoaded: true });
    } catch (error) {
      get().toast('error', `Could not load the datasets: ${(error as Error).message}`);
    }
  },
  loadInfo: async () => {
    try {
      set({ info: await lab['app:info']({}) });
    } catch (error) {
      get().toast('error', `Could not reach the lab backend: ${(error as Error).message}`);
    }
  },
  toast: (kind, text) => {
    const id = ++toastId;
    set({ toasts: [...get().toasts, { id, kind, text }] });
    if (kind !== 'error') setTimeout(() => get().dismissToast(id), 5000);
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  setTfBackend: (tfBackend) => set({ tfBackend }),
}));
