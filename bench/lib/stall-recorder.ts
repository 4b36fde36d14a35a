// What the server's event loop was doing when it stalled (issue 17). Runs inside the bench server:
// a 5 ms heartbeat notes every gap longer than STALL_MS with the process's CPU time over the gap (a
// gap with little CPU is the machine not running us, not our work) and the garbage-collection
// pauses inside it (perf_hooks 'gc' entries). The gaps carry monotonic microseconds, the clock of
// V8's CPU profiles, so explainStalls() can say which functions the profile sampled in each.
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

export const STALL_MS = 50;
const BEAT_MS = 5;

export interface Stall {
  /** Monotonic clock, µs (process.hrtime), as V8's profile samples. */
  fromUs: number;
  toUs: number;
  wallMs: number;
  /** CPU time of the whole process over the gap (GC helper threads included). */
  cpuMs: number;
  /** Garbage-collection pauses inside the gap, ms, by kind. */
  gc: Record<string, number>;
  /** PGlite only: the statements that held its one connection during the gap, longest overlap first. */
  sql?: string[];
}

interface Hold {
  from: number;
  to: number;
  sql: string[];
}
const holds: Hold[] = [];
const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);

/**
 * Notes which statements hold PGlite's one connection, and for how long (from taking its lock to
 * releasing it: a transaction's whole length). PGlite runs them on the event loop, so a long hold is
 * loop time. Patches the class the server will use; call before it opens the store.
 */
export function watchPglite(proto: Record<string, unknown>) {
  type Fn = (this: unknown, ...args: unknown[]) => Promise<unknown>;
  // query/exec/transaction each take the lock once, in call order (after one await of _checkReady).
  const labels: string[] = [];
  let current: Hold | undefined;
  const query = proto.query as Fn;
  proto.query = function (this: unknown, text: unknown, ...rest: unknown[]) {
    labels.push(oneLine(String(text)));
    return query.call(this, text, ...rest);
  };
  const exec = proto.exec as Fn;
  proto.exec = function (this: unknown, text: unknown, ...rest: unknown[]) {
    labels.push(oneLine(String(text)));
    return exec.call(this, text, ...rest);
  };
  const transaction = proto.transaction as Fn;
  proto.transaction = function (this: unknown, cb: unknown) {
    labels.push('transaction:');
    return transaction.call(this, (tx: { query: Fn }) => {
      const inner = tx.query;
      tx.query = (text: unknown, ...rest: unknown[]) => {
        if (current && current.sql.length < 8) current.sql.push(oneLine(String(text)));
        return inner.call(tx, text, ...rest);
      };
      return (cb as (tx: unknown) => Promise<unknown>)(tx);
    });
  };
  const run = proto._runExclusiveTransaction as Fn;
  proto._runExclusiveTransaction = function (this: unknown, fn: unknown) {
    const label = labels.shift() ?? '?';
    return run.call(this, async () => {
      const hold: Hold = { from: hrUs(), to: 0, sql: [label] };
      current = hold;
      try {
        return await (fn as () => Promise<unknown>)();
      } finally {
        hold.to = hrUs();
        current = undefined;
        if (hold.to - hold.from > 10_000) holds.push(hold);
        if (holds.length > 20_000) holds.splice(0, 10_000);
      }
    });
  };
}

function sqlWithin(from: number, to: number): string[] | undefined {
  const over = holds
    .map((h) => ({ h, ms: (Math.min(to, h.to) - Math.max(from, h.from)) / 1000 }))
    .filter((o) => o.ms > 0)
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3);
  return over.length
    ? over.map(
        (o) => `${o.ms.toFixed(0)} ms of ${((o.h.to - o.h.from) / 1000).toFixed(0)}: ${o.h.sql.join(' ; ')}`,
      )
    : undefined;
}

const GC_KINDS: Record<number, string> = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak-cb' };
const hrUs = () => Number(process.hrtime.bigint() / 1000n);

export function stallRecorder() {
  let stalls: Stall[] = [];
  const gcs: { from: number; to: number; kind: string }[] = [];
  let lastUs = hrUs();
  let lastCpu = process.cpuUsage();
  const beat = setInterval(() => {
    const now = hrUs();
    const cpu = process.cpuUsage();
    const gapMs = (now - lastUs) / 1000 - BEAT_MS;
    if (gapMs > STALL_MS) {
      stalls.push({
        fromUs: lastUs,
        toUs: now,
        wallMs: (now - lastUs) / 1000,
        cpuMs: (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000,
        gc: gcWithin(lastUs, now),
      });
    }
    lastUs = now;
    lastCpu = cpu;
  }, BEAT_MS);
  // performance entries are in ms since timeOrigin; keep them on the same µs clock as the beat.
  const offsetUs = hrUs() - performance.now() * 1000;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind =
        GC_KINDS[(e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
      const from = offsetUs + e.startTime * 1000;
      gcs.push({ from, to: from + e.duration * 1000, kind });
    }
    if (gcs.length > 20_000) gcs.splice(0, 10_000);
  });
  observer.observe({ entryTypes: ['gc'] });

  function gcWithin(from: number, to: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const g of gcs) {
      const overlap = Math.min(to, g.to) - Math.max(from, g.from);
      if (overlap > 0) out[g.kind] = (out[g.kind] ?? 0) + overlap / 1000;
    }
    return out;
  }

  return {
    /** The stalls since the last take, longest first (the GC entries of the last gap may come late). */
    take(): Stall[] {
      const out = stalls.sort((a, b) => b.wallMs - a.wallMs);
      for (const s of out.slice(0, 50)) {
        s.gc = gcWithin(s.fromUs, s.toUs);
        s.sql = sqlWithin(s.fromUs, s.toUs);
      }
      stalls = [];
      return out;
    },
    stop() {
      clearInterval(beat);
      observer.disconnect();
    },
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const short = (url: string) =>
  url.replace(/^file:\/\//, '').replace(/^.*?\/(apps|bench|node_modules)\//, '$1/');
const frameName = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'}${n.callFrame.url ? ` ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : ''}`;
const isOurs = (n: ProfileNode) => /\/apps\/server\/src\//.test(n.callFrame.url);

/**
 * For each stall, the functions the CPU profile sampled inside it: the hottest leaves ("self") and,
 * for each sample, the deepest frame of the server's own code above it (what asked for the work).
 */
export function explainStalls(profileFile: string, stalls: Stall[], top = 3): string[] {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  const ownerOf = new Map<number, string>();
  const owner = (id: number): string => {
    const known = ownerOf.get(id);
    if (known) return known;
    let name = '(no server frame)';
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur) as ProfileNode;
      if (isOurs(n)) {
        name = frameName(n);
        break;
      }
    }
    ownerOf.set(id, name);
    return name;
  };
  return stalls.map((s) => {
    const self = new Map<string, number>();
    const owners = new Map<string, number>();
    let n = 0;
    for (let i = 0; i < times.length; i++) {
      const at = times[i] as number;
      if (at < s.fromUs || at > s.toUs) continue;
      const node = byId.get(profile.samples[i] as number) as ProfileNode;
      if (node.callFrame.functionName === '(idle)') continue;
      n++;
      const leaf = frameName(node);
      self.set(leaf, (self.get(leaf) ?? 0) + 1);
      const o = owner(node.id);
      owners.set(o, (owners.get(o) ?? 0) + 1);
    }
    const fmt = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([k, v]) => `${Math.round((v / Math.max(1, n)) * 100)} % ${k}`)
        .join('; ');
    const gc = Object.entries(s.gc)
      .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
      .join(', ');
    return (
      `${s.wallMs.toFixed(0)} ms wall, ${s.cpuMs.toFixed(0)} ms CPU, GC: ${gc || 'none'}; ` +
      `${n} samples — self: ${fmt(self) || '-'} — from: ${fmt(owners) || '-'}` +
      (s.sql ? ` — PGlite held by: ${s.sql.join(' | ')}` : '')
    );
  });
}
