namespace AdventureServer.Inference.Devices;

/// <summary>How much memory this machine has free for the KV-cache pool.</summary>
public static class MachineMemory
{
    /// <summary>
    /// Bytes available now: the smaller of Linux's <c>MemAvailable</c> (free memory plus caches it can drop) and
    /// what the runtime reports as the memory it may use (physical memory, or a container's limit, which
    /// <c>/proc/meminfo</c> inside a container does not show).
    /// </summary>
    public static long AvailableBytes()
    {
        var runtime = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var linux = LinuxAvailableBytes();
        return linux is { } free ? Math.Min(free, runtime) : runtime;
    }

    static long? LinuxAvailableBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)
                    && long.TryParse(line["MemAvailable:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var kib))
                    return kib * 1024;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }
}
