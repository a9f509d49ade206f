using Infra.Domain.Proxy;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Proxy;

/// <summary>The install script the stack runs in a helper container, run for real into a temporary folder.</summary>
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

        var result = await Install(bash, ProxyInstall.Script(settings));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Output}{result.Error}");
        Assert.Equal("proxy: haproxy.cfg installed (active slot blue)\n", result.Output);
        Assert.Equal(HaproxyConfig.Render(settings, "blue"), await File.ReadAllTextAsync(Config));
        var switchScript = await File.ReadAllTextAsync(SwitchScriptPath("green"));
        Assert.Equal(SwitchScript.Render(settings, "green").TrimEnd('\n') + "\n", switchScript);
        // Run in a helper beside the proxy, the script finds the runtime API and the config without any variables.
        Assert.Contains($"runtime_address=\"${{HAPROXY_RUNTIME:-{ProxyLayout.ContainerRuntimeAddress}}}\"", switchScript);
        Assert.Contains($"config=\"${{HAPROXY_CONFIG:-{ProxyLayout.ContainerConfig}}}\"", switchScript);
        Assert.True(!OperatingSystem.IsWindows() && File.GetUnixFileMode(SwitchScriptPath("blue")).HasFlag(UnixFileMode.UserExecute));
    }

    private string Config => Path.Combine(_root, ProxyLayout.ConfigFileName);

    private string SwitchScriptPath(string slot) => Path.Combine(_root, "bin", SwitchScript.FileName(slot));

    private Task<ProcessResult> Install(string bash, string script) =>
        ProcessRunner.Run(bash, ["-c", script], new Dictionary<string, string> { ["PROXY_FILES"] = _root });

    [SkippableFact]
    public async Task Reinstall_keeps_the_slot_the_file_on_disk_names()
    {
        var bash = RequiresProgram.Program("bash");
        var settings = Stacks.Prod().Load().Settings!;
        var script = ProxyInstall.Script(settings);
        await Install(bash, script);
        // What a switch to green leaves on disk.
        await File.WriteAllTextAsync(Config, HaproxyConfig.Render(settings, "green"));

        var again = await Install(bash, script);

        Assert.Equal(0, again.ExitCode);
        Assert.Equal("proxy: haproxy.cfg unchanged (active slot green)\n", again.Output);
        Assert.Equal(HaproxyConfig.Render(settings, "green"), await File.ReadAllTextAsync(Config));
    }

    [SkippableFact]
    public async Task Changed_routes_rewrite_the_config_for_the_slot_on_disk()
    {
        var bash = RequiresProgram.Program("bash");
        var before = Stacks.Prod().Load().Settings!;
        await Install(bash, ProxyInstall.Script(before));
        await File.WriteAllTextAsync(Config, HaproxyConfig.Render(before, "green"));
        var config = Stacks.Prod();
        config.Service("api")["route"]!["pathPrefix"] = "/v2";
        var after = config.Load().Settings!;

        var result = await Install(bash, ProxyInstall.Script(after));

        // The host command reloads the running proxy on this status.
        Assert.Equal(ProxyInstall.ReloadStatus, result.ExitCode);
        Assert.Equal("proxy: routes changed, haproxy.cfg rewritten (active slot green)\n", result.Output);
        Assert.Equal(HaproxyConfig.Render(after, "green"), await File.ReadAllTextAsync(Config));
    }

    [Fact]
    public void Install_script_does_not_depend_on_the_active_slot()
    {
        var blue = Stacks.Prod();
        var green = Stacks.Prod();
        green.Release["activeSlot"] = "green";
        green.Release["slots"]!["green"] = blue.Slot("blue").DeepClone();

        Assert.Equal(ProxyInstall.HostRun(blue.Load().Settings!), ProxyInstall.HostRun(green.Load().Settings!));
    }
}
