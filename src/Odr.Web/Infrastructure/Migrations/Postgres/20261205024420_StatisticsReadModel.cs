using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Odr.Web.Infrastructure.Migrations.Postgres
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
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "StatisticsTallies",
                columns: table => new
                {
                    Day = table.Column<int>(type: "integer", nullable: false),
                    ClaimType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Marketplace = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    BuyerCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    SellerCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Measure = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Subject = table.Column<string>(type: "character varying(116)", maxLength: 116, nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
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
