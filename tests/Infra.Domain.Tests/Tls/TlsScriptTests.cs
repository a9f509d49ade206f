using Infra.Domain.Proxy;
using Infra.Domain.Tests.Support;
using Infra.Domain.Tls;

namespace Infra.Domain.Tests.Tls;

/// <summary>tls.sh and the host commands that run it, read by shellcheck; the key never on a command line.</summary>
public class TlsScriptTests
{
    public static TheoryData<string> HostCommands() => new() { "key", "install", "provided", "self-signed" };

    private static string HostCommand(string name) => name switch
    {
        "key" => TlsScript.KeyHostRun(ProxyStack.Prod(), "acme.example"),
        "install" => TlsScript.InstallHostRun(ProxyStack.Prod()),
        "provided" => TlsScript.ProvidedHostRun(ProxyStack.Prod()),
        "self-signed" => TlsScript.SelfSignedHostRun(Stacks.Local().Load().Settings!),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "shellcheck")]
    public async Task Shellcheck_finds_nothing_in_the_script()
    {
        var result = await Shellcheck("bash", TlsScript.Render());
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
    }

    [SkippableTheory]
    [MemberData(nameof(HostCommands))]
    [Trait(RequiresProgram.Trait, "shellcheck")]
    public async Task Shellcheck_finds_nothing_in_the_host_command(string name)
    {
        var result = await Shellcheck("sh", HostCommand(name));
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
    }

    [Theory]
    [MemberData(nameof(HostCommands))]
    public void The_host_command_runs_only_docker_and_forwards_its_stdin_to_the_script(string name)
    {
        var command = HostCommand(name);

        Assert.Contains("docker run --rm -i --name prod_tls-", command.Replace("local_tls-", "prod_tls-", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(" -c \"$(cat <<'INFRA_HELPER_SCRIPT'", command, StringComparison.Ordinal);
        Assert.DoesNotMatch("-----BEGIN (EC |RSA )?PRIVATE KEY-----", command);
    }

    [Fact]
    public void The_bundle_and_key_belong_to_haproxys_user()
    {
        var script = TlsScript.Render();

        Assert.Contains($"owner=\"${{PROXY_OWNER:-{TlsScript.ProxyOwner}}}\"", script, StringComparison.Ordinal);
        Assert.Contains("umask 077", script, StringComparison.Ordinal);
        Assert.Contains($"certs=\"$files/{ProxyLayout.CertificateFolder}\"", script, StringComparison.Ordinal);
    }

    private static async Task<ProcessResult> Shellcheck(string shell, string text)
    {
        var shellcheck = RequiresProgram.Program("shellcheck");
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, text);
            return await ProcessRunner.Run(shellcheck, [$"--shell={shell}", "--severity=info", path]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
