using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AdventureServer.Inference.Devices;

/// <summary>
/// Lets libtorch's MKL use its AVX-512 kernels on AMD processors that have AVX-512. MKL picks its code
/// path by CPU vendor and gives non-Intel CPUs a generic one; on this project's AMD EPYC machines the
/// small matrix products of a batched decode step (a few rows times gpt2's weights) then ran about half
/// as fast as a single row's. Pinning MKL's dispatch branch (<c>MKL_CBWR=AVX512</c>) made batch-8 decode
/// steps about 1.6× faster there (bench at 8 streams, README). It must be in the process environment
/// before libtorch loads, so it is set when this assembly loads; a value already set is left alone, and
/// Intel CPUs and CPUs without AVX-512 are left to MKL.
/// </summary>
public static partial class MklDispatch
{
    const string Variable = "MKL_CBWR";

    /// <summary>The branch this process pinned MKL to (shown by <c>bench</c>), or null where it left MKL alone.</summary>
    public static string? PinnedBranch { get; private set; }

#pragma warning disable CA2255 // A library's module initializer: the variable must be set before any TorchSharp call loads libtorch.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void PinOnAmdWithAvx512()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null)
            return;
        try
        {
            var cpu = File.ReadAllText("/proc/cpuinfo");
            if (ShouldPin(cpu) && SetEnvironment(Variable, "AVX512", overwrite: 0) == 0)
                PinnedBranch = "AVX512";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            // Without it MKL still works, only slower on such CPUs.
        }
    }

    /// <summary>True for a non-Intel CPU with AVX-512, from the text of <c>/proc/cpuinfo</c>.</summary>
    internal static bool ShouldPin(string cpuinfo) =>
        !cpuinfo.Contains("GenuineIntel", StringComparison.Ordinal) && cpuinfo.Contains(" avx512f", StringComparison.Ordinal);

    // .NET's Environment.SetEnvironmentVariable does not reach the native environment that MKL reads.
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
