using System.Text.Json;
using AdventureServer.Game.Adventures;

namespace AdventureServer.Server.Persistence.Export;

/// <summary>Writes an adventure as an <see cref="AdventureFile"/>, field by field.</summary>
public static class AdventureFileWriter
{
    /// <summary>The file for <paramref name="snapshot"/>.</summary>
    public static AdventureFile ToFile(AdventureSnapshot snapshot, DateTimeOffset exportedAt)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var index = snapshot.Blocks.Select((b, i) => (b.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var s = snapshot.Settings;
        return new AdventureFile
        {
            Format = AdventureFile.Kind,
            FormatVersion = AdventureFile.CurrentVersion,
            ExportedAt = exportedAt,
            Title = snapshot.Title,
            TurnPolicy = snapshot.TurnPolicy.ToString(),
            PartyCap = snapshot.PartyCap,
            ActionPerson = snapshot.ActionPerson.ToString(),
            Settings = new AdventureFileSettings
            {
                Temperature = s.Temperature,
                TopK = s.TopK,
                TopP = s.TopP,
                RepetitionPenalty = s.RepetitionPenalty,
                MaxNewTokens = s.MaxNewTokens,
                Seed = s.Seed,
                StopSequences = s.StopSequences.ToArray(),
            },
            Memory = snapshot.Memory,
            AuthorsNote = snapshot.AuthorsNote,
            BannedWords = snapshot.BannedWords.ToArray(),
            Cards = snapshot.StoryCards.Select(c => new AdventureFileCard { Title = c.Title, Keys = c.Keys.ToArray(), Text = c.Text, Enabled = c.Enabled }).ToArray(),
            Members = snapshot.Members
                .OrderBy(m => m.Role == MemberRole.Host ? 0 : 1)
                .Select(m => new AdventureFileMember { DisplayName = m.DisplayName, Role = m.Role.ToString(), CharacterName = m.CharacterName })
                .ToArray(),
            Blocks = snapshot.Blocks.Select(b => new AdventureFileBlock
            {
                Type = b.Type.ToString(),
                AuthorName = b.AuthorName,
                Kind = b.Kind?.ToString(),
                TypedText = b.TypedText,
                Alternatives = b.Alternatives.Select(a => new AdventureFileText { Text = a.Text, State = a.State.ToString() }).ToArray(),
                Shown = b.Shown,
                History = b.History.ToArray(),
                Hidden = b.Hidden,
            }).ToArray(),
            RedoStack = snapshot.RedoStack.Select(step => (IReadOnlyList<int>)step.Select(id => index[id]).ToArray()).ToArray(),
            ErasesOnTop = snapshot.ErasesOnTop,
        };
    }

    /// <summary>The file for <paramref name="snapshot"/> as JSON text.</summary>
    public static string Write(AdventureSnapshot snapshot, DateTimeOffset exportedAt) =>
        JsonSerializer.Serialize(ToFile(snapshot, exportedAt), AdventureFileJson.Options);
}
