using AdventureServer.Server.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdventureServer.Server.Persistence.Migrations
{
    /// <summary>
    /// Data only, no schema change: bans become <c>[{"userId", "displayName"}]</c> (the name at ban time; bans stored
    /// before this kept only the id, which stands in as the name), and the redo stack becomes
    /// <c>{"steps": [[...]], "erasesOnTop": n}</c> so an undo right after "erase to here" can take the erase back.
    /// </summary>
    [DbContext(typeof(GameDbContext))]
    [Migration("20261202060000_BanNamesAndEraseSteps")]
    public partial class BanNamesAndEraseSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE "Adventures" SET "BannedJson" = (
                    SELECT COALESCE(json_group_array(json_object('userId', value, 'displayName', value)), '[]')
                    FROM json_each("Adventures"."BannedJson"))
                WHERE json_type("BannedJson", '$[0]') = 'text' OR "BannedJson" = '[]';
                """);
            migrationBuilder.Sql("""
                UPDATE "Adventures" SET "RedoStackJson" = json_object('steps', json("RedoStackJson"), 'erasesOnTop', 0)
                WHERE json_type("RedoStackJson") = 'array';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE "Adventures" SET "BannedJson" = (
                    SELECT COALESCE(json_group_array(json_extract(value, '$.userId')), '[]')
                    FROM json_each("Adventures"."BannedJson"))
                WHERE json_type("BannedJson", '$[0]') = 'object';
                """);
            migrationBuilder.Sql("""
                UPDATE "Adventures" SET "RedoStackJson" = json_extract("RedoStackJson", '$.steps')
                WHERE json_type("RedoStackJson") = 'object';
                """);
        }
    }
}
