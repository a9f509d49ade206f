namespace Infra.Domain.Tests.Support;

public static class Expect
{
    /// <summary>The configuration has exactly these problems, in this order.</summary>
    public static void Problems(TestStackConfig config, params string[] expected) =>
        Assert.Equal(expected, config.Problems());
}
