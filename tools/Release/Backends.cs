using Infra.Release.Backend;
using Infra.Release.Locking;

namespace Infra.Release.Tool;

/// <summary>The state backend named by PULUMI_BACKEND_URL, and the store that holds the release locks.</summary>
internal static class Backends
{
    public static BackendUrl Current => BackendUrl.Parse(Environment.GetEnvironmentVariable("PULUMI_BACKEND_URL"));

    public static IBackendStore Store(BackendUrl url) =>
        url.Kind == BackendKind.File ? new FileBackendStore(url.Location) : S3BackendStore.For(url);

    /// <summary>Locks live in the state backend; with Pulumi Cloud, in the folder or bucket INFRA_RELEASE_LOCK_URL names.</summary>
    public static IReleaseLock Lock(string stack)
    {
        var url = BackendUrl.Parse(Environment.GetEnvironmentVariable("INFRA_RELEASE_LOCK_URL") ?? Environment.GetEnvironmentVariable("PULUMI_BACKEND_URL"));
        if (!url.IsSelfManaged)
        {
            throw new ReleaseRefusal("with Pulumi Cloud the release lock needs a shared place: set INFRA_RELEASE_LOCK_URL to an s3:// bucket or file:// folder");
        }

        var holder = $"{Environment.UserName}@{Environment.MachineName}"
            + (Environment.GetEnvironmentVariable("GITHUB_RUN_ID") is { } run ? $" (GitHub run {run})" : "");
        return new BackendReleaseLock(Store(url), stack, holder, TimeProvider.System);
    }
}
