using Microsoft.EntityFrameworkCore.Migrations;

namespace Odr.Web.Infrastructure.Migrations.HandWritten;

/// <summary>Notices that could not be delivered, kept on their case until they are.</summary>
public abstract class NoticeDelivery : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "UndeliveredNotices",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 200, nullable: false),
                DisputeId = table.Column<Guid>(nullable: false),
                Recipient = table.Column<string>(maxLength: 16, nullable: false),
                Kind = table.Column<string>(maxLength: 32, nullable: false),
                Since = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_UndeliveredNotices", x => x.Key);
                table.ForeignKey("FK_UndeliveredNotices_Cases_DisputeId", x => x.DisputeId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_UndeliveredNotices_DisputeId", "UndeliveredNotices", "DisputeId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("UndeliveredNotices");
}
