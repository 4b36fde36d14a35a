import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

/** An event as the live square sends it: the outbox id (SSE `id:`), the topic and its public payload. */
export interface LiveEvent {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * Fan-out of live events to every server process. One process handles each outbox event (the
 * consumer's receipts) and publishes it here; every process's open streams receive it. In one
 * process an EventEmitter is enough; with REDIS_URL, Redis pub/sub carries it between processes.
 */
export interface LiveBus {
  readonly kind: 'local' | 'redis';
  publish(event: LiveEvent): Promise<void>;
  subscribe(listener: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'medrelay:live';

export function createLocalBus(): LiveBus {
  const emitter = new EventEmitter();
  // Every open stream is a listener; thousands are expected.
  emitter.setMaxListeners(0);
  return {
    kind: 'local',
    async publish(event) {
      emitter.emit('event', event);
    },
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

export async function createRedisBus(url: string, onError: (err: unknown) => void): Promise<LiveBus> {
  const options = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: true };
  const pub = new Redis(url, options);
  const sub = new Redis(url, options);
  pub.on('error', onError);
  sub.on('error', onError);
  await Promise.all([pub.connect(), sub.connect()]);
  const local = createLocalBus();
  await sub.subscribe(CHANNEL);
  sub.on('message', (_channel, message) => {
    try {
      void local.publish(JSON.parse(message) as LiveEvent);
    } catch (err) {
      onError(err);
    }
  });
  return {
    kind: 'redis',
    async publish(event) {
      await pub.publish(CHANNEL, JSON.stringify(event));
    },
    subscribe: (listener) => local.subscribe(listener),
    async close() {
      await local.close();
      sub.disconnect();
      pub.disconnect();
    },
  };
}
