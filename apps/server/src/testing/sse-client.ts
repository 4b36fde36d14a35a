/** A Server-Sent Events reader for tests: what a browser's EventSource would receive, as data. */
export interface SseEvent {
  id?: string;
  event: string;
  data: unknown;
}

export interface SseStream {
  status: number;
  events: SseEvent[];
  /** Resolves with the first event that passes `pick`, or fails after `ms`. */
  waitFor(pick: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  if (res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = new Map<string, string>();
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const at = line.indexOf(':');
              if (at > 0) fields.set(line.slice(0, at), line.slice(at + 1).trimStart());
            }
            const data = fields.get('data');
            if (data !== undefined) {
              events.push({
                id: fields.get('id'),
                event: fields.get('event') ?? 'message',
                data: JSON.parse(data),
              });
            }
          }
        }
      } catch {
        // closed by the test or the server
      }
    })();
  }
  return {
    status: res.status,
    events,
    async waitFor(pick, ms = 5000) {
      const until = Date.now() + ms;
      for (;;) {
        const found = events.find(pick);
        if (found) return found;
        if (Date.now() > until)
          throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => abort.abort(),
  };
}
