using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class ShapeTests
{
    [Fact]
    public void Misspelt_setting_is_named_instead_of_silently_defaulting()
    {
        var config = Stacks.Prod();
        config.Service("web")["heathPath"] = "/health";

        Expect.Problems(config, "infra:services[0].heathPath: 'heathPath' is not a known setting; check its spelling");
    }

    [Fact]
    public void Wrong_type_names_the_key_and_the_expected_type()
    {
        var config = Stacks.Prod();
        config.Service("api")["port"] = "eight thousand";

        Expect.Problems(config, "infra:services[1].port: has the wrong type; expected a whole number");
    }

    [Fact]
    public void Missing_environment_is_reported()
    {
        var config = Stacks.Prod();
        config.Environment = "production";

        Expect.Problems(config, "infra:environment: 'production' is not an environment; use local, staging or prod");
    }

    [Fact]
    public void Stack_named_prod_must_be_the_prod_environment()
    {
        var config = Stacks.Cloud("prod", "staging");

        Expect.Problems(config, "infra:environment: stack 'prod' must set environment to prod, not staging");
    }

    [Fact]
    public void Unknown_accessory_kind_lists_the_kinds()
    {
        var config = Stacks.Prod();
        config.Accessory("db")["kind"] = "oracle";

        Expect.Problems(config, "infra:accessories[0].kind: has the wrong type; expected one of postgres, mysql, mariadb, redis");
    }

    [Fact]
    public void Duplicate_names_are_reported()
    {
        var config = Stacks.Prod();
        config.Accessory("cache")["name"] = "db";

        Assert.Contains(
            "infra:accessories[1].name: 'db' is already used by infra:accessories[0].name; names must be unique across services and accessories",
            config.Problems());
    }
}
