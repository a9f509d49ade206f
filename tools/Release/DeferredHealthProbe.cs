using Infra.Release.Health;

namespace Infra.Release.Tool;

/// <summary>
/// The HTTP health probe, with its client made on the first check: an HttpClient costs tens of
/// milliseconds to start, which rollback --now would otherwise spend before its switch (it checks nothing itself).
/// </summary>
internal sealed class DeferredHealthProbe(TimeSpan timeout) : IHealthProbe, IDisposable
{
    private HttpClient? _client;
    private HttpHealthProbe? _probe;

    public Task<ProbeResult> CheckAsync(HealthTarget target, CancellationToken cancel) =>
        (_probe ??= new HttpHealthProbe(_client = new HttpClient(), timeout)).CheckAsync(target, cancel);

    public void Dispose() => _client?.Dispose();
}
