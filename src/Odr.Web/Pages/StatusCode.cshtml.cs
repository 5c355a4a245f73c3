using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Odr.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class StatusCodeModel : PageModel
{
    public string Title { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Title, Explanation) = code switch
        {
            404 => ("Page not found", "There is no page here, or it is not one you can see. Cases are shown only to the people taking part in them."),
            403 => ("Not allowed", "Your account cannot open this page."),
            413 => ("Too large", "What you sent is larger than the service accepts."),
            429 => ("Too many requests", "Please wait a minute and try again."),
            _ => ("Something went wrong", $"The request ended with status {code}."),
        };
    }
}
