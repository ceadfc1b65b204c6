#!/usr/bin/env bash
# The cluster path's added latency, measured on one machine: the same load test against one node (PostgreSQL,
# no Redis), then against two nodes (PostgreSQL + Redis) with the players spread over both, so about half the
# players sit on another node than their adventure's grain (each node runs its own engine), then against two
# front-ends sharing one worker (the whole cluster path: hub, grain, worker stream, backplane, with one engine as in
# the single node). Prints each run's JSON report line.
# Usage: deploy/local-cluster/bench.sh [load-test options...]   (run from the repository root; needs
# postgresql, redis-server; builds Release). Everything it starts listens on 127.0.0.1 and is stopped at the end.
set -euo pipefail
LOAD=${*:---players 8 --party-size 2 --actions 4 --think-ms 500 --max-new-tokens 32 --duration-s 240}
PG_PORT=5499 REDIS_PORT=6399 NAME=bench
# shellcheck source=services.sh
source "$(dirname "$0")/services.sh"

common=(--Game:ActionsPerMinute=1000 --Game:InvocationsPerMinute=100000 --Persistence:Provider=Postgres)
node() { # name port db [cluster args...]
  local name=$1 port=$2 db=$3; shift 3
  dotnet "$DLL" serve --urls "http://127.0.0.1:$port" "${common[@]}" \
    "$(database "$db")" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
}

echo "== one node"
node single 5191 single
wait_up 5191
dotnet "$LT" --url http://127.0.0.1:5191 $LOAD | tail -1 || true
kill -9 "${pids[-1]}"; sleep 1

echo "== two nodes"
node a 5192 pair --Cluster:Redis=127.0.0.1:6399 --Cluster:SiloPort=11191 --Cluster:NodeName=node-a --Cluster:ClusterId=bench
node b 5193 pair --Cluster:Redis=127.0.0.1:6399 --Cluster:SiloPort=11192 --Cluster:NodeName=node-b --Cluster:ClusterId=bench
wait_up 5192 5193
dotnet "$LT" --url http://127.0.0.1:5192,http://127.0.0.1:5193 $LOAD | tail -1 || true
for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; pids=(); sleep 1

echo "== two front-ends and one worker"
cluster=(--Cluster:Redis=127.0.0.1:6399 --Cluster:ClusterId=bench3)
node w 5194 trio "${cluster[@]}" --Cluster:SiloPort=11193 --Cluster:NodeName=worker --role worker
wait_up 5194
node f1 5195 trio "${cluster[@]}" --Cluster:SiloPort=11194 --Cluster:NodeName=front-1 --role frontend
node f2 5196 trio "${cluster[@]}" --Cluster:SiloPort=11195 --Cluster:NodeName=front-2 --role frontend
wait_up 5195 5196
sleep 3
dotnet "$LT" --url http://127.0.0.1:5195,http://127.0.0.1:5196 $LOAD | tail -1 || true
