import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron';
import { methods, type Method, type Result } from '../../src/core/api';
import { createLab, type Lab } from '../../src/backend/lab/createLab';
import { dispatch } from '../../src/backend/lab/dispatch';
import { securityHeaders } from '../../src/backend/host/securityHeaders';
import { eventSender } from './events';
import { filesToOpen, openedFileKind, type OpenedFileKind } from './openFiles';
import { menuTemplate } from './menu';
import { loadWindowState, trackWindowState } from './windowState';
import {
  APP_INDEX_URL,
  APP_SCHEME,
  appProtocolResponse,
  isAllowedExternalUrl,
  isPermissionAllowed,
} from './security';

const here = path.dirname(fileURLToPath(import.meta.url));
const appRoot = path.resolve(here, '..', '..');
const preloadPath = path.join(here, '..', 'preload', 'index.cjs');
const rendererDir = path.join(here, '..', 'renderer');
/** DevTools only in development: a packaged app has neither the menu item nor the shortcut. */
const devToolsAllowed = !app.isPackaged;
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const resourcesDir =
  process.env.RNN_LAB_RESOURCES ??
  (app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(appRoot, 'resources'));

let lab: Lab | null = null;
let mainWindow: BrowserWindow | null = null;
/** Files to open (file association, command line, macOS open-file) once the page listens for the outcome. */
const pendingFiles = filesToOpen(process.argv, app.isPackaged, process.cwd());
/** The page has called the contract, so its event listeners are in place. */
let pageListening = false;

function dbPathFromArgs(): string {
  const flag = process.argv.find((a) => a.startsWith('--db='));
  return flag ? path.resolve(flag.slice('--db='.length)) : path.join(app.getPath('userData'), 'lab.db');
}

/** Only our own renderer page may call the contract. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url;
  if (!url || !mainWindow || event.sender !== mainWindow.webContents) return false;
  if (devServerUrl) return url.startsWith(devServerUrl);
  return url.split(/[?#]/)[0] === APP_INDEX_URL;
}

function registerIpc(current: Lab): void {
  for (const method of methods) {
    ipcMain.handle(method, async (event, args: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This page may not call the lab.' } };
      }
      if (!pageListening) {
        pageListening = true;
        setTimeout(() => openFiles(pendingFiles.splice(0)), 0);
      }
      return dispatch(current.handlers, method as Method, args);
    });
  }
}

/** Sends a contract event to the page, validated, on the one event channel. */
const sendEvent = eventSender(() =>
  mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null,
);

/** File › Open…: a CSV or MIDI file chosen in a dialog. */
async function openFile(kind: 'csv' | 'midi'): Promise<void> {
  if (!mainWindow || !lab) return;
  const filters =
    kind === 'csv'
      ? [{ name: 'CSV and text tables', extensions: ['csv', 'tsv', 'txt'] }]
      : [{ name: 'MIDI files', extensions: ['mid', 'midi'] }];
  const result = await dialog.showOpenDialog(mainWindow, { properties: ['openFile'], filters });
  if (result.canceled || result.filePaths.length === 0) return;
  await importFile(result.filePaths[0], kind);
}

/**
 * Brings a file into the lab and tells the page: a CSV or MIDI file becomes a dataset (opened), a .rnnlab
 * file's experiments are imported (the Experiments view shows them); a failure is reported in one message.
 */
async function importFile(file: string, kind: OpenedFileKind): Promise<void> {
  if (!lab) return;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    sendEvent('datasets:openFailed', {
      message: `${path.basename(file)} could not be read (${reason}). Check that the file still exists and that you may read it, then open it again.`,
    });
    return;
  }
  if (kind === 'rnnlab') {
    const envelope = await dispatch(lab.handlers, 'experiments:import', { bytes });
    if (envelope.ok) sendEvent('menu:action', { action: 'show-experiments' });
    else sendEvent('datasets:openFailed', { message: envelope.error.message });
    return;
  }
  const envelope = await dispatch(lab.handlers, 'datasets:import', {
    name: path.basename(file),
    bytes,
    kind,
  });
  if (envelope.ok) {
    const value = envelope.value as Result<'datasets:import'>;
    sendEvent('datasets:opened', {
      datasetId: value.dataset.id,
      name: value.dataset.name,
      existing: value.existing,
    });
  } else {
    sendEvent('datasets:openFailed', { message: envelope.error.message });
  }
}

/** Opens files the system hands the app, now if the page listens, else once it does. */
function openFiles(files: string[]): void {
  if (!pageListening || !lab) {
    pendingFiles.push(...files);
    return;
  }
  for (const file of files) {
    const kind = openedFileKind(file);
    if (kind) void importFile(file, kind);
  }
}

function createWindow(): void {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const state = loadWindowState(stateFile);
  mainWindow = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.hasPosition ? { x: state.x, y: state.y } : {}),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'RNN Lab',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: devToolsAllowed,
    },
  });
  if (state.maximized) mainWindow.maximize();
  trackWindowState(mainWindow, stateFile);
  mainWindow.once('ready-to-show', () => mainWindow?.show());

  const contents = mainWindow.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());

  if (devServerUrl) void mainWindow.loadURL(devServerUrl);
  else void mainWindow.loadURL(APP_INDEX_URL);
  mainWindow.on('closed', () => {
    mainWindow = null;
    pageListening = false;
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

// The renderer is served on app://lab/ (a standard, secure origin) instead of file://; registered before ready.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
]);

const gotLock = app.requestSingleInstanceLock();
if (!gotLock) app.quit();
app.on('second-instance', (_event, argv, workingDirectory) => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
  openFiles(filesToOpen(argv, app.isPackaged, workingDirectory));
});

// macOS hands files to open (Finder, the Dock) as events, also before the app is ready.
app.on('open-file', (event, file) => {
  event.preventDefault();
  openFiles([file]);
  if (app.isReady() && !mainWindow && lab) createWindow();
});

void app.whenReady().then(() => {
  try {
    lab = createLab({
      dbPath: dbPathFromArgs(),
      resourcesDir,
      transport: 'electron',
      version: app.getVersion(),
      nativeBinding: process.env.RNN_LAB_SQLITE_BINDING,
    });
  } catch (error) {
    dialog.showErrorBox(
      'RNN Lab cannot open its database',
      error instanceof Error ? error.message : String(error),
    );
    app.exit(2);
    return;
  }
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = await appProtocolResponse(rendererDir, request.url);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
  if (devServerUrl) {
    // the development server's pages get the same headers the app:// protocol sends
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          ...Object.fromEntries(Object.entries(securityHeaders()).map(([k, v]) => [k, [v]])),
        },
      });
    });
  }
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
  registerIpc(lab);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          openCsv: () => void openFile('csv'),
          openMidi: () => void openFile('midi'),
          send: (action) => sendEvent('menu:action', { action }),
        },
        process.platform,
        { devTools: devToolsAllowed },
      ),
    ),
  );
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  lab?.close();
});
