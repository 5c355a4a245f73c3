using Microsoft.Data.Sqlite;
using Odr.Web.Features.Regulators;

namespace Odr.Bench;

/// <summary>
/// Counts <see cref="CaseCloner"/>'s copies in the statistics' read model (StatisticsTallies) as the service would have:
/// each copy contributes what its seed's counted fact contributes, so the copies are counted cases, and the service's
/// startup backfill has nothing to do. The seeds are those of the cloner's temporary Seeds table (seed n is copied
/// once per round that took at least n seeds).
/// </summary>
public static class ReadModelCopies
{
    public static void Count(SqliteConnection connection, IReadOnlyList<long> takes)
    {
        var changes = new Dictionary<StatisticsTally, long>(StatisticsReadModel.CellKeys);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT s.n, c.\"{StatisticsReadModel.CountedFact}\" FROM Seeds s JOIN SeedCases c ON c.Id = s.Id;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var n = reader.GetInt64(0);
                var copies = takes.Count(take => take >= n);
                if (copies > 0 && !reader.IsDBNull(1))
                {
                    StatisticsReadModel.Count(changes, CaseFact.FromStored(reader.GetString(1)), copies);
                }
            }
        }
        using var transaction = connection.BeginTransaction();
        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO StatisticsTallies (Day, ClaimType, Marketplace, BuyerCountry, SellerCountry, Measure, Subject, Value, Count)
            VALUES ($day, $claim, $marketplace, $buyer, $seller, $measure, $subject, $value, $count)
            ON CONFLICT (Day, ClaimType, Marketplace, BuyerCountry, SellerCountry, Measure, Subject, Value) DO UPDATE SET Count = Count + excluded.Count;
            """;
        foreach (var (cell, count) in changes)
        {
            upsert.Parameters.Clear();
            upsert.Parameters.AddWithValue("$day", cell.Day);
            upsert.Parameters.AddWithValue("$claim", cell.ClaimType);
            upsert.Parameters.AddWithValue("$marketplace", cell.Marketplace);
            upsert.Parameters.AddWithValue("$buyer", cell.BuyerCountry);
            upsert.Parameters.AddWithValue("$seller", cell.SellerCountry);
            upsert.Parameters.AddWithValue("$measure", cell.Measure);
            upsert.Parameters.AddWithValue("$subject", cell.Subject);
            upsert.Parameters.AddWithValue("$value", cell.Value);
            upsert.Parameters.AddWithValue("$count", count);
            upsert.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}
