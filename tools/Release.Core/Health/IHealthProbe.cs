namespace Infra.Release.Health;

public sealed record ProbeResult(bool Healthy, string Detail);

/// <summary>Asks one health URL once.</summary>
public interface IHealthProbe
{
    Task<ProbeResult> CheckAsync(HealthTarget target, CancellationToken cancel);
}
