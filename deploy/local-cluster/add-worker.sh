#!/usr/bin/env bash
# Throughput before and after a worker joins, on one machine: one front-end and one worker capped at ROWS rows
# (default 1), so the worker's rows, not the CPU, bound the throughput; a load run starts, and a second worker with
# the same cap joins JOIN_S seconds in (default 25). Prints the load report line, then the deltas per second the
# players received before the join and after the new worker served its first turn (from the report's per-second
# series), and what the front-end exported for each worker (adventure_worker_tokens_per_second at its peak).
# On two shared cores a second worker cannot add CPU: what this shows is that capacity added to a cluster bound by
# its workers' rows is used at once. Usage: deploy/local-cluster/add-worker.sh [load-test options...] (from the
# repository root; needs postgresql and redis-server; builds Release). Everything listens on 127.0.0.1.
set -euo pipefail
LOAD=${*:---players 32 --party-size 2 --actions 12 --think-ms 300 --max-new-tokens 32 --duration-s 240}
ROWS=${ROWS:-1}
JOIN_S=${JOIN_S:-25}
PG_PORT=5497 REDIS_PORT=6397 NAME=add-worker
# shellcheck source=services.sh
source "$(dirname "$0")/services.sh"

common=(--Game:ActionsPerMinute=1000 --Game:InvocationsPerMinute=100000 --Persistence:Provider=Postgres
  "$(database add)"
  --Cluster:Redis=127.0.0.1:6397 --Cluster:ClusterId=add-worker)
node() { # name port [args...]
  local name=$1 port=$2; shift 2
  dotnet "$DLL" serve --urls "http://127.0.0.1:$port" "${common[@]}" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
}

node w1 5271 --Cluster:SiloPort=11271 --Cluster:NodeName=worker-1 --role worker --Inference:MaxConcurrentSequences="$ROWS"
wait_up 5271
node front 5273 --Cluster:SiloPort=11273 --Cluster:NodeName=front --role frontend
wait_up 5273
sleep 3

peaks="$work/peaks"
( while sleep 1; do curl -sf 127.0.0.1:5273/metrics | grep '^adventure_worker_tokens_per_second' >>"$peaks" || true; done ) &
pids+=($!)
start=$(date +%s.%N)
dotnet "$LT" --url http://127.0.0.1:5273 --out "$work/out" $LOAD >"$work/load.txt" 2>&1 &
load=$!
sleep "$JOIN_S"
node w2 5272 --Cluster:SiloPort=11272 --Cluster:NodeName=worker-2 --role worker --Inference:MaxConcurrentSequences="$ROWS"
wait_up 5272
joined=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
wait "$load" || true
tail -1 "$work/load.txt"
report=$(ls "$work"/out/*.json | head -1)
echo "worker-2 up ${joined} s after the load started (rows per worker: $ROWS)"
jq -r --argjson j "$joined" '
  [.series[] | select(.time_s >= 5 and .time_s < ($j - 1))] as $before
  | [.series[] | select(.time_s >= ($j + 5))] as $after
  | "deltas/s with one worker (5 s to the join): \(($before | map(.deltas_per_s) | add / length) | floor); with two (from 5 s after the join): \(($after | map(.deltas_per_s) | add / length) | floor)"' "$report"
echo "peak tokens/s per worker, as the front-end exported it:"
sort -t' ' -k2 -g "$peaks" | awk '{ split($1, a, "worker=\""); split(a[2], b, "\""); if ($2 > m[b[1]]) m[b[1]] = $2 } END { for (w in m) printf "  %s %.1f\n", w, m[w] }'
