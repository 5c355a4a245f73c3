namespace Odr.Web.Infrastructure;

/// <summary>
/// Links the service prints in documents and e-mails, from <c>Odr:PublicBaseUrl</c>: never from a request's Host, which
/// the sender of the request chooses (a forged Host would send a confirmation code to the forger's site).
/// </summary>
public sealed class PublicUrls(string baseUrl)
{
    public const string DefaultBaseUrl = "http://localhost:5080";

    public string BaseUrl { get; } = baseUrl.TrimEnd('/');

    public string Case(Guid caseId) => $"{BaseUrl}/Cases/Details/{caseId}";

    public string Verify(string code) => $"{BaseUrl}/Verify?code={Uri.EscapeDataString(code)}";

    /// <summary>Registration with the address filled in, back to the case afterwards.</summary>
    public string Register(string email, Guid caseId) =>
        $"{BaseUrl}/Account/Register?email={Uri.EscapeDataString(email)}&returnUrl={Uri.EscapeDataString($"/Cases/Details/{caseId}")}";

    /// <summary>
    /// The page that confirms an address, where its owner chooses the password (<c>changedEmail</c>: a change of address;
    /// <c>returnUrl</c>: the page to open once confirmed, such as the case of a notice, kept only if it is this site's own path).
    /// </summary>
    public string ConfirmEmail(Guid userId, string code, string? changedEmail, string? returnUrl = null)
    {
        var link = $"{BaseUrl}/Account/ConfirmEmail?userId={userId}&code={Uri.EscapeDataString(code)}";
        if (changedEmail is not null)
        {
            link += $"&changedEmail={Uri.EscapeDataString(changedEmail)}";
        }
        return IsOwnPath(returnUrl) ? $"{link}&returnUrl={Uri.EscapeDataString(returnUrl!)}" : link;
    }

    /// <summary>A path on this site (<c>/Cases/…</c>), never another site's address (<c>//evil.example</c>, <c>/\evil.example</c>).</summary>
    public static bool IsOwnPath(string? path) =>
        path is { Length: > 1 } && path[0] == '/' && path[1] is not '/' and not '\\' && !path.Any(char.IsControl);

    public string SignIn() => $"{BaseUrl}/Account/Login";

    public string SignIn(Guid caseId) => $"{BaseUrl}/Account/Login?returnUrl={Uri.EscapeDataString($"/Cases/Details/{caseId}")}";
}
