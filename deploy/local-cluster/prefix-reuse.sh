#!/usr/bin/env bash
# Prefix reuse with story affinity against random routing, on a real load run: one front-end, two workers
# (PostgreSQL + Redis), the same load test twice on fresh processes: once with the front-end's default routing
# (rendezvous by story), once with --Cluster:Routing:Affinity=false (each turn to a random live worker). Each
# worker counts the prompt tokens it prefilled and those it took from its prefix cache
# (adventure_inference_prompt_tokens_prefilled_total / _reused_total at its /metrics); the script prints both,
# the reuse rate reused / (reused + prefilled) per mode, the load test's JSON report line, and the CPU seconds the
# front-end (which loads no model) spent during the run, the per-turn cost of a front-end.
# Usage: deploy/local-cluster/prefix-reuse.sh [load-test options...]   (from the repository root; needs
# postgresql and redis-server; builds Release). Everything listens on 127.0.0.1 and is stopped at the end.
set -euo pipefail
LOAD=${*:---players 24 --party-size 2 --actions 6 --think-ms 500 --max-new-tokens 32 --duration-s 240}
PG_PORT=5498 REDIS_PORT=6398 NAME=reuse
# shellcheck source=services.sh
source "$(dirname "$0")/services.sh"

common=(--Game:ActionsPerMinute=1000 --Game:InvocationsPerMinute=100000 --Persistence:Provider=Postgres)
node() { # name port db [args...]
  local name=$1 port=$2 db=$3; shift 3
  dotnet "$DLL" serve --urls "http://127.0.0.1:$port" "${common[@]}" \
    "$(database "$db")" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
}
cpu_s() { # pid: user + system CPU seconds so far
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}
counter() { # port name: the counter summed over the worker's engines
  curl -sf "127.0.0.1:$1/metrics" | awk -v n="adventure_inference_prompt_tokens_$2_total" '$1 ~ "^"n"({|$)" { s += $NF } END { printf "%d", s }'
}

run() { # mode [front-end args...]
  local mode=$1; shift
  local cluster=(--Cluster:Redis=127.0.0.1:6398 "--Cluster:ClusterId=reuse-$mode")
  node "w1-$mode" 5281 "reuse_$mode" "${cluster[@]}" --Cluster:SiloPort=11281 --Cluster:NodeName=worker-1 --role worker
  node "w2-$mode" 5282 "reuse_$mode" "${cluster[@]}" --Cluster:SiloPort=11282 --Cluster:NodeName=worker-2 --role worker
  wait_up 5281 5282
  node "f-$mode" 5283 "reuse_$mode" "${cluster[@]}" --Cluster:SiloPort=11283 --Cluster:NodeName=front --role frontend "$@"
  wait_up 5283
  sleep 3
  echo "== $mode"
  local front=${pids[-1]} before
  before=$(cpu_s "$front")
  dotnet "$LT" --url http://127.0.0.1:5283 $LOAD | tail -1 | tee "$work/report-$mode.json" || true
  awk -v a="$before" -v b="$(cpu_s "$front")" 'BEGIN { printf "front-end CPU during the run: %.1f s\n", b - a }'
  jq -r '"load: \(.players) players, \(.elapsed_s) s, \(.actions_completed) actions completed, \(.tokens_per_s) tokens/s"' "$work/report-$mode.json" 2>/dev/null || true
  local reused=0 prefilled=0
  for port in 5281 5282; do
    local r p
    r=$(counter $port reused); p=$(counter $port prefilled)
    echo "worker on $port: prompt tokens reused $r, prefilled $p"
    reused=$((reused + r)); prefilled=$((prefilled + p))
  done
  awk -v m="$mode" -v r="$reused" -v p="$prefilled" 'BEGIN { printf "%s: prefix reuse %.1f %% of prompt tokens (%d reused, %d prefilled)\n", m, (r + p > 0 ? 100 * r / (r + p) : 0), r, p }'
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; pids=(); sleep 2
}

run affinity
run random --Cluster:Routing:Affinity=false
