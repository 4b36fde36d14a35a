// The peer design (bench/vs-peer.sh) driven as the square is driven: drive.mjs's 20,000 requests
// (its cities, generator and seed, copied here) sent as one sequence that all connections share, by
// autocannon (as bench/lib/http-client.ts does) or wrk (bench/lib/wrk.ts). The peer's own drive.mjs
// gives autocannon the list per connection, so its 50 connections ask the same questions in near
// lockstep, which keeps Redis's and the CPU's caches hot (docs/benchmarks.md). Prints drive.mjs's line.
//   npx tsx bench/peer-drive.ts PORT [CONNECTIONS] [SECONDS] [feed|bare] [autocannon|wrk]
import autocannon from 'autocannon';
import { runWrk } from './lib/wrk.ts';

const [port, connections = '50', seconds = '20', kind = 'feed', client = 'autocannon'] =
  process.argv.slice(2);
if (!port)
  throw new Error(
    'usage: npx tsx bench/peer-drive.ts PORT [CONNECTIONS] [SECONDS] [feed|bare] [autocannon|wrk]',
  );

/** drive.mjs's request list, in its order. */
function peerRequests(): { path: string }[] {
  const cities = [
    [22.54, 114.06],
    [30.27, 120.16],
    [31.23, 121.47],
    [23.13, 113.26],
    [23.02, 113.75],
    [39.9, 116.4],
    [30.57, 104.07],
    [30.59, 114.31],
    [34.34, 108.94],
    [29.56, 106.55],
  ] as const;
  let seed = 7;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: 20000 }, () => {
    const c = cities[Math.floor(rnd() * 10)] as readonly [number, number];
    const med = Math.min(999, Math.floor(rnd() ** 3 * 1000));
    const lat = (c[0] + (rnd() - 0.5) * 0.2).toFixed(4);
    const lng = (c[1] + (rnd() - 0.5) * 0.2).toFixed(4);
    return { path: kind === 'feed' ? `/feed?med=${med}&lat=${lat}&lng=${lng}` : '/bare' };
  });
}

const url = `http://127.0.0.1:${port}`;
const requests = peerRequests();
if (client === 'wrk') {
  const r = await runWrk(url, requests, Number(connections), Number(seconds));
  console.log(
    `${kind}: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ` +
      `non2xx ${r.non2xx}, errors ${r.errors} (wrk, ${(r.cpuSeconds / Number(seconds)).toFixed(2)} cores)`,
  );
} else {
  let next = 0;
  const r = await autocannon({
    url,
    connections: Number(connections),
    duration: Number(seconds),
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({
          ...req,
          path: (requests[next++ % requests.length] as { path: string }).path,
        }),
      },
    ],
  });
  console.log(
    `${kind}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
      `non2xx ${r.non2xx}, errors ${r.errors} (autocannon, one sequence over the connections)`,
  );
}
