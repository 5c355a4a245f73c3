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

    /// <summary>The page that confirms an address, where its owner chooses the password (<c>changedEmail</c>: a change of address).</summary>
    public string ConfirmEmail(Guid userId, string code, string? changedEmail)
    {
        var link = $"{BaseUrl}/Account/ConfirmEmail?userId={userId}&code={Uri.EscapeDataString(code)}";
        return changedEmail is null ? link : $"{link}&changedEmail={Uri.EscapeDataString(changedEmail)}";
    }

    public string SignIn() => $"{BaseUrl}/Account/Login";

    public string SignIn(Guid caseId) => $"{BaseUrl}/Account/Login?returnUrl={Uri.EscapeDataString($"/Cases/Details/{caseId}")}";
}
