using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// One step's tokens laid out as (1, D + c₁ + c₂ + …): the next token of each of the D decoding rows, then a
/// prompt chunk for each sequence being prefilled. The linear layers see all of them as one matrix (one read
/// of the weights; in bfloat16 on the CPU, with <see cref="InferenceOptions.BatchInvariant"/>, through the kernel, which
/// gives each row the bits it gets alone); attention splits them again, so each attends only over its own sequence, with exactly
/// the arithmetic of a decode step and of a prefill on its own.
/// </summary>
/// <param name="decoding">D, the decoding rows at the front (0 for none).</param>
/// <param name="decode">Rows 0..D−1 of the pool, for the decoding rows; null when D is 0.</param>
/// <param name="decodeMask">(D, 1, 1, S) keys each decoding row may see; null when D is 0.</param>
/// <param name="chunks">Each prompt chunk's length, its row of the pool from its offset on, and its (c, offset + c) causal mask.</param>
internal sealed class RaggedStepCache(int decoding, IKeyValueCache? decode, Tensor? decodeMask, IReadOnlyList<(int Length, IKeyValueCache Cache, Tensor Mask)> chunks)
    : IRaggedAttention, IProjectedAttention
{
    public (Tensor Keys, Tensor Values) Update(int layer, Tensor keys, Tensor values) =>
        throw new NotSupportedException("Attention over a ragged step goes through Attend.");

    /// <summary>A step of decoding rows alone goes to <see cref="BatchedDecodeCache.TryAttendProjected"/> (the model's mask is null here: the rows' is <c>decodeMask</c>).</summary>
    public Tensor? TryAttendProjected(int layer, Tensor projected, int heads, Tensor? mask) =>
        chunks.Count == 0 && decode is IProjectedAttention rows ? rows.TryAttendProjected(layer, projected, heads, decodeMask) : null;

    public Tensor Attend(int layer, Tensor queries, Tensor keys, Tensor values)
    {
        var outputs = new List<Tensor>(chunks.Count + 1);
        if (decoding > 0)
        {
            // (1, nh, D, hs) → (D, nh, 1, hs): one row per decoding sequence.
            static Tensor Rows(Tensor t, int count) => t.narrow(2, 0, count).transpose(0, 2);
            var (rowKeys, rowValues) = decode!.Update(layer, Rows(keys, decoding), Rows(values, decoding)); // (D, nh, S, hs)
            var decoded = Attention.Attend(Rows(queries, decoding), rowKeys, rowValues, decodeMask); // (D, nh, 1, hs)
            outputs.Add(decoded.transpose(0, 2)); // (1, nh, D, hs)
        }
        var start = decoding;
        foreach (var (length, cache, mask) in chunks)
        {
            var (slotKeys, slotValues) = cache.Update(layer, keys.narrow(2, start, length), values.narrow(2, start, length)); // (1, nh, off + c, hs)
            outputs.Add(Attention.Attend(queries.narrow(2, start, length), slotKeys, slotValues, mask)); // (1, nh, c, hs)
            start += length;
        }
        return outputs.Count == 1 ? outputs[0] : cat(outputs, 2); // (1, nh, D + Σc, hs)
    }
}
