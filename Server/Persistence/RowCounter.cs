using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdventureServer.Server.Persistence;

/// <summary>
/// Counts the rows the database commands of a <see cref="GameDbContext"/> wrote (inserted, updated or
/// deleted, as SQLite reports them) and the queries it ran, for benchmarks and tests that check what a
/// change costs. Add one to the context's options
/// (<see cref="PersistenceExtensions.AddPersistence(IServiceCollection, string, IInterceptor[])"/>); thread-safe.
/// </summary>
public sealed class RowCounter : DbCommandInterceptor
{
    long _written;
    long _queries;

    /// <summary>Rows written since the last <see cref="Reset"/>.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>
    /// Queries (commands that changed no row) since the last <see cref="Reset"/>. Loading an adventure is
    /// three (the adventure, its members, its blocks); finding one block is one. Rows read are not counted:
    /// EF buffers split queries, so its interceptors do not see how many rows they read.
    /// </summary>
    public long Queries => Interlocked.Read(ref _queries);

    /// <summary>Starts counting afresh.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _written, 0);
        Interlocked.Exchange(ref _queries, 0);
    }

    /// <inheritdoc />
    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        AddWritten(result);
        return result;
    }

    /// <inheritdoc />
    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AddWritten(result);
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        // SaveChanges runs its INSERT and UPDATE commands as readers (for RETURNING); those report the rows
        // they changed. A query reports -1.
        if (eventData.RecordsAffected > 0)
            AddWritten(eventData.RecordsAffected);
        else
            Interlocked.Increment(ref _queries);
        return result;
    }

    void AddWritten(int rows)
    {
        if (rows > 0)
            Interlocked.Add(ref _written, rows);
    }
}
