using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Odr.Web.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CommandTypeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowCommands_Status_NextAttemptAt",
                table: "WorkflowCommands");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowCommands_Status_Type_NextAttemptAt",
                table: "WorkflowCommands",
                columns: new[] { "Status", "Type", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowCommands_Status_Type_NextAttemptAt",
                table: "WorkflowCommands");

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowCommands_Status_NextAttemptAt",
                table: "WorkflowCommands",
                columns: new[] { "Status", "NextAttemptAt" });
        }
    }
}
