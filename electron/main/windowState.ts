import fs from 'node:fs';
import path from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';

interface WindowState extends Rectangle {
  maximized: boolean;
}

const DEFAULT: WindowState = { x: 0, y: 0, width: 1360, height: 880, maximized: false };

/** Reads the saved window bounds, keeping them only when they are still on a connected display. */
export function loadWindowState(file: string): WindowState & { hasPosition: boolean } {
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as WindowState;
    const visible = screen
      .getAllDisplays()
      .some(
        ({ workArea: a }) =>
          saved.x < a.x + a.width &&
          saved.x + saved.width > a.x &&
          saved.y < a.y + a.height &&
          saved.y + saved.height > a.y,
      );
    if (saved.width >= 640 && saved.height >= 480) return { ...saved, hasPosition: visible };
  } catch {
    // First start or an unreadable file: use the defaults.
  }
  return { ...DEFAULT, hasPosition: false };
}

/** Saves the window's size, position and maximized state whenever it changes (debounced) and on close. */
export function trackWindowState(win: BrowserWindow, file: string): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    if (win.isDestroyed()) return;
    const state: WindowState = { ...win.getNormalBounds(), maximized: win.isMaximized() };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(state));
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });
}
