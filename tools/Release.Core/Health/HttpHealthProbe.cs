using System.Net.Http.Headers;

namespace Infra.Release.Health;

/// <summary>A plain HTTP GET with a short timeout; healthy means a 2xx answer.</summary>
public sealed class HttpHealthProbe(HttpClient client, TimeSpan timeout) : IHealthProbe
{
    public async Task<ProbeResult> CheckAsync(HealthTarget target, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target.Url);
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            return new ProbeResult(response.IsSuccessStatusCode, $"HTTP {status}");
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return new ProbeResult(false, $"no answer within {timeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(false, e.HttpRequestError == HttpRequestError.ConnectionError ? "connection refused" : e.Message);
        }
    }
}
