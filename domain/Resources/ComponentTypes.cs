namespace Infra.Domain.Resources;

/// <summary>Type tokens of our components, for the program and for the tools that read its previews. Part of every URN: changing one needs an alias.</summary>
public static class ComponentTypes
{
    public const string Server = "infra:components:Server";
    public const string LocalEngine = "infra:components:LocalEngine";
    public const string ContainerService = "infra:components:ContainerService";
    public const string Accessory = "infra:components:Accessory";
    public const string ServiceVolumes = "infra:components:ServiceVolumes";
    public const string EdgeDns = "infra:components:EdgeDns";
    public const string ReleaseTasks = "infra:components:ReleaseTasks";
    public const string EdgeProxy = "infra:components:EdgeProxy";
    public const string OriginTls = "infra:components:OriginTls";
    public const string EdgeTls = "infra:components:EdgeTls";
    public const string BackupStorage = "infra:components:BackupStorage";
    public const string BackupJob = "infra:components:BackupJob";
    public const string LocalBackupStore = "infra:components:LocalBackupStore";
    public const string Monitoring = "infra:components:Monitoring";
}
