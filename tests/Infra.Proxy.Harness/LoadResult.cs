using System.Diagnostics;

namespace Infra.Proxy.Harness;

/// <summary>What the load client saw: every request, and what happened to its connections.</summary>
public sealed record LoadResult(IReadOnlyList<RequestRecord> Requests, int Connections, int Reconnects, int OpenAtEnd)
{
    public IReadOnlyList<RequestRecord> Failures => Requests.Where(r => r.Failed).ToList();

    public int AnsweredBy(string slot) => Requests.Count(r => !r.Failed && r.Slot == slot);

    public IReadOnlyList<RequestRecord> SentAfter(long timestamp) => Requests.Where(r => r.SentAt >= timestamp).ToList();

    /// <summary>
    /// When the switch to <paramref name="slot"/> became visible: the send time of the first request
    /// after the last one answered by another slot (null if no request after that one).
    /// </summary>
    public long? SwitchedAt(string slot)
    {
        var lastOther = Requests.Where(r => !r.Failed && r.Slot != slot).Select(r => r.SentAt).DefaultIfEmpty(long.MinValue).Max();
        var after = Requests.Where(r => r.SentAt > lastOther && !r.Failed && r.Slot == slot).Select(r => r.SentAt).ToList();
        return after.Count == 0 ? null : after.Min();
    }

    /// <summary>
    /// From when only <paramref name="slot"/> answered: the time of the first answer from it after the
    /// last answer from another slot (null if none). Unlike <see cref="SwitchedAt"/> this is when the
    /// answer arrived, so a new version slow to answer its first requests counts until it does.
    /// </summary>
    public long? OnlyAnsweredSince(string slot)
    {
        var lastOther = Requests.Where(r => !r.Failed && r.Slot != slot).Select(r => r.AnsweredAt).DefaultIfEmpty(long.MinValue).Max();
        var after = Requests.Where(r => r.AnsweredAt > lastOther && !r.Failed && r.Slot == slot).Select(r => r.AnsweredAt).ToList();
        return after.Count == 0 ? null : after.Min();
    }

    public static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    public string Describe() =>
        $"{Requests.Count} requests, {Failures.Count} failed, {Reconnects} reconnects, {OpenAtEnd}/{Connections} connections open at the end"
        + string.Concat(Failures.Take(5).Select(f => "\n  " + f));
}
