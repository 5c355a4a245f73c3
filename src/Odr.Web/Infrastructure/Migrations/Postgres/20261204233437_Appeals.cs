using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Odr.Web.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Appeals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AppealDecidedAt",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AppealDecision",
                table: "Cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AppealGrounds",
                table: "Cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AppealReasons",
                table: "Cases",
                type: "character varying(20000)",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AppealStatement",
                table: "Cases",
                type: "character varying(10000)",
                maxLength: 10000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AppealableUntil",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AppealedAt",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AppealedBy",
                table: "Cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AwardFinalAt",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "AwardingArbitratorId",
                table: "Cases",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginalAwardAmountCurrency",
                table: "Cases",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "OriginalAwardAmountValue",
                table: "Cases",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OriginalAwardDecision",
                table: "Cases",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AppealDecidedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AppealDecision",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AppealGrounds",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AppealReasons",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AppealStatement",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AppealableUntil",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AppealedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AppealedBy",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AwardFinalAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AwardingArbitratorId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "OriginalAwardAmountCurrency",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "OriginalAwardAmountValue",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "OriginalAwardDecision",
                table: "Cases");
        }
    }
}
