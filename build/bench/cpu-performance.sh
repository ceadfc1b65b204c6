#!/usr/bin/env bash
# The README's CPU Performance table: RUNS runs (default 3), each of bench-single and bench (8 streams) on random
# weights of gpt2's shape for every dtype in DTYPES (default: the auto choice, int8 and float32), prompt 128,
# 64 new tokens, one after another. Prints one markdown row per run and dtype, then every JSON line it parsed.
#   build/bench/cpu-performance.sh            (from the repository root; builds Release)
#   RUNS=1 DTYPES="auto int8" build/bench/cpu-performance.sh
# With LLAMA_CPP set to a llama.cpp build's bin folder (holding llama-batched-bench) and LLAMA_CPP_VOCAB to its
# models/ggml-vocab-gpt-2.gguf, each run also times llama.cpp, the CPU peer, in the same minutes: a random gpt2 GGUF
# per format in PEER_FORMATS (default: bf16 f16 q8_0 f32; made by build/bench/peer/gpt2_gguf.py), 2 threads, one and 8
# sequences of prompt 128 and 64 new tokens. Its one-stream rate is its decode rate (S_TG); its 8-stream cell gives the
# decode rate and, in brackets, new tokens over the whole run with its prefill, which is what `bench` reports.
#   LLAMA_CPP=~/llama.cpp/build/bin LLAMA_CPP_VOCAB=~/llama.cpp/models/ggml-vocab-gpt-2.gguf build/bench/cpu-performance.sh
set -euo pipefail
RUNS=${RUNS:-3}
DTYPES=${DTYPES:-auto int8 float32}
PEER_FORMATS=${PEER_FORMATS:-bf16 f16 q8_0 f32}
dotnet build -c Release Server -v q -nologo >/dev/null
DLL=Server/bin/Release/net10.0/AdventureServer.dll
out=$(mktemp -d /tmp/adventure-cpu-bench-XXXX)
trap 'rm -rf "$out"' EXIT
if [ -n "${LLAMA_CPP:-}" ]; then
  peer_version=$("$LLAMA_CPP/llama-batched-bench" --version 2>&1 | head -1 | sed 's/^version: //')
  for format in $PEER_FORMATS; do
    python3 "$(dirname "$0")/peer/gpt2_gguf.py" "${LLAMA_CPP_VOCAB:?set LLAMA_CPP_VOCAB to models/ggml-vocab-gpt-2.gguf of llama.cpp}" "$out/gpt2-$format.gguf" "$format"
  done
fi

# One row for llama.cpp in FORMAT: llama-batched-bench's lines for 1 and 8 sequences (S_TG is column 9, T column 10; B, TG are 4 and 3).
peer_row() {
  local run=$1 format=$2 lines load
  load=$(cut -d' ' -f1 /proc/loadavg)
  lines=$("$LLAMA_CPP/llama-batched-bench" -m "$out/gpt2-$format.gguf" -c 2048 -b 2048 -ub 512 -npp 128 -ntg 64 -npl 1,8 -t 2 2>/dev/null | grep '^| *128 ')
  echo "$lines" | awk -F'|' -v run="$run" -v format="$format" -v version="$peer_version" -v load="$load" '
    { gsub(/ /, ""); stg[$4] = $9; total[$4] = $4 * $3 / $10 }
    END { printf "| %s | llama.cpp %s (build %s, llama-batched-bench) | %s | %.3f (%.2f) | | %d | %.2f (%.2f with its prefill) | | | |\n",
            run, toupper(format), version, load, 1000 / stg[1], stg[1], stg[1], stg[8], total[8] }'
}

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
  if [ -n "${LLAMA_CPP:-}" ]; then
    for format in $PEER_FORMATS; do peer_row "$run" "$format"; done
  fi
done
echo
cat "$out"/*.json
