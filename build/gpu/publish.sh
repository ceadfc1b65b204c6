#!/usr/bin/env bash
# Packs the server for a CUDA host that has PyTorch but no .NET: a self-contained linux-x64 publish
# against the plain TorchSharp package (TorchBackend=cuda), without any libtorch (the host's PyTorch
# provides it), plus the native CUDA graph helper's source to build there.
#
#   build/gpu/publish.sh [ARCHIVE]     (default: gpu/adventureserver-gpu.tar.xz, git-ignored)
#
# The archive unpacks to adventureserver-gpu/; build/gpu/device-checks.sh runs it on the host.
# Server/DefaultModel stays out (the checks use random weights, and the checkout has it): the archive
# travels to the device machine beside the working tree, within 64 MiB in all.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
archive=${1:-$root/gpu/adventureserver-gpu.tar.xz}
case "$archive" in /*) ;; *) archive=$PWD/$archive ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/adventureserver-gpu

# A separate artifacts folder keeps the CUDA restore out of the checkout's obj/ (its CPU build stays intact).
# English only: the satellite resource folders of the framework and packages are 2 MB nobody reads there.
dotnet publish "$root/Server" -c Release -r linux-x64 --self-contained -p:TorchBackend=cuda \
  -p:SatelliteResourceLanguages=en --artifacts-path "$work/artifacts" -o "$out" -v quiet -nologo

# libtorch comes from the host's PyTorch (LD_LIBRARY_PATH=torch/lib); a copy here would shadow it.
find "$out" \( -name 'libtorch*.so*' -o -name 'libc10*.so*' -o -name 'libgomp*.so*' \) -print -delete |
  sed 's/^/removed /'
# The default model is in the checkout; the managed debugger's libraries are not needed to run.
rm -rf "$out/DefaultModel" "$out/libmscordaccore.so" "$out/libmscordbi.so"

mkdir -p "$out/native"
cp "$root/Inference/Native/cuda_graph.cpp" "$root/Inference/Native/build.sh" "$root/Inference/Native/README.md" "$out/native/"
git -C "$root" describe --always --dirty >"$out/COMMIT" 2>/dev/null || echo unknown >"$out/COMMIT"

mkdir -p "$(dirname "$archive")"
tar -C "$work" -cf - adventureserver-gpu | xz -T2 -6 >"$archive.partial"
mv "$archive.partial" "$archive"
echo "$archive: $(du -h "$archive" | cut -f1) ($(du -sh "$out" | cut -f1) unpacked)"
