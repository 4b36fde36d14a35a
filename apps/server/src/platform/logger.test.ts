import pino from 'pino';
import { expect, test } from 'vitest';
import { createLogger, prettyLogs } from './logger.ts';

test('logs are pretty at a terminal and JSON lines everywhere else', () => {
  expect(prettyLogs({ isTTY: true })).toBe(true);
  expect(prettyLogs({ isTTY: false })).toBe(false);
  // A pipe, a file or systemd's journal: Node leaves isTTY undefined.
  expect(prettyLogs({})).toBe(false);
});

test('a terminal gets its lines through pino-pretty in a worker thread; a pipe gets plain stdout', () => {
  const streamOf = (logger: pino.Logger) =>
    (logger as unknown as Record<symbol, { constructor: { name: string }; end?: () => void }>)[
      pino.symbols.streamSym
    ];
  const pretty = createLogger('info', { isTTY: true });
  const plain = createLogger('info', {});
  expect(streamOf(pretty)?.constructor.name).toBe('ThreadStream');
  expect(streamOf(plain)?.constructor.name).not.toBe('ThreadStream');
  streamOf(pretty)?.end?.();
});
