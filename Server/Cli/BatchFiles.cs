using System.Text;
using System.Text.Json;

namespace AdventureServer.Server.Cli;

/// <summary>Reads a batch input file, and what an earlier, interrupted run already wrote to the output file.</summary>
public static class BatchFiles
{
    /// <summary>The input's lines (blank lines skipped), each with its line number.</summary>
    /// <exception cref="InvalidDataException">A line is not JSON, has no custom_id, or repeats one.</exception>
    public static List<(int Line, BatchInputLine Input)> ReadInput(string path)
    {
        var lines = new List<(int, BatchInputLine)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            BatchInputLine? line;
            try
            {
                line = JsonSerializer.Deserialize<BatchInputLine>(text);
            }
            catch (JsonException)
            {
                throw new InvalidDataException($"{path}:{number}: not a JSON object.");
            }
            if (string.IsNullOrWhiteSpace(line?.CustomId))
                throw new InvalidDataException($"{path}:{number}: 'custom_id' is missing; every line needs its own.");
            if (!seen.Add(line.CustomId))
                throw new InvalidDataException($"{path}:{number}: 'custom_id' {line.CustomId} is used twice; each must be unique.");
            lines.Add((number, line));
        }
        return lines;
    }

    /// <summary>
    /// The custom_ids whose results the output file already holds. A last line cut short by the interruption is
    /// removed from the file, so that request runs again and the file stays valid JSONL.
    /// </summary>
    public static HashSet<string> ReadDone(string path)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(path))
            return done;
        var bytes = File.ReadAllBytes(path);
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1; // everything after the last newline is a cut-short line
        if (end < bytes.Length)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(end);
        }
        foreach (var text in Encoding.UTF8.GetString(bytes, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using var line = JsonDocument.Parse(text);
                if (line.RootElement.TryGetProperty("custom_id", out var id) && id.GetString() is { } customId)
                    done.Add(customId);
            }
            catch (JsonException)
            {
                throw new InvalidDataException($"{path} holds a line that is not JSON; it is not a batch output file this verb wrote.");
            }
        }
        return done;
    }
}
