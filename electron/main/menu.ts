import type { MenuItemConstructorOptions } from 'electron';
import { MENU_SHORTCUTS, type MenuAction } from '../../src/core/api';

export interface MenuHandlers {
  openCsv(): void;
  openMidi(): void;
  /** Sends an action to the page (the `menu:action` event). */
  send(action: MenuAction): void;
}

/** A menu item that sends `action` to the page, with its shortcut from the contract when it has one. */
function actionItem(label: string, action: MenuAction, h: MenuHandlers): MenuItemConstructorOptions {
  const key = MENU_SHORTCUTS[action];
  return { label, ...(key ? { accelerator: `CmdOrCtrl+${key}` } : {}), click: () => h.send(action) };
}

/**
 * The application menu's template (File, Edit, View, Help) for `platform` (process.platform), with Toggle
 * DevTools only when `options.devTools` (development builds); the shell
 * builds it with Menu.buildFromTemplate. Kept free of Electron at run time so it can be tested.
 */
export function menuTemplate(
  h: MenuHandlers,
  platform: string,
  options: { devTools?: boolean } = {},
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  return [
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
        actionItem('Forecast', 'show-forecast', h),
        actionItem('Melody', 'show-melody', h),
        actionItem('Experiments', 'show-experiments', h),
        actionItem('Inspector', 'show-inspector', h),
        { type: 'separator' },
        { role: 'reload' },
        // development builds only: a packaged app offers no way into DevTools
        ...(options.devTools ? [{ role: 'toggleDevTools' as const }] : []),
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'help', submenu: [actionItem('About RNN Lab', 'show-about', h)] },
  ];
}
