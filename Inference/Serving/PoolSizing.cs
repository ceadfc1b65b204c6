using AdventureServer.Inference.Model;

namespace AdventureServer.Inference.Serving;

/// <summary>
/// Sizes the KV-cache pool when <see cref="InferenceOptions.MaxConcurrentSequences"/> is 0 (auto): as many rows as fit
/// in a quarter of the memory left beside the weights, within a ceiling on the CPU that falls as the model grows. A small
/// model's rows are small and cheap (the bundled one's are 2 MB in float32, gpt2's 38 MB in bfloat16 at 1024 positions),
/// so it batches far more players than a large one.
/// </summary>
public static class PoolSizing
{
    /// <summary>The share of the memory left beside the weights that the pool may take.</summary>
    public const double MemoryShare = 0.25;

    /// <summary>
    /// The most rows on the CPU: a decode step's cost grows with the rows decoding, and the start-up warm-up runs every
    /// batch size once, so more rows than this would make every player wait on each step and the start slow.
    /// </summary>
    public const int MostRowsOnCpu = 64;

    /// <summary>
    /// On the CPU a decoding row costs work in proportion to the model's parameters (2 per parameter per token), so
    /// the rows are also held to this many parameter-rows: 16 rows of gpt2 (124 M parameters), the default before the
    /// pool was sized, and 64 of the bundled model (7 M).
    /// </summary>
    public const long CpuParameterRows = 2_000_000_000;

    /// <summary>Rows on CUDA, whose free memory the engine does not query: the fixed default of earlier versions.</summary>
    public const int RowsOnCuda = 16;

    /// <summary>Bytes one row takes: its keys and values at every layer over the context (and the scratch position), and its sampling masks.</summary>
    public static long BytesPerRow(Gpt2Config config, int context, int elementBytes)
    {
        ArgumentNullException.ThrowIfNull(config);
        return 2L * config.NLayer * config.NEmbd * (context + 1) * elementBytes + 2L * config.VocabSize;
    }

    /// <summary>Chooses the rows.</summary>
    /// <param name="config">The model's shape.</param>
    /// <param name="context">Positions per row.</param>
    /// <param name="elementBytes">Bytes per cached number (4 in float32, 2 in float16 and bfloat16).</param>
    /// <param name="parameters">The model's parameters (the CPU's row ceiling is in parameter-rows).</param>
    /// <param name="weightBytes">The model's weights.</param>
    /// <param name="availableBytes">Memory available on the device that holds the pool.</param>
    /// <param name="onCuda">The pool lives on a GPU.</param>
    public static PoolSize Choose(Gpt2Config config, int context, int elementBytes, long parameters, long weightBytes, long availableBytes, bool onCuda)
    {
        if (onCuda)
            return new PoolSize(RowsOnCuda, $"auto: {RowsOnCuda} rows, the fixed default on CUDA (its free memory is not queried)");
        var perRow = BytesPerRow(config, context, elementBytes);
        var share = (long)(Math.Max(0, availableBytes - weightBytes) * MemoryShare);
        var fit = share / perRow;
        var ceiling = (int)Math.Clamp(CpuParameterRows / Math.Max(1, parameters), 1, MostRowsOnCpu);
        var rows = (int)Math.Clamp(fit, 1, ceiling);
        var why = fit > ceiling ? $"the CPU's ceiling for {parameters / 1e6:F0} M parameters; {fit} would fit"
            : fit < 1 ? "not even one fits, so one"
            : "as many as fit";
        return new PoolSize(rows, $"auto: {rows} rows of {Megabytes(perRow)} ({why} in a quarter of the {Megabytes(Math.Max(0, availableBytes - weightBytes))} available beside the weights)");
    }

    static string Megabytes(long bytes) => bytes >= 1L << 30
        ? $"{bytes / (double)(1L << 30):F1} GiB"
        : $"{bytes / (double)(1L << 20):F1} MiB";
}
