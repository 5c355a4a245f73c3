using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Odr.Web.Infrastructure.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AwaitingTasks",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    BuyerUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SellerEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    MediatorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Due = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Anchor = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
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
