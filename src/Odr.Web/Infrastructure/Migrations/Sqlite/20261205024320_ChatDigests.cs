using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Odr.Web.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChatDigests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChatDigests",
                columns: table => new
                {
                    DisputeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Since = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatDigests", x => new { x.DisputeId, x.UserId });
                    table.ForeignKey(
                        name: "FK_ChatDigests_Cases_DisputeId",
                        column: x => x.DisputeId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChatDigests");
        }
    }
}
