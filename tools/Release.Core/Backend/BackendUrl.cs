namespace Infra.Release.Backend;

public enum BackendKind
{
    File,
    S3,
    Cloud,
}

/// <summary>A Pulumi backend URL (PULUMI_BACKEND_URL): file://folder, s3://bucket?endpoint=...&amp;region=..., or Pulumi Cloud.</summary>
public sealed record BackendUrl(BackendKind Kind, string Location, string? Endpoint, string? Region)
{
    public static BackendUrl Parse(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.StartsWith("https://", StringComparison.Ordinal))
        {
            return new BackendUrl(BackendKind.Cloud, url ?? "https://api.pulumi.com", null, null);
        }

        if (url.StartsWith("file://", StringComparison.Ordinal))
        {
            var path = url["file://".Length..];
            if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            {
                path = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..];
            }

            return new BackendUrl(BackendKind.File, path, null, null);
        }

        if (url.StartsWith("s3://", StringComparison.Ordinal))
        {
            var rest = url["s3://".Length..];
            var query = rest.IndexOf('?', StringComparison.Ordinal);
            var bucket = query < 0 ? rest : rest[..query];
            var parameters = (query < 0 ? "" : rest[(query + 1)..])
                .Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .ToDictionary(p => p[0], p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "", StringComparer.Ordinal);
            return new BackendUrl(BackendKind.S3, bucket, parameters.GetValueOrDefault("endpoint"), parameters.GetValueOrDefault("region"));
        }

        throw new ReleaseRefusal($"backend '{url}' is not supported; use file://, s3:// or Pulumi Cloud");
    }

    public bool IsSelfManaged => Kind != BackendKind.Cloud;
}
