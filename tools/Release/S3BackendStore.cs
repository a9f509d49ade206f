using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Infra.Release.Backend;

namespace Infra.Release.Tool;

/// <summary>
/// An S3-compatible bucket (DigitalOcean Spaces) holding the state. Credentials come from the environment as for
/// Pulumi itself (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY set to the Spaces key).
/// </summary>
internal sealed class S3BackendStore(IAmazonS3 client, string bucket) : IBackendStore
{
    public static S3BackendStore For(BackendUrl url)
    {
        var config = new AmazonS3Config { ForcePathStyle = false };
        if (url.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.StartsWith("http", StringComparison.Ordinal) ? endpoint : "https://" + endpoint;
        }

        if (url.Region is { } region)
        {
            config.AuthenticationRegion = region;
        }

        return new S3BackendStore(new AmazonS3Client(config), url.Location);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancel)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await client.ListObjectsV2Async(request, cancel);
            keys.AddRange((response.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return keys.Order(StringComparer.Ordinal).ToList();
    }

    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancel)
    {
        try
        {
            using var response = await client.GetObjectAsync(bucket, key, cancel);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancel);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> TryCreateAsync(string key, byte[] content, CancellationToken cancel)
    {
        // Conditional put where the store honours it; the read before it covers stores that ignore If-None-Match.
        if (await ReadAsync(key, cancel) is not null)
        {
            return false;
        }

        try
        {
            await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(content), IfNoneMatch = "*" }, cancel);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancel) => client.DeleteObjectAsync(bucket, key, cancel);
}
