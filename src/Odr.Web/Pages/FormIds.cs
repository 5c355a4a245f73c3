namespace Odr.Web.Pages;

/// <summary>Element ids for form fields named by their JSON path (<c>amount.value</c> → <c>amount-value</c>).</summary>
public static class FormIds
{
    public static string InputId(string field) => field.Replace('.', '-');

    public static string ErrorId(string field) => InputId(field) + "-error";
}
