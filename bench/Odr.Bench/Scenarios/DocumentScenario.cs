using Odr.Web.Infrastructure.Localization;
using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Odr.Domain.Disputes;
using Odr.Web;
using Odr.Web.Features.Rulings;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Pdf;
using Odr.Web.Infrastructure.Persistence;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Odr.Bench.Scenarios;

/// <summary>
/// A warm arbitral award: the service's own composer (layout, QR code, signature) in this process, on an awarded demo
/// case the Release server seeded; against a one-page PDFsharp document with one line of text in the same font.
/// </summary>
public sealed class DocumentScenario(BenchOptions options)
{
    public async Task<ScenarioResult> RunAsync(string folder)
    {
        await using (await BenchServer.StartAsync(folder, new Dictionary<string, string> { ["Odr__Demo__SeedCases"] = "true" }))
        {
        }
        var db = new SqliteOdrDbContext(new DbContextOptionsBuilder<SqliteOdrDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "odr.db")}").Options);
        await using (db)
        {
            var awarded = await db.Cases.AsNoTracking().Where(c => c.AwardDecision != null).Select(c => c.Id).FirstAsync();
            var dispute = (await db.LoadCaseAsync(awarded, CancellationToken.None))!;
            var history = await db.CaseEvents.AsNoTracking().Where(e => e.DisputeId == dispute.Id).OrderBy(e => e.Seq).ToListAsync();
            var font = DocumentFont.Find(null) ?? throw new InvalidOperationException("No document font: run ./scripts/run.sh once, or install fonts-arphic-gbsn00lp.");
            var certificate = DocumentCertificate.Load(new DocumentOptions(), Path.Combine(folder, "keys"), NullLogger.Instance);
            var localizer = new Microsoft.Extensions.Localization.StringLocalizer<Text>(new TextLocalizerFactory(
                Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions { ResourcesPath = "Resources" }),
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
            var composer = new DocumentComposer(new PublicUrls("http://127.0.0.1"), certificate, font, localizer);
            var people = new DocumentPeople("Anna Becker", "Maria Mediator", "Arthur Arbitrator");
            var bytes = 0;
            double Ruling()
            {
                var clock = Stopwatch.StartNew();
                bytes = composer.Compose(dispute, DocumentKind.Ruling, people, history, "ABCD-EFGH-JKLM", DateTimeOffset.UtcNow).Length;
                return clock.Elapsed.TotalMilliseconds;
            }
            static double OneLine()
            {
                var clock = Stopwatch.StartNew();
                using var document = new PdfDocument();
                var page = document.AddPage();
                using (var graphics = XGraphics.FromPdfPage(page))
                {
                    graphics.DrawString("Case ODR-2026-000001: settled.", new XFont(DocumentFont.Family, 11), XBrushes.Black, new XPoint(72, 72));
                }
                using var output = new MemoryStream();
                document.Save(output);
                return clock.Elapsed.TotalMilliseconds;
            }

            Console.WriteLine("documents: warm-up");
            for (var i = 0; i < 30; i++)
            {
                Ruling();
                OneLine();
            }
            var rulingRuns = new List<double>();
            var lineRuns = new List<double>();
            var samples = options.Count(200);
            for (var run = 0; run < options.Runs; run++)
            {
                var rulings = Enumerable.Range(0, samples).Select(_ => Ruling()).ToList();
                var lines = Enumerable.Range(0, samples).Select(_ => OneLine()).ToList();
                rulingRuns.Add(Percentiles.Of(rulings, 0.5));
                lineRuns.Add(Percentiles.Of(lines, 0.5));
            }
            var ruling = Figure.Of("ms", rulingRuns);
            var line = Figure.Of("ms", lineRuns);
            var details = new StringBuilder();
            details.AppendLine($"The arbitral award of a seeded demo case ({dispute.Number}, {history.Count} history entries), composed by the service's " +
                $"`DocumentComposer` in the benchmark process (Release): layout, Chinese-capable font, QR code and signature, {bytes / 1024.0:0} KB. " +
                $"{samples} documents per run, {options.Runs} runs, after 30 warm-up documents; the p50 of each run, then their median.");
            details.AppendLine();
            details.AppendLine("| measurement | p50 per document |");
            details.AppendLine("| --- | --- |");
            details.AppendLine($"| ruling PDF, signed | {ruling} |");
            details.AppendLine($"| baseline: one page, one line of text, same font | {line} |");
            details.AppendLine();
            return new ScenarioResult("documents", $"{ruling} per ruling (p50)", $"one-line page {line}", Report.Ratio(ruling.Median, line.Median),
                "≤ 50 ms p50", ruling.Median <= 50, details.ToString());
        }
    }
}
