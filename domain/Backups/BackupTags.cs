namespace Infra.Domain.Backups;

/// <summary>
/// Every snapshot carries its kind and its name as tags (<c>kind=database,name=db</c>): restores
/// find snapshots by them, and retention groups by them so one item's history never thins another's.
/// </summary>
public static class BackupTags
{
    public static string Of(string kind, string name) => $"kind={kind},name={name}";
}
