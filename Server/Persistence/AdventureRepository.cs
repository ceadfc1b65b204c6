using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Server.Persistence.Export;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AdventureServer.Server.Persistence;

/// <summary>
/// Loads and saves adventures. Scoped, like its <see cref="GameDbContext"/>: save an adventure through the
/// repository that loaded it, so the optimistic concurrency check compares with what was loaded.
/// A save that loses a race throws <see cref="ConcurrencyConflictException"/>; use a new scope to retry.
/// </summary>
public sealed class AdventureRepository(GameDbContext db, GameLimits limits, TimeProvider time)
{
    const int JoinCodeAttempts = 20;

    // The blocks this repository handed out or stored, by id. The domain's blocks are immutable and an
    // adventure keeps the instances it was restored from, so a block that is still the same instance at
    // save time is unchanged: its row is neither rebuilt nor compared, and a save costs what changed, not
    // the story's length.
    readonly Dictionary<Guid, StoryBlock> _stored = [];

    /// <summary>Stores a new adventure, giving it another join code if its code is taken.</summary>
    public async Task CreateAsync(Adventure adventure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adventure);
        for (var attempt = 0; await db.Adventures.AnyAsync(a => a.JoinCode == adventure.JoinCode, cancellationToken); attempt++)
        {
            if (attempt >= JoinCodeAttempts)
            {
                throw new InvalidOperationException("Could not find a free join code.");
            }

            adventure.ChangeJoinCode(Game.Text.JoinCode.New());
        }

        var entity = new AdventureEntity { Id = adventure.Id, UpdatedAt = time.GetUtcNow() };
        db.Adventures.Add(entity);
        var snapshot = adventure.ToSnapshot();
        AdventureMapping.Apply(db, entity, snapshot, _stored);
        await SaveChangesAsync(cancellationToken);
        Remember(snapshot.Blocks);
    }

    /// <summary>The adventure with this id, or null.</summary>
    public async Task<Adventure?> LoadAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var entity = await WithChildren().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        return entity is null ? null : Restore(entity);
    }

    /// <summary>The adventure with this join code (any case, surrounding spaces ignored), or null.</summary>
    public async Task<Adventure?> LoadByJoinCodeAsync(string joinCode, CancellationToken cancellationToken = default)
    {
        var code = Game.Text.JoinCode.Normalize(joinCode);
        var entity = await WithChildren().FirstOrDefaultAsync(a => a.JoinCode == code, cancellationToken);
        return entity is null ? null : Restore(entity);
    }

    /// <summary>
    /// Saves every change made to <paramref name="adventure"/> since it was loaded, in one transaction,
    /// writing only the rows that changed (the adventure's own row, new or changed blocks and members).
    /// After an accepted action this stores the action and its empty continuation before anything is generated.
    /// </summary>
    public async Task SaveAsync(Adventure adventure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adventure);
        var entity = db.Adventures.Local.FirstOrDefault(a => a.Id == adventure.Id)
            ?? await WithChildren().FirstOrDefaultAsync(a => a.Id == adventure.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Adventure {adventure.Id} is not stored; create it first.");
        var snapshot = adventure.ToSnapshot();
        AdventureMapping.Apply(db, entity, snapshot, _stored);
        AdventureMapping.BumpVersions(db, entity, time.GetUtcNow());
        await SaveChangesAsync(cancellationToken);
        Remember(snapshot.Blocks);
    }

    /// <summary>
    /// Stores the text so far of continuations still being written, in one transaction: for each, one
    /// UPDATE of its row that sets the shown alternative's text inside the alternatives' JSON (SQLite's
    /// <c>json_set</c>, PostgreSQL's <c>jsonb_set</c>), and nothing else; no row is read first. A block that is no longer being written (its
    /// final save came first) is left alone. Returns how many rows changed.
    /// </summary>
    /// <remarks>
    /// The row's version is not bumped: these saves run beside the continuation's final save, which reads
    /// the row and then writes it, and must not fail for text it replaces anyway. Nothing else writes a
    /// block while it is being written (the domain refuses edits, undo and retry then), and a writer that
    /// did would lose at most one interval of text, which the next save (the whole text) puts back.
    /// </remarks>
    public async Task<int> SaveWritingTextsAsync(IReadOnlyCollection<ContinuationText> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
            return 0;
        var writing = nameof(ContinuationState.Writing);
        var written = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var t in texts)
        {
            // "text" is Alternative.Text under PersistenceJson's camel-case naming.
            written += db.Database.IsNpgsql()
                ? await db.Database.ExecuteSqlAsync(
                    $"""
                    UPDATE "StoryBlocks"
                    SET "AlternativesJson" = jsonb_set("AlternativesJson"::jsonb, ARRAY["Shown"::text, 'text'], to_jsonb({t.Text}::text))::text
                    WHERE "Id" = {t.BlockId} AND "AdventureId" = {t.AdventureId} AND "State" = {writing}
                    """,
                    cancellationToken)
                : await db.Database.ExecuteSqlAsync(
                    $"""
                    UPDATE StoryBlocks
                    SET AlternativesJson = json_set(AlternativesJson, '$[' || Shown || '].text', {t.Text})
                    WHERE Id = {t.BlockId} AND AdventureId = {t.AdventureId} AND State = {writing}
                    """,
                    cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    /// <summary>
    /// Stores a continuation's text so far and its state, touching only that block's row. Called at
    /// intervals while it streams and once at the end with the cleaned text and the final state. The
    /// text is the whole text, not a delta, so a repeated call never doubles it. Refused (NotWriting)
    /// once the block has a final state.
    /// </summary>
    public async Task<StoryBlock> SaveContinuationAsync(Guid adventureId, Guid blockId, string text, ContinuationState state, CancellationToken cancellationToken = default)
    {
        var row = await FindBlockAsync(adventureId, blockId, cancellationToken);
        var block = AdventureMapping.ToBlock(row).WriteContinuation(text, state);
        AdventureMapping.Apply(row, block, adventureId, row.Position);
        row.Version++;
        await SaveChangesAsync(cancellationToken);
        _stored[block.Id] = block;
        return block;
    }

    /// <summary>
    /// Appends <paramref name="delta"/> to a continuation's stored text and sets its state, for a writer
    /// that keeps only what arrived since its last save. Not idempotent: a writer that may repeat a call
    /// should use <see cref="SaveContinuationAsync"/> with the whole text instead.
    /// </summary>
    public async Task<StoryBlock> AppendContinuationAsync(Guid adventureId, Guid blockId, string delta, ContinuationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var row = await FindBlockAsync(adventureId, blockId, cancellationToken);
        return await SaveContinuationAsync(adventureId, blockId, AdventureMapping.ToBlock(row).Text + delta, state, cancellationToken);
    }

    /// <summary>
    /// Deletes an adventure this repository loaded, with its members and blocks. A change saved by someone else
    /// since it was loaded makes the delete fail with <see cref="ConcurrencyConflictException"/>, so nothing the
    /// caller did not see (a continuation just started) is deleted unseen.
    /// </summary>
    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var entity = db.Adventures.Local.FirstOrDefault(a => a.Id == id)
            ?? throw new InvalidOperationException("Load the adventure through this repository before deleting it.");
        db.Adventures.Remove(entity);
        await SaveChangesAsync(cancellationToken);
        foreach (var block in entity.Blocks)
            _stored.Remove(block.Id);
    }

    /// <summary>The adventures <paramref name="userId"/> is a member of, most recently changed first.</summary>
    public async Task<IReadOnlyList<AdventureSummary>> ListForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        var rows = await db.Adventures.AsNoTracking()
            .Where(a => a.Members.Any(m => m.UserId == userId))
            .Select(a => new
            {
                a.Id,
                a.Title,
                a.JoinCode,
                a.UpdatedAt,
                Role = a.Members.Where(m => m.UserId == userId).Select(m => m.Role).First(),
                Count = a.Members.Count,
            })
            .ToListAsync(cancellationToken);
        // SQLite cannot order by DateTimeOffset in SQL; a user's list is short.
        return rows
            .OrderByDescending(r => r.UpdatedAt)
            .Select(r => new AdventureSummary(r.Id, r.Title, r.JoinCode, Enum.Parse<MemberRole>(r.Role), r.Count, r.UpdatedAt))
            .ToArray();
    }

    /// <summary>
    /// Marks every continuation still being written as interrupted. Run at start-up, when nothing can be
    /// writing: those were cut off by a stop or crash, and would otherwise lock their adventures for good.
    /// </summary>
    public Task<int> InterruptUnfinishedAsync(CancellationToken cancellationToken = default) => InterruptAsync(adventureId: null, cancellationToken);

    /// <summary>
    /// Marks the adventure's continuations left <c>Writing</c> <c>Interrupted</c>, keeping their text (its grain does
    /// this when it starts on a node, since no other node can be writing them then); returns how many there were.
    /// </summary>
    public Task<int> InterruptUnfinishedAsync(Guid adventureId, CancellationToken cancellationToken = default) => InterruptAsync(adventureId, cancellationToken);

    async Task<int> InterruptAsync(Guid? adventureId, CancellationToken cancellationToken)
    {
        var writing = nameof(ContinuationState.Writing);
        var rows = await db.Blocks.Where(b => b.State == writing && (adventureId == null || b.AdventureId == adventureId)).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var block = AdventureMapping.ToBlock(row);
            var interrupted = block.WriteContinuation(block.Text, ContinuationState.Interrupted);
            AdventureMapping.Apply(row, interrupted, row.AdventureId, row.Position);
            row.Version++;
            _stored[interrupted.Id] = interrupted;
        }

        await SaveChangesAsync(cancellationToken);
        return rows.Count;
    }

    /// <summary>The adventure as an export file (see <see cref="AdventureFile"/>), or null when there is none.</summary>
    public async Task<string?> ExportAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var adventure = await LoadAsync(id, cancellationToken);
        return adventure is null ? null : AdventureFileWriter.Write(adventure.ToSnapshot(), time.GetUtcNow());
    }

    /// <summary>
    /// Stores a new adventure from an export file or a KoboldAI story, hosted by <paramref name="importer"/>.
    /// A file that cannot be read is refused with <see cref="AdventureFileException"/> (naming the field) before anything is stored.
    /// </summary>
    public async Task<Adventure> ImportAsync(string json, Actor importer, CancellationToken cancellationToken = default)
    {
        var adventure = Adventure.Restore(AdventureFileReader.Read(json, importer, limits, time.GetUtcNow()), limits);
        await CreateAsync(adventure, cancellationToken);
        return adventure;
    }

    Adventure Restore(AdventureEntity entity)
    {
        var snapshot = AdventureMapping.ToSnapshot(entity);
        Remember(snapshot.Blocks);
        return Adventure.Restore(snapshot, limits);
    }

    void Remember(IEnumerable<StoryBlock> blocks)
    {
        foreach (var block in blocks)
            _stored[block.Id] = block;
    }

    async Task<BlockEntity> FindBlockAsync(Guid adventureId, Guid blockId, CancellationToken cancellationToken) =>
        db.Blocks.Local.FirstOrDefault(b => b.Id == blockId && b.AdventureId == adventureId)
        ?? await db.Blocks.FirstOrDefaultAsync(b => b.Id == blockId && b.AdventureId == adventureId, cancellationToken)
        ?? throw new InvalidOperationException($"Block {blockId} of adventure {adventureId} is not stored.");

    IQueryable<AdventureEntity> WithChildren() =>
        db.Adventures.Include(a => a.Members).Include(a => a.Blocks).AsSplitQuery();

    async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new ConcurrencyConflictException("The adventure was changed by someone else since it was loaded; reload it and try again.", e);
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 }
                                              or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two saves appending a block at the same position: the loser of the race hits the unique index.
            throw new ConcurrencyConflictException("The story was changed by someone else since it was loaded; reload it and try again.", e);
        }
    }
}
