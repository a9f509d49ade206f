namespace Infra.Domain.Tls;

/// <summary>
/// Renewal by the stack without reading the certificate back: time is cut into periods of
/// (validity − renewDaysBefore) days from a fixed epoch, and the period number is a trigger of the
/// step that makes the key and CSR. The first update in a new period therefore makes a new key and a
/// new certificate. A certificate issued at any moment of period g is replaced by the first update of
/// period g+1, which starts at most (validity − renewDaysBefore) days after it was issued, so with at
/// least renewDaysBefore days left, as long as the stack is updated (or previewed and updated) within
/// that margin.
/// </summary>
public static class CertificateRenewal
{
    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static long Period(DateTimeOffset now, int validityDays, int renewDaysBefore)
    {
        if (renewDaysBefore < 1 || renewDaysBefore >= validityDays)
        {
            throw new ArgumentOutOfRangeException(nameof(renewDaysBefore), $"renewDaysBefore must be from 1 to {validityDays - 1}");
        }

        return Period(now, validityDays - renewDaysBefore);
    }

    /// <summary>The number of the <paramref name="lengthDays"/>-day period <paramref name="now"/> falls in, counted from <see cref="Epoch"/>.</summary>
    public static long Period(DateTimeOffset now, int lengthDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lengthDays, 1);
        var elapsed = (now - Epoch).Ticks;
        var length = TimeSpan.FromDays(lengthDays).Ticks;
        return elapsed >= 0 ? elapsed / length : -((-elapsed + length - 1) / length);
    }

    /// <summary>When <paramref name="period"/> starts: the first moment an update replaces the previous period's certificate.</summary>
    public static DateTimeOffset Start(long period, int validityDays, int renewDaysBefore) =>
        Epoch.AddTicks(period * Length(validityDays, renewDaysBefore));

    private static long Length(int validityDays, int renewDaysBefore) => TimeSpan.FromDays(validityDays - renewDaysBefore).Ticks;
}
