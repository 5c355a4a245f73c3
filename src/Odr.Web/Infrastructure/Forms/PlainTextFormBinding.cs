using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Odr.Web.Infrastructure.Forms;

/// <summary>
/// Page forms under <see cref="PlainText"/>'s rule, as JSON bodies are: every text a page binds is one line unless the
/// property or handler parameter is marked <see cref="MultiLineTextAttribute"/>. A field that breaks the rule is not
/// bound; the request ends in a 400 page naming it (<see cref="RefusedTextFilter"/>) before any handler runs.
/// </summary>
public sealed class PlainTextModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        if (context.Metadata.ModelType != typeof(string))
        {
            return null;
        }
        var attributes = context.Metadata is DefaultModelMetadata metadata
            ? (metadata.Attributes.ParameterAttributes ?? metadata.Attributes.PropertyAttributes ?? [])
            : [];
        var shape = attributes.OfType<MultiLineTextAttribute>().Any() ? TextShape.MultiLine : TextShape.SingleLine;
        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        return new PlainTextModelBinder(new SimpleTypeModelBinder(typeof(string), loggers), shape);
    }

    private sealed class PlainTextModelBinder(IModelBinder inner, TextShape shape) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext context)
        {
            await inner.BindModelAsync(context);
            if (context.Result is { IsModelSet: true, Model: string text } && !PlainText.IsValid(text, shape))
            {
                context.Result = ModelBindingResult.Failed();
                context.ModelState.TryAddModelError(context.ModelName, PlainText.RefusalFor(shape));
                RefusedTextFilter.Record(context.HttpContext, context.ModelName, PlainText.RefusalFor(shape));
            }
        }
    }
}

/// <summary>Answers a page request whose form broke <see cref="PlainText"/>'s rule with a 400 that names the field.</summary>
public sealed class RefusedTextFilter : IAsyncPageFilter
{
    private const string ItemKey = "odr:refused-text";

    public static void Record(HttpContext http, string field, string reason) => http.Items[ItemKey] = new RefusedText(field, reason);

    /// <summary>The field (and why) refused in this request, for the status page.</summary>
    public static RefusedText? Of(HttpContext http) => http.Items.TryGetValue(ItemKey, out var value) ? value as RefusedText : null;

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // Not while the status page is re-executed for that 400: it reads the field from here and must render.
        if (Of(context.HttpContext) is not null && context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
            return;
        }
        await next();
    }
}

public sealed record RefusedText(string Field, string Reason);
