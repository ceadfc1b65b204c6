using System.Text.Json.Serialization;

namespace AdventureServer.Server.Play.Grains;

/// <summary>
/// What a hub asks of an adventure: sent to the adventure's grain, wherever it lives, and run there on the
/// <see cref="AdventureKeeper"/>, so that nothing outside the grain changes the adventure. Commands are plain
/// records carried as JSON; each names the actor it runs for.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$command")]
[JsonDerivedType(typeof(Undo), "undo")]
[JsonDerivedType(typeof(Redo), "redo")]
[JsonDerivedType(typeof(EditBlock), "edit")]
[JsonDerivedType(typeof(EraseAfter), "erase")]
[JsonDerivedType(typeof(SelectAlternative), "alternative")]
[JsonDerivedType(typeof(SetMemory), "memory")]
[JsonDerivedType(typeof(SetAuthorsNote), "authors-note")]
[JsonDerivedType(typeof(AddStoryCard), "add-card")]
[JsonDerivedType(typeof(UpdateStoryCard), "update-card")]
[JsonDerivedType(typeof(RemoveStoryCard), "remove-card")]
[JsonDerivedType(typeof(ChangeSettings), "settings")]
[JsonDerivedType(typeof(SetBannedWords), "banned-words")]
[JsonDerivedType(typeof(Unban), "unban")]
[JsonDerivedType(typeof(Mute), "mute")]
[JsonDerivedType(typeof(Unmute), "unmute")]
[JsonDerivedType(typeof(SetCharacterName), "character-name")]
[JsonDerivedType(typeof(ChangeActionPerson), "action-person")]
[JsonDerivedType(typeof(Act), "act")]
[JsonDerivedType(typeof(Retry), "retry")]
[JsonDerivedType(typeof(StopWriting), "stop")]
[JsonDerivedType(typeof(Join), "join")]
[JsonDerivedType(typeof(Leave), "leave")]
[JsonDerivedType(typeof(RemoveMember), "remove")]
[JsonDerivedType(typeof(DeleteAdventure), "delete")]
[JsonDerivedType(typeof(ReadContext), "context")]
public abstract record AdventureCommand
{
    /// <summary>Runs the command on the adventure; returns the hub call's result (null for none).</summary>
    internal abstract Task<object?> RunAsync(AdventureKeeper keeper, Guid adventureId);
}
