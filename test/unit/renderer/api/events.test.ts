import { describe, expect, it, vi } from 'vitest';
import type { LabEventSource, MenuAction } from '../../../../src/core/api';
import { checkedEvents, createLocalEvents, menuActionForKey } from '../../../../src/renderer/api/events';

const press = (
  key: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('menuActionForKey', () => {
  it('answers the menu accelerators CmdOrCtrl+1..4 with the same actions', () => {
    expect(menuActionForKey(press('1', { ctrlKey: true }))).toBe('show-forecast');
    expect(menuActionForKey(press('2', { metaKey: true }))).toBe('show-melody');
    expect(menuActionForKey(press('3', { ctrlKey: true }))).toBe('show-experiments');
    expect(menuActionForKey(press('4', { ctrlKey: true }))).toBe('show-inspector');
  });

  it('ignores other keys and modifiers', () => {
    expect(menuActionForKey(press('1'))).toBeNull();
    expect(menuActionForKey(press('1', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(menuActionForKey(press('5', { ctrlKey: true }))).toBeNull();
    expect(menuActionForKey(press('o', { ctrlKey: true }))).toBeNull();
  });
});

describe('createLocalEvents', () => {
  it('delivers validated events to their listeners until they unsubscribe', () => {
    const events = createLocalEvents();
    const actions: MenuAction[] = [];
    const failures: string[] = [];
    const stop = events.onMenuAction((action) => actions.push(action));
    events.onEvent('datasets:openFailed', ({ message }) => failures.push(message));
    events.emit('menu:action', { action: 'show-experiments' });
    events.emit('datasets:openFailed', { message: 'Not a CSV.' });
    stop();
    events.emit('menu:action', { action: 'show-forecast' });
    expect(actions).toEqual(['show-experiments']);
    expect(failures).toEqual(['Not a CSV.']);
    expect(() => events.emit('menu:action', { action: 'nope' as MenuAction })).toThrow(/menu:action/);
  });
});

describe('checkedEvents', () => {
  it('hands on payloads that match the contract and drops the rest', () => {
    let deliver: (payload: unknown) => void = () => {};
    const bridge: LabEventSource = {
      onEvent: (_name, listener) => {
        deliver = listener as (payload: unknown) => void;
        return () => {};
      },
      onMenuAction: () => () => {},
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const actions: MenuAction[] = [];
    checkedEvents(bridge).onMenuAction((action) => actions.push(action));
    deliver({ action: 'show-about' });
    deliver({ action: 'format-disk' });
    expect(actions).toEqual(['show-about']);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/dropped event: Invalid payload for event menu:action/),
    );
    warn.mockRestore();
  });
});
