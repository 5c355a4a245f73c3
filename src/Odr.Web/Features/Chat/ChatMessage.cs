using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Web.Features.Chat;

/// <summary>One message of a case's chat, stored as written (it is evidence) and numbered per case.</summary>
public sealed class ChatMessage
{
    public const int TextMaxLength = 4_000;

    public Guid Id { get; set; }

    public DisputeId DisputeId { get; set; }

    /// <summary>1, 2, 3… within the case: a client that reconnects asks for what came after the last one it saw.</summary>
    public int Seq { get; set; }

    public ChatChannel Channel { get; set; }

    public UserId SenderUserId { get; set; }

    public CaseRole SenderRole { get; set; }

    public string SenderName { get; set; } = "";

    public string Text { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public DateTimeOffset SentAt { get; set; }
}

/// <summary>What <c>messageReceived</c> carries and the transcript lists (api.md).</summary>
public sealed record ChatMessageResponse(Guid CaseId, Guid Id, int Seq, ChatChannel Channel, CaseRole SenderRole, string SenderName, string Text,
    DateTimeOffset SentAt);

/// <summary>What <c>caseUpdated</c> carries.</summary>
public sealed record CaseUpdatedResponse(Guid CaseId, DisputeStage Stage, DateTimeOffset? Deadline);

public sealed class ChatOptions
{
    /// <summary>Messages one person may send in ten seconds, across cases.</summary>
    public int MessagesPerTenSeconds { get; set; } = 20;
}
