using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Odr.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class StatusCodeModel : PageModel
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
        (Title, Explanation) = code switch
        {
            400 => ("Not accepted", "What you sent could not be taken: forms must come from this site's own pages, and text may not contain control characters."),
            404 => ("Page not found", "There is no page here, or it is not one you can see. Cases are shown only to the people taking part in them."),
            403 => ("Not allowed", "Your account cannot open this page."),
            413 => ("Too large", "What you sent is larger than the service accepts."),
            429 => ("Too many requests", "Please wait a minute and try again."),
            _ => ("Something went wrong", $"The request ended with status {code}."),
        };
    }
}
