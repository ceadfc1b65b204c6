using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdventureServer.Server.Persistence.Postgres.Migrations.Game
{
    /// <summary>Members' character names and each adventure's choice of second- or third-person actions (PostgreSQL).</summary>
    public partial class CharactersAndFraming : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ActionPerson",
                table: "Adventures",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                // Adventures stored before the choice existed framed every action in the second person.
                defaultValue: "Second");

            migrationBuilder.AddColumn<string>(
                name: "CharacterName",
                table: "AdventureMembers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ActionPerson",
                table: "Adventures");

            migrationBuilder.DropColumn(
                name: "CharacterName",
                table: "AdventureMembers");
        }
    }
}
