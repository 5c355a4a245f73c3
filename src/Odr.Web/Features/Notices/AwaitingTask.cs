using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Notices;

/// <summary>
/// One row of the awaiting-tasks read model: a task <see cref="CaseTasks.For"/> gives the holder of <see cref="Role"/> on an
/// open case, kept in the transaction that changes the case (<see cref="AwaitingTasksReadModel"/>), so the site's header
/// counts a person's tasks with one indexed query instead of loading their cases.
/// </summary>
public sealed class AwaitingTask
{
    public DisputeId CaseId { get; set; }

    public CaseRole Role { get; set; }

    /// <summary>The task's place in the role's list (nearest deadline first), which is also the row's key within the case.</summary>
    public int Position { get; set; }

    /// <summary>
    /// Who holds the role, as <see cref="DisputeCase.RoleOf"/> matches them: "u:" and the account id for the buyer and
    /// the neutrals, "e:" and the address for the seller (whoever has it confirmed, before or after they registered).
    /// </summary>
    public string Holder { get; set; } = "";

    // The holders of the roles that come first in RoleOf: a person who holds two parts of a case acts in the first one only.
    public UserId BuyerUserId { get; set; }

    public EmailAddress SellerEmail { get; set; }

    public UserId? MediatorId { get; set; }

    public CaseNumber Number { get; set; }

    public CaseTaskKind Kind { get; set; }

    public DateTimeOffset? Due { get; set; }

    public string Anchor { get; set; } = "";

    public string? Detail { get; set; }

    public CaseTask ToTask() => new(Kind, Due, Anchor, Detail);

    public static string HolderOf(UserId user) => $"u:{user.Value:N}";

    public static string HolderOf(EmailAddress email) => $"e:{email.Value}";
}

internal sealed class AwaitingTaskConfiguration : IEntityTypeConfiguration<AwaitingTask>
{
    public const string Table = "AwaitingTasks";

    public void Configure(EntityTypeBuilder<AwaitingTask> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(t => new { t.CaseId, t.Role, t.Position });
        builder.Property(t => t.Holder).HasMaxLength(EmailAddress.MaxLength + 2);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.Anchor).HasMaxLength(32);
        builder.Property(t => t.Detail).HasMaxLength(EvidenceRequest.RequestMaxLength);
        // The header's count and the notification centre's list: a person's rows, by holder.
        builder.HasIndex(t => t.Holder);
    }
}

/// <summary>The fingerprint of the rows each case's tasks were last written with, on its row (<see cref="AwaitingTasksReadModel.KeptFact"/>).</summary>
internal sealed class AwaitingTasksFactColumnConfiguration : IEntityTypeConfiguration<DisputeCase>
{
    public void Configure(EntityTypeBuilder<DisputeCase> builder)
    {
        builder.Property<string?>(AwaitingTasksReadModel.KeptFact).HasMaxLength(64);
        // The backfill looks for the cases still to write; this index holds only those, so the look costs nothing once done.
        builder.HasIndex(AwaitingTasksReadModel.KeptFact).HasDatabaseName("IX_Cases_TasksNotKept")
            .HasFilter($"\"{AwaitingTasksReadModel.KeptFact}\" IS NULL");
    }
}
