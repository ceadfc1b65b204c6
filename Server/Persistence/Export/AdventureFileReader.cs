using System.Text.Json;
using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;

namespace AdventureServer.Server.Persistence.Export;

/// <summary>
/// Reads an imported file, an <see cref="AdventureFile"/> or a KoboldAI story (<see cref="KoboldStoryReader"/>), into a
/// new adventure hosted by the importer: new ids and join code, no moderation lists, the importer its only member.
/// Everything is checked before anything is stored; the first problem is refused with the field's path.
/// </summary>
public static class AdventureFileReader
{
    /// <summary>The adventure <paramref name="json"/> holds, ready to store.</summary>
    /// <exception cref="AdventureFileException">The file is not one the server reads; nothing was created.</exception>
    public static AdventureSnapshot Read(string json, Actor importer, GameLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(importer);
        ArgumentNullException.ThrowIfNull(limits);
        using var document = Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new AdventureFileException("$", $"expected a JSON object, found {Describe(root.ValueKind)}.");
        if (root.TryGetProperty("formatVersion", out var version))
        {
            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number))
                throw new AdventureFileException("$.formatVersion", "must be a whole number.");
            if (number != AdventureFile.CurrentVersion)
                throw new AdventureFileException("$.formatVersion", $"version {number} is not supported; this server reads version {AdventureFile.CurrentVersion}.");
            return FromFile(Deserialize(root), importer, limits, now);
        }

        if (KoboldStoryReader.LooksLikeKobold(root))
            return KoboldStoryReader.Read(root, importer, limits, now);
        throw new AdventureFileException("$.formatVersion", "is missing: this is neither an adventure exported by this server nor a KoboldAI story (which has \"prompt\" and \"actions\").");
    }

    static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new AdventureFileException("$", $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }

    static AdventureFile Deserialize(JsonElement root)
    {
        try
        {
            return root.Deserialize<AdventureFile>(AdventureFileJson.Options)!;
        }
        catch (JsonException e)
        {
            // The serializer's message names the field ("... JSON deserialization for type ... was missing required properties including: 'title'").
            var message = e.Message.Split(" Path:", 2)[0];
            throw new AdventureFileException(string.IsNullOrEmpty(e.Path) ? "$" : e.Path, message);
        }
    }

    // The stored column's length (GameDbContext): PostgreSQL refuses a longer one.
    const int MaxAuthorNameLength = 200;

    static AdventureSnapshot FromFile(AdventureFile file, Actor importer, GameLimits limits, DateTimeOffset now)
    {
        if (file.Format != AdventureFile.Kind)
            throw new AdventureFileException("$.format", $"\"{file.Format}\" is not \"{AdventureFile.Kind}\".");
        NoNullsIn(file);
        var title = ImportChecks.Text("$.title", file.Title, limits.MaxTitleLength, allowEmpty: false).Trim();
        var memory = ImportChecks.Text("$.memory", file.Memory, limits.MaxMemoryLength, allowEmpty: true);
        var note = ImportChecks.Text("$.authorsNote", file.AuthorsNote, limits.MaxAuthorsNoteLength, allowEmpty: true);
        ImportChecks.Count("$.bannedWords", file.BannedWords, limits.MaxBannedWords, "banned words");
        ImportChecks.Count("$.cards", file.Cards, limits.MaxStoryCards, "cards");
        var cards = file.Cards.Select((c, i) => new StoryCard(
            Guid.CreateVersion7(now),
            ImportChecks.Text($"$.cards[{i}].title", c.Title, limits.MaxTitleLength, allowEmpty: false),
            c.Keys.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            ImportChecks.Text($"$.cards[{i}].text", c.Text, limits.MaxStoryCardLength, allowEmpty: true),
            c.Enabled)).ToArray();
        var blocks = file.Blocks.Select((b, i) => Block(b, $"$.blocks[{i}]", limits, now)).ToArray();
        var redo = file.RedoStack.Select((step, s) => (IReadOnlyList<Guid>)step.Select((index, j) => index >= 0 && index < blocks.Length
            ? blocks[index].Id
            : throw new AdventureFileException($"$.redoStack[{s}][{j}]", $"block {index} does not exist (the file has {blocks.Length}).")).ToArray()).ToArray();
        if (file.ErasesOnTop < 0 || file.ErasesOnTop > redo.Length)
            throw new AdventureFileException("$.erasesOnTop", $"is {file.ErasesOnTop}, but the redo stack has {redo.Length} steps.");
        var host = file.Members.Select((m, i) => (Member: m, Path: $"$.members[{i}].characterName")).FirstOrDefault(x => x.Member.Role == nameof(MemberRole.Host));
        var snapshot = new AdventureSnapshot(
            Guid.CreateVersion7(now),
            title,
            Game.Text.JoinCode.New(),
            importer.UserId,
            now,
            ImportChecks.Enum<TurnPolicy>("$.turnPolicy", file.TurnPolicy),
            Math.Clamp(file.PartyCap, 1, limits.MaxPartyCap),
            [new Member(importer.UserId, importer.DisplayName, MemberRole.Host)],
            [],
            [],
            file.BannedWords.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            Settings(file.Settings, limits),
            memory,
            note,
            cards,
            blocks,
            redo,
            null)
        {
            ActionPerson = ImportChecks.Enum<ActionPerson>("$.actionPerson", file.ActionPerson),
            ErasesOnTop = file.ErasesOnTop,
        };
        return WithHostCharacter(snapshot, host.Member?.CharacterName, host.Path, importer, limits);
    }

    static void NoNullsIn(AdventureFile file)
    {
        ImportChecks.NoNulls("$.bannedWords", file.BannedWords);
        ImportChecks.NoNulls("$.cards", file.Cards);
        for (var i = 0; i < file.Cards.Count; i++)
            ImportChecks.NoNulls($"$.cards[{i}].keys", file.Cards[i].Keys);
        ImportChecks.NoNulls("$.members", file.Members);
        ImportChecks.NoNulls("$.redoStack", file.RedoStack);
        ImportChecks.NoNulls("$.settings.stopSequences", file.Settings.StopSequences);
        ImportChecks.NoNulls("$.blocks", file.Blocks);
        for (var i = 0; i < file.Blocks.Count; i++)
        {
            ImportChecks.NoNulls($"$.blocks[{i}].alternatives", file.Blocks[i].Alternatives);
            ImportChecks.NoNulls($"$.blocks[{i}].history", file.Blocks[i].History);
        }
    }

    /// <summary>The snapshot with the importer's character named, checked by the domain's own rule.</summary>
    internal static AdventureSnapshot WithHostCharacter(AdventureSnapshot snapshot, string? characterName, string path, Actor importer, GameLimits limits)
    {
        if (string.IsNullOrWhiteSpace(characterName))
            return snapshot;
        var adventure = Adventure.Restore(snapshot, limits);
        try
        {
            adventure.ChangeCharacterName(importer, characterName);
        }
        catch (GameRuleException e)
        {
            throw new AdventureFileException(path, e.Message);
        }

        return adventure.ToSnapshot();
    }

    static StoryBlock Block(AdventureFileBlock b, string path, GameLimits limits, DateTimeOffset now)
    {
        var type = ImportChecks.Enum<BlockType>($"{path}.type", b.Type);
        if (b.Alternatives.Count == 0)
            throw new AdventureFileException($"{path}.alternatives", "must hold at least one text.");
        if (b.Shown < 0 || b.Shown >= b.Alternatives.Count)
            throw new AdventureFileException($"{path}.shown", $"is {b.Shown}, but the block has {b.Alternatives.Count} alternatives.");
        ActionKind? kind = type == BlockType.Action ? ImportChecks.Enum<ActionKind>($"{path}.kind", b.Kind) : null;
        var alternatives = b.Alternatives.Select((a, j) =>
        {
            ImportChecks.Block($"{path}.alternatives[{j}].text", a.Text, limits);
            var state = ImportChecks.Enum<ContinuationState>($"{path}.alternatives[{j}].state", a.State);
            // Nothing is being written in a file: a text cut off mid-way is kept as interrupted (it can be retried).
            return new Alternative(a.Text, state == ContinuationState.Writing ? ContinuationState.Interrupted : state);
        }).ToArray();
        ImportChecks.Text($"{path}.typedText", b.TypedText, limits.MaxBlockLength, allowEmpty: true);
        if (b.AuthorName is not null)
            ImportChecks.Text($"{path}.authorName", b.AuthorName, MaxAuthorNameLength, allowEmpty: true);
        var history = b.History.Select((h, j) => ImportChecks.Text($"{path}.history[{j}]", h, limits.MaxBlockLength, allowEmpty: true)).ToArray();
        return new StoryBlock(Guid.CreateVersion7(now), type, null, b.AuthorName, kind, b.TypedText, alternatives, b.Shown, history, b.Hidden);
    }

    static GenerationSettings Settings(AdventureFileSettings s, GameLimits limits)
    {
        try
        {
            return new GenerationSettings
            {
                Temperature = s.Temperature,
                TopK = s.TopK,
                TopP = s.TopP,
                RepetitionPenalty = s.RepetitionPenalty,
                MaxNewTokens = s.MaxNewTokens,
                Seed = s.Seed,
                StopSequences = s.StopSequences,
            }.ClampTo(limits);
        }
        catch (GameRuleException e)
        {
            throw new AdventureFileException("$.settings", e.Message);
        }
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
