using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Odr.Web.Infrastructure.Forms;

namespace Odr.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class StatusCodeModel(IStringLocalizer<Text> t) : PageModel
{
    public string Title { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    /// <summary>
    /// The status the re-executed request ended with, read from the response rather than bound: a POST whose form
    /// cannot be read (e.g. a NUL in a field) fails model binding, and its page must still say why.
    /// </summary>
    private void Describe()
    {
        var code = Response.StatusCode;
        if (code == 400 && RefusedTextFilter.Of(HttpContext) is { } refused)
        {
            (Title, Explanation) = (t["Not accepted"], t["The field '{0}' was not accepted. {1}", refused.Field, t[refused.Reason]]);
            return;
        }
        (Title, Explanation) = code switch
        {
            400 => (t["Not accepted"], t["What you sent could not be taken: forms must come from this site's own pages, and text may not contain control characters."]),
            404 => (t["Page not found"], t["There is no page here, or it is not one you can see. Cases are shown only to the people taking part in them."]),
            403 => (t["Not allowed"], t["Your account cannot open this page."]),
            413 => (t["Too large"], t["What you sent is larger than the service accepts."]),
            429 => (t["Too many requests"], t["Please wait a minute and try again."]),
            _ => (t["Something went wrong"], t["The request ended with status {0}.", code]),
        };
    }
}
