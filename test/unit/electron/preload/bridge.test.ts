import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, MenuAction, methods, type EventName } from '../../../../src/core/api';
import { eventSender } from '../../../../electron/main/events';
import { EVENT_CHANNEL as PRELOAD_CHANNEL, createLabBridge } from '../../../../electron/preload/bridge';

/** ipcRenderer and webContents joined by one emitter: what main sends, the preload's listeners receive. */
function fakeIpc(answer: (channel: string, args: unknown) => unknown = () => ({ ok: true, value: null })) {
  const wire = new EventEmitter();
  const invoked: Array<[string, unknown]> = [];
  const ipc = {
    invoke: async (channel: string, args: unknown) => {
      invoked.push([channel, args]);
      return answer(channel, args);
    },
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) =>
      wire.on(channel, listener),
    removeListener: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) =>
      wire.removeListener(channel, listener),
  };
  const webContents = { send: (channel: string, ...args: unknown[]) => wire.emit(channel, {}, ...args) };
  return { ipc, wire, invoked, send: eventSender(() => webContents) };
}

describe('the preload bridge', () => {
  it('exposes every contract method and the two subscriptions, nothing else', () => {
    const bridge = createLabBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual([...methods, 'onEvent', 'onMenuAction'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(PRELOAD_CHANNEL).toBe(EVENT_CHANNEL);
  });

  it('hands every menu action main sends to onMenuAction, in order', () => {
    const { ipc, send } = fakeIpc();
    const received: MenuAction[] = [];
    createLabBridge(ipc).onMenuAction((action) => received.push(action));
    for (const action of MenuAction.options) send('menu:action', { action });
    expect(received).toEqual(MenuAction.options);
  });

  it('gives onEvent listeners only their own event, until they unsubscribe', () => {
    const { ipc, wire, send } = fakeIpc();
    const bridge = createLabBridge(ipc);
    const seen: Array<[EventName, unknown]> = [];
    const stopOpened = bridge.onEvent('datasets:opened', (p) => seen.push(['datasets:opened', p]));
    const stopFailed = bridge.onEvent('datasets:openFailed', (p) => seen.push(['datasets:openFailed', p]));
    send('menu:action', { action: 'show-about' });
    send('datasets:opened', { datasetId: 7, name: 'tune.mid', existing: true });
    send('datasets:openFailed', { message: 'The file is not MIDI.' });
    wire.emit(EVENT_CHANNEL, {}, 'not an event');
    expect(seen).toEqual([
      ['datasets:opened', { datasetId: 7, name: 'tune.mid', existing: true }],
      ['datasets:openFailed', { message: 'The file is not MIDI.' }],
    ]);
    stopOpened();
    stopFailed();
    expect(wire.listenerCount(EVENT_CHANNEL)).toBe(0);
    send('datasets:openFailed', { message: 'again' });
    expect(seen).toHaveLength(2);
  });

  it('calls a method on its own channel and passes the envelope on', async () => {
    const { ipc, invoked } = fakeIpc((channel) =>
      channel === 'datasets:get'
        ? { ok: false, error: { code: 'NOT_FOUND', message: 'No dataset 9.' } }
        : { ok: true, value: [] },
    );
    const bridge = createLabBridge(ipc);
    await expect(bridge['datasets:list']({})).resolves.toEqual({ ok: true, value: [] });
    await expect(bridge['datasets:get']({ id: 9 })).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No dataset 9.' },
    });
    expect(invoked).toEqual([
      ['datasets:list', {}],
      ['datasets:get', { id: 9 }],
    ]);
  });

  it('resolves failures as envelopes, so the error code survives contextBridge', async () => {
    const bridge = createLabBridge(
      fakeIpc(() => ({ ok: false, error: { code: 'NOT_FOUND', message: 'Dataset 9 does not exist.' } })).ipc,
    );
    // contextBridge copies values like structuredClone: a plain envelope crosses whole
    const crossed = structuredClone(await bridge['datasets:get']({ id: 9 }));
    expect(crossed).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Dataset 9 does not exist.' },
    });
    // what the bridge did before: an Error with a code property loses it on the way
    const thrown = Object.assign(new Error('Dataset 9 does not exist.'), { code: 'NOT_FOUND' });
    expect((structuredClone(thrown) as { code?: string }).code).toBeUndefined();
  });

  it('turns a failing invoke or an odd answer into an INTERNAL envelope instead of throwing', async () => {
    const throwing = createLabBridge({
      ...fakeIpc().ipc,
      invoke: () => Promise.reject(new Error('channel closed')),
    });
    expect(await throwing['app:info']({})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'channel closed' },
    });
    const odd = createLabBridge(fakeIpc(() => 'surprise').ipc);
    expect(await odd['app:info']({})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    const fine = createLabBridge(fakeIpc(() => ({ ok: true, value: [1] })).ipc);
    expect(await fine['datasets:list']({})).toEqual({ ok: true, value: [1] });
  });
});
