using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class AccessoryExposureRuleTests
{
    [Fact]
    public void Public_accessory_is_rejected()
    {
        var config = Stacks.Prod();
        config.Accessory("db")["public"] = true;

        Expect.Problems(config, "infra:accessories[0].public: accessory 'db' must not be public; services reach it on the private network, admins through an SSH tunnel");
    }

    [Fact]
    public void Accessory_port_bound_on_all_interfaces_is_rejected()
    {
        var config = Stacks.Prod();
        config.Accessory("cache")["hostPort"] = 6379;
        config.Accessory("cache")["hostBind"] = "0.0.0.0";

        Expect.Problems(config, "infra:accessories[1].hostBind: accessory 'cache' would publish port 6379 on 0.0.0.0; bind it to 127.0.0.1 or remove hostPort");
    }

    [Fact]
    public void Accessory_port_on_loopback_is_allowed()
    {
        var config = Stacks.Prod();
        config.Accessory("db")["hostPort"] = 15432;

        Assert.Empty(config.Problems());
    }
}
