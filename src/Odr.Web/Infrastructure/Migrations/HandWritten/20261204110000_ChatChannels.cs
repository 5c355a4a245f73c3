using Microsoft.EntityFrameworkCore.Migrations;

namespace Odr.Web.Infrastructure.Migrations.HandWritten;

/// <summary>
/// Each chat channel's own hash chain of salted message commitments (ADR 008), and each message's salt. Messages written
/// before keep no salt and their plain hash in the case's history, which is not rewritten.
/// </summary>
public abstract class ChatChannels : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("Salt", "ChatMessages", fixedLength: true, maxLength: 32, nullable: true);
        // Messages are numbered per channel from now on (a party saw gaps where the other caucus spoke); the numbers
        // already given are unique per case, so they stay unique per channel.
        migrationBuilder.DropIndex("IX_ChatMessages_DisputeId_Seq", "ChatMessages");
        migrationBuilder.CreateIndex("IX_ChatMessages_DisputeId_Channel_Seq", "ChatMessages", new[] { "DisputeId", "Channel", "Seq" }, unique: true);
        migrationBuilder.CreateTable(
            name: "ChannelEvents",
            columns: table => new
            {
                DisputeId = table.Column<Guid>(nullable: false),
                Channel = table.Column<string>(maxLength: 16, nullable: false),
                Seq = table.Column<int>(nullable: false),
                Type = table.Column<string>(maxLength: 40, nullable: false),
                At = table.Column<DateTime>(nullable: false),
                ActorRole = table.Column<string>(maxLength: 16, nullable: false),
                Canonical = table.Column<string>(nullable: false),
                PreviousHash = table.Column<string>(fixedLength: true, maxLength: 64, nullable: false),
                Hash = table.Column<string>(fixedLength: true, maxLength: 64, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ChannelEvents", x => new { x.DisputeId, x.Channel, x.Seq });
                table.ForeignKey("FK_ChannelEvents_Cases_DisputeId", x => x.DisputeId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ChannelEvents");
        migrationBuilder.DropIndex("IX_ChatMessages_DisputeId_Channel_Seq", "ChatMessages");
        migrationBuilder.CreateIndex("IX_ChatMessages_DisputeId_Seq", "ChatMessages", new[] { "DisputeId", "Seq" }, unique: true);
        migrationBuilder.DropColumn("Salt", "ChatMessages");
    }
}
