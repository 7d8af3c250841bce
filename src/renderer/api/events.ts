import {
  MENU_SHORTCUTS,
  parseEvent,
  type EventName,
  type EventPayload,
  type LabEventSource,
  type MenuAction,
  type Unsubscribe,
} from '../../core/api';

/** Events raised inside the page, for the browser host (which has no main process to push them). */
export interface LocalEvents extends LabEventSource {
  /** Validates the payload and delivers it to the event's listeners. */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

/** A typed in-page event source. */
export function createLocalEvents(): LocalEvents {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  function onEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    set.add(listener);
    return () => void set.delete(listener);
  }
  return {
    onEvent,
    onMenuAction: (listener) => onEvent('menu:action', ({ action }) => listener(action)),
    emit(name, payload) {
      const parsed = parseEvent(name, payload);
      for (const listener of [...(listeners.get(name) ?? [])]) {
        (listener as (payload: EventPayload<typeof name>) => void)(parsed);
      }
    },
  };
}

/**
 * The desktop bridge's events, each payload checked against the contract before a listener sees it (an
 * event that does not match is dropped with a warning rather than handed on half-formed).
 */
export function checkedEvents(bridge: LabEventSource): LabEventSource {
  function onEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe {
    return bridge.onEvent(name, (payload) => {
      let parsed: EventPayload<E>;
      try {
        parsed = parseEvent(name, payload);
      } catch (error) {
        console.warn(`[rnn-lab] dropped event: ${(error as Error).message}`);
        return;
      }
      listener(parsed);
    });
  }
  return { onEvent, onMenuAction: (listener) => onEvent('menu:action', ({ action }) => listener(action)) };
}

/** The key of a keydown, as menuActionForKey reads it. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** The menu action whose accelerator (CmdOrCtrl+key, see MENU_SHORTCUTS) this key press is, or null. */
export function menuActionForKey(press: KeyPress): MenuAction | null {
  if (!(press.ctrlKey || press.metaKey) || press.altKey || press.shiftKey) return null;
  const found = Object.entries(MENU_SHORTCUTS).find(([, key]) => key === press.key);
  return found ? (found[0] as MenuAction) : null;
}
