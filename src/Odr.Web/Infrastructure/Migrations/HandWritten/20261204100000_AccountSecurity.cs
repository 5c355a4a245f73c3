using Microsoft.EntityFrameworkCore.Migrations;

namespace Odr.Web.Infrastructure.Migrations.HandWritten;

/// <summary>
/// Wrong passwords per account and client address (the lockout counts them per pair, on every node alike), and refresh
/// tokens already exchanged (each works once).
/// </summary>
public abstract class AccountSecurity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "SignInFailures",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Account = table.Column<string>(maxLength: 256, nullable: false),
                ClientAddress = table.Column<string>(maxLength: 64, nullable: false),
                At = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_SignInFailures", x => x.Id));
        migrationBuilder.CreateIndex("IX_SignInFailures_Account_ClientAddress_At", "SignInFailures", ["Account", "ClientAddress", "At"]);
        migrationBuilder.CreateIndex("IX_SignInFailures_At", "SignInFailures", "At");

        migrationBuilder.CreateTable(
            name: "UsedRefreshTokens",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 64, fixedLength: true, nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_UsedRefreshTokens", x => x.Id));
        migrationBuilder.CreateIndex("IX_UsedRefreshTokens_ExpiresAt", "UsedRefreshTokens", "ExpiresAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("UsedRefreshTokens");
        migrationBuilder.DropTable("SignInFailures");
    }
}
