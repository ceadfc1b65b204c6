namespace AdventureServer.Inference.Devices;

/// <summary>
/// What the CPU offers for bfloat16, read from the flags of <c>/proc/cpuinfo</c> (Linux; elsewhere none
/// are known and float32 stays the default). oneDNN runs bfloat16 matrix products natively where the CPU has
/// <c>avx512_bf16</c> or AMX (<c>amx_bf16</c>); there gpt2's decode step took 13 ms against 33 ms in float32
/// (docs/cpu.md). Without them bfloat16 is emulated and no faster.
/// </summary>
public sealed class CpuFeatures
{
    static readonly Lazy<CpuFeatures> s_thisMachine = new(() => FromCpuInfo(ReadCpuInfo()));

    CpuFeatures(IReadOnlySet<string> flags) => Flags = flags;

    /// <summary>The flags of this machine's CPU (empty where <c>/proc/cpuinfo</c> cannot be read).</summary>
    public static CpuFeatures ThisMachine => s_thisMachine.Value;

    /// <summary>The CPU's feature flags, lower case.</summary>
    public IReadOnlySet<string> Flags { get; }

    /// <summary>The flag that gives native bfloat16 matrix products, or null where there is none.</summary>
    public string? BFloat16Flag => Flags.Contains("amx_bf16") ? "amx_bf16" : Flags.Contains("avx512_bf16") ? "avx512_bf16" : null;

    /// <summary>Parses the text of <c>/proc/cpuinfo</c>: the first <c>flags</c> line.</summary>
    public static CpuFeatures FromCpuInfo(string cpuInfo)
    {
        ArgumentNullException.ThrowIfNull(cpuInfo);
        foreach (var line in cpuInfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == "flags")
                return new CpuFeatures(line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(flag => flag.ToLowerInvariant()).ToHashSet());
        }
        return new CpuFeatures(new HashSet<string>());
    }

    static string ReadCpuInfo()
    {
        try
        {
            return File.Exists("/proc/cpuinfo") ? File.ReadAllText("/proc/cpuinfo") : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
