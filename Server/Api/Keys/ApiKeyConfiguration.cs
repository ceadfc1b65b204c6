using AdventureServer.Server.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdventureServer.Server.Api.Keys;

/// <summary>The <c>ApiKeys</c> table, beside Identity's in <see cref="AccountsDbContext"/>: a key belongs to an account and goes with it.</summary>
public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ApiKeys");
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(64);
        // Every request looks its key up by hash.
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
