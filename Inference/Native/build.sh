#!/usr/bin/env bash
# Builds libadventure_cuda_graph.so against the libtorch of this machine's PyTorch install.
#
#   Inference/Native/build.sh [OUTPUT_DIR]     (default: beside this script)
#
# Needs g++ (C++17), python3 with a CUDA build of PyTorch, and the CUDA runtime headers: from the
# toolkit ($CUDA_HOME, or the folder above nvcc) or from PyTorch's nvidia/* wheels. PYTHON picks
# another interpreter (a virtual environment's); CXXFLAGS are passed on to g++.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out_dir=${1:-$here}
python=${PYTHON:-python3}

torch_dir=$("$python" -c 'import torch,os;print(os.path.dirname(torch.__file__))')
site_dir=$(dirname "$torch_dir")
# Match PyTorch's std::string ABI: the helper passes libtorch C++ objects (c10::Error) across.
cxx11_abi=$("$python" -c 'import torch;print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')

includes=(-I "$torch_dir/include" -I "$torch_dir/include/torch/csrc/api/include")
cuda_home=${CUDA_HOME:-${CUDA_PATH:-}}
if [[ -z "$cuda_home" ]] && command -v nvcc >/dev/null 2>&1; then
  cuda_home=$(dirname "$(dirname "$(readlink -f "$(command -v nvcc)")")")
fi
candidates=("$site_dir"/nvidia/*/include)
if [[ -n "$cuda_home" ]]; then
  candidates=("$cuda_home/targets/x86_64-linux/include" "$cuda_home/include" "${candidates[@]}")
fi
found_runtime=false
for dir in "${candidates[@]}"; do
  if [[ -d "$dir" ]]; then
    includes+=(-I "$dir")
    if [[ -f "$dir/cuda_runtime_api.h" ]]; then found_runtime=true; fi
  fi
done
if ! $found_runtime; then
  echo "build.sh: cuda_runtime_api.h not found (set CUDA_HOME, put nvcc on PATH, or install PyTorch's nvidia runtime wheel)" >&2
  exit 2
fi

mkdir -p "$out_dir"
# The CUDA runtime functions that libtorch's headers call inline (cudaEvent*) resolve through
# libtorch_cuda's own dependency on libcudart, so libtorch_cuda must stay NEEDED (--no-as-needed).
# shellcheck disable=SC2086 # CXXFLAGS is a list of flags
g++ -O2 -fPIC -shared -std=c++17 -D_GLIBCXX_USE_CXX11_ABI="$cxx11_abi" ${CXXFLAGS:-} \
  "${includes[@]}" \
  "$here/cuda_graph.cpp" \
  -L "$torch_dir/lib" -Wl,-rpath,"$torch_dir/lib" -Wl,--no-as-needed \
  -ltorch -ltorch_cuda -ltorch_cpu -lc10_cuda -lc10 \
  -o "$out_dir/libadventure_cuda_graph.so"
echo "$out_dir/libadventure_cuda_graph.so"
