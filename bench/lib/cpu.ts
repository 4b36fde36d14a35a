import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

// Who used the CPU during a benchmark run: the whole machine, the PostgreSQL backends of one database,
// and a server started as a process tree (the benchmark's own process measures itself with
// process.cpuUsage()).

/** CPU seconds of the whole machine, summed over cores (busy, total), from os.cpus(). */
export const machineCpu = () =>
  cpus().reduce(
    (acc, c) => {
      const t = c.times;
      const total = t.user + t.nice + t.sys + t.idle + t.irq;
      return { busy: acc.busy + total - t.idle, total: acc.total + total };
    },
    { busy: 0, total: 0 },
  );

/**
 * CPU ticks so far of each PostgreSQL backend serving `database` (Linux /proc; other databases' tests
 * on the same server come and go, so they are left out). Per pid, so a backend that ends is not
 * subtracted.
 */
export function postgresTicks(database: string): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const p of processes()) {
    if (!p.stat.includes('(postgres)')) continue;
    try {
      if (readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes(` ${database} `)) ticks.set(p.pid, p.ticks);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}

/** CPU ticks so far of a process and all its descendants (a server's primary and its workers). */
export function processTreeTicks(root: number): Map<string, number> {
  const all = processes();
  const parent = new Map(all.map((p) => [p.pid, p.ppid]));
  const inTree = (pid: string | undefined): boolean =>
    pid !== undefined && pid !== '0' && (pid === String(root) || inTree(parent.get(pid)));
  return new Map(all.filter((p) => inTree(p.pid)).map((p) => [p.pid, p.ticks]));
}

/** Every process of /proc: its parent and its utime + stime so far. */
function processes(): { pid: string; ppid: string; ticks: number; stat: string }[] {
  const found = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      found.push({ pid, ppid: fields[1] as string, ticks: Number(fields[11]) + Number(fields[12]), stat });
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}
/** CPU seconds between two readings of the same processes. */
export const ticksSeconds = (before: Map<string, number>, after: Map<string, number>) =>
  [...after].reduce((sum, [pid, t]) => sum + t - (before.get(pid) ?? 0), 0) / 100; // USER_HZ
