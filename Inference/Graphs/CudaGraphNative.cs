using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace AdventureServer.Inference.Graphs;

/// <summary>
/// The native helper <c>libadventure_cuda_graph</c> (Inference/Native/cuda_graph.cpp), bound at run time
/// through <see cref="NativeLibrary"/> rather than <c>[DllImport]</c>, so that a machine without it
/// loses nothing but graphs, and so that the helper (which pulls in libtorch_cuda) is only loaded
/// once CUDA is known to be there.
/// </summary>
internal sealed unsafe class CudaGraphNative
{
    /// <summary>The environment variable naming the helper, or the folder that holds it.</summary>
    public const string PathVariable = "ADVENTURE_CUDA_GRAPH";

    /// <summary>The helper's file name on Linux, the one platform build.sh targets.</summary>
    public const string FileName = "libadventure_cuda_graph.so";

    /// <summary>The <c>adventure_cuda_graph_abi_version()</c> this binding was written against.</summary>
    public const int AbiVersion = 2;

    const string Prefix = "adventure_cuda_graph_";

    readonly delegate* unmanaged<IntPtr> _lastError;
    readonly delegate* unmanaged<int, IntPtr*, int> _create;
    readonly delegate* unmanaged<IntPtr, int> _sideBegin;
    readonly delegate* unmanaged<IntPtr, int> _sideEnd;
    readonly delegate* unmanaged<IntPtr, IntPtr, int> _captureBegin;
    readonly delegate* unmanaged<IntPtr, int> _captureEnd;
    readonly delegate* unmanaged<IntPtr, int> _replay;
    readonly delegate* unmanaged<IntPtr, void> _destroy;
    readonly delegate* unmanaged<int, long*, long*, int> _memoryStats;

    CudaGraphNative(IntPtr library)
    {
        _lastError = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(library, Prefix + "last_error");
        _create = (delegate* unmanaged<int, IntPtr*, int>)NativeLibrary.GetExport(library, Prefix + "create");
        _sideBegin = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(library, Prefix + "side_begin");
        _sideEnd = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(library, Prefix + "side_end");
        _captureBegin = (delegate* unmanaged<IntPtr, IntPtr, int>)NativeLibrary.GetExport(library, Prefix + "capture_begin");
        _captureEnd = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(library, Prefix + "capture_end");
        _replay = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(library, Prefix + "replay");
        _destroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(library, Prefix + "destroy");
        _memoryStats = (delegate* unmanaged<int, long*, long*, int>)NativeLibrary.GetExport(library, Prefix + "memory_stats");
    }

    /// <summary>Where to look, in order: <see cref="PathVariable"/> (a file or a folder), beside the executable, then the loader's own search.</summary>
    public static IReadOnlyList<string> Candidates(string? variable, string baseDirectory)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(variable))
            candidates.Add(Directory.Exists(variable) ? Path.Combine(variable, FileName) : variable);
        candidates.Add(Path.Combine(baseDirectory, FileName));
        candidates.Add("adventure_cuda_graph");
        return candidates;
    }

    /// <summary>The candidates for this process.</summary>
    public static IReadOnlyList<string> DefaultCandidates() =>
        Candidates(Environment.GetEnvironmentVariable(PathVariable), AppContext.BaseDirectory);

    /// <summary>
    /// Binds the first candidate that loads (a path, or a bare name the loader finds) and is this
    /// helper at this API version; otherwise false, with what went wrong for each. Never throws.
    /// </summary>
    public static bool TryLoad(IReadOnlyList<string> candidates, [NotNullWhen(true)] out CudaGraphNative? native, out string reason)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        native = null;
        var failures = new List<string>();
        foreach (var candidate in candidates)
        {
            if (Path.IsPathRooted(candidate) && !File.Exists(candidate))
            {
                failures.Add($"{candidate}: no such file");
                continue;
            }
            IntPtr library;
            try
            {
                library = Path.IsPathRooted(candidate)
                    ? NativeLibrary.Load(candidate)
                    : NativeLibrary.Load(candidate, typeof(CudaGraphNative).Assembly, searchPath: null);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                failures.Add(Path.IsPathRooted(candidate)
                    ? $"{candidate}: {LoaderErrors(e.Message)}"
                    : $"{candidate}: not beside the executable nor on LD_LIBRARY_PATH");
                continue;
            }
            if (TryBind(library, out native, out var problem))
            {
                reason = $"loaded {candidate}";
                return true;
            }
            NativeLibrary.Free(library);
            failures.Add($"{candidate}: {problem}");
        }
        reason = $"the CUDA graph helper {FileName} was not loaded ({string.Join("; ", failures)}); build it with Inference/Native/build.sh, and start with LD_LIBRARY_PATH set to PyTorch's torch/lib";
        return false;
    }

    // .NET's message opens with a paragraph of advice, then gives the loader's error for each path tried.
    static string LoaderErrors(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 1 ? string.Join("; ", lines.Skip(1)) : message;
    }

    static bool TryBind(IntPtr library, [NotNullWhen(true)] out CudaGraphNative? native, out string problem)
    {
        native = null;
        if (!NativeLibrary.TryGetExport(library, Prefix + "abi_version", out var versionExport))
        {
            problem = $"not the CUDA graph helper (no {Prefix}abi_version)";
            return false;
        }
        var version = ((delegate* unmanaged<int>)versionExport)();
        if (version != AbiVersion)
        {
            problem = $"helper API version {version}, this build expects {AbiVersion}; rebuild it from this checkout";
            return false;
        }
        try
        {
            native = new CudaGraphNative(library);
            problem = "";
            return true;
        }
        catch (EntryPointNotFoundException e)
        {
            problem = e.Message;
            return false;
        }
    }

    /// <summary>A new graph with its own pool stream on CUDA device <paramref name="deviceIndex"/> (-1: the current one).</summary>
    public CudaGraphHandle Create(int deviceIndex)
    {
        IntPtr raw;
        Check(_create(deviceIndex, &raw), "create");
        return new CudaGraphHandle(raw, this);
    }

    public void SideBegin(CudaGraphHandle graph) => Check(Call(graph, _sideBegin), "warm-up begin");

    public void SideEnd(CudaGraphHandle graph) => Check(Call(graph, _sideEnd), "warm-up end");

    /// <param name="graph">The graph to capture into.</param>
    /// <param name="sharePoolWith">A captured graph whose memory pool the capture allocates from, or null for a pool of its own.</param>
    public void CaptureBegin(CudaGraphHandle graph, CudaGraphHandle? sharePoolWith)
    {
        var (added, addedPool) = (false, false);
        try
        {
            graph.DangerousAddRef(ref added);
            sharePoolWith?.DangerousAddRef(ref addedPool);
            var pool = sharePoolWith?.DangerousGetHandle() ?? IntPtr.Zero;
            Check(_captureBegin(graph.DangerousGetHandle(), pool), "capture begin");
        }
        finally
        {
            if (addedPool)
                sharePoolWith!.DangerousRelease();
            if (added)
                graph.DangerousRelease();
        }
    }

    public void CaptureEnd(CudaGraphHandle graph) => Check(Call(graph, _captureEnd), "capture end");

    public void Replay(CudaGraphHandle graph) => Check(Call(graph, _replay), "replay");

    /// <summary>Ends the stream switch after a failed step; its own failure would only hide the step's exception.</summary>
    public void SideEndQuietly(CudaGraphHandle graph) => Call(graph, _sideEnd);

    /// <summary>Ends a capture whose step failed, restoring the stream; the capture itself is lost.</summary>
    public void CaptureEndQuietly(CudaGraphHandle graph) => Call(graph, _captureEnd);

    /// <summary>Frees a graph; called once, by its handle.</summary>
    public void Destroy(IntPtr raw) => _destroy(raw);

    /// <summary>libtorch's caching allocator figures for a device: bytes in live tensors, bytes reserved.</summary>
    public (long Allocated, long Reserved) MemoryStats(int deviceIndex)
    {
        long allocated, reserved;
        Check(_memoryStats(deviceIndex, &allocated, &reserved), "memory stats");
        return (allocated, reserved);
    }

    static int Call(CudaGraphHandle graph, delegate* unmanaged<IntPtr, int> function)
    {
        var added = false;
        try
        {
            graph.DangerousAddRef(ref added);
            return function(graph.DangerousGetHandle());
        }
        finally
        {
            if (added)
                graph.DangerousRelease();
        }
    }

    // The message is thread-local on the native side: read it on the thread that failed, right away.
    void Check(int status, string operation)
    {
        if (status != 0)
            throw new InvalidOperationException($"CUDA graph {operation} failed: {Marshal.PtrToStringUTF8(_lastError())}");
    }
}
