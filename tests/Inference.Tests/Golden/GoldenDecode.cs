using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Golden;

/// <summary>A golden case's last token as a decode step: what the decode kernels are checked on.</summary>
static class GoldenDecode
{
    /// <summary>The prompt but its last token prefilled, then the last token decoded alone: its (V) logits in float32.</summary>
    public static Tensor LastToken(Gpt2Model model, int[] ids)
    {
        using var _ = inference_mode();
        var prompt = ids.Length - 1;
        using var cache = new ContiguousKeyValueCache(model.Config, 1, ids.Length, model.Device, model.CacheDType);
        var idx = tensor(ids.Select(id => (long)id).ToArray()).view(1, ids.Length);
        using (model.Forward(idx.narrow(1, 0, prompt), model.Positions(0, prompt), cache, lastPositionOnly: true))
            cache.Advance(prompt);
        return model.Forward(idx.narrow(1, prompt, 1), model.Positions(prompt, 1), cache, decoding: true)[0, 0].to(ScalarType.Float32);
    }
}
