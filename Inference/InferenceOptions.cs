namespace AdventureServer.Inference;

/// <summary>Settings of the inference subsystem, bound from the <c>Inference</c> section of appsettings.json.</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary><c>auto</c> (CUDA when present, else CPU), <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>
    /// <c>auto</c>, <c>float32</c>, <c>float16</c>, <c>bfloat16</c> or <c>int8</c>. Auto: float16 on CUDA; on the CPU bfloat16 where
    /// it has <c>avx512_bf16</c> or AMX (2.5× faster decode than float32 there), float32 elsewhere. <c>int8</c> (CPU
    /// only, never chosen by auto): the linear and output layers' weights quantized at load to int8 in blocks of 32
    /// (Q8_0 style), activations and the KV cache in float32.
    /// </summary>
    public string DType { get; set; } = "auto";

    /// <summary>A Hugging Face model folder, <c>hf:NAME</c>, or empty for the bundled default model.</summary>
    public string Model { get; set; } = "";

    /// <summary>Instead of <see cref="Model"/>: a random-weight model of a real GPT-2 shape (gpt2 … gpt2-xl), for speed work.</summary>
    public string? RandomWeights { get; set; }

    /// <summary>
    /// Sequences decoded together at most (the KV-cache pool's slot count); 0 sizes the pool from the model's and the
    /// machine's memory (<see cref="Serving.PoolSizing"/>).
    /// </summary>
    public int MaxConcurrentSequences { get; set; }

    /// <summary>Positions each cache slot holds; at most the model's window (0 = the model's window).</summary>
    public int MaxContext { get; set; }

    /// <summary>Requests that may wait for a slot; one more is refused at once as busy.</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Prompt tokens prefilled per step for one sequence, so a long story does not stall everyone's next token.</summary>
    public int PrefillChunkTokens { get; set; } = 128;

    /// <summary>
    /// Tokens one step carries at most while sequences are decoding: the decoding rows' next tokens plus a
    /// prompt chunk, which shrinks to fit (never below <see cref="MinPrefillChunkTokens"/>), so a new story's
    /// prompt costs the players already reading little more than a plain step. 0 means no budget: a step
    /// prefills up to <see cref="MaxPrefillTokensPerStep"/> of several prompts; unset, it is <see cref="CpuStepTokenBudget"/> on the CPU (<see cref="CpuBFloat16StepTokenBudget"/> for bfloat16 weights), where a step's
    /// cost grows with its tokens, and 0 on a GPU, where it hardly does. With a budget and no sequence decoding,
    /// a step prefills one chunk of <see cref="PrefillChunkTokens"/>.
    /// </summary>
    public int? StepTokenBudget { get; set; }

    /// <summary>The step token budget on the CPU when <see cref="StepTokenBudget"/> is unset, for float32 and int8 weights.</summary>
    public const int CpuStepTokenBudget = 32;

    /// <summary>
    /// The step token budget on the CPU when <see cref="StepTokenBudget"/> is unset, for bfloat16 weights: room for a whole
    /// default chunk (<see cref="PrefillChunkTokens"/>, 128) beside up to 64 decoding rows, the CPU pool's most. There a
    /// decode step is bound by reading the weights (gpt2: 247 MB) while prompt tokens run at oneDNN's bfloat16 matrix speed,
    /// so 128 of them cost about six 8-row decode steps (85–105 against 13–16 ms); in float32 five, in int8 over ten. A
    /// budget of 128 left 128 − D beside D decoding rows, so every 128-token prompt went as two chunks of 64 (each step
    /// 60–70 ms, one step later to its first token). Measured with `bench --streams 8` on a Zen 4, three alternated pairs
    /// (2026-12-07): 192 gave 256–279 tokens/s against 213–238, speedup 2.95–3.07 against 2.27–2.73, TTFT p99 498–648
    /// against 810–1083 ms, but ITL p99 117–165 against 96–135 ms (half as many steps with a chunk, each longer). Earlier,
    /// 128 had beaten 32 (204–221 against 180–183 tokens/s); in int8 and float32 the larger budget raised ITL p99 1.7–2.1×.
    /// </summary>
    public const int CpuBFloat16StepTokenBudget = 192;

    /// <summary>
    /// The budget a worker runs with: <paramref name="configured"/>, or when unset <see cref="CpuBFloat16StepTokenBudget"/> or
    /// <see cref="CpuStepTokenBudget"/> on the CPU (as <paramref name="bfloat16Weights"/>) and none (0) on a GPU.
    /// </summary>
    public static int StepTokenBudgetFor(int? configured, bool onCpu, bool bfloat16Weights) =>
        Math.Max(0, configured ?? (!onCpu ? 0 : bfloat16Weights ? CpuBFloat16StepTokenBudget : CpuStepTokenBudget));

    /// <summary>
    /// Without a step token budget (a GPU), prompt tokens one step prefills at most, across several waiting
    /// prompts in one forward pass, so many players starting at once get their first tokens together.
    /// </summary>
    public int MaxPrefillTokensPerStep { get; set; } = 2048;

    /// <summary>The smallest prompt chunk a step carries, however many sequences decode.</summary>
    public int MinPrefillChunkTokens { get; set; } = 8;

    /// <summary>Capture the decode step as CUDA graphs where the native helper and CUDA are present.</summary>
    public bool CudaGraphs { get; set; } = true;

    /// <summary>
    /// Run decode steps at bucketed shapes (batch 1, 2, 4, … and length 256, 512, …, padding the rest) even
    /// without CUDA graphs, which always use them; for tests of the graph path's shapes on any machine.
    /// </summary>
    public bool PadDecodeSteps { get; set; }

    /// <summary>
    /// Give a decoding story the same bits whatever shares its steps (bfloat16 on a CPU with the decode kernel; other
    /// dtypes are unaffected). Every decode step's products are the kernel's, up to
    /// <see cref="Kernels.BFloat16Linear.MaxBatchInvariantRows"/> rows rather than <see cref="Kernels.BFloat16Linear.MaxRows"/>
    /// (past which libtorch's would round otherwise), and where a step also prefills another request's prompt chunk its
    /// decoding rows keep them too, the chunk's rows being libtorch's. So the same seed and story give the same text
    /// whoever else is playing, while the prompt is cut the same way. Steps with a chunk then read the weights twice
    /// (gpt2, 8 streams arriving 50 ms apart: the aggregate moved less than the run-to-run noise; 16 streams were faster
    /// on the kernel, on a Zen 4). False: one read, and libtorch past 8 rows.
    /// </summary>
    public bool BatchInvariant { get; set; } = true;

    /// <summary>
    /// Run a prompt chunk and a decode step at every batch size once when the worker starts, so the first
    /// pass at each shape (up to twice as slow on the CPU) does not land on the first players.
    /// </summary>
    public bool WarmUpShapes { get; set; } = true;

    /// <summary>The most new tokens one request may ask for.</summary>
    public int MaxNewTokensLimit { get; set; } = 512;

    /// <summary>A copy that serves <paramref name="model"/> (a folder, <c>hf:NAME</c>, or empty for the default) instead.</summary>
    public InferenceOptions With(string model)
    {
        var copy = (InferenceOptions)MemberwiseClone();
        copy.Model = model;
        copy.RandomWeights = null;
        return copy;
    }
}
