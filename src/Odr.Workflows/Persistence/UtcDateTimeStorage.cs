using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Odr.Workflows.Persistence;

public static class UtcDateTimeStorage
{
    /// <summary>
    /// Stores every <see cref="DateTimeOffset"/> as a UTC <see cref="DateTime"/>. SQLite cannot order or compare
    /// DateTimeOffset, and the runtime's polls do both (<c>DueAt &lt;= now ORDER BY DueAt</c>); every instant here is
    /// UTC, so nothing is lost. Other providers keep their native type.
    /// </summary>
    public static ModelConfigurationBuilder StoreInstantsAsUtcDateTime(this ModelConfigurationBuilder builder)
    {
        builder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        return builder;
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTime>(
        value => value.UtcDateTime, value => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)));
}
