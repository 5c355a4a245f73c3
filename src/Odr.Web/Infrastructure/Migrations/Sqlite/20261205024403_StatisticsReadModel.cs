using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Odr.Web.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StatisticsReadModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StatisticsFact",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "StatisticsTallies",
                columns: table => new
                {
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Marketplace = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BuyerCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    SellerCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Measure = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 116, nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticsTallies", x => new { x.Day, x.ClaimType, x.Marketplace, x.BuyerCountry, x.SellerCountry, x.Measure, x.Subject, x.Value });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_AppealableUntil",
                table: "Cases",
                column: "AppealableUntil",
                filter: "\"AppealableUntil\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Uncounted",
                table: "Cases",
                column: "StatisticsFact",
                filter: "\"StatisticsFact\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StatisticsTallies");

            migrationBuilder.DropIndex(
                name: "IX_Cases_AppealableUntil",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Uncounted",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "StatisticsFact",
                table: "Cases");
        }
    }
}
