using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Odr.Web.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AwaitingTasksReadModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AwaitingTasksFact",
                table: "Cases",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AwaitingTasks",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Holder = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    BuyerUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    SellerEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    MediatorId = table.Column<Guid>(type: "uuid", nullable: true),
                    Number = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Due = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Anchor = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AwaitingTasks", x => new { x.CaseId, x.Role, x.Position });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_TasksNotKept",
                table: "Cases",
                column: "AwaitingTasksFact",
                filter: "\"AwaitingTasksFact\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AwaitingTasks_Holder",
                table: "AwaitingTasks",
                column: "Holder");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AwaitingTasks");

            migrationBuilder.DropIndex(
                name: "IX_Cases_TasksNotKept",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AwaitingTasksFact",
                table: "Cases");
        }
    }
}
