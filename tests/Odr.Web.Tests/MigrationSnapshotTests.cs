using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Tests;

/// <summary>
/// What `dotnet ef migrations add` works from, checked without the tool, for each provider's migration set: the model
/// snapshot must be the model (else the next migration generated would carry changes nobody made, or miss some), and
/// the migrations written by hand keep the IDs existing databases record. Contexts come from the same design-time
/// factories the tool uses; nothing connects to a database.
/// </summary>
public class MigrationSnapshotTests
{
    /// <summary>The migrations written by hand before the tools came, as every database built since records them.</summary>
    private static readonly string[] HandWrittenIds =
    [
        "20261122080000_Initial",
        "20261122090000_Lifecycle",
        "20261122100000_GoverningLaw",
        "20261122110000_Documents",
        "20261122120000_SentNotices",
        "20261122130000_Chat",
        "20261122140000_CaseStageTimes",
        "20261204100000_AccountSecurity",
        "20261204110000_ChatChannels",
        "20261204120000_NoticeDelivery",
    ];

    public static TheoryData<string> Providers => [nameof(DatabaseProvider.Sqlite), nameof(DatabaseProvider.Postgres)];

    [Theory]
    [MemberData(nameof(Providers))]
    public void ModelDiffer_BetweenSnapshotAndModel_FindsNothing(string provider)
    {
        using var db = DesignTimeContext(provider);
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot;
        Assert.NotNull(snapshot);
        // As the migrator and `migrations add` read a snapshot: finalized, then initialized for this provider.
        var snapshotModel = db.GetService<IModelRuntimeInitializer>().Initialize(((IMutableModel)snapshot.Model).FinalizeModel());

        var differences = db.GetService<IMigrationsModelDiffer>().GetDifferences(
            snapshotModel.GetRelationalModel(), db.GetService<IDesignTimeModel>().Model.GetRelationalModel());

        Assert.Empty(differences.Select(Describe));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Migrations_BeginWithTheHandWrittenOnes_UnderTheirRecordedIds(string provider)
    {
        using var db = DesignTimeContext(provider);

        var ids = db.Database.GetMigrations().ToList();

        Assert.Equal(HandWrittenIds, ids.Take(HandWrittenIds.Length));
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    private static OdrDbContext DesignTimeContext(string provider) => Enum.Parse<DatabaseProvider>(provider) switch
    {
        DatabaseProvider.Sqlite => new SqliteDesignTimeFactory().CreateDbContext([]),
        DatabaseProvider.Postgres => new PostgresDesignTimeFactory().CreateDbContext([]),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    private static string Describe(MigrationOperation operation) => operation switch
    {
        ColumnOperation column => $"{operation.GetType().Name} {column.Table}.{column.Name}",
        ITableMigrationOperation table => $"{operation.GetType().Name} {table.Table}",
        _ => operation.GetType().Name,
    };
}
