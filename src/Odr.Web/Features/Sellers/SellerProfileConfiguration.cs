using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Sellers;

internal sealed class SellerProfileConfiguration : IEntityTypeConfiguration<SellerProfile>
{
    public void Configure(EntityTypeBuilder<SellerProfile> builder)
    {
        builder.ToTable("SellerProfiles");
        builder.HasKey(p => p.Email);
        builder.Property(p => p.Name).HasMaxLength(Seller.NameMaxLength).IsRequired();
        builder.Property(p => p.RegistrationNumber).HasMaxLength(SellerProfile.RegistrationNumberMaxLength);
        builder.HasIndex(p => p.StatedBy);
    }
}
