using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Odr.Web.Features.Marketplaces;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Pages.Admin.Webhooks;

/// <summary>What the sandbox receiver got: each delivery with its signature checked (valid or not, and why).</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class SandboxModel(WebhookSandbox sandbox) : PageModel
{
    public IReadOnlyList<SandboxDelivery> Received { get; private set; } = [];

    public void OnGet() => Received = sandbox.Received;
}
