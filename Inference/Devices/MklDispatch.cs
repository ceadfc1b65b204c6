using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AdventureServer.Inference.Devices;

/// <summary>
/// Lets libtorch's MKL use its AVX-512 or AVX2 kernels on AMD processors. MKL picks its code path by CPU vendor
/// and gives non-Intel CPUs a generic one; on this project's AMD EPYC machines the small matrix products of a
/// batched decode step (a few rows times gpt2's weights) then ran about half as fast as a single row's. Pinning
/// MKL's dispatch branch (<c>MKL_CBWR</c>) to the widest the CPU has made batch-8 decode steps about 1.6× faster on
/// a Zen 5 with AVX-512 (<c>AVX512</c>), and float32 4-row steps 56 against 79 ms on a Zen 3 without it
/// (<c>AVX2</c>; bench at 4 streams, README). It must be in the process environment before libtorch loads, so it
/// is set when this assembly loads; a value already set is left alone, and Intel CPUs and CPUs without AVX2 are
/// left to MKL.
/// </summary>
public static partial class MklDispatch
{
    const string Variable = "MKL_CBWR";

    /// <summary>The branch this process pinned MKL to (shown by <c>bench</c>), or null where it left MKL alone.</summary>
    public static string? PinnedBranch { get; private set; }

#pragma warning disable CA2255 // A library's module initializer: the variable must be set before any TorchSharp call loads libtorch.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void PinOnAmd()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null)
            return;
        try
        {
            var cpu = File.ReadAllText("/proc/cpuinfo");
            if (BranchFor(cpu) is { } branch && SetEnvironment(Variable, branch, overwrite: 0) == 0)
                PinnedBranch = branch;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            // Without it MKL still works, only slower on such CPUs.
        }
    }

    /// <summary>The branch to pin a CPU to, from the text of <c>/proc/cpuinfo</c>: a non-Intel CPU's widest of AVX-512 and AVX2 (with FMA), else null.</summary>
    internal static string? BranchFor(string cpuinfo)
    {
        if (cpuinfo.Contains("GenuineIntel", StringComparison.Ordinal))
            return null;
        var flags = CpuFeatures.FromCpuInfo(cpuinfo).Flags;
        return flags.Contains("avx512f") ? "AVX512" : flags.Contains("avx2") && flags.Contains("fma") ? "AVX2" : null;
    }

    // .NET's Environment.SetEnvironmentVariable does not reach the native environment that MKL reads.
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
