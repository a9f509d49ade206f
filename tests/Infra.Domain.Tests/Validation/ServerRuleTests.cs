using System.Text.Json.Nodes;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Validation;

public class ServerRuleTests
{
    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("203.0.113.300/32")]
    [InlineData("203.0.113.0/33")]
    [InlineData("office")]
    public void Malformed_cidr_is_rejected(string cidr)
    {
        var config = Stacks.Prod();
        config.Server["adminCidrs"] = new JsonArray(cidr);

        Expect.Problems(config, $"infra:server.adminCidrs[0]: '{cidr}' is not a CIDR; write it as address/prefix, e.g. 203.0.113.7/32");
    }

    [Fact]
    public void Ssh_open_to_the_internet_is_rejected()
    {
        var config = Stacks.Prod();
        config.Server["adminCidrs"] = new JsonArray("0.0.0.0/0");

        Expect.Problems(config, "infra:server.adminCidrs[0]: '0.0.0.0/0' opens SSH to the whole internet; list the admin networks instead");
    }

    [Theory]
    [InlineData("Frankfurt")]
    [InlineData("fra")]
    public void Malformed_region_is_rejected(string region)
    {
        var config = Stacks.Prod();
        config.Server["region"] = region;

        Expect.Problems(config, $"infra:server.region: '{region}' is not a DigitalOcean region slug; use one like fra1, nyc3 or ams3");
    }

    [Theory]
    [InlineData("large")]
    [InlineData("s-2cpu-4gb")]
    public void Malformed_size_slug_is_rejected(string size)
    {
        var config = Stacks.Prod();
        config.Server["size"] = size;

        Expect.Problems(config, $"infra:server.size: '{size}' is not a DigitalOcean size slug; use one like s-2vcpu-4gb (see `doctl compute size list`)");
    }

    [Fact]
    public void Prod_on_the_local_engine_is_rejected()
    {
        var config = Stacks.Prod();
        config.Server = new JsonObject { ["provider"] = "local" };

        Expect.Problems(config, "infra:server.provider: prod runs on a droplet; set provider to digitalocean");
    }

    [Fact]
    public void Malformed_ssh_key_fingerprint_is_rejected()
    {
        var config = Stacks.Prod();
        config.Server["sshKeys"] = new JsonArray("ssh-ed25519 AAAA...");

        Expect.Problems(config, "infra:server.sshKeys[0]: 'ssh-ed25519 AAAA...' is not an SSH key fingerprint (aa:bb:...:ff) or key ID");
    }
}

public class HostRootTests
{
    [Theory]
    [InlineData("relative/path")]
    [InlineData("/srv/my infra")]
    [InlineData("/srv/$(id)")]
    public void Host_root_must_be_a_plain_absolute_path(string root)
    {
        var config = Infra.Domain.Tests.Support.Stacks.Local();
        config.Server["hostRoot"] = root;

        Infra.Domain.Tests.Support.Expect.Problems(config, $"infra:server.hostRoot: '{root}' is not an absolute folder path of letters, digits and . _ - /");
    }

    [Fact]
    public void Plain_absolute_host_root_is_accepted()
    {
        var config = Infra.Domain.Tests.Support.Stacks.Local();
        config.Server["hostRoot"] = "/home/dev/.infra";

        Assert.Empty(config.Problems());
    }
}
