import { API_BASE, type Query, withQuery } from '../../../lib/api-client.ts';
import { LIVE_TOPICS, type LiveEvent, parseLiveEvent } from '../live-events.ts';

/** The live endpoint's filters from the feed's query: the ones it knows; the rest are checked here. */
export function liveQuery(query: Query): Query {
  return {
    kind: query.kind,
    medicineId: query.medicineId,
    region: query.region,
    near: query.near,
    radiusKm: query.near ? query.radiusKm : undefined,
  };
}

export interface LiveHandlers {
  onEvent: (event: LiveEvent) => void;
  /** The stream is (again) open: a moment to catch up on what a gap may have missed. */
  onOpen: () => void;
  /** The browser gave up on the stream (an HTTP error answer); the caller decides when to try again. */
  onClosed: () => void;
}

/**
 * GET /live as Server-Sent Events. The browser reconnects by itself after a dropped connection and
 * sends Last-Event-ID, so the server resumes where the stream stopped; only an HTTP error closes it.
 */
export function openLive(query: Query, handlers: LiveHandlers): () => void {
  const source = new EventSource(`${API_BASE}${withQuery('/live', liveQuery(query))}`);
  const listener = (e: Event) => {
    const msg = e as MessageEvent<string>;
    const event = parseLiveEvent(msg.type, msg.data);
    if (event) handlers.onEvent(event);
  };
  for (const topic of LIVE_TOPICS) source.addEventListener(topic, listener);
  source.onopen = () => handlers.onOpen();
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) handlers.onClosed();
  };
  return () => source.close();
}
