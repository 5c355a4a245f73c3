using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests;

/// <summary>Cases whose response deadline passes with no response: they move to mediation and get a mediator, once.</summary>
public static class Escalations
{
    /// <summary>Waits until every case is in mediation with a mediator; on failure, shows the services' output.</summary>
    public static Task UntilInMediationAsync(HttpClient client, IEnumerable<string> caseUrls, TimeSpan patience, params ServiceProcess[] services)
    {
        var waiting = new Queue<string>(caseUrls);
        JsonObject? last = null;
        return Waiting.UntilAsync(async () =>
        {
            while (waiting.TryPeek(out var url))
            {
                last = await client.GetFromJsonAsync<JsonObject>(url);
                if ((string)last!["stage"]! != "mediation" || last["mediatorId"] is null)
                {
                    return false;
                }
                waiting.Dequeue();
            }
            return true;
        }, patience, () => $"{waiting.Count} cases to reach mediation with a mediator; last seen: {last}\n"
            + string.Join("\n---\n", services.Select(s => s.Output)));
    }

    /// <summary>The deadline escalated the case once and one mediator was assigned.</summary>
    public static async Task AssertEscalatedOnceAsync(HttpClient client, string caseUrl)
    {
        var events = (await client.GetFromJsonAsync<JsonArray>($"{caseUrl}/events"))!.Select(e => (string)e!["type"]!).ToList();
        Assert.Single(events, e => e == "escalated");
        Assert.Single(events, e => e == "neutralAssigned");
    }
}
