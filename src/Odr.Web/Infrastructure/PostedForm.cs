namespace Odr.Web.Infrastructure;

public static class PostedForm
{
    /// <summary>What the viewer last typed into a form field that was refused, so that nothing they wrote is lost.</summary>
    public static string Posted(this HttpRequest request, string name) => request.HasFormContentType ? request.Form[name].ToString() : "";
}
