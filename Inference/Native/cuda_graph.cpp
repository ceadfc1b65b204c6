// libadventure_cuda_graph: a C API over libtorch's at::cuda::CUDAGraph, for TorchSharp, which exposes
// neither CUDA graphs nor streams. Every TorchSharp op runs on libtorch's *current* CUDA stream of the
// calling thread, so making a pool stream current around a step is enough to warm it up or capture it
// there. The C# side is Inference/Graphs/CudaGraphNative.cs; build with build.sh (README.md).
//
// Every function returns 0 on success and -1 on failure, never lets a C++ exception cross the
// boundary, and leaves the failure's message for adventure_cuda_graph_last_error() on the calling
// thread. All calls on one graph belong on one thread: the current stream is per thread.

#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <c10/util/Exception.h>

#include <cstdint>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>

#define ADVENTURE_API extern "C" __attribute__((visibility("default")))

namespace {

// Bumped whenever a signature below changes; the C# side refuses a helper of another version.
constexpr int kAbiVersion = 2;

thread_local std::string last_error;

void set_error(const char* message) noexcept {
  try {
    last_error = message;
  } catch (...) {
    // Out of memory for the message itself: the -1 status still tells the caller.
  }
}

struct Graph {
  explicit Graph(c10::DeviceIndex device_index)
      : stream(c10::cuda::getStreamFromPool(false, device_index)) {}

  // A pool stream, never the default one: CUDA graphs cannot be captured on the legacy default stream.
  c10::cuda::CUDAStream stream;
  at::cuda::CUDAGraph graph;
  // Holds the pool stream (and its device) current between a *_begin and its *_end; resetting it
  // restores the thread's previous device and stream.
  std::optional<c10::cuda::CUDAStreamGuard> on_stream;
  bool capturing = false;
  bool captured = false;
};

// Runs body, turning any C++ exception into -1 and a message.
template <typename Body>
int guarded(Body&& body) noexcept {
  try {
    body();
    return 0;
  } catch (const c10::Error& e) {
    set_error(e.what_without_backtrace());
  } catch (const std::exception& e) {
    set_error(e.what());
  } catch (...) {
    set_error("unknown C++ exception");
  }
  return -1;
}

Graph& checked(void* handle) {
  if (handle == nullptr)
    throw std::invalid_argument("null CUDA graph handle");
  return *static_cast<Graph*>(handle);
}

void enter_side_stream(Graph& g) {
  if (g.on_stream.has_value())
    throw std::logic_error("the graph's stream is already current: an earlier begin was not ended");
  g.on_stream.emplace(g.stream);
  try {
    // Work queued on the previous stream (inputs being written) must be done before the pool stream
    // reads it; the pool stream does not wait for other streams by itself.
    c10::cuda::device_synchronize();
  } catch (...) {
    g.on_stream.reset();
    throw;
  }
}

// Restores the previous stream when it leaves scope, whatever happened before.
struct LeaveSideStream {
  Graph& g;
  ~LeaveSideStream() { g.on_stream.reset(); }
};

}  // namespace

/// The version of this API; the C# side checks it before binding the rest.
ADVENTURE_API int adventure_cuda_graph_abi_version() { return kAbiVersion; }

/// The message of the calling thread's last failure (empty if none); valid until its next call.
ADVENTURE_API const char* adventure_cuda_graph_last_error() { return last_error.c_str(); }

/// A new graph on CUDA device `device` (-1: the current device), with its own stream from libtorch's pool.
ADVENTURE_API int adventure_cuda_graph_create(int device, void** out) {
  return guarded([&] {
    if (out == nullptr)
      throw std::invalid_argument("null output pointer");
    *out = nullptr;
    const auto index = device < 0 ? c10::cuda::current_device() : static_cast<c10::DeviceIndex>(device);
    *out = new Graph(index);
  });
}

/// Syncs the device and makes the graph's stream current: the step that follows runs where it will be
/// captured, so cuBLAS and the caching allocator set up for that stream now and not during capture.
ADVENTURE_API int adventure_cuda_graph_side_begin(void* handle) {
  return guarded([&] {
    auto& g = checked(handle);
    if (g.capturing)
      throw std::logic_error("side_begin during a capture");
    enter_side_stream(g);
  });
}

/// Waits for the graph's stream, then restores the previous stream.
ADVENTURE_API int adventure_cuda_graph_side_end(void* handle) {
  return guarded([&] {
    auto& g = checked(handle);
    if (g.capturing)
      throw std::logic_error("side_end during a capture; end it with capture_end");
    if (!g.on_stream.has_value())
      throw std::logic_error("side_end without side_begin");
    LeaveSideStream leave{g};
    g.stream.synchronize();
  });
}

/// As side_begin, then starts capturing the graph's stream: the ops that follow are recorded, not run.
/// With `share_pool_with` (a captured graph, or null) the capture allocates from that graph's private
/// memory pool instead of a new one: safe when the graphs are replayed one at a time and keep nothing
/// in the pool between replays (their outputs go to tensors allocated outside any capture).
ADVENTURE_API int adventure_cuda_graph_capture_begin(void* handle, void* share_pool_with) {
  return guarded([&] {
    auto& g = checked(handle);
    if (g.captured)
      throw std::logic_error("this graph already holds a capture; create another graph");
    decltype(g.graph.pool()) pool{0, 0};
    if (share_pool_with != nullptr) {
      auto& owner = checked(share_pool_with);
      if (!owner.captured)
        throw std::logic_error("a capture can share the memory pool of a captured graph only");
      pool = owner.graph.pool();
    }
    enter_side_stream(g);
    try {
      g.graph.capture_begin(pool);
    } catch (...) {
      g.on_stream.reset();
      throw;
    }
    g.capturing = true;
  });
}

/// Ends the capture and instantiates the graph, then restores the previous stream (also on failure).
ADVENTURE_API int adventure_cuda_graph_capture_end(void* handle) {
  return guarded([&] {
    auto& g = checked(handle);
    if (!g.capturing)
      throw std::logic_error("capture_end without capture_begin");
    // capture_end must see the capture stream as current, so the stream is restored only afterwards.
    LeaveSideStream leave{g};
    g.capturing = false;
    g.graph.capture_end();
    g.captured = true;
  });
}

/// Launches the captured graph on the calling thread's current stream, after the work already queued there.
ADVENTURE_API int adventure_cuda_graph_replay(void* handle) {
  return guarded([&] {
    auto& g = checked(handle);
    if (!g.captured)
      throw std::logic_error("replay before a successful capture");
    g.graph.replay();
  });
}

/// Frees the graph and its memory pool; ends a capture left open and restores the stream first.
ADVENTURE_API void adventure_cuda_graph_destroy(void* handle) {
  if (handle == nullptr)
    return;
  auto* g = static_cast<Graph*>(handle);
  if (g->capturing) {
    g->capturing = false;
    guarded([&] { g->graph.capture_end(); });
  }
  g->on_stream.reset();
  guarded([&] { delete g; });
}

/// Bytes held by live tensors on `device` (-1: current) and bytes reserved by libtorch's caching
/// allocator there: torch.cuda.memory_allocated() and memory_reserved(), which TorchSharp lacks.
ADVENTURE_API int adventure_cuda_graph_memory_stats(int device, int64_t* allocated, int64_t* reserved) {
  return guarded([&] {
    if (allocated == nullptr || reserved == nullptr)
      throw std::invalid_argument("null output pointer");
    const auto index = device < 0 ? c10::cuda::current_device() : static_cast<c10::DeviceIndex>(device);
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(index);
    // Index 0 is StatType::AGGREGATE in every release; the enum's namespace moved between releases.
    *allocated = stats.allocated_bytes[0].current;
    *reserved = stats.reserved_bytes[0].current;
  });
}
