using Microsoft.AspNetCore.Http.HttpResults;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Chat;

public static class ChatEndpoints
{
    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder app)
    {
        app.MapHub<DisputeChatHub>(DisputeChatHub.Path);
        if (app.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Odr:Diagnostics:BroadcastProbe", false))
        {
            app.MapHub<BroadcastProbeHub>(BroadcastProbeHub.Path);
        }
        app.MapGet("/api/cases/{id:guid}/messages", async Task<Results<Ok<IReadOnlyList<ChatMessageResponse>>, NotFound>> (Guid id, HttpContext http,
                CaseAccess access, ChatService chat, CancellationToken ct, int after = 0) =>
            {
                var user = await access.CurrentUserAsync(http.User);
                return user is not null && await chat.TranscriptAsync(user, id, after, ct) is { } messages
                    ? TypedResults.Ok(messages)
                    : TypedResults.NotFound();
            })
            .WithTags("Chat").WithName("GetCaseMessages").WithSummary("The chat transcript the viewer may read (after a message number).")
            .RequireAuthorization(ApiAuthorization.Authenticated);
        return app;
    }
}
