import { Menu, type MenuItemConstructorOptions } from 'electron';

export type ViewName = 'forecast' | 'melody' | 'experiments' | 'inspector';

/** What the main process tells the renderer, delivered as a `lab:menu` DOM event. */
export type MenuAction =
  | { type: 'view'; view: ViewName }
  | { type: 'imported'; datasetId: number; name: string; existing: boolean }
  | { type: 'error'; message: string };

export interface MenuHandlers {
  openCsv(): void;
  openMidi(): void;
  showView(view: ViewName): void;
  about(): void;
}

/** The application menu: File, Edit, View, Help. */
export function buildMenu(h: MenuHandlers): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open CSV…', accelerator: 'CmdOrCtrl+O', click: h.openCsv },
        { label: 'Open MIDI…', accelerator: 'CmdOrCtrl+Shift+O', click: h.openMidi },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Forecast', accelerator: 'CmdOrCtrl+1', click: () => h.showView('forecast') },
        { label: 'Melody', accelerator: 'CmdOrCtrl+2', click: () => h.showView('melody') },
        { label: 'Experiments', accelerator: 'CmdOrCtrl+3', click: () => h.showView('experiments') },
        { label: 'Inspector', accelerator: 'CmdOrCtrl+4', click: () => h.showView('inspector') },
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'help', submenu: [{ label: 'About RNN Lab', click: h.about }] },
  ];
  return Menu.buildFromTemplate(template);
}
