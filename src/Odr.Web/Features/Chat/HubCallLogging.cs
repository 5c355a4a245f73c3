using Microsoft.AspNetCore.SignalR;

namespace Odr.Web.Features.Chat;

/// <summary>
/// SignalR's dispatcher logs every exception a hub method throws as an error with its stack trace, refusals included
/// (a case not yours, a message too long, too quick), so that any caller could fill the error log at will. Its errors
/// are turned off (<see cref="DispatcherCategory"/>, Program.cs) and logged here instead: a refusal at information, with
/// its reason and no stack; anything else as the error it is.
/// </summary>
public sealed class HubCallLogging(ILogger<HubCallLogging> logger) : IHubFilter
{
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException e)
        {
            logger.LogInformation("Refused {Method} to account {UserId}: {Reason}", invocationContext.HubMethodName,
                invocationContext.Context.UserIdentifier, e.Message);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException || !invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Hub method {Method} failed for account {UserId}", invocationContext.HubMethodName, invocationContext.Context.UserIdentifier);
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Opening a hub connection failed for account {UserId}", context.Context.UserIdentifier);
            throw;
        }
    }
}
