using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdventureServer.Server.Persistence.Postgres.Migrations.Game
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Adventures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    JoinCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    HostId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TurnPolicy = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PartyCap = table.Column<int>(type: "integer", nullable: false),
                    LastActorId = table.Column<string>(type: "text", nullable: true),
                    Memory = table.Column<string>(type: "text", nullable: false),
                    AuthorsNote = table.Column<string>(type: "text", nullable: false),
                    SettingsJson = table.Column<string>(type: "text", nullable: false),
                    BannedWordsJson = table.Column<string>(type: "text", nullable: false),
                    MutedJson = table.Column<string>(type: "text", nullable: false),
                    BannedJson = table.Column<string>(type: "text", nullable: false),
                    StoryCardsJson = table.Column<string>(type: "text", nullable: false),
                    RedoStackJson = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Adventures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AdventureMembers",
                columns: table => new
                {
                    AdventureId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    JoinOrder = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdventureMembers", x => new { x.AdventureId, x.UserId });
                    table.ForeignKey(
                        name: "FK_AdventureMembers_Adventures_AdventureId",
                        column: x => x.AdventureId,
                        principalTable: "Adventures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StoryBlocks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AdventureId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AuthorId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AuthorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    TypedText = table.Column<string>(type: "text", nullable: false),
                    AlternativesJson = table.Column<string>(type: "text", nullable: false),
                    Shown = table.Column<int>(type: "integer", nullable: false),
                    HistoryJson = table.Column<string>(type: "text", nullable: false),
                    Hidden = table.Column<bool>(type: "boolean", nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoryBlocks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StoryBlocks_Adventures_AdventureId",
                        column: x => x.AdventureId,
                        principalTable: "Adventures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AdventureMembers_UserId",
                table: "AdventureMembers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Adventures_JoinCode",
                table: "Adventures",
                column: "JoinCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StoryBlocks_AdventureId_Position",
                table: "StoryBlocks",
                columns: new[] { "AdventureId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StoryBlocks_State",
                table: "StoryBlocks",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdventureMembers");

            migrationBuilder.DropTable(
                name: "StoryBlocks");

            migrationBuilder.DropTable(
                name: "Adventures");
        }
    }
}
