using Microsoft.EntityFrameworkCore.Migrations;

namespace Odr.Web.Infrastructure.Migrations.HandWritten;

/// <summary>
/// Governing law on each case: the facts the rules read (legal units, contract type, the clause's source, a CISG
/// exclusion), the service's suggestion, each party's position and the arbitrator's confirmation.
/// </summary>
public abstract class GoverningLaw : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("BuyerSubdivision", "Cases", maxLength: 8, nullable: true);
        migrationBuilder.AddColumn<string>("SellerSubdivision", "Cases", maxLength: 8, nullable: true);
        // Cases filed before this migration read as goods sold under the seller's terms, with no CISG exclusion.
        migrationBuilder.AddColumn<string>("ContractType", "Cases", maxLength: 16, nullable: false, defaultValue: "Goods");
        migrationBuilder.AddColumn<string>("ChoiceOfLawSource", "Cases", maxLength: 16, nullable: false, defaultValue: "SellerTerms");
        migrationBuilder.AddColumn<bool>("CisgExpresslyExcluded", "Cases", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>("GoverningLawSuggestion", "Cases", nullable: true);
        migrationBuilder.AddColumn<string>("ConfirmedGoverningLaw", "Cases", maxLength: 16, nullable: true);
        migrationBuilder.AddColumn<DateTime>("GoverningLawConfirmedAt", "Cases", nullable: true);
        foreach (var party in new[] { "Buyer", "Seller" })
        {
            migrationBuilder.AddColumn<DateTime>($"{party}LawPositionAt", "Cases", nullable: true);
            migrationBuilder.AddColumn<string>($"{party}LawPositionLaw", "Cases", maxLength: 16, nullable: true);
            migrationBuilder.AddColumn<string>($"{party}LawPositionReason", "Cases", maxLength: 2000, nullable: true);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in new[] { "BuyerSubdivision", "SellerSubdivision", "ContractType", "ChoiceOfLawSource", "CisgExpresslyExcluded",
                     "GoverningLawSuggestion", "ConfirmedGoverningLaw", "GoverningLawConfirmedAt", "BuyerLawPositionAt", "BuyerLawPositionLaw",
                     "BuyerLawPositionReason", "SellerLawPositionAt", "SellerLawPositionLaw", "SellerLawPositionReason" })
        {
            migrationBuilder.DropColumn(column, "Cases");
        }
    }
}
