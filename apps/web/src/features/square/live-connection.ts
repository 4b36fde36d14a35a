/** After the browser gives up on a stream (an HTTP error), try again after 5 s, 10 s, … up to 5 minutes. */
export const RETRY_MS = [5_000, 10_000, 30_000, 60_000, 300_000];

export interface LiveConnectionDeps {
  /** Opens the stream; returns its close. */
  open: (handlers: { onOpen: () => void; onClosed: () => void }) => () => void;
  /** A reopened stream may have missed posts: one look at the newest page. */
  catchUp: () => void;
  setConnected: (on: boolean) => void;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (timer: unknown) => void;
}

/**
 * When the live square is connected. A dropped connection the browser retries by itself (with
 * Last-Event-ID, so the server resends what was missed); one the browser gave up on is retried here
 * with back-off; a hidden page holds no connection. Every opening after the first catches up, which
 * covers what Last-Event-ID cannot: a new stream after a hard failure or a hidden spell.
 */
export function liveConnection(deps: LiveConnectionDeps) {
  let close: (() => void) | undefined;
  let retry: unknown;
  let attempt = 0;
  let opened = false;

  const connect = () => {
    close = deps.open({
      onOpen: () => {
        attempt = 0;
        deps.setConnected(true);
        if (opened) deps.catchUp();
        opened = true;
      },
      onClosed: () => {
        deps.setConnected(false);
        close?.();
        const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] as number;
        attempt += 1;
        retry = deps.setTimer(connect, wait);
      },
    });
  };
  const disconnect = () => {
    deps.setConnected(false);
    deps.clearTimer(retry);
    retry = undefined;
    close?.();
    close = undefined;
  };

  return {
    start: connect,
    /** The page was hidden: let the connection go. */
    hide: disconnect,
    /** The page is visible again: reconnect (and catch up once open). */
    show: () => {
      if (close) return;
      opened = true;
      connect();
    },
    stop: disconnect,
  };
}
