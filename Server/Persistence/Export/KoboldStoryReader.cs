using System.Globalization;
using System.Text.Json;
using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;

namespace AdventureServer.Server.Persistence.Export;

/// <summary>
/// Reads a story saved by KoboldAI: KoboldAI Lite and the classic client write <c>prompt</c>, <c>memory</c>,
/// <c>authorsnote</c>, <c>actions</c> as a list of texts and <c>worldinfo</c> as a list of entries with a comma-separated
/// <c>key</c> and a <c>content</c>; KoboldAI United writes <c>actions</c> as <c>{"action_count": n, "actions": {"0":
/// {"Selected Text": ..., "Options": [...]}}}</c>, <c>authornote</c>, and its world info also as <c>worldinfo_v2.entries</c>
/// with keys as lists. The prompt becomes the opening; each action a block of its own (a line starting with
/// <c>&gt;</c>, KoboldAI's adventure-mode action, an action block; the rest continuations, United's other options
/// their alternatives); each keyed entry a story card; a constant entry (always in KoboldAI's context) is added to the memory.
/// </summary>
public static class KoboldStoryReader
{
    /// <summary>True when <paramref name="root"/> has KoboldAI's story fields.</summary>
    public static bool LooksLikeKobold(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("prompt", out _) || root.TryGetProperty("actions", out _));

    /// <summary>The story as a new adventure hosted by <paramref name="importer"/>.</summary>
    public static AdventureSnapshot Read(JsonElement root, Actor importer, GameLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(importer);
        ArgumentNullException.ThrowIfNull(limits);
        var prompt = OptionalString(root, "prompt") ?? string.Empty;
        var memory = OptionalString(root, "memory") ?? string.Empty;
        var noteField = root.TryGetProperty("authorsnote", out _) ? "authorsnote" : "authornote";
        var note = OptionalString(root, noteField) ?? string.Empty;
        var title = OptionalString(root, "story_name") is { Length: > 0 } name ? name.Trim() : "Imported KoboldAI story";
        var (cards, constant) = WorldInfo(root, limits, now);
        if (constant.Count > 0)
            memory = string.Join("\n", new[] { memory.Trim() }.Concat(constant).Where(t => t.Length > 0));

        var blocks = new List<StoryBlock>();
        if (!string.IsNullOrWhiteSpace(prompt))
        {
            ImportChecks.Block("$.prompt", prompt.Trim(), limits);
            blocks.Add(StoryBlock.Opening(prompt.Trim()));
        }

        blocks.AddRange(Actions(root, limits, now));
        if (blocks.Count == 0)
            throw new AdventureFileException("$.prompt", "the story is empty: no prompt and no actions.");
        ImportChecks.Count("$.worldinfo", cards, limits.MaxStoryCards, "keyed entries");
        return new AdventureSnapshot(
            Guid.CreateVersion7(now),
            ImportChecks.Text("$.story_name", title, limits.MaxTitleLength, allowEmpty: false),
            Game.Text.JoinCode.New(),
            importer.UserId,
            now,
            TurnPolicy.FreeForAll,
            limits.DefaultPartyCap,
            [new Member(importer.UserId, importer.DisplayName, MemberRole.Host)],
            [],
            [],
            [],
            GenerationSettings.Default.ClampTo(limits),
            ImportChecks.Text("$.memory", memory, limits.MaxMemoryLength, allowEmpty: true),
            ImportChecks.Text($"$.{noteField}", note.Trim(), limits.MaxAuthorsNoteLength, allowEmpty: true),
            cards,
            blocks,
            [],
            null);
    }

    static IEnumerable<StoryBlock> Actions(JsonElement root, GameLimits limits, DateTimeOffset now)
    {
        if (!root.TryGetProperty("actions", out var actions) || actions.ValueKind == JsonValueKind.Null)
            yield break;
        if (actions.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var action in actions.EnumerateArray())
            {
                var path = $"$.actions[{i++}]";
                if (action.ValueKind != JsonValueKind.String)
                    throw new AdventureFileException(path, $"expected a string, found {AdventureFileReader.Describe(action.ValueKind)}.");
                if (Block(path, action.GetString()!, [], limits, now) is { } block)
                    yield return block;
            }

            yield break;
        }

        if (actions.ValueKind != JsonValueKind.Object)
            throw new AdventureFileException("$.actions", $"expected a list or an object, found {AdventureFileReader.Describe(actions.ValueKind)}.");
        // United: {"action_count": n, "actions": {"0": {...}}}; also accepted without the wrapper.
        var (entries, prefix) = actions.TryGetProperty("actions", out var inner) ? (inner, "$.actions.actions") : (actions, "$.actions");
        if (entries.ValueKind != JsonValueKind.Object)
            throw new AdventureFileException(prefix, $"expected an object of numbered actions, found {AdventureFileReader.Describe(entries.ValueKind)}.");
        var numbered = new List<(int Number, JsonElement Entry, string Path)>();
        foreach (var property in entries.EnumerateObject())
        {
            var path = $"{prefix}['{property.Name}']";
            if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                throw new AdventureFileException(path, "action keys are numbers (\"0\", \"1\", ...).");
            numbered.Add((number, property.Value, path));
        }

        foreach (var (_, entry, path) in numbered.OrderBy(n => n.Number))
        {
            var (text, options) = UnitedAction(entry, path);
            if (Block(path, text, options, limits, now) is { } block)
                yield return block;
        }
    }

    static (string Text, IReadOnlyList<string> Options) UnitedAction(JsonElement entry, string path)
    {
        if (entry.ValueKind == JsonValueKind.String)
            return (entry.GetString()!, []);
        if (entry.ValueKind != JsonValueKind.Object)
            throw new AdventureFileException(path, $"expected an action object, found {AdventureFileReader.Describe(entry.ValueKind)}.");
        if (!entry.TryGetProperty("Selected Text", out var selected) || selected.ValueKind != JsonValueKind.String)
            throw new AdventureFileException($"{path}['Selected Text']", "is missing or not a string.");
        var options = new List<string>();
        if (entry.TryGetProperty("Options", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var option in list.EnumerateArray())
            {
                var text = option.ValueKind switch
                {
                    JsonValueKind.String => option.GetString(),
                    JsonValueKind.Object when option.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String => t.GetString(),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(text))
                    options.Add(text.Trim());
            }
        }

        return (selected.GetString()!, options);
    }

    static StoryBlock? Block(string path, string raw, IReadOnlyList<string> options, GameLimits limits, DateTimeOffset now)
    {
        var text = raw.Trim();
        if (text.Length == 0)
            return null;
        ImportChecks.Block(path, text, limits);
        if (text.StartsWith('>'))
            return new StoryBlock(Guid.CreateVersion7(now), BlockType.Action, null, null, ActionKind.Story, text,
                [new Alternative(text, ContinuationState.Done)], 0, [], false);
        var others = options.Where(o => o != text).Distinct().Select((o, j) =>
        {
            ImportChecks.Block($"{path}['Options'][{j}]", o, limits);
            return new Alternative(o, ContinuationState.Done);
        });
        return new StoryBlock(Guid.CreateVersion7(now), BlockType.Continuation, null, null, null, string.Empty,
            [new Alternative(text, ContinuationState.Done), .. others], 0, [], false);
    }

    static (IReadOnlyList<StoryCard> Cards, IReadOnlyList<string> Constant) WorldInfo(JsonElement root, GameLimits limits, DateTimeOffset now)
    {
        var entries = new List<(JsonElement Entry, string Path)>();
        if (root.TryGetProperty("worldinfo_v2", out var v2) && v2.ValueKind == JsonValueKind.Object
            && v2.TryGetProperty("entries", out var v2Entries) && v2Entries.ValueKind == JsonValueKind.Object)
        {
            entries.AddRange(v2Entries.EnumerateObject().Select(p => (p.Value, $"$.worldinfo_v2.entries['{p.Name}']")));
        }
        else if (root.TryGetProperty("worldinfo", out var wi) && wi.ValueKind != JsonValueKind.Null)
        {
            if (wi.ValueKind != JsonValueKind.Array)
                throw new AdventureFileException("$.worldinfo", $"expected a list of entries, found {AdventureFileReader.Describe(wi.ValueKind)}.");
            entries.AddRange(wi.EnumerateArray().Select((e, i) => (e, $"$.worldinfo[{i}]")));
        }

        var cards = new List<StoryCard>();
        var constant = new List<string>();
        foreach (var (entry, path) in entries)
        {
            if (entry.ValueKind != JsonValueKind.Object)
                throw new AdventureFileException(path, $"expected a world info entry, found {AdventureFileReader.Describe(entry.ValueKind)}.");
            var content = (OptionalString(entry, "content", path) ?? string.Empty).Trim();
            var keys = Keys(entry, "key", path).Concat(Keys(entry, "keysecondary", path)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            var isConstant = entry.TryGetProperty("constant", out var c) && c.ValueKind == JsonValueKind.True;
            if (content.Length == 0)
                continue;
            if (isConstant)
            {
                constant.Add(content);
                continue;
            }

            if (keys.Length == 0)
                continue;
            var title = OptionalString(entry, "title", path) is { Length: > 0 } t ? t
                : OptionalString(entry, "comment", path) is { Length: > 0 } comment ? comment
                : keys[0];
            var disabled = entry.TryGetProperty("widisabled", out var d) && d.ValueKind == JsonValueKind.True;
            cards.Add(new StoryCard(Guid.CreateVersion7(now),
                ImportChecks.Text($"{path}.title", title.Trim().Length > limits.MaxTitleLength ? title.Trim()[..limits.MaxTitleLength] : title.Trim(), limits.MaxTitleLength, allowEmpty: false),
                keys,
                ImportChecks.Text($"{path}.content", content, limits.MaxStoryCardLength, allowEmpty: true),
                !disabled));
        }

        return (cards, constant);
    }

    // Lite and the classic client: "key": "castle, king"; United's worldinfo_v2: "key": ["castle", "king"].
    static IEnumerable<string> Keys(JsonElement entry, string field, string path)
    {
        if (!entry.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            return [];
        var raw = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Split(','),
            JsonValueKind.Array => value.EnumerateArray().Select((k, i) => k.ValueKind == JsonValueKind.String ? k.GetString()!
                : throw new AdventureFileException($"{path}.{field}[{i}]", "keys are strings.")).ToArray(),
            _ => throw new AdventureFileException($"{path}.{field}", $"expected a string or a list of strings, found {AdventureFileReader.Describe(value.ValueKind)}."),
        };
        return raw.Select(k => k.Trim()).Where(k => k.Length > 0);
    }

    static string? OptionalString(JsonElement element, string name, string path = "$")
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString()
            : throw new AdventureFileException($"{path}.{name}", $"expected a string, found {AdventureFileReader.Describe(value.ValueKind)}.");
    }
}
