using Microsoft.EntityFrameworkCore;

namespace Odr.Workflows.Persistence;

public static class WorkflowModel
{
    /// <summary>
    /// Maps the runtime's tables into the application's own DbContext, so that workflow rows commit in the same
    /// transaction as the domain change that caused them.
    /// </summary>
    public static ModelBuilder ApplyWorkflowModel(this ModelBuilder builder)
    {
        builder.Entity<WorkflowInstance>(e =>
        {
            e.ToTable("WorkflowInstances");
            e.HasKey(x => x.Id);
            e.Property(x => x.DefinitionName).HasMaxLength(100).IsRequired();
            e.Property(x => x.DefinitionHash).HasMaxLength(64).IsRequired();
            e.Property(x => x.CorrelationId).HasMaxLength(100).IsRequired();
            e.Property(x => x.CurrentStep).HasMaxLength(100).IsRequired();
            e.Property(x => x.StateJson).IsRequired();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Outcome).HasMaxLength(100);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.CorrelationId);
            e.HasIndex(x => new { x.Status, x.DefinitionName, x.DefinitionVersion });
        });
        builder.Entity<WorkflowTimer>(e =>
        {
            e.ToTable("WorkflowTimers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(150).IsRequired();
            e.Property(x => x.Step).HasMaxLength(100).IsRequired();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
            e.Property(x => x.LeaseOwner).HasMaxLength(100).IsConcurrencyToken();
            e.HasIndex(x => new { x.Status, x.DueAt });
            e.HasIndex(x => new { x.InstanceId, x.Name }).IsUnique().HasFilter("\"Status\" = 'Pending'");
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<WorkflowSignal>(e =>
        {
            e.ToTable("WorkflowSignals");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(150).IsRequired();
            e.Property(x => x.PayloadJson).IsRequired();
            e.Property(x => x.IdempotencyKey).HasMaxLength(WorkflowSignal.IdempotencyKeyMaxLength).IsRequired();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
            e.Property(x => x.LeaseOwner).HasMaxLength(100).IsConcurrencyToken();
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => new { x.Status, x.CreatedAt });
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<WorkflowCommand>(e =>
        {
            e.ToTable("WorkflowCommands");
            e.HasKey(x => x.Id);
            e.Property(x => x.Type).HasMaxLength(150).IsRequired();
            e.Property(x => x.PayloadJson).IsRequired();
            e.Property(x => x.IdempotencyKey).HasMaxLength(WorkflowCommand.IdempotencyKeyMaxLength).IsRequired();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
            e.Property(x => x.LeaseOwner).HasMaxLength(100).IsConcurrencyToken();
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => new { x.Status, x.Type, x.NextAttemptAt });
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<WorkflowHistoryEntry>(e =>
        {
            e.ToTable("WorkflowHistory");
            e.HasKey(x => new { x.InstanceId, x.Seq });
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.FromStep).HasMaxLength(100);
            e.Property(x => x.ToStep).HasMaxLength(100);
            e.HasOne<WorkflowInstance>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
        });
        return builder;
    }
}
