import { useEffect } from 'react';
import { useLab, type View } from './state/store';

type MenuAction =
  | { type: 'view'; view: View }
  | { type: 'imported'; datasetId: number; name: string; existing: boolean }
  | { type: 'error'; message: string }
  | { type: 'about' };

/** Listens for the desktop app's menu actions (delivered as `lab:menu` DOM events by the main process). */
export function useMenuEvents(onAbout: () => void): void {
  useEffect(() => {
    const onMenu = (event: Event) => {
      const action = (event as CustomEvent<MenuAction>).detail;
      const state = useLab.getState();
      if (action.type === 'view') state.setView(action.view);
      else if (action.type === 'imported') {
        state.selectDataset(action.datasetId);
        state.toast(
          action.existing ? 'info' : 'success',
          action.existing ? `${action.name} is already in the lab; opened it.` : `Imported ${action.name}.`,
        );
        void state.refreshDatasets();
      } else if (action.type === 'error') state.toast('error', action.message);
      else if (action.type === 'about') onAbout();
    };
    window.addEventListener('lab:menu', onMenu);
    return () => window.removeEventListener('lab:menu', onMenu);
  }, [onAbout]);
}
