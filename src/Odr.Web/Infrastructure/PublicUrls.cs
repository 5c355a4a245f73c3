namespace Odr.Web.Infrastructure;

/// <summary>Links the service prints in documents and e-mails, from <c>Odr:PublicBaseUrl</c>.</summary>
public sealed class PublicUrls(string baseUrl)
{
    public const string DefaultBaseUrl = "http://localhost:5080";

    public string BaseUrl { get; } = baseUrl.TrimEnd('/');

    public string Case(Guid caseId) => $"{BaseUrl}/Cases/Details/{caseId}";

    public string Verify(string code) => $"{BaseUrl}/Verify?code={Uri.EscapeDataString(code)}";

    /// <summary>Registration with the address filled in, back to the case afterwards.</summary>
    public string Register(string email, Guid caseId) =>
        $"{BaseUrl}/Account/Register?email={Uri.EscapeDataString(email)}&returnUrl={Uri.EscapeDataString($"/Cases/Details/{caseId}")}";

    public string SignIn(Guid caseId) => $"{BaseUrl}/Account/Login?returnUrl={Uri.EscapeDataString($"/Cases/Details/{caseId}")}";
}
