using System.Text.Json;

namespace AdventureServer.Inference.Tests.Golden;

/// <summary>Finds the golden checkpoints: <c>GOLDEN_MODELS</c> (<c>:</c>-separated folders) or <c>../shared/golden</c> beside the repository.</summary>
static class GoldenModels
{
    public static bool Overridden => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("GOLDEN_MODELS"));

    /// <summary>Where the default golden folder should be, for messages.</summary>
    public static string DefaultRoot
    {
        get
        {
            var directory = new DirectoryInfo(TestContext.CurrentContext?.TestDirectory ?? AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AdventureServer.sln")))
                directory = directory.Parent;
            var repository = directory?.FullName ?? throw new InvalidOperationException("AdventureServer.sln not found above the test assembly.");
            return Path.GetFullPath(Path.Combine(repository, "..", "shared", "golden"));
        }
    }

    /// <summary>Every model folder to check (a folder with an expected.json).</summary>
    public static IReadOnlyList<string> Folders()
    {
        var listed = Environment.GetEnvironmentVariable("GOLDEN_MODELS");
        if (!string.IsNullOrWhiteSpace(listed))
            return listed.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var root = DefaultRoot;
        return Directory.Exists(root)
            ? [.. Directory.GetDirectories(root).Where(folder => File.Exists(Path.Combine(folder, "expected.json"))).Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>One test case per folder × recorded case.</summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var folder in Folders())
        {
            if (!File.Exists(Path.Combine(folder, "expected.json")))
                continue; // reported by the presence test, so a typo in GOLDEN_MODELS fails loudly
            var count = Load(folder).Cases.Count;
            for (var i = 0; i < count; i++)
                yield return new TestCaseData(folder, i).SetArgDisplayNames(Path.GetFileName(folder), $"case{i}");
        }
    }

    public static GoldenExpectations Load(string folder)
    {
        using var stream = File.OpenRead(Path.Combine(folder, "expected.json"));
        return JsonSerializer.Deserialize<GoldenExpectations>(stream) ?? throw new InvalidOperationException($"{folder}/expected.json is empty.");
    }
}
