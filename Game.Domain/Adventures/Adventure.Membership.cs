using AdventureServer.Game.Rules;

namespace AdventureServer.Game.Adventures;

// Joining, leaving and moderation. Kick removes a member, who may rejoin; ban removes and keeps out.
public sealed partial class Adventure
{
    /// <summary>Whether <paramref name="userId"/> may join. Joining again as a member is allowed (a no-op).</summary>
    public Refusal? CanJoin(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (_banned.ContainsKey(userId))
        {
            return new Refusal(RuleReason.Banned, "You are banned from this adventure.");
        }

        if (FindMember(userId) is not null)
        {
            return null;
        }

        return _members.Count >= PartyCap
            ? new Refusal(RuleReason.PartyFull, $"The party is full ({PartyCap} members).")
            : null;
    }

    /// <summary>
    /// Adds a player (or returns the existing member, whose character name a non-blank
    /// <paramref name="characterName"/> replaces).
    /// </summary>
    public Member Join(string userId, string displayName, string? characterName = null)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var name = string.IsNullOrWhiteSpace(characterName) ? null : characterName.Trim();
        Refusal.ThrowIfAny(CanJoin(userId) ?? CheckCharacterName(name));
        if (FindMember(userId) is { } existing)
        {
            return name is null ? existing : Rename(existing, name);
        }

        var member = new Member(userId, displayName, MemberRole.Player) { CharacterName = name };
        _members.Add(member);
        return member;
    }

    /// <summary>
    /// A member names (or renames) their own character; blank clears it, so their display name stands in.
    /// Actions already in the story keep the name they were framed with.
    /// </summary>
    public Member ChangeCharacterName(Actor actor, string? characterName)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var name = string.IsNullOrWhiteSpace(characterName) ? null : characterName.Trim();
        var member = FindMember(actor.UserId);
        Refusal.ThrowIfAny((member is null ? new Refusal(RuleReason.NotMember, "You are not a member of this adventure.") : null)
            ?? CheckCharacterName(name));
        return Rename(member!, name);
    }

    Member Rename(Member member, string? characterName)
    {
        var renamed = member with { CharacterName = characterName };
        _members[_members.IndexOf(member)] = renamed;
        return renamed;
    }

    Refusal? CheckCharacterName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (name.Length > _limits.MaxCharacterNameLength)
        {
            return new Refusal(RuleReason.TooLong, $"The character name is too long ({name.Length} characters; at most {_limits.MaxCharacterNameLength}).");
        }

        // The name goes into "> Name opens..." lines: a line break or a quote would break the story's format.
        return name.Any(c => char.IsControl(c) || c is '"' or '>' or '“' or '”')
            ? new Refusal(RuleReason.InvalidSettings, "A character name cannot hold line breaks, quotes or '>'.")
            : null;
    }

    /// <summary>A member leaves. The host cannot leave their own adventure.</summary>
    public void Leave(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        Refusal.ThrowIfAny(CheckTarget(userId, mustBeMember: true));
        _members.RemoveAll(m => m.UserId == userId);
    }

    /// <summary>
    /// Whether <paramref name="actor"/> may delete the adventure for good: only its host, and not while a
    /// continuation is being written (stop it first). Deleting is storage's work; the aggregate only decides.
    /// </summary>
    public Refusal? CanDelete(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.UserId != HostId)
        {
            return FindMember(actor.UserId) is null && !actor.IsGameMaster
                ? new Refusal(RuleReason.NotMember, "You are not a member of this adventure.")
                : new Refusal(RuleReason.NotHost, "Only the host can delete this adventure.");
        }

        return IsBusy ? new Refusal(RuleReason.Busy, "The story is being written; stop it before deleting the adventure.") : null;
    }

    /// <summary>Whether <paramref name="actor"/> may moderate and change settings: the host or a game master.</summary>
    public Refusal? CanModerate(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.IsGameMaster || actor.UserId == HostId)
        {
            return null;
        }

        return FindMember(actor.UserId) is null
            ? new Refusal(RuleReason.NotMember, "You are not a member of this adventure.")
            : new Refusal(RuleReason.NotHost, "Only the host can do that.");
    }

    /// <summary>Removes a member, who may rejoin.</summary>
    public void Kick(Actor actor, string userId)
    {
        Refusal.ThrowIfAny(CanModerate(actor) ?? CheckTarget(userId, mustBeMember: true));
        _members.RemoveAll(m => m.UserId == userId);
    }

    /// <summary>
    /// Removes a user (member or not) and keeps them from rejoining. Their display name is kept with the ban
    /// (a member's name, else <paramref name="displayName"/>, else the id), so an unban list can name them.
    /// </summary>
    public void Ban(Actor actor, string userId, string? displayName = null)
    {
        Refusal.ThrowIfAny(CanModerate(actor) ?? CheckTarget(userId, mustBeMember: false));
        var name = FindMember(userId)?.DisplayName ?? (string.IsNullOrWhiteSpace(displayName) ? userId : displayName.Trim());
        _members.RemoveAll(m => m.UserId == userId);
        _banned[userId] = name;
    }

    /// <summary>Lets a banned user join again.</summary>
    public void Unban(Actor actor, string userId)
    {
        Refusal.ThrowIfAny(CanModerate(actor));
        _banned.Remove(userId);
    }

    /// <summary>Keeps a member from changing the story; they still watch. Survives leaving and rejoining.</summary>
    public void Mute(Actor actor, string userId)
    {
        Refusal.ThrowIfAny(CanModerate(actor) ?? CheckTarget(userId, mustBeMember: true));
        _muted.Add(userId);
    }

    /// <summary>Lets a muted member act again.</summary>
    public void Unmute(Actor actor, string userId)
    {
        Refusal.ThrowIfAny(CanModerate(actor));
        _muted.Remove(userId);
    }

    Refusal? CheckTarget(string userId, bool mustBeMember)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (userId == HostId)
        {
            return new Refusal(RuleReason.CannotTargetHost, "The host cannot be removed, banned or muted.");
        }

        return mustBeMember && FindMember(userId) is null
            ? new Refusal(RuleReason.NotFound, "That user is not a member of this adventure.")
            : null;
    }

    // The gate for every command that changes the story: a member who is neither banned nor muted, or a game master.
    Refusal? CheckPlayer(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.IsGameMaster)
        {
            return null;
        }

        if (_banned.ContainsKey(actor.UserId))
        {
            return new Refusal(RuleReason.Banned, "You are banned from this adventure.");
        }

        if (FindMember(actor.UserId) is null)
        {
            return new Refusal(RuleReason.NotMember, "You are not a member of this adventure.");
        }

        return _muted.Contains(actor.UserId)
            ? new Refusal(RuleReason.Muted, "You are muted in this adventure.")
            : null;
    }
}
