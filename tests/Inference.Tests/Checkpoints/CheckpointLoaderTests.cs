using System.Text;
using System.Text.Json.Nodes;
using AdventureServer.Inference.Checkpoints;
using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Checkpoints;

public class CheckpointLoaderTests
{
    static readonly long[] Tokens = [464, 3290, 286, 262, 1110, 373, 257];
    CheckpointFiles _files = null!;
    Gpt2Model _model = null!;

    [SetUp]
    public void CreateFolder()
    {
        _files = new CheckpointFiles();
        _model = TinyModels.Random(seed: 9);
    }

    [TearDown]
    public void DeleteFolder()
    {
        _model.Dispose();
        _files.Dispose();
    }

    static float[] LogitsOf(Gpt2Model model)
    {
        using var _ = inference_mode();
        using var scope = NewDisposeScope();
        return model.Forward(tensor(Tokens).view(1, -1), model.Positions(0, Tokens.Length)).data<float>().ToArray();
    }

    CheckpointException LoadFails() =>
        Assert.Throws<CheckpointException>(() => CheckpointLoader.Load(_files.Folder, CPU, ScalarType.Float32).Dispose())!;

    [Test]
    public void A_written_model_loads_back_with_identical_logits()
    {
        _files.Save(_model);

        using var loaded = CheckpointLoader.Load(_files.Folder, CPU, ScalarType.Float32);

        Assert.That(LogitsOf(loaded), Is.EqualTo(LogitsOf(_model)));
        Assert.That(loaded.Config, Is.EqualTo(_model.Config));
    }

    [Test]
    public void The_writer_uses_save_pretrained_names_and_stores_conv1d_weights_in_by_out()
    {
        _files.Save(_model);

        using var file = SafeTensorsFile.Open(_files.Weights);

        Assert.That(file.Entries.Keys, Has.All.StartsWith("transformer."));
        Assert.That(file.Entry("transformer.h.0.attn.c_attn.weight").Shape, Is.EqualTo(new long[] { 64, 192 }));
        Assert.That(file.Entry("transformer.h.1.mlp.c_proj.weight").Shape, Is.EqualTo(new long[] { 256, 64 }));
        Assert.That(file.Entry("transformer.wte.weight").DType, Is.EqualTo("F32"));
    }

    [Test]
    public void Keys_without_the_transformer_prefix_load()
    {
        _files.Save(_model, tensors => [.. tensors.Select(t => (t.Name["transformer.".Length..], t.Tensor))]);

        using var loaded = CheckpointLoader.Load(_files.Folder, CPU, ScalarType.Float32);

        Assert.That(LogitsOf(loaded), Is.EqualTo(LogitsOf(_model)));
    }

    [TestCase(ScalarType.Float16)]
    [TestCase(ScalarType.BFloat16)]
    public void Half_precision_storage_loads_close_to_the_float32_model(ScalarType storage)
    {
        _files.Save(_model, storeAs: storage);
        using (var file = SafeTensorsFile.Open(_files.Weights))
            Assert.That(file.Entries.Values.Select(e => e.DType).Distinct(), Is.EqualTo(new[] { SafeTensorsDTypes.FromScalarType(storage) }));

        using var loaded = CheckpointLoader.Load(_files.Folder, CPU, ScalarType.Float32);

        var expected = LogitsOf(_model);
        var actual = LogitsOf(loaded);
        Assert.That(actual.Zip(expected).Max(pair => Math.Abs(pair.First - pair.Second)), Is.LessThan(0.02).And.GreaterThan(0));
    }

    [Test]
    public void A_model_loads_into_bfloat16_when_asked()
    {
        _files.Save(_model);

        using var loaded = CheckpointLoader.Load(_files.Folder, CPU, ScalarType.BFloat16);

        Assert.That(loaded.named_parameters().Select(p => p.parameter.dtype), Is.All.EqualTo(ScalarType.BFloat16));
    }

    [Test]
    public void Attention_buffers_and_a_tied_lm_head_are_ignored()
    {
        _files.Save(_model, tensors =>
        [
            .. tensors,
            ("transformer.h.0.attn.bias", ones(1, 1, 128, 128)),
            ("transformer.h.1.attn.masked_bias", tensor(-1e4f)),
            ("lm_head.weight", zeros(50257, 64)),
        ]);

        using var loaded = CheckpointLoader.Load(_files.Folder, CPU, ScalarType.Float32);

        Assert.That(LogitsOf(loaded), Is.EqualTo(LogitsOf(_model)));
    }

    [Test]
    public void Shards_listed_in_an_index_load()
    {
        _files.Save(_model);
        var tensors = CheckpointFiles.ReadAll(_files.Weights);
        File.Delete(_files.Weights);
        var first = tensors.Take(tensors.Count / 2).ToList();
        var second = tensors.Skip(tensors.Count / 2).ToList();
        SafeTensorsWriter.Write(Path.Combine(_files.Folder, "model-00001-of-00002.safetensors"), first);
        SafeTensorsWriter.Write(Path.Combine(_files.Folder, "model-00002-of-00002.safetensors"), second);
        var weightMap = new JsonObject();
        foreach (var (name, _) in first)
            weightMap[name] = "model-00001-of-00002.safetensors";
        foreach (var (name, _) in second)
            weightMap[name] = "model-00002-of-00002.safetensors";
        File.WriteAllText(Path.Combine(_files.Folder, CheckpointLoader.IndexFile),
            new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = 1 }, ["weight_map"] = weightMap }.ToJsonString());

        using var loaded = CheckpointLoader.Load(_files.Folder, CPU, ScalarType.Float32);

        Assert.That(LogitsOf(loaded), Is.EqualTo(LogitsOf(_model)));
    }

    [Test]
    public void A_shard_index_naming_a_missing_shard_is_refused()
    {
        File.WriteAllText(Path.Combine(_files.Folder, "config.json"), _model.Config.ToHuggingFaceJson());
        File.WriteAllText(Path.Combine(_files.Folder, CheckpointLoader.IndexFile),
            """{"weight_map": {"transformer.wte.weight": "model-00001-of-00009.safetensors"}}""");

        var error = LoadFails();

        Assert.That(error.FilePath, Does.EndWith(CheckpointLoader.IndexFile));
        Assert.That(error.Message, Does.Contain("model-00001-of-00009.safetensors").And.Contain("does not exist"));
    }

    [Test]
    public void A_truncated_file_names_the_file_and_the_tensor_cut_off()
    {
        _files.Save(_model);
        var bytes = File.ReadAllBytes(_files.Weights);
        File.WriteAllBytes(_files.Weights, bytes[..^1000]);

        var error = LoadFails();

        Assert.That(error.FilePath, Is.EqualTo(_files.Weights));
        Assert.That(error.TensorName, Is.Not.Null);
        Assert.That(error.Message, Does.Contain("truncated"));
    }

    [Test]
    public void A_file_too_short_for_its_header_length_is_refused()
    {
        _files.Save(_model);
        File.WriteAllBytes(_files.Weights, File.ReadAllBytes(_files.Weights)[..5]);

        Assert.That(LoadFails().Message, Does.Contain("truncated").And.Contain(_files.Weights));
    }

    [TestCase(0L)]
    [TestCase(-8L)]
    [TestCase(1L << 40)]
    public void A_bad_header_length_is_refused(long claimed)
    {
        _files.Save(_model);
        _files.WriteRaw(Encoding.UTF8.GetBytes("{}"), new byte[16], claimedHeaderLength: claimed);

        var error = LoadFails();

        Assert.That(error.FilePath, Is.EqualTo(_files.Weights));
        Assert.That(error.Message, Does.Contain("header length"));
    }

    [Test]
    public void A_header_length_past_the_end_of_the_file_is_refused()
    {
        _files.Save(_model);
        _files.WriteRaw(Encoding.UTF8.GetBytes("{}"), new byte[16], claimedHeaderLength: 4000);

        Assert.That(LoadFails().Message, Does.Contain("truncated or has a bad header length"));
    }

    [Test]
    public void A_header_that_is_not_json_is_refused()
    {
        _files.Save(_model);
        _files.WriteRaw(Encoding.UTF8.GetBytes("{\"wte.weight\": {\"dtype\": \"F32\", oops"), new byte[16]);

        var error = LoadFails();

        Assert.That(error.FilePath, Is.EqualTo(_files.Weights));
        Assert.That(error.Message, Does.Contain("not valid JSON"));
    }

    [Test]
    public void A_missing_tensor_is_named()
    {
        _files.Save(_model, tensors => [.. tensors.Where(t => t.Name != "transformer.h.1.ln_2.bias")]);

        var error = LoadFails();

        Assert.That(error.TensorName, Is.EqualTo("h.1.ln_2.bias"));
        Assert.That(error.Message, Does.Contain("missing").And.Contain(_files.Weights));
    }

    [Test]
    public void A_tensor_of_the_wrong_shape_is_named_with_both_shapes()
    {
        _files.Save(_model, tensors => [.. tensors.Select(t => t.Name == "transformer.wpe.weight" ? (t.Name, zeros(64, 64)) : t)]);

        var error = LoadFails();

        Assert.That(error.TensorName, Is.EqualTo("transformer.wpe.weight"));
        Assert.That(error.Message, Does.Contain("[64, 64]").And.Contain("[128, 64]"));
    }

    [Test]
    public void A_conv1d_weight_stored_untransposed_is_refused_as_the_wrong_shape()
    {
        _files.Save(_model, tensors => [.. tensors.Select(t => t.Name == "transformer.h.0.attn.c_attn.weight" ? (t.Name, t.Tensor.t().contiguous()) : t)]);

        var error = LoadFails();

        Assert.That(error.TensorName, Is.EqualTo("transformer.h.0.attn.c_attn.weight"));
        Assert.That(error.Message, Does.Contain("expected [64, 192]"));
    }

    [Test]
    public void An_unsupported_dtype_is_named()
    {
        _files.Save(_model, tensors => [.. tensors.Select(t => t.Name == "transformer.ln_f.weight" ? (t.Name, t.Tensor.to(ScalarType.Float64)) : t)]);

        var error = LoadFails();

        Assert.That(error.TensorName, Is.EqualTo("transformer.ln_f.weight"));
        Assert.That(error.Message, Does.Contain("unsupported dtype F64"));
    }

    [Test]
    public void A_dtype_the_format_does_not_define_is_refused()
    {
        _files.Save(_model);
        _files.EditHeader(header => header["transformer.ln_f.bias"]!["dtype"] = "Q4");

        var error = LoadFails();

        Assert.That(error.TensorName, Is.EqualTo("transformer.ln_f.bias"));
        Assert.That(error.Message, Does.Contain("unknown dtype 'Q4'"));
    }

    [Test]
    public void Offsets_past_the_end_of_the_data_are_refused()
    {
        _files.Save(_model);
        _files.EditHeader(header => header["transformer.ln_f.bias"]!["data_offsets"] = new JsonArray(1L << 32, (1L << 32) + 256));

        var error = LoadFails();

        Assert.That(error.TensorName, Is.EqualTo("transformer.ln_f.bias"));
        Assert.That(error.Message, Does.Contain("past the end"));
    }

    [Test]
    public void Overlapping_offsets_are_refused()
    {
        _files.Save(_model);
        _files.EditHeader(header =>
        {
            var wpe = header["transformer.wpe.weight"]!["data_offsets"]!.AsArray();
            var begin = wpe[0]!.GetValue<long>();
            header["transformer.ln_f.bias"]!["data_offsets"] = new JsonArray(begin, begin + 256);
        });

        var error = LoadFails();

        Assert.That(error.Message, Does.Contain("overlapping"));
    }

    [Test]
    public void Offsets_that_disagree_with_the_shape_are_refused()
    {
        _files.Save(_model);
        _files.EditHeader(header => header["transformer.ln_f.bias"]!["shape"] = new JsonArray(65));

        var error = LoadFails();

        Assert.That(error.TensorName, Is.EqualTo("transformer.ln_f.bias"));
        Assert.That(error.Message, Does.Contain("needs 260"));
    }

    [Test]
    public void An_unexpected_extra_tensor_is_refused_rather_than_ignored()
    {
        _files.Save(_model, tensors => [.. tensors, ("transformer.h.0.crossattention.c_attn.weight", zeros(64, 192))]);

        var error = LoadFails();

        Assert.That(error.TensorName, Is.EqualTo("transformer.h.0.crossattention.c_attn.weight"));
        Assert.That(error.Message, Does.Contain("not a GPT-2 weight"));
    }

    [Test]
    public void A_folder_without_config_json_is_refused()
    {
        _files.Save(_model);
        File.Delete(Path.Combine(_files.Folder, "config.json"));

        Assert.That(LoadFails().Message, Does.Contain("config.json"));
    }

    [Test]
    public void A_folder_without_weights_is_refused()
    {
        File.WriteAllText(Path.Combine(_files.Folder, "config.json"), _model.Config.ToHuggingFaceJson());

        Assert.That(LoadFails().Message, Does.Contain("has neither model.safetensors nor model.safetensors.index.json"));
    }
}
