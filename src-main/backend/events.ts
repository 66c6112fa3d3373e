import type { EventName, Events } from '#shared/api/contract';

/** One event as `(name, payload)`: checking the name narrows the payload. */
export type AnyEvent = { [E in EventName]: [name: E, payload: Events[E]] }[EventName];
type AnyListener = (...event: AnyEvent) => void;

/** The backend's typed event bus; transports subscribe to everything and forward it. */
export class EventBus {
  private readonly listeners = new Set<AnyListener>();

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    const event = [name, payload] as AnyEvent;
    for (const listener of this.listeners) listener(...event);
  }

  /** Subscribes to every event; returns its own unsubscribe. */
  subscribe(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
