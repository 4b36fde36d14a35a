import type pg from 'pg';
import { expect, test } from 'vitest';
import { isDatabaseUnavailable, retryReadsOnce, waitForDatabase } from './faults.ts';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

test('a lost or restarting database is told apart from a wrong query', () => {
  expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isDatabaseUnavailable(pgError('57P01', 'terminating connection due to administrator command'))).toBe(
    true,
  );
  expect(isDatabaseUnavailable(pgError('ECONNREFUSED'))).toBe(true);
  expect(isDatabaseUnavailable(new AggregateError([pgError('ECONNREFUSED')]))).toBe(true);
  // Drizzle wraps the driver's error in its own, with the original as the cause.
  expect(isDatabaseUnavailable(new Error('Failed query', { cause: pgError('08006') }))).toBe(true);
  expect(isDatabaseUnavailable(pgError('23505', 'duplicate key'))).toBe(false);
  expect(isDatabaseUnavailable(pgError('42601', 'syntax error'))).toBe(false);
  expect(isDatabaseUnavailable(new RangeError('Invalid time value'))).toBe(false);
});

test('start-up waits for the database with growing pauses, then gives up at the deadline', async () => {
  const pauses: number[] = [];
  let tries = 0;
  const result = await waitForDatabase(
    async () => {
      if (++tries < 4) throw pgError('ECONNREFUSED');
      return 'up';
    },
    { timeoutMs: 60_000, sleep: async (ms) => void pauses.push(ms) },
  );
  expect(result).toBe('up');
  expect(pauses).toEqual([250, 500, 1000]);

  await expect(
    waitForDatabase(
      async () => {
        throw pgError('57P03', 'the database system is starting up');
      },
      { timeoutMs: 0, sleep: async () => undefined },
    ),
  ).rejects.toThrow('starting up');
});

test('a wrong password is not waited out', async () => {
  let tries = 0;
  await expect(
    waitForDatabase(
      async () => {
        tries++;
        throw pgError('28P01', 'password authentication failed');
      },
      { timeoutMs: 60_000, sleep: async () => undefined },
    ),
  ).rejects.toThrow('password');
  expect(tries).toBe(1);
});

test('a plain read whose connection dropped is retried once; a write never is', async () => {
  const calls: string[] = [];
  const pool = {
    query: async (q: { text: string }) => {
      calls.push(q.text);
      if (calls.filter((c) => c === q.text).length === 1)
        throw new Error('Connection terminated unexpectedly');
      return { rows: [] };
    },
  };
  retryReadsOnce(pool as unknown as pg.Pool);
  await expect(pool.query({ text: 'select * from posts' })).resolves.toEqual({ rows: [] });
  await expect(pool.query({ text: 'insert into posts values (1)' })).rejects.toThrow('terminated');
  await expect(pool.query({ text: 'with x as (delete from posts) select 1' })).rejects.toThrow('terminated');
  expect(calls).toEqual([
    'select * from posts',
    'select * from posts',
    'insert into posts values (1)',
    'with x as (delete from posts) select 1',
  ]);
});
