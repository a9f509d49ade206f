namespace Infra.Release.Backend;

/// <summary>The objects of a self-managed state backend (a file:// folder or an S3-compatible bucket), by slash-separated key.</summary>
public interface IBackendStore
{
    /// <summary>Keys starting with <paramref name="prefix"/>, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancel);

    Task<byte[]?> ReadAsync(string key, CancellationToken cancel);

    /// <summary>Writes the object only if none exists; false when one does.</summary>
    Task<bool> TryCreateAsync(string key, byte[] content, CancellationToken cancel);

    Task DeleteAsync(string key, CancellationToken cancel);
}
