using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Odr.Domain.Disputes;

namespace Odr.Web.Features.Appeals;

/// <summary>The appeal's columns on the case's row (the case's other columns: DisputeCaseConfiguration).</summary>
internal sealed class AppealColumnsConfiguration : IEntityTypeConfiguration<DisputeCase>
{
    public void Configure(EntityTypeBuilder<DisputeCase> builder)
    {
        // The appeal statistics read only the cases with an appeal period: this index holds only those.
        builder.HasIndex(c => c.AppealableUntil).HasFilter("\"AppealableUntil\" IS NOT NULL");
        builder.Property(c => c.AppealGrounds).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.AppealStatement).HasMaxLength(DisputeCase.AppealStatementMaxLength);
        builder.Property(c => c.AppealDecision).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.AppealReasons).HasMaxLength(DisputeCase.ReasonsMaxLength);
        builder.Property(c => c.OriginalAwardDecision).HasConversion<string>().HasMaxLength(32);
        builder.ComplexProperty(c => c.OriginalAwardAmount, amount =>
        {
            amount.Property(m => m.Value).HasColumnName("OriginalAwardAmountValue");
            amount.Property(m => m.Currency).HasColumnName("OriginalAwardAmountCurrency");
        });
    }
}
