using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using System.Text.Json;
using Odr.Domain.Common;
using Odr.Domain.GoverningLaw;
using Odr.Web.Infrastructure.Json;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Infrastructure.Configurations;

internal sealed class DisputeCaseConfiguration : IEntityTypeConfiguration<DisputeCase>
{
    public void Configure(EntityTypeBuilder<DisputeCase> builder)
    {
        builder.ToTable("Cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Number).IsRequired();
        builder.HasIndex(c => c.Number).IsUnique();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.Description).HasMaxLength(DisputeCase.DescriptionMaxLength).IsRequired();

        // Owned (not complex) so that their columns can be indexed: a party finds its cases through them.
        builder.OwnsOne(c => c.Buyer, buyer =>
        {
            buyer.Property(b => b.UserId).HasColumnName("BuyerUserId");
            buyer.Property(b => b.Country).HasColumnName("BuyerCountry");
            buyer.Property(b => b.Type).HasColumnName("BuyerType");
            buyer.HasIndex(b => b.UserId);
        });
        builder.Navigation(c => c.Buyer).IsRequired();
        builder.OwnsOne(c => c.Seller, seller =>
        {
            seller.Property(s => s.Name).HasColumnName("SellerName").HasMaxLength(Seller.NameMaxLength);
            seller.Property(s => s.Email).HasColumnName("SellerEmail");
            seller.Property(s => s.Country).HasColumnName("SellerCountry");
            seller.Property(s => s.Type).HasColumnName("SellerType");
            seller.Property(s => s.DirectsToBuyerCountry).HasColumnName("SellerDirectsToBuyerCountry");
            seller.HasIndex(s => s.Email);
        });
        builder.Navigation(c => c.Seller).IsRequired();
        builder.ComplexProperty(c => c.Order, order =>
        {
            order.Property(o => o.Marketplace).HasColumnName("Marketplace").HasMaxLength(OrderDetails.MarketplaceMaxLength);
            order.Property(o => o.OrderReference).HasColumnName("OrderReference").HasMaxLength(OrderDetails.OrderReferenceMaxLength);
            order.Property(o => o.OrderDate).HasColumnName("OrderDate");
            order.Property(o => o.Item).HasColumnName("Item").HasMaxLength(OrderDetails.ItemMaxLength);
            order.ComplexProperty(o => o.AmountPaid, amount =>
            {
                amount.Property(m => m.Value).HasColumnName("AmountValue");
                amount.Property(m => m.Currency).HasColumnName("AmountCurrency");
            });
        });
        builder.ComplexProperty(c => c.RequestedRemedy, remedy => RemedyColumns.Map(remedy, "Remedy"));
        builder.ComplexProperty(c => c.AgreedRemedy, remedy => RemedyColumns.Map(remedy, "AgreedRemedy"));
        builder.ComplexProperty(c => c.AwardAmount, amount => RemedyColumns.Map(amount, "AwardAmount"));
        builder.Property(c => c.ResponseStatement).HasMaxLength(DisputeCase.StatementMaxLength);
        builder.Property(c => c.AwardReasons).HasMaxLength(DisputeCase.ReasonsMaxLength);
        builder.Property(c => c.MediatorRecommendation).HasMaxLength(DisputeCase.NoteMaxLength);
        builder.Property(c => c.ComplianceNote).HasMaxLength(DisputeCase.NoteMaxLength);
        builder.Property(c => c.ExecutionReference).HasMaxLength(DisputeCase.ExecutionReferenceMaxLength);
        builder.Property(c => c.ExecutionFailureReference).HasMaxLength(DisputeCase.ExecutionReferenceMaxLength);
        builder.ComplexProperty(c => c.ExecutionAmount, amount => RemedyColumns.Map(amount, "ExecutionAmount"));
        builder.Property(c => c.PaymentReference).HasMaxLength(DisputeCase.PaymentReferenceMaxLength);
        builder.Property(c => c.PerformanceNote).HasMaxLength(DisputeCase.NoteMaxLength);
        builder.Property(c => c.EscalationReason).HasMaxLength(DisputeCase.NoteMaxLength);
        builder.Property(c => c.BuyerSubdivision).HasMaxLength(8);
        builder.Property(c => c.FiledBy).HasConversion<string>().HasMaxLength(16).HasDefaultValue(CaseFiler.Buyer).HasSentinel(CaseFiler.Buyer);
        builder.Property(c => c.SellerVerifiedBy).HasMaxLength(DisputeCase.VerifierNameMaxLength);
        builder.Property(c => c.SellerSubdivision).HasMaxLength(8);
        // Defaults: cases filed before these facts were recorded read as the filing form's defaults.
        builder.Property(c => c.ContractType).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ContractType.Goods).HasSentinel(ContractType.Goods);
        builder.Property(c => c.ChoiceOfLawSource).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ChoiceOfLawSource.SellerTerms)
            .HasSentinel(ChoiceOfLawSource.SellerTerms);
        builder.Property(c => c.CisgExpresslyExcluded).HasDefaultValue(false).HasSentinel(false);
        builder.Property(c => c.GoverningLawSuggestion).HasConversion(
            a => a == null ? null : JsonSerializer.Serialize(a, OdrJson.Options),
            text => text == null ? null : JsonSerializer.Deserialize<Assessment>(text, OdrJson.Options));
        builder.ComplexProperty(c => c.BuyerLawPosition, p => LawPositionColumns(p, "BuyerLawPosition"));
        builder.ComplexProperty(c => c.SellerLawPosition, p => LawPositionColumns(p, "SellerLawPosition"));
        builder.HasIndex(c => c.Stage);
        builder.HasIndex(c => c.MediatorId);
        builder.HasIndex(c => c.ArbitratorId);

        builder.HasMany(c => c.Evidence).WithOne().HasForeignKey(e => e.DisputeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Offers).WithOne().HasForeignKey(o => o.DisputeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.BlindBids).WithOne().HasForeignKey(b => b.DisputeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Proposals).WithOne().HasForeignKey(p => p.DisputeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.EvidenceRequests).WithOne().HasForeignKey(r => r.DisputeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Documents).WithOne().HasForeignKey(d => d.DisputeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.UndeliveredNotices).WithOne().HasForeignKey(n => n.DisputeId).OnDelete(DeleteBehavior.Cascade);
        foreach (var collection in new[] { nameof(DisputeCase.Evidence), nameof(DisputeCase.Offers), nameof(DisputeCase.BlindBids),
                     nameof(DisputeCase.Proposals), nameof(DisputeCase.EvidenceRequests), nameof(DisputeCase.Documents),
                     nameof(DisputeCase.UndeliveredNotices) })
        {
            builder.Navigation(collection).UsePropertyAccessMode(PropertyAccessMode.Field);
        }
        builder.Ignore(c => c.DomainEvents);
    }

    private static void LawPositionColumns(ComplexPropertyBuilder<LawPosition> position, string prefix)
    {
        position.Property(p => p.Law).HasColumnName($"{prefix}Law");
        position.Property(p => p.Reason).HasColumnName($"{prefix}Reason").HasMaxLength(LawPosition.ReasonMaxLength);
        position.Property(p => p.At).HasColumnName($"{prefix}At");
    }
}

internal sealed class EvidenceConfiguration : IEntityTypeConfiguration<Evidence>
{
    public void Configure(EntityTypeBuilder<Evidence> builder)
    {
        builder.ToTable("Evidence");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.FileName).HasMaxLength(Evidence.FileNameMaxLength).IsRequired();
        builder.Property(e => e.ContentType).HasMaxLength(100).IsRequired();
        builder.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(e => e.Description).HasMaxLength(Evidence.DescriptionMaxLength).IsRequired();
        builder.Ignore(e => e.DomainEvents);
    }
}

internal sealed class OfferConfiguration : IEntityTypeConfiguration<Offer>
{
    public void Configure(EntityTypeBuilder<Offer> builder)
    {
        builder.ToTable("Offers");
        builder.HasKey(o => o.Id);
        builder.ComplexProperty(o => o.Remedy, remedy => RemedyColumns.Map(remedy, "Remedy"));
        builder.Property(o => o.Message).HasMaxLength(Offer.MessageMaxLength);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(o => o.DomainEvents);
    }
}

internal sealed class BlindBidConfiguration : IEntityTypeConfiguration<BlindBid>
{
    public void Configure(EntityTypeBuilder<BlindBid> builder)
    {
        builder.ToTable("BlindBids");
        builder.HasKey(b => b.Id);
        builder.ComplexProperty(b => b.Amount, amount => RemedyColumns.Map(amount, "Amount"));
        builder.HasIndex(b => new { b.DisputeId, b.Party, b.Round }).IsUnique();
        builder.Ignore(b => b.DomainEvents);
    }
}

internal sealed class MediationProposalConfiguration : IEntityTypeConfiguration<MediationProposal>
{
    public void Configure(EntityTypeBuilder<MediationProposal> builder)
    {
        builder.ToTable("MediationProposals");
        builder.HasKey(p => p.Id);
        builder.ComplexProperty(p => p.Remedy, remedy => RemedyColumns.Map(remedy, "Remedy"));
        builder.Property(p => p.Note).HasMaxLength(MediationProposal.NoteMaxLength).IsRequired();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(p => p.DomainEvents);
    }
}

internal sealed class EvidenceRequestConfiguration : IEntityTypeConfiguration<EvidenceRequest>
{
    public void Configure(EntityTypeBuilder<EvidenceRequest> builder)
    {
        builder.ToTable("EvidenceRequests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Request).HasMaxLength(EvidenceRequest.RequestMaxLength).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(r => r.DomainEvents);
    }
}

/// <summary>How a remedy or an amount is spread over columns, the same wherever one is stored.</summary>
internal static class RemedyColumns
{
    public static void Map(ComplexPropertyBuilder<Remedy> remedy, string prefix)
    {
        remedy.Property(r => r.Type).HasColumnName($"{prefix}Type");
        remedy.ComplexProperty(r => r.Amount, amount => Map(amount, $"{prefix}Amount"));
    }

    public static void Map(ComplexPropertyBuilder<Money> amount, string prefix)
    {
        amount.Property(m => m.Value).HasColumnName($"{prefix}Value");
        amount.Property(m => m.Currency).HasColumnName($"{prefix}Currency");
    }
}

internal sealed class UndeliveredNoticeConfiguration : IEntityTypeConfiguration<UndeliveredNotice>
{
    public void Configure(EntityTypeBuilder<UndeliveredNotice> builder)
    {
        builder.ToTable("UndeliveredNotices");
        builder.HasKey(n => n.Key);
        builder.Property(n => n.Key).HasMaxLength(UndeliveredNotice.KeyMaxLength);
        builder.Property(n => n.Kind).HasMaxLength(UndeliveredNotice.KindMaxLength).IsRequired();
        builder.HasIndex(n => n.DisputeId);
    }
}

internal sealed class IssuedDocumentConfiguration : IEntityTypeConfiguration<IssuedDocument>
{
    public void Configure(EntityTypeBuilder<IssuedDocument> builder)
    {
        builder.ToTable("Documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Sha256).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(d => d.VerificationCode).HasMaxLength(19).IsRequired();
        // One document per outcome, even if two retries of the command race; a code or a file is found by these.
        builder.HasIndex(d => new { d.DisputeId, d.Kind }).IsUnique();
        builder.HasIndex(d => d.VerificationCode).IsUnique();
        builder.HasIndex(d => d.Sha256);
        builder.Ignore(d => d.DomainEvents);
    }
}
