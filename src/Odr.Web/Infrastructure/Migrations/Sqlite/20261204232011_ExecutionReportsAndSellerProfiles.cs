using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Odr.Web.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExecutionReportsAndSellerProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ExecutedAt",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExecutionAmountCurrency",
                table: "Cases",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "ExecutionAmountValue",
                table: "Cases",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ExecutionFailedAt",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExecutionFailureReference",
                table: "Cases",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExecutionReference",
                table: "Cases",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SellerProfiles",
                columns: table => new
                {
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    StatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    RegistrationNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    StatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SellerProfiles", x => x.Email);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SellerProfiles_StatedBy",
                table: "SellerProfiles",
                column: "StatedBy");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SellerProfiles");

            migrationBuilder.DropColumn(
                name: "ExecutedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ExecutionAmountCurrency",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ExecutionAmountValue",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ExecutionFailedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ExecutionFailureReference",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ExecutionReference",
                table: "Cases");
        }
    }
}
