// wrk (Debian's `wrk`, C and epoll) as the load generator: the same requests as autocannon gets, for a
// fraction of its CPU. On two cores autocannon takes half a core at 10,000 requests/s, which is the
// core a second server process needs; wrk takes about a fifth of that (docs/benchmarks.md).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface WrkResult {
  requestsPerSecond: number;
  total: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Answers other than 2xx/3xx, and socket errors (connect, read, write, timeout). */
  non2xx: number;
  errors: number;
  /** wrk's own CPU time (user + system), from the shell's `times`. */
  cpuSeconds: number;
}

/** One thread, `connections` connections, the requests in turn (path and X-Forwarded-For). */
export async function runWrk(
  url: string,
  requests: { path: string; ip?: string }[],
  connections: number,
  seconds: number,
): Promise<WrkResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-wrk-'));
  try {
    const script = path.join(dir, 'requests.lua');
    const rows = requests.map((r) => `{${JSON.stringify(r.path)},${r.ip ? JSON.stringify(r.ip) : 'nil'}}`);
    writeFileSync(
      script,
      `local requests = {\n${rows.join(',\n')}\n}\nlocal i = 0\n` +
        'request = function()\n  i = i % #requests + 1\n  local r = requests[i]\n' +
        '  if r[2] then return wrk.format("GET", r[1], { ["X-Forwarded-For"] = r[2] }) end\n' +
        '  return wrk.format("GET", r[1])\nend\n',
    );
    const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url];
    const out = await new Promise<string>((resolve, reject) => {
      // `times` after wrk: the shell's children's CPU time is wrk's.
      const child = spawn('bash', ['-c', 'wrk "$@" && times', 'wrk', ...args]);
      let text = '';
      child.stdout.on('data', (d) => {
        text += d;
      });
      child.stderr.on('data', (d) => {
        text += d;
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`)),
      );
    });
    return parseWrk(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (value: string, unit: string) =>
  Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? Number.NaN);

/** wrk's text report with --latency, then the two lines of `times`. */
export function parseWrk(out: string): WrkResult {
  const percentile = (p: number) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)$`, 'm').exec(out);
    if (!m) throw new Error(`no ${p}% latency in wrk's report:\n${out}`);
    return ms(m[1] as string, m[2] as string);
  };
  const max = /^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)/m.exec(out);
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(out);
  const total = /^\s+(\d+) requests in/m.exec(out);
  if (!rps || !total || !max) throw new Error(`unexpected wrk report:\n${out}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const times = [...out.matchAll(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/g)].at(-1);
  const minutes = (m: string, s: string) => Number(m) * 60 + Number(s);
  return {
    requestsPerSecond: Number(rps[1]),
    total: Number(total[1]),
    latencyMs: {
      p50: percentile(50),
      p90: percentile(90),
      p99: percentile(99),
      max: ms(max[1] as string, max[2] as string),
    },
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    errors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    cpuSeconds: times
      ? minutes(times[1] as string, times[2] as string) + minutes(times[3] as string, times[4] as string)
      : Number.NaN,
  };
}
