namespace Infra.Domain.Hosting;

/// <summary>
/// The names a stack's containers and volumes have inside the stack: network aliases, volume keys in
/// backups, the names haproxy.cfg and the operators' commands use. <see cref="DockerNames"/> scopes
/// them by stack on the engine.
/// </summary>
public static class ShortNames
{
    /// <summary>One service's container in one slot, e.g. <c>api-blue</c>.</summary>
    public static string SlotContainer(string service, string slot) => $"{service}-{slot}";

    /// <summary>A named volume both slots of a service share, e.g. <c>api-uploads</c>.</summary>
    public static string ServiceVolume(string service, string volume) => $"{service}-{volume}";

    /// <summary>The volume that holds an accessory's data, e.g. <c>db-data</c>.</summary>
    public static string AccessoryVolume(string accessory) => AccessoryVolume(accessory, AccessoryVolumeKey);

    /// <summary>One of an accessory's volumes by its key, e.g. <c>db-wal</c>.</summary>
    public static string AccessoryVolume(string accessory, string key) => $"{accessory}-{key}";

    public const string AccessoryVolumeKey = "data";

    /// <summary>The one-off container of a release task, e.g. <c>api-green-migrate</c>.</summary>
    public static string ReleaseTask(string service, string slot, string task) => $"{SlotContainer(service, slot)}-{task}";
}
