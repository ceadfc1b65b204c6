#!/usr/bin/env bash
# The README's CPU Performance table: RUNS runs (default 3), each of bench-single and bench (8 streams) on random
# weights of gpt2's shape for every dtype in DTYPES (default: the auto choice, int8 and float32), prompt 128,
# 64 new tokens, one after another. Prints one markdown row per run and dtype, then every JSON line it parsed.
#   build/bench/cpu-performance.sh            (from the repository root; builds Release)
#   RUNS=1 DTYPES="auto int8" build/bench/cpu-performance.sh
set -euo pipefail
RUNS=${RUNS:-3}
DTYPES=${DTYPES:-auto int8 float32}
dotnet build -c Release Server -v q -nologo >/dev/null
DLL=Server/bin/Release/net10.0/AdventureServer.dll
out=$(mktemp -d /tmp/adventure-cpu-bench-XXXX)
trap 'rm -rf "$out"' EXIT

echo "| run | dtype (why) | load | plain loop ms/token (tok/s) | worker 1 stream ITL p50 / sequential p50, ms | 1 stream tok/s (1000 / ITL p50) | 8 streams aggregate tok/s | speedup over sequential | ITL p99 8 / 1 stream | weights' read rate as a share of a 256 MB read on both cores, 1 / 8 streams |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for run in $(seq 1 "$RUNS"); do
  for dtype in $DTYPES; do
    single="$out/single-$run-$dtype.json"; batch="$out/bench-$run-$dtype.json"
    dotnet "$DLL" bench-single --random-weights gpt2 --device cpu --dtype "$dtype" | tail -1 >"$single"
    dotnet "$DLL" bench --random-weights gpt2 --device cpu --dtype "$dtype" --streams 8 --prompt-tokens 128 --new-tokens 64 | tail -1 >"$batch"
    jq -r --arg run "$run" --slurpfile s "$single" '
      "| \($run) | \(.dtype) (\(.dtype_reason)) | \(.load_average_1m) | \($s[0].ms_per_token) (\($s[0].tokens_per_s)) | \(.single_stream_itl_p50_ms) / \(.sequential_itl_p50_ms) | \((1000 / .single_stream_itl_p50_ms) | floor) | \(.aggregate_tokens_per_s) | \(.speedup) | \(.itl_p99_ratio) | \(.single_stream_bandwidth_fraction) / \(.bandwidth_fraction) |"' "$batch"
  done
done
echo
cat "$out"/*.json
