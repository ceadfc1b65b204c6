using System.Runtime.InteropServices;

namespace AdventureServer.Inference.Graphs;

/// <summary>Owns one native graph; frees it (and its memory pool) exactly once, even if its owner is never disposed.</summary>
internal sealed class CudaGraphHandle : SafeHandle
{
    readonly CudaGraphNative _native;

    public CudaGraphHandle(IntPtr raw, CudaGraphNative native) : base(IntPtr.Zero, ownsHandle: true)
    {
        _native = native;
        SetHandle(raw);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        _native.Destroy(handle);
        return true;
    }
}
