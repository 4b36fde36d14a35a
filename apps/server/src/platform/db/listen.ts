import pg from 'pg';

export interface ListenHandlers {
  /** A notification arrived, or the connection was (re)established and some may have been missed. */
  onNotify(): void;
  /** Told about connection faults: never the URL (it may hold a password), only what happened. */
  onFault?: (event: string, info: Record<string, unknown>) => void;
}

export interface Listener {
  /** Resolves once LISTEN is in place for the first time (or rejects if it never was). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;

/**
 * LISTEN on `channel` over a dedicated connection (a pooled one would be handed to other queries and
 * lose its LISTEN). When the connection is lost it reconnects with back-off, and tells `onNotify`
 * right after each LISTEN, since whatever was notified in between is gone: the listener then
 * catches up from the database, which is the truth; a notification is only a wake-up.
 */
export function listen(url: string, channel: string, handlers: ListenHandlers): Listener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name: ${channel}`);
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let timer: NodeJS.Timeout | undefined;
  let settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody has to wait for it: bootstrap goes on while the database is briefly away.
  ready.catch(() => undefined);

  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client = c;
    let lost = false;
    const onLost = (err?: Error & { code?: string }) => {
      if (lost) return;
      lost = true;
      if (client === c) client = undefined;
      c.removeAllListeners('notification');
      // A client that emitted 'error' is done; end() releases its socket (its own error is ignored).
      c.end().catch(() => undefined);
      if (closed) return;
      handlers.onFault?.('listen connection lost', { channel, code: err?.code ?? 'disconnected' });
      retry();
    };
    c.on('error', onLost);
    c.on('end', () => onLost());
    c.on('notification', (n) => {
      if (n.channel === channel) handlers.onNotify();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (err) {
      onLost(err as Error & { code?: string });
      return;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    retryMs = FIRST_RETRY_MS;
    settle?.resolve();
    settle = undefined;
    handlers.onNotify();
  };
  void connect();

  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      settle?.reject(new Error('listener closed'));
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
