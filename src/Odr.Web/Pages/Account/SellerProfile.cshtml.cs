using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.Sellers;

namespace Odr.Web.Pages.Account;

/// <summary>A seller states who sells under its confirmed address, and sees its dispute record as it stands, published or not.</summary>
[Authorize]
public sealed class SellerProfileModel(CaseAccess access, SellerProfiles profiles) : PageModel
{
    [BindProperty]
    public SellerProfileForm Form { get; set; } = new();

    public OwnSellerView? Own { get; private set; }

    public bool AddressConfirmed { get; private set; }

    public sealed class SellerProfileForm
    {
        public string? Name { get; set; }
        public SellerType? Type { get; set; }
        public string? Country { get; set; }
        public string? RegistrationNumber { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { Profile: { } profile })
        {
            Form = new SellerProfileForm { Name = profile.Name, Type = profile.Type, Country = profile.Country, RegistrationNumber = profile.RegistrationNumber };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await access.CurrentUserAsync(User) is not { ConfirmedEmail: { } email } user)
        {
            await LoadAsync(ct);
            return Page();
        }
        var (profile, errors) = await profiles.StateAsync(user.UserId, email,
            new SellerProfileRequest(Form.Name, Form.Type, Form.Country?.Trim().ToUpperInvariant(), Form.RegistrationNumber), ct);
        foreach (var (field, messages) in errors)
        {
            ModelState.AddModelError(field, messages[0]);
        }
        if (profile is null)
        {
            await LoadAsync(ct);
            return Page();
        }
        TempData["Notice"] = "Your seller profile is saved.";
        return RedirectToPage();
    }

    private async Task<OwnSellerView?> LoadAsync(CancellationToken ct)
    {
        if (await access.CurrentUserAsync(User) is { ConfirmedEmail: { } email })
        {
            AddressConfirmed = true;
            Own = await profiles.OwnViewAsync(email, ct);
        }
        return Own;
    }
}
