using static TorchSharp.torch;

namespace AdventureServer.Inference.Graphs;

/// <summary>
/// One captured CUDA graph: a step of TorchSharp ops recorded once and replayed as a single launch.
/// The step must read its inputs from, and write its outputs into, tensors that outlive the graph and
/// are changed in place between replays; it must not sync with the host (<c>.item()</c>, <c>.cpu()</c>)
/// or change shapes. <see cref="Warm"/> and <see cref="Capture"/> switch the calling thread's current
/// stream, so call them on the thread that owns the device, as every TorchSharp call there should be.
/// </summary>
/// <example>
/// <code>
/// using var graph = new CudaGraph(device);
/// for (var i = 0; i &lt; 3; i++) graph.Warm(Step);
/// graph.Capture(Step);
/// // each decode step: write the inputs in place, then
/// graph.Replay();
/// </code>
/// </example>
public sealed class CudaGraph : IDisposable
{
    readonly CudaGraphNative _native;
    readonly CudaGraphHandle _handle;

    /// <summary>An empty graph on a CUDA device, with its own stream from libtorch's pool.</summary>
    /// <exception cref="InvalidOperationException">Graphs are not available there (<see cref="CudaGraphSupport.IsAvailable(Device, out string)"/> says why), or the helper failed.</exception>
    public CudaGraph(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _native = CudaGraphSupport.Require(device);
        _handle = _native.Create(device.index);
    }

    /// <summary>Whether a capture has succeeded, so that <see cref="Replay"/> may be called.</summary>
    public bool IsCaptured { get; private set; }

    /// <summary>
    /// Runs <paramref name="step"/> eagerly on the graph's stream, after a device sync: warm-up runs
    /// there let cuBLAS and the caching allocator set up for that stream before the capture.
    /// </summary>
    public void Warm(Action step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        _native.SideBegin(_handle);
        try
        {
            step();
        }
        catch
        {
            _native.SideEndQuietly(_handle);
            throw;
        }
        _native.SideEnd(_handle);
    }

    /// <summary>Records <paramref name="step"/> into the graph without running it. A graph is captured once.</summary>
    /// <param name="step">The ops to record.</param>
    /// <param name="sharePoolWith">
    /// A captured graph whose private memory pool this capture allocates from, so that several graphs replayed
    /// one at a time hold one pool between them; null gives this graph a pool of its own.
    /// </param>
    public void Capture(Action step, CudaGraph? sharePoolWith = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (sharePoolWith is { IsCaptured: false })
            throw new ArgumentException("Only a captured graph has a memory pool to share.", nameof(sharePoolWith));
        _native.CaptureBegin(_handle, sharePoolWith?._handle);
        try
        {
            step();
        }
        catch
        {
            _native.CaptureEndQuietly(_handle);
            throw;
        }
        _native.CaptureEnd(_handle);
        IsCaptured = true;
    }

    /// <summary>Launches the captured step on the calling thread's current stream, after the work already queued there.</summary>
    public void Replay()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        _native.Replay(_handle);
    }

    /// <summary>Frees the graph and the memory its capture reserved.</summary>
    public void Dispose() => _handle.Dispose();
}
