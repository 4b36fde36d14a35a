import { describe, expect, test } from 'vitest';
import type { Store } from './db/index.ts';
import { createHealthProbe } from './health.ts';

// A store whose `select 1` is counted and can be made to fail (the real database's loss is drilled in
// db/connection-loss.test.ts; this is about how often the probe asks).
function countingStore() {
  const state = { calls: 0, down: false };
  const store = {
    kind: 'postgres',
    db: {
      execute: async () => {
        state.calls++;
        if (state.down) throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
        return { rows: [] };
      },
    },
  } as unknown as Store;
  return { store, state };
}

describe('the health probe', () => {
  test('an "up" answer serves the polls of the next second with one round trip; concurrent ones share it', async () => {
    const { store, state } = countingStore();
    const probe = createHealthProbe({ store });
    const answers = await Promise.all([probe.check(), probe.check(), probe.check()]);
    expect(answers.every((a) => a.primary)).toBe(true);
    await probe.check();
    expect(state.calls).toBe(1);
  });

  test('a request that met the database away makes the next poll ask again', async () => {
    const { store, state } = countingStore();
    const probe = createHealthProbe({ store });
    expect((await probe.check()).primary).toBe(true);
    state.down = true;
    probe.forget();
    expect((await probe.check()).primary).toBe(false);
    expect(state.calls).toBe(2);
  });

  test('a "down" answer is never reused: recovery shows at the next poll', async () => {
    const { store, state } = countingStore();
    state.down = true;
    const probe = createHealthProbe({ store });
    expect((await probe.check()).primary).toBe(false);
    state.down = false;
    expect((await probe.check()).primary).toBe(true);
    expect(state.calls).toBe(2);
  });

  test('a replica that does not answer makes the check degraded and is asked again next time', async () => {
    const primary = countingStore();
    const replica = countingStore();
    replica.state.down = true;
    const probe = createHealthProbe({ store: primary.store, readStore: replica.store });
    expect(await probe.check()).toMatchObject({ primary: true, replica: false, hasReplica: true });
    replica.state.down = false;
    expect(await probe.check()).toMatchObject({ primary: true, replica: true });
    expect(replica.state.calls).toBe(2);
  });
});
