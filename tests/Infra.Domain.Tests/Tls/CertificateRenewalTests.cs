using Infra.Domain.Tls;

namespace Infra.Domain.Tests.Tls;

public class CertificateRenewalTests
{
    [Theory]
    [InlineData(365, 30)]
    [InlineData(90, 30)]
    [InlineData(7, 2)]
    [InlineData(5475, 30)]
    public void A_certificate_issued_at_any_time_is_replaced_with_at_least_the_window_left(int validity, int renewBefore)
    {
        // Issue moments across several periods, hourly-ish steps.
        for (var hours = 0.0; hours < validity * 24 * 3; hours += 37.3)
        {
            var issued = CertificateRenewal.Epoch.AddDays(1000).AddHours(hours);
            var period = CertificateRenewal.Period(issued, validity, renewBefore);
            var replacedAt = CertificateRenewal.Start(period + 1, validity, renewBefore);
            var expires = issued.AddDays(validity);

            Assert.True(replacedAt > issued);
            Assert.True((expires - replacedAt).TotalDays >= renewBefore, $"issued {issued:O}, replaced {replacedAt:O}, expires {expires:O}");
            Assert.Equal(period, CertificateRenewal.Period(replacedAt.AddTicks(-1), validity, renewBefore));
            Assert.Equal(period + 1, CertificateRenewal.Period(replacedAt, validity, renewBefore));
        }
    }

    [Fact]
    public void A_window_not_shorter_than_the_validity_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CertificateRenewal.Period(DateTimeOffset.UtcNow, 30, 30));
    }
}
