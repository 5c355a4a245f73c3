using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Odr.Web.Features.Regulators;

/// <summary>
/// One cell of the statistics' read model: how many cases filed on <see cref="Day"/> with this claim type, marketplace
/// and countries fall under <see cref="Measure"/> (for one <see cref="Subject"/>: an outcome, a stage, a neutral, a
/// filing marketplace), and for durations how many took <see cref="Value"/> hundredths of a day. Durations are kept as
/// counts per hundredth, the precision the figures report, so medians and percentiles come out exact without keeping
/// each case. The cells are kept in the transaction that changes a case (<see cref="StatisticsReadModel"/>).
/// </summary>
public sealed class StatisticsTally
{
    public int Day { get; set; }

    public string ClaimType { get; set; } = "";

    public string Marketplace { get; set; } = "";

    public string BuyerCountry { get; set; } = "";

    public string SellerCountry { get; set; } = "";

    public string Measure { get; set; } = "";

    public string Subject { get; set; } = "";

    public long Value { get; set; }

    public long Count { get; set; }
}

/// <summary>The measures a case contributes to (<see cref="CaseFact.Contributions"/>).</summary>
public static class TallyMeasures
{
    public const string Cases = "cases", Closed = "closed", Outcome = "outcome", SettledAt = "settledAt", Complied = "complied", Missed = "missed",
        StageDays = "stageDays", MediatorCases = "med.cases", MediatorOpen = "med.open", MediatorSettled = "med.settled", MediatorWentOn = "med.wentOn",
        MediatorDaysToClose = "med.daysToClose", ArbitratorCases = "arb.cases", ArbitratorOpen = "arb.open", ArbitratorOutcome = "arb.outcome",
        ArbitratorDaysToClose = "arb.daysToClose", ExecutionOutcomes = "exec.outcomes", ExecutionFailed = "exec.failed", Executed = "exec.executed";

    /// <summary>The measures counted per claim type, country pair and marketplace (the breakdowns); the rest only in total.</summary>
    public static readonly string[] PerCell = [Cases, Closed, Outcome];
}

internal sealed class StatisticsTallyConfiguration : IEntityTypeConfiguration<StatisticsTally>
{
    public const string Table = "StatisticsTallies";

    public void Configure(EntityTypeBuilder<StatisticsTally> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(t => new { t.Day, t.ClaimType, t.Marketplace, t.BuyerCountry, t.SellerCountry, t.Measure, t.Subject, t.Value });
        builder.Property(t => t.ClaimType).HasMaxLength(32);
        builder.Property(t => t.Marketplace).HasMaxLength(Domain.Disputes.OrderDetails.MarketplaceMaxLength);
        builder.Property(t => t.BuyerCountry).HasMaxLength(2);
        builder.Property(t => t.SellerCountry).HasMaxLength(2);
        builder.Property(t => t.Measure).HasMaxLength(24);
        builder.Property(t => t.Subject).HasMaxLength(Domain.Disputes.OrderDetails.MarketplaceMaxLength + 16);
    }
}

/// <summary>The fact each case was last counted with, on its row (<see cref="StatisticsReadModel.CountedFact"/>).</summary>
internal sealed class StatisticsFactColumnConfiguration : IEntityTypeConfiguration<Domain.Disputes.DisputeCase>
{
    public void Configure(EntityTypeBuilder<Domain.Disputes.DisputeCase> builder)
    {
        builder.Property<string?>(StatisticsReadModel.CountedFact);
        // The backfill looks for the cases still to count; this index holds only those, so the look costs nothing once done.
        builder.HasIndex(StatisticsReadModel.CountedFact).HasDatabaseName("IX_Cases_Uncounted").HasFilter($"\"{StatisticsReadModel.CountedFact}\" IS NULL");
    }
}
