namespace Infra.Domain.Containers;

/// <summary>The labels the stack puts on its containers and volumes, so tools can find them by role.</summary>
public static class ContainerLabels
{
    public const string Prefix = "infra.";
    public const string Service = Prefix + "service";
    public const string Slot = Prefix + "slot";
    public const string Release = Prefix + "release";
    public const string Accessory = Prefix + "accessory";
    public const string Task = Prefix + "task";

    /// <summary>On the local stack's backup scheduler (<see cref="Hosting.BackupSchedule"/>).</summary>
    public const string Backup = Prefix + "backup";

    /// <summary>On a throwaway console of `release exec`: the slot container it was made like.</summary>
    public const string Exec = Prefix + "exec";
}
