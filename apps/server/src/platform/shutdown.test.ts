import Fastify from 'fastify';
import { afterEach, expect, test } from 'vitest';
import { gracefulShutdown, installConnectionDrain } from './shutdown.ts';

// The in-process half of SIGTERM: a request in flight finishes, new connections are refused, and the
// process exits 0; a request that never ends cannot hold the exit past the timeout.

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let release: () => void = () => undefined;
afterEach(() => release());

async function slowServer() {
  const app = Fastify();
  installConnectionDrain(app);
  let entered: () => void = () => undefined;
  const inHandler = new Promise<void>((r) => {
    entered = r;
  });
  const gate = new Promise<void>((r) => {
    release = r;
  });
  app.get('/slow', async () => {
    entered();
    await gate;
    return { done: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}`, inHandler };
}

test('SIGTERM finishes the request in flight, refuses new connections, then exits 0', async () => {
  const { app, url, inHandler } = await slowServer();
  const inFlight = fetch(`${url}/slow`);
  await inHandler;
  const exited = new Promise<number>((resolve) => {
    gracefulShutdown({ stop: () => app.close(), log: quiet, timeoutMs: 10_000, exit: resolve })('SIGTERM');
  });
  await expect(fetch(`${url}/slow`, { headers: { connection: 'close' } })).rejects.toThrow();
  release();
  const res = await inFlight;
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ done: true });
  expect(await exited).toBe(0);
});

test('a request that never finishes cannot hold the exit past the timeout', async () => {
  const { app, url, inHandler } = await slowServer();
  const inFlight = fetch(`${url}/slow`).catch(() => undefined);
  await inHandler;
  const started = Date.now();
  const code = await new Promise<number>((resolve) => {
    gracefulShutdown({ stop: () => app.close(), log: quiet, timeoutMs: 300, exit: resolve })('SIGTERM');
  });
  expect(code).toBe(1);
  expect(Date.now() - started).toBeLessThan(5000);
  release();
  await inFlight;
});
