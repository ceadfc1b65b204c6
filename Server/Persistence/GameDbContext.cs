using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Persistence;

/// <summary>
/// The server's database: adventures, their members and story blocks. A plain <see cref="DbContext"/>
/// on purpose: accounts will later make it an IdentityDbContext, so the game's mapping lives in
/// <see cref="OnModelCreating"/> after the base call and in nothing else.
/// </summary>
public class GameDbContext : DbContext
{
    public GameDbContext(DbContextOptions<GameDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's subclass with migrations of its own (see <c>Postgres/</c>).</summary>
    protected GameDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<AdventureEntity> Adventures => Set<AdventureEntity>();

    public DbSet<MemberEntity> Members => Set<MemberEntity>();

    public DbSet<BlockEntity> Blocks => Set<BlockEntity>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        base.OnModelCreating(modelBuilder);

        modelBuilder.Entity<AdventureEntity>(a =>
        {
            a.ToTable("Adventures");
            a.HasKey(x => x.Id);
            a.Property(x => x.Id).ValueGeneratedNever();
            a.HasIndex(x => x.JoinCode).IsUnique();
            a.Property(x => x.Title).HasMaxLength(200);
            a.Property(x => x.JoinCode).HasMaxLength(16);
            a.Property(x => x.HostId).HasMaxLength(200);
            a.Property(x => x.TurnPolicy).HasMaxLength(32);
            a.Property(x => x.ActionPerson).HasMaxLength(16);
            a.Property(x => x.Version).IsConcurrencyToken();
            a.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.AdventureId).OnDelete(DeleteBehavior.Cascade);
            a.HasMany(x => x.Blocks).WithOne().HasForeignKey(b => b.AdventureId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<MemberEntity>(m =>
        {
            m.ToTable("AdventureMembers");
            m.HasKey(x => new { x.AdventureId, x.UserId });
            m.HasIndex(x => x.UserId);
            m.Property(x => x.UserId).HasMaxLength(200);
            m.Property(x => x.DisplayName).HasMaxLength(200);
            m.Property(x => x.Role).HasMaxLength(32);
            m.Property(x => x.CharacterName).HasMaxLength(200);
        });

        modelBuilder.Entity<BlockEntity>(b =>
        {
            b.ToTable("StoryBlocks");
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).ValueGeneratedNever();
            b.HasIndex(x => new { x.AdventureId, x.Position }).IsUnique();
            b.HasIndex(x => x.State);
            b.Property(x => x.Type).HasMaxLength(32);
            b.Property(x => x.Kind).HasMaxLength(32);
            b.Property(x => x.State).HasMaxLength(32);
            b.Property(x => x.AuthorId).HasMaxLength(200);
            b.Property(x => x.AuthorName).HasMaxLength(200);
            b.Property(x => x.Version).IsConcurrencyToken();
        });
    }
}
