import { describe, expect, test } from 'vitest';
import { liveConnection, RETRY_MS } from './live-connection.ts';

/** A fake stream and clock: each open is recorded with its handlers; timers run when told. */
function harness() {
  const streams: { onOpen: () => void; onClosed: () => void; closed: boolean }[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const log = { catchUps: 0, connected: [] as boolean[] };
  const connection = liveConnection({
    open: (h) => {
      const s = { ...h, closed: false };
      streams.push(s);
      return () => {
        s.closed = true;
      };
    },
    catchUp: () => {
      log.catchUps += 1;
    },
    setConnected: (on) => log.connected.push(on),
    setTimer: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      if (t) (t as { cleared: boolean }).cleared = true;
    },
  });
  return { connection, streams, timers, log, last: () => streams.at(-1) };
}

describe('the live connection', () => {
  test('the first opening does not catch up: the list was just loaded', () => {
    const h = harness();
    h.connection.start();
    h.last()?.onOpen();
    expect(h.log).toEqual({ catchUps: 0, connected: [true] });
  });

  test('a reconnection the browser makes by itself catches up once more, quietly', () => {
    const h = harness();
    h.connection.start();
    h.last()?.onOpen();
    // EventSource reopens by itself after a dropped connection and fires open again.
    h.last()?.onOpen();
    expect(h.streams).toHaveLength(1);
    expect(h.log.catchUps).toBe(1);
  });

  test('a stream the browser gave up on is retried with back-off, reset once open', () => {
    const h = harness();
    h.connection.start();
    for (let i = 0; i < RETRY_MS.length + 1; i++) {
      h.last()?.onClosed();
      expect(h.last()?.closed).toBe(true);
      const timer = h.timers.at(-1);
      expect(timer?.ms).toBe(RETRY_MS[Math.min(i, RETRY_MS.length - 1)]);
      timer?.fn();
    }
    expect(h.streams).toHaveLength(RETRY_MS.length + 2);
    h.last()?.onOpen();
    expect(h.log.connected.at(-1)).toBe(true);
    h.last()?.onClosed();
    expect(h.timers.at(-1)?.ms).toBe(RETRY_MS[0]);
  });

  test('a hidden page holds no connection; visible again, it reconnects and catches up', () => {
    const h = harness();
    h.connection.start();
    h.last()?.onOpen();
    h.connection.hide();
    expect(h.last()?.closed).toBe(true);
    expect(h.log.connected.at(-1)).toBe(false);
    h.connection.show();
    expect(h.streams).toHaveLength(2);
    h.last()?.onOpen();
    expect(h.log.catchUps).toBe(1);
    // Shown twice in a row: still one stream.
    h.connection.show();
    expect(h.streams).toHaveLength(2);
  });

  test('hiding during a retry wait cancels the retry', () => {
    const h = harness();
    h.connection.start();
    h.last()?.onClosed();
    h.connection.hide();
    expect(h.timers.at(-1)?.cleared).toBe(true);
    h.connection.stop();
    expect(h.streams).toHaveLength(1);
  });
});
