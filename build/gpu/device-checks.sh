#!/usr/bin/env bash
# The one script to run on a CUDA device machine (PyTorch + CUDA, no .NET), from the repository root,
# with the archive from build/gpu/publish.sh beside it:
#
#   build/gpu/device-checks.sh [ARCHIVE]      (default: gpu/adventureserver-gpu.tar.xz)
#
# Unpacks the server, points it at PyTorch's libtorch, builds the native CUDA graph helper when the
# CUDA headers are there, then runs the server's own measuring verbs, each under a timeout, within
# about 8 minutes in all. Every figure goes to $OUT/<step>.txt, one line per step to $OUT/summary.txt.
#
# Environment:
#   OUT                     results folder (default: gpu/out)
#   CHECK_DEVICE            cuda (default) or cpu: a dry run with tiny sizes, to test this script anywhere
#   ADVENTURE_SERVER_DIR    an already published or built server folder to use instead of the archive
#   PYTHON                  the interpreter that imports torch (default: the first of python3, python that does)
#   CHECK_BUDGET_S          seconds for all the measuring steps together (default 420)
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
archive=${1:-$root/gpu/adventureserver-gpu.tar.xz}
out=${OUT:-$root/gpu/out}
device=${CHECK_DEVICE:-cuda}
budget=${CHECK_BUDGET_S:-420}
mkdir -p "$out"
summary=$out/summary.txt
: >"$summary"
note() { echo "$*" | tee -a "$summary"; }

# --- the server ---------------------------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ -n "${ADVENTURE_SERVER_DIR:-}" ]]; then
  app=$(cd "$ADVENTURE_SERVER_DIR" && pwd)
else
  if [[ ! -f "$archive" ]]; then
    note "no archive at $archive: run build/gpu/publish.sh where .NET is installed"
    exit 1
  fi
  tar -xJf "$archive" -C "$work" || { note "could not unpack $archive"; exit 1; }
  app=$work/adventureserver-gpu
fi
if [[ -x "$app/AdventureServer" ]]; then
  server=("$app/AdventureServer")
elif [[ -f "$app/AdventureServer.dll" ]] && command -v dotnet >/dev/null 2>&1; then
  server=(dotnet "$app/AdventureServer.dll")
else
  note "no AdventureServer executable in $app"
  exit 1
fi
note "server: $app ($(cat "$app/COMMIT" 2>/dev/null || echo "no COMMIT file")), device $device"

# --- PyTorch's libtorch ---------------------------------------------------------------------------
python=""
for candidate in ${PYTHON:-} python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import torch' >/dev/null 2>&1; then
    python=$candidate
    break
  fi
done
if [[ -n "$python" ]]; then
  torch_lib=$("$python" -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
  export LD_LIBRARY_PATH=$torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  note "libtorch: $torch_lib"
elif [[ "$device" == cuda ]]; then
  note "no python that imports torch (set PYTHON): CUDA runs cannot find libtorch"
fi

{
  echo "== date"; date -u
  echo "== uname"; uname -a
  echo "== nvidia-smi"; nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1
  if [[ -n "$python" ]]; then
    echo "== torch"
    "$python" -c 'import torch;print(torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1
  fi
  echo "== g++"; g++ --version 2>&1 | head -1
  echo "== nvcc"; nvcc --version 2>&1 | tail -2
  echo "== ldd -r libLibTorchSharp.so (undefined symbols)"
  ldd -r "$app/libLibTorchSharp.so" 2>&1 | grep -cE 'undefined symbol|not found'
} >"$out/environment.txt" 2>&1

# --- the native CUDA graph helper -----------------------------------------------------------------
native_src=$app/native
[[ -d "$native_src" ]] || native_src=$root/Inference/Native
if [[ -n "$python" && -f "$native_src/build.sh" ]]; then
  if PYTHON=$python timeout 120 bash "$native_src/build.sh" "$app" >"$out/native-build.txt" 2>&1; then
    export ADVENTURE_CUDA_GRAPH=$app/libadventure_cuda_graph.so
    note "native helper: built ($ADVENTURE_CUDA_GRAPH)"
    ldd -r "$ADVENTURE_CUDA_GRAPH" >>"$out/native-build.txt" 2>&1
  else
    note "native helper: build failed, see native-build.txt"
  fi
else
  note "native helper: not built (no torch or no build.sh)"
fi

# --- the measuring steps ----------------------------------------------------------------------------
started=$SECONDS
failures=0
# step NAME SECONDS ARGS...: runs the server with ARGS under a timeout cut to what is left of the budget.
step() {
  local name=$1 limit=$2
  shift 2
  local left=$((budget - (SECONDS - started)))
  ((left < limit)) && limit=$left
  if ((limit < 15)); then
    note "$name: skipped, out of time"
    return
  fi
  local begin=$SECONDS
  timeout --kill-after=10 "$limit" "${server[@]}" "$@" >"$out/$name.txt" 2>&1
  local rc=$?
  local result
  result=$(grep '^{' "$out/$name.txt" | tail -1)
  ((rc == 124 || rc == 137)) && result="timed out after ${limit}s"
  # On the CPU dry run the graph check is expected to say that there is no CUDA.
  if ((rc != 0)) && ! [[ "$device" == cpu && "$name" == cuda-graph-check ]]; then
    failures=$((failures + 1))
  fi
  if [[ -z "$result" ]]; then
    result=$(grep -m1 -iE 'exception|error|fail|unavailable|not available' "$out/$name.txt" || tail -1 "$out/$name.txt")
  fi
  note "$name: rc $rc, $((SECONDS - begin))s: ${result:0:400}"
}

model=(--random-weights gpt2 --device "$device")
if [[ "$device" == cuda ]]; then
  model+=(--dtype float16)
  prompt=128 new=64 wide_new=32 streams=(1 128 512) runs=3 threads=0 replays=10000
else
  model+=(--dtype float32)
  prompt=16 new=4 wide_new=4 streams=(1 2 4) runs=1 threads=1 replays=100
fi

step cuda-graph-check 60 cuda-graph-check --replays "$replays"
step bench-single 60 bench-single "${model[@]}" --prompt-tokens "$prompt" --new-tokens "$new" --runs "$runs"
step "bench-streams-${streams[0]}" 60 bench "${model[@]}" --streams "${streams[0]}" --prompt-tokens "$prompt" --new-tokens "$new" --stagger-ms 0 --threads "$threads"
step "bench-streams-${streams[1]}" 100 bench "${model[@]}" --streams "${streams[1]}" --prompt-tokens "$prompt" --new-tokens "$new" --stagger-ms 5 --threads "$threads"
# The widest run also decodes every request one after another for comparison: fewer tokens keep it in time.
step "bench-streams-${streams[2]}" 200 bench "${model[@]}" --streams "${streams[2]}" --prompt-tokens "$prompt" --new-tokens "$wide_new" --stagger-ms 5 --threads "$threads"

note "done in $SECONDS s, $failures step(s) failed; figures in $out"
exit $((failures > 0))
