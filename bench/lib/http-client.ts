// The load generator of bench/http.bench.ts, in a process of its own so that autocannon does not share
// the server's event loop. Cycles through the requests it is given (path and the simulated user's
// address, sent as X-Forwarded-For); prints autocannon's result and its own CPU time as one JSON line.
//   node --import tsx bench/lib/http-client.ts URL PATHS_FILE CONNECTIONS SECONDS
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, pathsFile, connections, seconds] = process.argv.slice(2);
if (!url || !pathsFile) throw new Error('usage: http-client.ts URL PATHS_FILE CONNECTIONS SECONDS');
const paths = JSON.parse(readFileSync(pathsFile, 'utf8')) as { path: string; ip: string }[];
let next = 0;

const result = await autocannon({
  url,
  connections: Number(connections ?? 50),
  duration: Number(seconds ?? 20),
  requests: [
    {
      method: 'GET',
      setupRequest: (req) => {
        const { path, ip } = paths[next++ % paths.length] as { path: string; ip: string };
        return { ...req, path, headers: { ...req.headers, 'x-forwarded-for': ip } };
      },
    },
  ],
});
// Its own CPU time too, so the parent can tell the load generator's share from the server's.
process.stdout.write(`${JSON.stringify({ result, cpu: process.cpuUsage() })}\n`);
