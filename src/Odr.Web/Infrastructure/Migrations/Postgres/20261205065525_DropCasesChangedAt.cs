using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Odr.Web.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DropCasesChangedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_ChangedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ChangedAt",
                table: "Cases");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ChangedAt",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ChangedAt",
                table: "Cases",
                column: "ChangedAt");
        }
    }
}
