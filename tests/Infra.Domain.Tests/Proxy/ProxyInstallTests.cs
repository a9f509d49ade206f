using Infra.Domain.Proxy;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Proxy;

/// <summary>The install script the stack runs on the host, run for real into a temporary root.</summary>
[Trait(RequiresProgram.Trait, "bash")]
public sealed class ProxyInstallTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("infra-proxy-install-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SkippableFact]
    public async Task First_install_writes_both_switch_scripts_and_starts_on_blue()
    {
        var bash = RequiresProgram.Program("bash");
        var settings = Stacks.Prod().Load().Settings!;
        var layout = new ProxyInstall.HostLayout(_root);

        var result = await ProcessRunner.Run(bash, ["-c", ProxyInstall.Render(settings, layout, "proxy")]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Output}{result.Error}");
        Assert.Equal("proxy: haproxy.cfg installed (active slot blue)\n", result.Output);
        Assert.Equal(HaproxyConfig.Render(settings, "blue"), await File.ReadAllTextAsync(layout.Config));
        var switchScript = await File.ReadAllTextAsync(layout.SwitchScript("green"));
        Assert.Equal(SwitchScript.Render(settings, "green", host: layout).TrimEnd('\n') + "\n", switchScript);
        // Run by hand, the script finds this host folder's socket and config without any variables.
        Assert.Contains($"socket=\"${{HAPROXY_SOCKET:-{layout.Socket}}}\"", switchScript);
        Assert.Contains($"config=\"${{HAPROXY_CONFIG:-{layout.Config}}}\"", switchScript);
        Assert.True(!OperatingSystem.IsWindows() && File.GetUnixFileMode(layout.SwitchScript("blue")).HasFlag(UnixFileMode.UserExecute));
        Assert.True(Directory.Exists(layout.SocketDirectory));
    }

    [SkippableFact]
    public async Task Reinstall_keeps_the_slot_the_file_on_disk_names()
    {
        var bash = RequiresProgram.Program("bash");
        var settings = Stacks.Prod().Load().Settings!;
        var layout = new ProxyInstall.HostLayout(_root);
        var script = ProxyInstall.Render(settings, layout, "proxy");
        await ProcessRunner.Run(bash, ["-c", script]);
        // What a switch to green leaves on disk.
        await File.WriteAllTextAsync(layout.Config, HaproxyConfig.Render(settings, "green"));

        var again = await ProcessRunner.Run(bash, ["-c", script]);

        Assert.Equal("proxy: haproxy.cfg unchanged (active slot green)\n", again.Output);
        Assert.Equal(HaproxyConfig.Render(settings, "green"), await File.ReadAllTextAsync(layout.Config));
    }

    [SkippableFact]
    public async Task Changed_routes_rewrite_the_config_for_the_slot_on_disk()
    {
        var bash = RequiresProgram.Program("bash");
        var layout = new ProxyInstall.HostLayout(_root);
        var before = Stacks.Prod().Load().Settings!;
        await ProcessRunner.Run(bash, ["-c", ProxyInstall.Render(before, layout, "proxy")]);
        await File.WriteAllTextAsync(layout.Config, HaproxyConfig.Render(before, "green"));
        var config = Stacks.Prod();
        config.Service("api")["route"]!["pathPrefix"] = "/v2";
        var after = config.Load().Settings!;

        var result = await ProcessRunner.Run(bash, ["-c", ProxyInstall.Render(after, layout, "proxy")]);

        Assert.Equal("proxy: haproxy.cfg installed (active slot green)\n", result.Output);
        Assert.Equal(HaproxyConfig.Render(after, "green"), await File.ReadAllTextAsync(layout.Config));
    }

    [Fact]
    public void Install_script_does_not_depend_on_the_active_slot()
    {
        var blue = Stacks.Prod();
        var green = Stacks.Prod();
        green.Release["activeSlot"] = "green";
        green.Release["slots"]!["green"] = blue.Slot("blue").DeepClone();
        var layout = new ProxyInstall.HostLayout("/srv/infra");

        Assert.Equal(ProxyInstall.Render(blue.Load().Settings!, layout, "proxy"), ProxyInstall.Render(green.Load().Settings!, layout, "proxy"));
    }
}
