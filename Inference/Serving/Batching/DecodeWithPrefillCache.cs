using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// One step's tokens laid out as (1, D + c): the next token of each of the D decoding rows, then a prompt
/// chunk of c tokens for the row being prefilled. The linear layers see all of them as one matrix (one
/// read of the weights); attention splits them again, so each attends only over its own sequence, with
/// exactly the arithmetic of the separate decode and prefill paths.
/// </summary>
internal sealed class DecodeWithPrefillCache(IKeyValueCache decode, Tensor decodeMask, int decoding, IKeyValueCache prefill, Tensor prefillMask)
    : IRaggedAttention
{
    public (Tensor Keys, Tensor Values) Update(int layer, Tensor keys, Tensor values) =>
        throw new NotSupportedException("Attention over a ragged step goes through Attend.");

    public Tensor Attend(int layer, Tensor queries, Tensor keys, Tensor values)
    {
        var chunk = queries.shape[2] - decoding;
        // (1, nh, D, hs) → (D, nh, 1, hs): one row per decoding sequence.
        static Tensor Rows(Tensor t, int count) => t.narrow(2, 0, count).transpose(0, 2);
        var (rowKeys, rowValues) = decode.Update(layer, Rows(keys, decoding), Rows(values, decoding)); // (D, nh, S, hs)
        var decoded = nn.functional.scaled_dot_product_attention(Rows(queries, decoding), rowKeys, rowValues, decodeMask); // (D, nh, 1, hs)

        var (slotKeys, slotValues) = prefill.Update(layer, keys.narrow(2, decoding, chunk), values.narrow(2, decoding, chunk)); // (1, nh, off + c, hs)
        var prefilled = nn.functional.scaled_dot_product_attention(queries.narrow(2, decoding, chunk), slotKeys, slotValues, prefillMask); // (1, nh, c, hs)

        return cat([decoded.transpose(0, 2), prefilled], 2); // (1, nh, D + c, hs)
    }
}
