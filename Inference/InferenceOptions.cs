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
    /// prefills up to <see cref="MaxPrefillTokensPerStep"/> of several prompts; unset, it is <see cref="CpuStepTokenBudget"/> on the CPU, where a step's
    /// cost grows with its tokens, and 0 on a GPU, where it hardly does. With a budget and no sequence decoding,
    /// a step prefills one chunk of <see cref="PrefillChunkTokens"/>.
    /// </summary>
    public int? StepTokenBudget { get; set; }

    /// <summary>
    /// The step token budget on the CPU when <see cref="StepTokenBudget"/> is unset, for every dtype: there a step's cost grows
    /// with its rows (a prompt's tokens run at the CPU's matrix speed), and every decoding player waits through each step
    /// that carries a chunk. In bfloat16 every product of a step runs through the kernel (<see cref="BatchInvariant"/>),
    /// which reads the weights once for all its rows, so the decoding rows ride in a chunk's step nearly free and small
    /// chunks cost the prompts little. Measured with `bench --random-weights gpt2 --device cpu --streams 8
    /// --step-token-budget B` on a Zen 4, bfloat16, alternated, 2026-12-07: 32 gave ITL p99 29–38 ms (1.5–3.05× one
    /// stream's, eight runs), speedup 2.9–3.4, 273–312 tokens/s, TTFT p99 600–700 ms; 48 gave 35–61 ms (2.8–4.3×, twelve
    /// runs), speedup 2.9–3.6, 230–314 tokens/s, TTFT p99 480–1000 ms; 192 (a whole 128-token chunk a step, the bfloat16 default
    /// while prompts' products were libtorch's, which then read the weights a second time) 100–102 ms (6.7–9.1×),
    /// 307–323 tokens/s. In int8 and float32 a larger budget had raised ITL p99 1.7–2.1×.
    /// </summary>
    public const int CpuStepTokenBudget = 32;

    /// <summary>
    /// The budget a worker runs with: <paramref name="configured"/>, or when unset <see cref="CpuStepTokenBudget"/> on the
    /// CPU and none (0) on a GPU.
    /// </summary>
    public static int StepTokenBudgetFor(int? configured, bool onCpu) =>
        Math.Max(0, configured ?? (onCpu ? CpuStepTokenBudget : 0));

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
    /// Give a story the same bits whatever shares its steps and however its prompt is cut into chunks (bfloat16 on a CPU
    /// with the bfloat16 kernel; other dtypes are unaffected): every product of every pass, decode steps, prompt chunks
    /// and steps that carry both, runs through <see cref="Kernels.BFloat16Linear"/>, which sums each row on its own, and a
    /// prompt's queries attend one at a time (<see cref="Model.Attention"/>). So the same seed and story give the same text
    /// whoever else is playing. False: only decode steps of up to <see cref="Kernels.BFloat16Linear.MaxRows"/> rows take the
    /// kernel; the rest are libtorch's, whose bits change with the number of rows.
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
