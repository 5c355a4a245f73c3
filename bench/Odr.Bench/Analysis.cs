namespace Odr.Bench;

/// <summary>
/// What the profiles showed, per scenario: kept in bench/analysis.md (a "## scenario" section each) and printed under the
/// scenario's figures. Read when the report is written, so it can be brought up to date while a run is going.
/// </summary>
public static class Analysis
{
    public static string For(string scenario)
    {
        var path = Path.Combine(Repository.Root, "bench", "analysis.md");
        if (!File.Exists(path))
        {
            return "";
        }
        var lines = File.ReadAllLines(path);
        var start = Array.FindIndex(lines, l => l.Trim().Equals("## " + scenario, StringComparison.OrdinalIgnoreCase));
        if (start < 0)
        {
            return "";
        }
        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        return string.Join('\n', lines[(start + 1)..(end < 0 ? lines.Length : end)]).Trim();
    }
}
