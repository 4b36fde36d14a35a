import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a fake vendor saw: the raw wire request, for tests to assert on. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** `hang` never answers, to prove the client's deadline; otherwise a status and a body. */
export type FakeAnswer =
  | { hang: true }
  | {
      status?: number;
      json?: unknown;
      text?: string;
      bytes?: Buffer;
      contentType?: string;
      headers?: Record<string, string>;
    };

export interface FakeVendorServer {
  endpoint: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A local stand-in for a vendor API on 127.0.0.1 and a free port, for tests only: no network is
 * reachable here, and real vendors must not be called from tests anyway.
 */
export async function startFakeVendor(
  answer: (req: SeenRequest) => FakeAnswer,
  listenPort = 0,
): Promise<FakeVendorServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(request);
      const a = answer(request);
      if ('hang' in a) return;
      const body = a.bytes ?? (a.json !== undefined ? JSON.stringify(a.json) : (a.text ?? ''));
      res.writeHead(a.status ?? 200, {
        'content-type': a.contentType ?? (a.json !== undefined ? 'application/json' : 'text/html'),
        ...a.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests would keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
