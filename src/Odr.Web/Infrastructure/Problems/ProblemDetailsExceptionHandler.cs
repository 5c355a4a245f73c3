using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Odr.Domain.Common;
using Odr.Web.Infrastructure.Localization;
using Odr.Web.Infrastructure.Storage;

namespace Odr.Web.Infrastructure.Problems;

/// <summary>
/// Turns the exceptions that mean "the request was wrong" into RFC 9457 ProblemDetails with the right status, for
/// the API. Anything else is a fault of ours: logged, and answered with a 500 that reveals nothing.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, IStringLocalizer<Text> t,
    ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // By now the middleware has pointed the request at the error page; the original path is in the feature.
        var originalPath = httpContext.Features.Get<IExceptionHandlerFeature>()?.Path ?? httpContext.Request.Path;
        if (!originalPath.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            return false; // pages show the error page
        }
        var problem = Map(exception);
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, originalPath);
            problem = Problem(StatusCodes.Status500InternalServerError, "The service failed to handle the request.", null);
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status507InsufficientStorage)
        {
            httpContext.Response.Headers.RetryAfter = StoredFiles.RetryAfterSeconds; // only storage failures are 503 or 507
        }
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>
    /// A domain refusal: its status by kind, its sentence in the request's language, and its stable code in the
    /// <c>code</c> extension for clients that act on it.
    /// </summary>
    private ProblemDetails Refused(DomainException e)
    {
        var message = t.Error(e);
        var problem = e switch
        {
            { Code: DomainErrorCode.InvalidValue, Field: { } field } => Validation(field, message),
            { Code: DomainErrorCode.InvalidValue } => Problem(400, "The request is not valid.", message),
            { Code: DomainErrorCode.StageDoesNotAllow } => Problem(409, "The case's current stage does not allow this.", message),
            { Code: DomainErrorCode.Conflict } => Problem(409, "This conflicts with the case's state.", message),
            _ => Problem(403, "You may not do this on this case.", message),
        };
        if (e.RefusalCode is { } code)
        {
            problem.Extensions["code"] = code;
        }
        return problem;
    }

    internal ProblemDetails? Map(Exception exception) => exception switch
    {
        DomainException e => Refused(e),
        EvidenceStoreException { Failure: StoreFailure.TooLarge } e => Problem(413, "The file is too large.", e.Message),
        EvidenceStoreException { Failure: StoreFailure.UnsupportedContent } e => Problem(415, "The file's content is not accepted.", e.Message),
        EvidenceStoreException { Failure: StoreFailure.StorageFull } e => Problem(507, "The evidence store is full.", e.Message),
        EvidenceStoreException { Failure: StoreFailure.StorageUnavailable } e => Problem(503, "The evidence store is unavailable.", e.Message),
        EvidenceStoreException e => Validation("file", e.Message),
        StoredFileUnreadableException e => Problem(503, "A stored file cannot be read.", e.Message),
        BadHttpRequestException { InnerException: JsonException json } => Validation(JsonField(json.Path), JsonMessage(json)),
        BadHttpRequestException { StatusCode: 413 } e => Problem(413, "The request is too large.", e.Message),
        BadHttpRequestException e => Problem(e.StatusCode, "The request could not be read.", e.Message),
        DbUpdateConcurrencyException => Problem(409, "The case changed while you were acting.", t.Message("Reload the case and try again.")),
        _ => null,
    };

    /// <summary>A problem whose title (English, a key of the language layer) is written in the request's language.</summary>
    private ProblemDetails Problem(int status, string title, string? detail) => new() { Status = status, Title = t.Message(title), Detail = detail };

    private HttpValidationProblemDetails Validation(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = 400,
            Title = t.Message("One or more fields are not valid."),
        };

    /// <summary><c>$.amount.value</c> → <c>amount.value</c>; the body itself when there is no path.</summary>
    private static string JsonField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    private string JsonMessage(JsonException json) => json switch
    {
        Json.TextRefusedException => json.Message,
        { Path: null or "$" } => t.Message("The body is not valid JSON."),
        _ => t.Message("This value is not of the expected type or is not one of the allowed values."),
    };
}
