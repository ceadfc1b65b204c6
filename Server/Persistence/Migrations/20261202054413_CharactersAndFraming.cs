using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdventureServer.Server.Persistence.Migrations
{
    /// <summary>Members' character names and each adventure's choice of second- or third-person actions.</summary>
    public partial class CharactersAndFraming : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ActionPerson",
                table: "Adventures",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                // Adventures stored before the choice existed framed every action in the second person.
                defaultValue: "Second");

            migrationBuilder.AddColumn<string>(
                name: "CharacterName",
                table: "AdventureMembers",
                type: "TEXT",
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
