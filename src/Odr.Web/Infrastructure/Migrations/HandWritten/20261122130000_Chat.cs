using Microsoft.EntityFrameworkCore.Migrations;

namespace Odr.Web.Infrastructure.Migrations.HandWritten;

/// <summary>Case chat messages, numbered per case.</summary>
public abstract class Chat : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ChatMessages",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                DisputeId = table.Column<Guid>(nullable: false),
                Seq = table.Column<int>(nullable: false),
                Channel = table.Column<string>(maxLength: 16, nullable: false),
                SenderUserId = table.Column<Guid>(nullable: false),
                SenderRole = table.Column<string>(maxLength: 16, nullable: false),
                SenderName = table.Column<string>(maxLength: 200, nullable: false),
                Text = table.Column<string>(maxLength: 4000, nullable: false),
                Sha256 = table.Column<string>(fixedLength: true, maxLength: 64, nullable: false),
                SentAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ChatMessages", x => x.Id);
                table.ForeignKey("FK_ChatMessages_Cases_DisputeId", x => x.DisputeId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_ChatMessages_DisputeId_Seq", "ChatMessages", new[] { "DisputeId", "Seq" }, unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("ChatMessages");
}
