using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
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
        builder.ComplexProperty(c => c.RequestedRemedy, remedy =>
        {
            remedy.Property(r => r.Type).HasColumnName("RemedyType");
            remedy.ComplexProperty(r => r.Amount, amount =>
            {
                amount.Property(m => m.Value).HasColumnName("RemedyAmountValue");
                amount.Property(m => m.Currency).HasColumnName("RemedyAmountCurrency");
            });
        });

        builder.HasIndex(c => c.Stage);

        builder.HasMany(c => c.Evidence).WithOne().HasForeignKey(e => e.DisputeId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(c => c.Evidence).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(c => c.DomainEvents);
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
