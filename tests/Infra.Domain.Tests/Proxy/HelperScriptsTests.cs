using Infra.Domain.Hosting;
using Infra.Domain.Proxy;
using Infra.Domain.Settings;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Proxy;

/// <summary>Every script a helper container runs, read by shellcheck, and what each needs from its image.</summary>
public sealed class HelperScriptsTests
{
    public static TheoryData<string> Scripts() => new()
    {
        "switch-to-green",
        "install",
        "ready",
        "probe-once",
        "runtime-query",
    };

    private static string Render(string name) => name switch
    {
        "switch-to-green" => SwitchScript.Render(ProxyStack.Prod(), Slots.Green),
        "install" => ProxyInstall.Script(ProxyStack.Prod()),
        "ready" => new ReadinessProbe("api-blue", 8000, "/health").Script(),
        "probe-once" => new StatusProbe([new ReadinessProbe("api-blue", 8000, "/health"), new ReadinessProbe("web-green", 3000, "/up?x='1'")]).Script(),
        "runtime-query" => RuntimeQuery.ServersState.Script(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    [Trait(RequiresProgram.Trait, "shellcheck")]
    public async Task Shellcheck_finds_nothing(string name)
    {
        var shellcheck = RequiresProgram.Program("shellcheck");
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, Render(name));
            var result = await ProcessRunner.Run(shellcheck, ["--shell=bash", "--severity=info", path]);

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The helper image is Debian without curl, wget, socat, nc or awk: the scripts name none of them.</summary>
    [Theory]
    [MemberData(nameof(Scripts))]
    public void Needs_no_http_client_or_socket_tool(string name)
    {
        var code = string.Join('\n', Render(name).Split('\n').Where(line => !line.TrimStart().StartsWith('#')));
        var words = code.Split([' ', '\n', '\t', '(', ')', '|', ';', '"', '$'], StringSplitOptions.RemoveEmptyEntries);

        Assert.Empty(words.Intersect(["curl", "wget", "socat", "nc", "awk", "python3", "perl"]));
        Assert.Contains("/dev/tcp", Render(name));
    }
}
