using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Odr.Web.Infrastructure.Migrations.HandWritten;

/// <summary>
/// Accounts (ASP.NET Core Identity), cases, evidence, the case history chain and case-number sequences.
/// Written by hand before the EF design-time tools were available here (docs/adr/002); column types come from the CLR
/// types so that each provider picks its own, and each provider's migration set runs it under its own context type.
/// </summary>
public abstract class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AspNetRoles",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedName = table.Column<string>(maxLength: 256, nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_AspNetRoles", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AspNetUsers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                DisplayName = table.Column<string>(maxLength: 100, nullable: true),
                PreferredLanguage = table.Column<string>(maxLength: 8, nullable: false),
                Country = table.Column<string>(maxLength: 2, nullable: true),
                UserName = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = table.Column<string>(maxLength: 256, nullable: true),
                Email = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = table.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = table.Column<bool>(nullable: false),
                PasswordHash = table.Column<string>(nullable: true),
                SecurityStamp = table.Column<string>(nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
                PhoneNumber = table.Column<string>(nullable: true),
                PhoneNumberConfirmed = table.Column<bool>(nullable: false),
                TwoFactorEnabled = table.Column<bool>(nullable: false),
                LockoutEnd = table.Column<DateTimeOffset>(nullable: true),
                LockoutEnabled = table.Column<bool>(nullable: false),
                AccessFailedCount = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AspNetUsers", x => x.Id));

        migrationBuilder.CreateTable(
            name: "CaseNumberSequences",
            columns: table => new
            {
                Year = table.Column<int>(nullable: false),
                LastValue = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CaseNumberSequences", x => x.Year));

        migrationBuilder.CreateTable(
            name: "Cases",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Number = table.Column<string>(maxLength: 15, nullable: false),
                BuyerUserId = table.Column<Guid>(nullable: false),
                BuyerCountry = table.Column<string>(maxLength: 2, nullable: false),
                BuyerType = table.Column<string>(maxLength: 16, nullable: false),
                SellerName = table.Column<string>(maxLength: 200, nullable: false),
                SellerEmail = table.Column<string>(maxLength: 254, nullable: false),
                SellerCountry = table.Column<string>(maxLength: 2, nullable: false),
                SellerType = table.Column<string>(maxLength: 16, nullable: false),
                SellerDirectsToBuyerCountry = table.Column<string>(maxLength: 16, nullable: false),
                ClaimType = table.Column<string>(maxLength: 32, nullable: false),
                Description = table.Column<string>(maxLength: 10000, nullable: false),
                Language = table.Column<string>(maxLength: 8, nullable: false),
                ChoiceOfLaw = table.Column<string>(maxLength: 16, nullable: true),
                BuyerConsentsToArbitration = table.Column<bool>(nullable: false),
                SellerConsentsToArbitration = table.Column<bool>(nullable: true),
                Stage = table.Column<string>(maxLength: 32, nullable: false),
                Outcome = table.Column<string>(maxLength: 32, nullable: true),
                SettledAt = table.Column<string>(maxLength: 32, nullable: true),
                Deadline = table.Column<DateTime>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ClosedAt = table.Column<DateTime>(nullable: true),
                Version = table.Column<int>(nullable: false),
                Item = table.Column<string>(maxLength: 200, nullable: false),
                Marketplace = table.Column<string>(maxLength: 100, nullable: false),
                OrderDate = table.Column<DateOnly>(nullable: false),
                OrderReference = table.Column<string>(maxLength: 100, nullable: false),
                AmountCurrency = table.Column<string>(maxLength: 3, nullable: false),
                AmountValue = table.Column<decimal>(precision: 18, scale: 4, nullable: false),
                RemedyType = table.Column<string>(maxLength: 32, nullable: false),
                RemedyAmountCurrency = table.Column<string>(maxLength: 3, nullable: true),
                RemedyAmountValue = table.Column<decimal>(precision: 18, scale: 4, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Cases", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AspNetRoleClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                RoleId = table.Column<Guid>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                table.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = table.Column<Guid>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                table.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserLogins",
            columns: table => new
            {
                LoginProvider = table.Column<string>(nullable: false),
                ProviderKey = table.Column<string>(nullable: false),
                ProviderDisplayName = table.Column<string>(nullable: true),
                UserId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                table.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserRoles",
            columns: table => new
            {
                UserId = table.Column<Guid>(nullable: false),
                RoleId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                table.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserTokens",
            columns: table => new
            {
                UserId = table.Column<Guid>(nullable: false),
                LoginProvider = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                table.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "CaseEvents",
            columns: table => new
            {
                DisputeId = table.Column<Guid>(nullable: false),
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
                table.PrimaryKey("PK_CaseEvents", x => new { x.DisputeId, x.Seq });
                table.ForeignKey("FK_CaseEvents_Cases_DisputeId", x => x.DisputeId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Evidence",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                DisputeId = table.Column<Guid>(nullable: false),
                SubmittedBy = table.Column<string>(maxLength: 16, nullable: false),
                SubmittedByUser = table.Column<Guid>(nullable: false),
                FileName = table.Column<string>(maxLength: 255, nullable: false),
                ContentType = table.Column<string>(maxLength: 100, nullable: false),
                SizeBytes = table.Column<long>(nullable: false),
                Sha256 = table.Column<string>(fixedLength: true, maxLength: 64, nullable: false),
                Description = table.Column<string>(maxLength: 1000, nullable: false),
                SubmittedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Evidence", x => x.Id);
                table.ForeignKey("FK_Evidence_Cases_DisputeId", x => x.DisputeId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");
        migrationBuilder.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);
        migrationBuilder.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");
        migrationBuilder.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        migrationBuilder.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
        migrationBuilder.CreateIndex("IX_Cases_BuyerUserId", "Cases", "BuyerUserId");
        migrationBuilder.CreateIndex("IX_Cases_Number", "Cases", "Number", unique: true);
        migrationBuilder.CreateIndex("IX_Cases_SellerEmail", "Cases", "SellerEmail");
        migrationBuilder.CreateIndex("IX_Cases_Stage", "Cases", "Stage");
        migrationBuilder.CreateIndex("IX_Evidence_DisputeId", "Evidence", "DisputeId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "Evidence", "CaseEvents", "AspNetUserTokens", "AspNetUserRoles", "AspNetUserLogins",
                     "AspNetUserClaims", "AspNetRoleClaims", "Cases", "CaseNumberSequences", "AspNetUsers", "AspNetRoles" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
