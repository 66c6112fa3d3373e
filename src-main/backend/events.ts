import type { EventName, Events } from '#shared/api/contract';

type AnyListener = (name: EventName, payload: Events[EventName]) => void;

/** The backend's typed event bus; transports subscribe to everything and forward it. */
export class EventBus {
  private readonly listeners = new Set<AnyListener>();

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.listeners) listener(name, payload);
  }

  /** Subscribes to every event; returns its own unsubscribe. */
  subscribe(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
