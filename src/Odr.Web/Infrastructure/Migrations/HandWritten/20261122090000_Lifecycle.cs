using Microsoft.EntityFrameworkCore.Migrations;

namespace Odr.Web.Infrastructure.Migrations.HandWritten;

/// <summary>
/// The dispute lifecycle (response, offers, blind bids, mediation proposals, evidence requests, settlement, award,
/// compliance), the neutral pool, and the durable workflow runtime's tables. Written by hand (docs/adr/002).
/// </summary>
public abstract class Lifecycle : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // New case columns: all nullable, as SQLite requires of added columns and as a case filed before has none.
        migrationBuilder.AddColumn<string>("ResponseAction", "Cases", maxLength: 16, nullable: true);
        migrationBuilder.AddColumn<string>("ResponseStatement", "Cases", maxLength: 10000, nullable: true);
        migrationBuilder.AddColumn<DateTime>("RespondedAt", "Cases", nullable: true);
        migrationBuilder.AddColumn<Guid>("MediatorId", "Cases", nullable: true);
        migrationBuilder.AddColumn<Guid>("ArbitratorId", "Cases", nullable: true);
        migrationBuilder.AddColumn<Guid>("ReplacedArbitratorId", "Cases", nullable: true);
        migrationBuilder.AddColumn<string>("AwardDecision", "Cases", maxLength: 32, nullable: true);
        migrationBuilder.AddColumn<string>("AwardGoverningLaw", "Cases", maxLength: 16, nullable: true);
        migrationBuilder.AddColumn<string>("AwardReasons", "Cases", maxLength: 20000, nullable: true);
        migrationBuilder.AddColumn<DateTime>("AwardedAt", "Cases", nullable: true);
        migrationBuilder.AddColumn<string>("EscalationReason", "Cases", maxLength: 4000, nullable: true);
        migrationBuilder.AddColumn<string>("MediatorRecommendation", "Cases", maxLength: 4000, nullable: true);
        migrationBuilder.AddColumn<bool>("Complied", "Cases", nullable: true);
        migrationBuilder.AddColumn<string>("ComplianceNote", "Cases", maxLength: 4000, nullable: true);
        migrationBuilder.AddColumn<DateTime>("LastReminderFor", "Cases", nullable: true);
        migrationBuilder.AddColumn<string>("AgreedRemedyType", "Cases", maxLength: 32, nullable: true);
        migrationBuilder.AddColumn<string>("AgreedRemedyAmountCurrency", "Cases", maxLength: 3, nullable: true);
        migrationBuilder.AddColumn<decimal>("AgreedRemedyAmountValue", "Cases", precision: 18, scale: 4, nullable: true);
        migrationBuilder.AddColumn<string>("AwardAmountCurrency", "Cases", maxLength: 3, nullable: true);
        migrationBuilder.AddColumn<decimal>("AwardAmountValue", "Cases", precision: 18, scale: 4, nullable: true);
        migrationBuilder.CreateIndex("IX_Cases_MediatorId", "Cases", "MediatorId");
        migrationBuilder.CreateIndex("IX_Cases_ArbitratorId", "Cases", "ArbitratorId");

        migrationBuilder.CreateTable(
            name: "Offers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                DisputeId = table.Column<Guid>(nullable: false),
                From = table.Column<string>(maxLength: 16, nullable: false),
                Message = table.Column<string>(maxLength: 2000, nullable: true),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                DecidedAt = table.Column<DateTime>(nullable: true),
                RemedyType = table.Column<string>(maxLength: 32, nullable: false),
                RemedyAmountCurrency = table.Column<string>(maxLength: 3, nullable: true),
                RemedyAmountValue = table.Column<decimal>(precision: 18, scale: 4, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Offers", x => x.Id);
                table.ForeignKey("FK_Offers_Cases_DisputeId", x => x.DisputeId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "BlindBids",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                DisputeId = table.Column<Guid>(nullable: false),
                Party = table.Column<string>(maxLength: 16, nullable: false),
                Round = table.Column<int>(nullable: false),
                PlacedAt = table.Column<DateTime>(nullable: false),
                AmountCurrency = table.Column<string>(maxLength: 3, nullable: false),
                AmountValue = table.Column<decimal>(precision: 18, scale: 4, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_BlindBids", x => x.Id);
                table.ForeignKey("FK_BlindBids_Cases_DisputeId", x => x.DisputeId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "MediationProposals",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                DisputeId = table.Column<Guid>(nullable: false),
                Note = table.Column<string>(maxLength: 4000, nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                BuyerAcceptedAt = table.Column<DateTime>(nullable: true),
                SellerAcceptedAt = table.Column<DateTime>(nullable: true),
                RemedyType = table.Column<string>(maxLength: 32, nullable: false),
                RemedyAmountCurrency = table.Column<string>(maxLength: 3, nullable: true),
                RemedyAmountValue = table.Column<decimal>(precision: 18, scale: 4, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MediationProposals", x => x.Id);
                table.ForeignKey("FK_MediationProposals_Cases_DisputeId", x => x.DisputeId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "EvidenceRequests",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                DisputeId = table.Column<Guid>(nullable: false),
                From = table.Column<string>(maxLength: 16, nullable: false),
                Request = table.Column<string>(maxLength: 4000, nullable: false),
                DueAt = table.Column<DateTime>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_EvidenceRequests", x => x.Id);
                table.ForeignKey("FK_EvidenceRequests_Cases_DisputeId", x => x.DisputeId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Neutrals",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserId = table.Column<Guid>(nullable: false),
                Role = table.Column<string>(maxLength: 16, nullable: false),
                Languages = table.Column<string>(maxLength: 50, nullable: false),
                ConflictDomains = table.Column<string>(maxLength: 1000, nullable: false),
                Active = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Neutrals", x => x.Id));

        migrationBuilder.CreateTable(
            name: "WorkflowInstances",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                DefinitionName = table.Column<string>(maxLength: 100, nullable: false),
                DefinitionVersion = table.Column<int>(nullable: false),
                DefinitionHash = table.Column<string>(maxLength: 64, nullable: false),
                CorrelationId = table.Column<string>(maxLength: 100, nullable: false),
                CurrentStep = table.Column<string>(maxLength: 100, nullable: false),
                StateJson = table.Column<string>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Outcome = table.Column<string>(maxLength: 100, nullable: true),
                Version = table.Column<int>(nullable: false),
                CommandSeq = table.Column<int>(nullable: false),
                HistorySeq = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                LastError = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_WorkflowInstances", x => x.Id));

        migrationBuilder.CreateTable(
            name: "WorkflowTimers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                InstanceId = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 150, nullable: false),
                Step = table.Column<string>(maxLength: 100, nullable: false),
                DueAt = table.Column<DateTime>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                LeaseOwner = table.Column<string>(maxLength: 100, nullable: true),
                LeaseUntil = table.Column<DateTime>(nullable: true),
                Attempts = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                FiredAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WorkflowTimers", x => x.Id);
                table.ForeignKey("FK_WorkflowTimers_WorkflowInstances_InstanceId", x => x.InstanceId, "WorkflowInstances", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "WorkflowSignals",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                InstanceId = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 150, nullable: false),
                PayloadJson = table.Column<string>(nullable: false),
                IdempotencyKey = table.Column<string>(maxLength: 200, nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                LeaseOwner = table.Column<string>(maxLength: 100, nullable: true),
                LeaseUntil = table.Column<DateTime>(nullable: true),
                Attempts = table.Column<int>(nullable: false),
                LastError = table.Column<string>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ProcessedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WorkflowSignals", x => x.Id);
                table.ForeignKey("FK_WorkflowSignals_WorkflowInstances_InstanceId", x => x.InstanceId, "WorkflowInstances", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "WorkflowCommands",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                InstanceId = table.Column<Guid>(nullable: false),
                Seq = table.Column<int>(nullable: false),
                Type = table.Column<string>(maxLength: 150, nullable: false),
                PayloadJson = table.Column<string>(nullable: false),
                // 200, as the model says. Written as 100 at first: SQLite keeps TEXT either way, so the databases this
                // migration already built are unchanged, and PostgreSQL (which enforces it) starts with 200.
                IdempotencyKey = table.Column<string>(maxLength: 200, nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: false),
                LeaseOwner = table.Column<string>(maxLength: 100, nullable: true),
                LeaseUntil = table.Column<DateTime>(nullable: true),
                Attempts = table.Column<int>(nullable: false),
                LastError = table.Column<string>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CompletedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WorkflowCommands", x => x.Id);
                table.ForeignKey("FK_WorkflowCommands_WorkflowInstances_InstanceId", x => x.InstanceId, "WorkflowInstances", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "WorkflowHistory",
            columns: table => new
            {
                InstanceId = table.Column<Guid>(nullable: false),
                Seq = table.Column<int>(nullable: false),
                At = table.Column<DateTime>(nullable: false),
                Kind = table.Column<string>(maxLength: 32, nullable: false),
                FromStep = table.Column<string>(maxLength: 100, nullable: true),
                ToStep = table.Column<string>(maxLength: 100, nullable: true),
                DetailJson = table.Column<string>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WorkflowHistory", x => new { x.InstanceId, x.Seq });
                table.ForeignKey("FK_WorkflowHistory_WorkflowInstances_InstanceId", x => x.InstanceId, "WorkflowInstances", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_Offers_DisputeId", "Offers", "DisputeId");
        migrationBuilder.CreateIndex("IX_BlindBids_DisputeId_Party_Round", "BlindBids", new[] { "DisputeId", "Party", "Round" }, unique: true);
        migrationBuilder.CreateIndex("IX_MediationProposals_DisputeId", "MediationProposals", "DisputeId");
        migrationBuilder.CreateIndex("IX_EvidenceRequests_DisputeId", "EvidenceRequests", "DisputeId");
        migrationBuilder.CreateIndex("IX_Neutrals_UserId_Role", "Neutrals", new[] { "UserId", "Role" }, unique: true);
        migrationBuilder.CreateIndex("IX_WorkflowInstances_CorrelationId", "WorkflowInstances", "CorrelationId");
        migrationBuilder.CreateIndex("IX_WorkflowInstances_Status_DefinitionName_DefinitionVersion", "WorkflowInstances",
            new[] { "Status", "DefinitionName", "DefinitionVersion" });
        migrationBuilder.CreateIndex("IX_WorkflowTimers_Status_DueAt", "WorkflowTimers", new[] { "Status", "DueAt" });
        migrationBuilder.CreateIndex("IX_WorkflowTimers_InstanceId_Name", "WorkflowTimers", new[] { "InstanceId", "Name" }, unique: true,
            filter: "\"Status\" = 'Pending'");
        migrationBuilder.CreateIndex("IX_WorkflowSignals_IdempotencyKey", "WorkflowSignals", "IdempotencyKey", unique: true);
        migrationBuilder.CreateIndex("IX_WorkflowSignals_InstanceId", "WorkflowSignals", "InstanceId");
        migrationBuilder.CreateIndex("IX_WorkflowSignals_Status_CreatedAt", "WorkflowSignals", new[] { "Status", "CreatedAt" });
        migrationBuilder.CreateIndex("IX_WorkflowCommands_IdempotencyKey", "WorkflowCommands", "IdempotencyKey", unique: true);
        migrationBuilder.CreateIndex("IX_WorkflowCommands_InstanceId", "WorkflowCommands", "InstanceId");
        migrationBuilder.CreateIndex("IX_WorkflowCommands_Status_NextAttemptAt", "WorkflowCommands", new[] { "Status", "NextAttemptAt" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "WorkflowHistory", "WorkflowCommands", "WorkflowSignals", "WorkflowTimers", "WorkflowInstances",
                     "Neutrals", "EvidenceRequests", "MediationProposals", "BlindBids", "Offers" })
        {
            migrationBuilder.DropTable(table);
        }
        migrationBuilder.DropIndex("IX_Cases_MediatorId", "Cases");
        migrationBuilder.DropIndex("IX_Cases_ArbitratorId", "Cases");
        foreach (var column in new[] { "ResponseAction", "ResponseStatement", "RespondedAt", "MediatorId", "ArbitratorId", "ReplacedArbitratorId",
                     "AwardDecision", "AwardGoverningLaw", "AwardReasons", "AwardedAt", "EscalationReason", "MediatorRecommendation", "Complied",
                     "ComplianceNote", "LastReminderFor", "AgreedRemedyType", "AgreedRemedyAmountCurrency", "AgreedRemedyAmountValue",
                     "AwardAmountCurrency", "AwardAmountValue" })
        {
            migrationBuilder.DropColumn(column, "Cases");
        }
    }
}
