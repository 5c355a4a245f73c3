using Microsoft.EntityFrameworkCore.Migrations;

namespace Odr.Web.Infrastructure.Migrations.HandWritten;

/// <summary>Issued documents (settlements, rulings, recommendations): one per outcome, found by code or by file hash.</summary>
public abstract class Documents : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Documents",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                DisputeId = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 16, nullable: false),
                Sha256 = table.Column<string>(fixedLength: true, maxLength: 64, nullable: false),
                VerificationCode = table.Column<string>(maxLength: 19, nullable: false),
                SizeBytes = table.Column<long>(nullable: false),
                IssuedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Documents", x => x.Id);
                table.ForeignKey("FK_Documents_Cases_DisputeId", x => x.DisputeId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_Documents_DisputeId_Kind", "Documents", new[] { "DisputeId", "Kind" }, unique: true);
        migrationBuilder.CreateIndex("IX_Documents_VerificationCode", "Documents", "VerificationCode", unique: true);
        migrationBuilder.CreateIndex("IX_Documents_Sha256", "Documents", "Sha256");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Documents");
}
