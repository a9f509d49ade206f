using System.Diagnostics;
using System.Globalization;

namespace Infra.Bench;

/// <summary>
/// What the Docker engine says happened to one container (create, start, die, destroy), from
/// <c>docker events</c>, with the engine's own times turned into <see cref="Stopwatch"/> timestamps:
/// where a run's time goes between the tool starting docker and the switch script ending.
/// </summary>
public sealed class HelperEvents : IAsyncDisposable
{
    private readonly Process _events;
    private readonly List<(long At, string Action)> _seen = [];
    private readonly long _clockStamp = Stopwatch.GetTimestamp();
    private readonly long _clockUnixNanoseconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    private HelperEvents(Process events)
    {
        _events = events;
    }

    /// <summary>Starts watching; the engine reports events from the moment `docker events` runs.</summary>
    public static async Task<HelperEvents> WatchAsync(string container)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "events", "--filter", $"container={container}", "--format", "{{.TimeNano}} {{.Action}}" })
        {
            start.ArgumentList.Add(argument);
        }

        var watcher = new HelperEvents(Process.Start(start)!);
        watcher._events.OutputDataReceived += (_, line) => watcher.Keep(line.Data);
        watcher._events.BeginOutputReadLine();
        watcher._events.BeginErrorReadLine();
        await Task.Delay(200);
        return watcher;
    }

    /// <summary>When the engine first reported <paramref name="action"/> after <paramref name="since"/>; null when it did not.</summary>
    public long? At(string action, long since)
    {
        lock (_seen)
        {
            return _seen.Where(e => e.Action == action && e.At >= since).Select(e => (long?)e.At).FirstOrDefault();
        }
    }

    private void Keep(string? line)
    {
        if (line?.Split(' ', 2) is not [var nanoseconds, var action] || !long.TryParse(nanoseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return;
        }

        var at = _clockStamp + (long)((unix - _clockUnixNanoseconds) / 1e9 * Stopwatch.Frequency);
        lock (_seen)
        {
            _seen.Add((at, action.Split(':')[0].Trim()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_events.HasExited)
        {
            _events.Kill();
            await _events.WaitForExitAsync();
        }

        _events.Dispose();
    }
}
