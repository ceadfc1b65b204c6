using AdventureServer.Inference.Loading;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Tests.Checkpoints;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Loading;

public class ModelLoaderTests
{
    [Test]
    public void A_model_folder_loads_on_the_configured_device_and_dtype_ready_for_inference()
    {
        using var files = new CheckpointFiles();
        using (var model = TinyModels.Random())
            files.Save(model);

        using var loaded = ModelLoader.Load(new InferenceOptions { Model = files.Folder, Device = "cpu", DType = "bfloat16" });

        Assert.That(loaded.Name, Is.EqualTo(Path.GetFileName(files.Folder)));
        Assert.That(loaded.Model.DType, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(loaded.Model.training, Is.False);
        Assert.That(loaded.Model.Config, Is.EqualTo(TinyModels.Config));
    }

    [Test]
    public void No_configured_model_is_a_clear_error()
    {
        Assert.That(() => ModelLoader.Load(new InferenceOptions { Device = "cpu" }),
            Throws.InvalidOperationException.With.Message.Contains("No model is configured"));
    }

    [Test]
    public void A_hub_name_is_refused_with_what_to_do_instead()
    {
        Assert.That(() => ModelLoader.Load(new InferenceOptions { Model = "hf:gpt2", Device = "cpu" }),
            Throws.InvalidOperationException.With.Message.Contains("download the folder"));
    }

    [Test]
    public void An_unknown_random_weight_size_is_refused()
    {
        Assert.That(() => ModelLoader.Load(new InferenceOptions { RandomWeights = "gpt5", Device = "cpu" }),
            Throws.ArgumentException.With.Message.Contains("gpt2-medium"));
    }
}
