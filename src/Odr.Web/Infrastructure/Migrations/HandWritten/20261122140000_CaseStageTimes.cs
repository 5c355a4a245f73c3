using Microsoft.EntityFrameworkCore.Migrations;

namespace Odr.Web.Infrastructure.Migrations.HandWritten;

/// <summary>
/// When each case entered each stage and how many deadlines it missed, on its own row (read from its history), and when
/// the row last changed: the regulators' statistics read these instead of every case's history. Existing cases are
/// filled in at start (StageTimes.BackfillAsync), while DeadlinesMissed is still null.
/// </summary>
public abstract class CaseStageTimes : Migration
{
    private static readonly string[] Instants = ["NegotiationFrom", "MediationFrom", "ArbitrationFrom", "ComplianceFrom", "ChangedAt"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var column in Instants)
        {
            migrationBuilder.AddColumn<DateTime>(column, "Cases", nullable: true);
        }
        migrationBuilder.AddColumn<int>("DeadlinesMissed", "Cases", nullable: true);
        migrationBuilder.CreateIndex("IX_Cases_ChangedAt", "Cases", "ChangedAt");
        migrationBuilder.CreateIndex("IX_Cases_DeadlinesMissed", "Cases", "DeadlinesMissed", filter: "\"DeadlinesMissed\" IS NULL");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Cases_DeadlinesMissed", "Cases");
        migrationBuilder.DropIndex("IX_Cases_ChangedAt", "Cases");
        migrationBuilder.DropColumn("DeadlinesMissed", "Cases");
        foreach (var column in Instants)
        {
            migrationBuilder.DropColumn(column, "Cases");
        }
    }
}
