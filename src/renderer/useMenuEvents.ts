import { useEffect } from 'react';
import type { MenuAction } from '../core/api';
import { lab } from './api/client';
import { useLab } from './state/store';

/** Does what a menu action asks. */
function runMenuAction(action: MenuAction, onAbout: () => void): void {
  const { setView } = useLab.getState();
  switch (action) {
    case 'show-forecast':
      return setView('forecast');
    case 'show-melody':
      return setView('melody');
    case 'show-experiments':
      return setView('experiments');
    case 'show-inspector':
      return setView('inspector');
    case 'show-about':
      return onAbout();
    default: {
      const unhandled: never = action;
      throw new Error(`unhandled menu action ${String(unhandled)}`);
    }
  }
}

/**
 * Listens, through the LabClient, for what the menu asks of the page: menu actions (in the browser host, their
 * shortcuts) and the outcome of File › Open… in the desktop app.
 */
export function useMenuEvents(onAbout: () => void): void {
  useEffect(() => {
    const stops = [
      lab.onMenuAction((action) => runMenuAction(action, onAbout)),
      lab.onEvent('datasets:opened', ({ datasetId, name, existing }) => {
        const state = useLab.getState();
        state.selectDataset(datasetId);
        state.toast(
          existing ? 'info' : 'success',
          existing ? `${name} is already in the lab; opened it.` : `Imported ${name}.`,
        );
        void state.refreshDatasets();
      }),
      lab.onEvent('datasets:openFailed', ({ message }) => useLab.getState().toast('error', message)),
    ];
    return () => stops.forEach((stop) => stop());
  }, [onAbout]);
}
