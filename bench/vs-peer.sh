#!/usr/bin/env bash
# The square against the peer design (Fastify + Redis GEOSEARCH + MGET of cached bodies, README in the
# peer's folder), in the same minutes on this machine: the peer before, the square (bench/http.bench.ts:
# nearest first, newest first, /health, a bare route) in one server process, then on PostgreSQL the
# square with SERVER_PROCESSES=PROCESSES (default 2: one per core, as the peer's Node and Redis are two
# processes), the peer again. Shared machines drift; compare within one run.
# The peer is measured twice: with its own drive.mjs (autocannon given its 20,000 requests per
# connection, so the 50 connections send the same requests in near lockstep), and with the same
# requests as one sequence shared by the connections, as the square's client sends its own
# (bench/peer-drive.ts). CLIENT=wrk drives both sides with wrk (bench/lib/wrk.ts) instead of
# autocannon, which takes half a core that a second server process needs; drive.mjs is then skipped.
#   [CLIENT=wrk] bash bench/vs-peer.sh PEER_DIR (--database-url URL | --pglite DIR/pgdata) [SECONDS] [PROCESSES]
# PEER_DIR is the peer's source folder (it is copied and installed in a temporary folder; its Redis runs
# on port 6390 and is shut down at the end). Generate the square's data first (bench/generate.ts).
set -euo pipefail
peer_src=$(cd "$1" && pwd)
target=("$2" "$3")
seconds=${4:-20}
processes=${5:-2}
client=${CLIENT:-autocannon}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
port=3999
cleanup() {
  [[ -n "${peer_pid:-}" ]] && kill "$peer_pid" 2>/dev/null || true
  redis-cli -p 6390 shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -r "$peer_src" "$work/peer"
(cd "$work/peer" && npm install --no-audit --no-fund --silent >/dev/null)
redis-cli -p 6390 shutdown nosave >/dev/null 2>&1 || true  # a previous run's
redis-server --daemonize yes --port 6390 --bind 127.0.0.1 --save "" --appendonly no >/dev/null
(cd "$work/peer" && node load.mjs && node load-bodies.mjs) | sed 's/^/peer: /'
(cd "$work/peer" && exec node http-peer.mjs "$port") >/dev/null 2>&1 &
peer_pid=$!
sleep 2
own_driver() { (cd "$work/peer" && node drive.mjs "$port" 50 "$1" "$2"); }
peer() { npx tsx bench/peer-drive.ts "$port" 50 "$1" "$2" "$client"; }
both() {
  [[ "$client" == wrk ]] || echo "peer ($1, its drive.mjs): $(own_driver "$seconds" feed)"
  echo "peer ($1, one sequence over the connections): $(peer "$seconds" feed)"
}
echo "== $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg), load generator $client"
peer 5 feed >/dev/null
both before
npx tsx bench/http.bench.ts "${target[@]}" --duration "$seconds" --warmup 10 --body-cache 800000 \
  --client "$client" --scenarios near-medicine,near-medicine-by-time,health,bare 2>&1 | grep -v '^{"level"'
if [[ "${target[0]}" == --database-url && "$processes" -gt 1 ]]; then
  echo "== the square with SERVER_PROCESSES=$processes"
  npx tsx bench/http.bench.ts "${target[@]}" --duration "$seconds" --warmup 10 --body-cache 800000 \
    --processes "$processes" --client "$client" --scenarios near-medicine,near-medicine-by-time 2>&1 | grep -v '^{"level"'
fi
both after
echo "peer bare route: $(peer 10 bare)"
echo "== load average after $(cut -d' ' -f1-3 /proc/loadavg)"
