import {
  EVENT_CHANNEL,
  parseEvent,
  type EventName,
  type EventPayload,
  type LabEvent,
} from '../../src/core/api';

/** What receives events: the page's webContents. */
export interface EventReceiver {
  send(channel: string, ...args: unknown[]): void;
}

/**
 * Returns `sendEvent(name, payload)`, which validates the payload against the contract (a mismatch is a
 * programming error and throws) and sends `{name, payload}` on EVENT_CHANNEL to `receiver()`, the page's
 * webContents, or to nobody when it gives null (no window).
 */
export function eventSender(
  receiver: () => EventReceiver | null,
): <E extends EventName>(name: E, payload: EventPayload<E>) => void {
  return (name, payload) => {
    const event = { name, payload: parseEvent(name, payload) } as LabEvent;
    receiver()?.send(EVENT_CHANNEL, event);
  };
}
