namespace Infra.Domain.Backups;

/// <summary>Where a stack's restic repository lives in object storage.</summary>
public static class ResticRepository
{
    /// <summary>A DigitalOcean Spaces bucket (S3-compatible), under <c>restic/</c> so the bucket can hold other things.</summary>
    public static string ForSpaces(string region, string bucket) => $"s3:https://{region}.digitaloceanspaces.com/{bucket}/restic";
}
