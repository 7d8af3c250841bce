import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, MENU_SHORTCUTS, MenuAction } from '../../../../src/core/api';
import { eventSender } from '../../../../electron/main/events';
import { menuTemplate } from '../../../../electron/main/menu';

/** Every item of a template, submenus included. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? items(item.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}

/** Clicks every item of the menu for `platform`; returns what each click sent to the page, by label. */
function clickEverything(platform: string): Map<string, unknown[]> {
  const sent = new Map<string, unknown[]>();
  let current = '';
  const record = (what: unknown) => sent.set(current, [...(sent.get(current) ?? []), what]);
  const template = menuTemplate(
    { openCsv: () => record('open csv'), openMidi: () => record('open midi'), send: record },
    platform,
  );
  for (const item of items(template)) {
    if (!item.click) continue;
    current = item.label ?? String(item.role);
    item.click({} as never, undefined, {} as never);
  }
  return sent;
}

describe('the application menu', () => {
  for (const platform of ['linux', 'win32', 'darwin']) {
    it(`sends only contract menu actions, and every one of them (${platform})`, () => {
      const sent = clickEverything(platform);
      const actions = [...sent.values()].flat().filter((s) => s !== 'open csv' && s !== 'open midi');
      for (const action of actions) expect(MenuAction.safeParse(action).success, String(action)).toBe(true);
      expect(new Set(actions)).toEqual(new Set(MenuAction.options));
      expect(sent.get('Open CSV…')).toEqual(['open csv']);
      expect(sent.get('Open MIDI…')).toEqual(['open midi']);
    });
  }

  it('gives each action its shortcut from the contract, the keys the browser host answers', () => {
    const template = menuTemplate({ openCsv() {}, openMidi() {}, send() {} }, 'linux');
    const byLabel = new Map(items(template).map((item) => [item.label, item]));
    expect(byLabel.get('Forecast')?.accelerator).toBe(`CmdOrCtrl+${MENU_SHORTCUTS['show-forecast']}`);
    expect(byLabel.get('Inspector')?.accelerator).toBe('CmdOrCtrl+4');
    expect(byLabel.get('About RNN Lab')?.accelerator).toBeUndefined();
    const accelerators = items(template).flatMap((item) => (item.accelerator ? [item.accelerator] : []));
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});

describe('DevTools in the menu', () => {
  it('appear only in development builds', () => {
    const roles = (devTools: boolean) =>
      items(menuTemplate({ openCsv() {}, openMidi() {}, send() {} }, 'linux', { devTools })).map(
        (i) => i.role,
      );
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(
      items(menuTemplate({ openCsv() {}, openMidi() {}, send() {} }, 'darwin')).map((i) => i.role),
    ).not.toContain('toggleDevTools');
  });
});

describe('eventSender', () => {
  it('sends {name, payload} on the one event channel', () => {
    const calls: unknown[][] = [];
    const send = eventSender(() => ({ send: (...args: unknown[]) => calls.push(args) }));
    send('menu:action', { action: 'show-melody' });
    send('datasets:opened', { datasetId: 3, name: 'sales.csv', existing: false });
    expect(calls).toEqual([
      [EVENT_CHANNEL, { name: 'menu:action', payload: { action: 'show-melody' } }],
      [
        EVENT_CHANNEL,
        { name: 'datasets:opened', payload: { datasetId: 3, name: 'sales.csv', existing: false } },
      ],
    ]);
  });

  it('refuses a payload that does not match the contract, before anything is sent', () => {
    const calls: unknown[][] = [];
    const send = eventSender(() => ({ send: (...args: unknown[]) => calls.push(args) }));
    expect(() => send('menu:action', { action: 'explode' as MenuAction })).toThrow(
      /Invalid payload for event menu:action/,
    );
    expect(() => send('datasets:opened', { datasetId: -1, name: 'x', existing: false })).toThrow(/datasetId/);
    expect(calls).toEqual([]);
  });

  it('sends to nobody when there is no window', () => {
    expect(() => eventSender(() => null)('menu:action', { action: 'show-about' })).not.toThrow();
  });
});
