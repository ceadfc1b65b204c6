using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Loading;

/// <summary>A model ready for inference, with its tokenizer and where it runs. Disposing frees the weights.</summary>
public sealed class LoadedModel : IDisposable
{
    public LoadedModel(string name, Gpt2Model model, Gpt2Tokenizer tokenizer, ComputeTarget target)
    {
        Name = name;
        Model = model;
        Tokenizer = tokenizer;
        Target = target;
    }

    /// <summary>The folder's name, or <c>random:gpt2</c> and the like for random weights.</summary>
    public string Name { get; }

    public Gpt2Model Model { get; }

    public Gpt2Tokenizer Tokenizer { get; }

    /// <summary>The device and dtype the weights are in.</summary>
    public ComputeTarget Target { get; }

    public void Dispose() => Model.Dispose();
}
