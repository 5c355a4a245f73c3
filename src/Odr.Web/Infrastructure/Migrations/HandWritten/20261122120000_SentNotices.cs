using Microsoft.EntityFrameworkCore.Migrations;

namespace Odr.Web.Infrastructure.Migrations.HandWritten;

/// <summary>Notices that went out, keyed so that none is sent twice.</summary>
public abstract class SentNotices : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "SentNotices",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 200, nullable: false),
                DisputeId = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 32, nullable: false),
                Recipient = table.Column<string>(maxLength: 16, nullable: false),
                ToAddress = table.Column<string>(maxLength: 254, nullable: false),
                MessageId = table.Column<string>(maxLength: 200, nullable: false),
                SentAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_SentNotices", x => x.Key));
        migrationBuilder.CreateIndex("IX_SentNotices_DisputeId", "SentNotices", "DisputeId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("SentNotices");
}
