using System.Collections.Concurrent;

namespace AdventureServer.Server.Tests;

/// <summary>
/// Temporary folders the tests make (a server's database and keys, a batch's files), removed when every test of this
/// assembly has run: a test that restarts a server on the same data keeps its folder until then, and a CI machine's
/// temporary folder does not fill with one folder per test run.
/// </summary>
[SetUpFixture]
public sealed class TestFolders
{
    static readonly ConcurrentBag<string> s_made = [];

    /// <summary>A new empty folder under the temporary folder, its name starting with <paramref name="prefix"/>.</summary>
    public static string New(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        s_made.Add(folder);
        return folder;
    }

    [OneTimeTearDown]
    public void RemoveAll()
    {
        foreach (var folder in s_made)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TestContext.Progress.WriteLine($"left {folder}: {e.Message}");
            }
        }
    }
}
