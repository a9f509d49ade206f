using Infra.Domain.Configuration;
using Infra.Domain.Monitoring;
using Infra.Domain.Proxy;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Proxy;

/// <summary>HAProxy 2.6 itself (<c>haproxy -c</c>) accepts the configuration rendered for every stack file.</summary>
[Trait(RequiresProgram.Trait, "haproxy")]
public class HaproxyAcceptsConfigTests
{
    public static TheoryData<string> StackFiles() =>
        new(Directory.GetFiles(RepoFiles.Root, "Pulumi.*.yaml")
            .Concat(Directory.GetFiles(RepoFiles.Path("tests", "workloads"), "Pulumi.*.yaml"))
            .Where(path => System.IO.Path.GetFileName(path) != "Pulumi.yaml")
            .Select(path => System.IO.Path.GetRelativePath(RepoFiles.Root, path))
            .Order());

    /// <summary>
    /// The container's layout with IP addresses: Docker's names resolve nowhere here, and each failed
    /// lookup can cost seconds (the proxy starting without a slot's container is tested in BlueGreenSwitchTests).
    /// </summary>
    private static readonly ProxyLayout WithoutDns = ProxyLayout.Docker with { ServerAddress = server => $"127.0.0.1:{server.Port}" };

    [SkippableTheory]
    [MemberData(nameof(StackFiles))]
    public async Task Haproxy_accepts_the_rendered_configuration(string stackFile)
    {
        var haproxy = RequiresProgram.Program("haproxy", "/usr/sbin");
        // Read without validation: the repo's stack files lack only the team secrets, which the proxy never sees.
        var settings = StackSettingsReader.Read(StackFileConfig.Load(RepoFiles.Path(stackFile))).Settings!;
        var files = Directory.CreateTempSubdirectory("infra-haproxy-c-").FullName;
        try
        {
            // The proxy's files as the install leaves them: with backups and monitoring, the freshness script it loads.
            Directory.CreateDirectory(System.IO.Path.Combine(files, "rendered"));
            if (BackupFreshness.For(settings) is { } freshness)
            {
                await File.WriteAllTextAsync(BackupFreshness.ScriptPath(files), freshness.Script());
            }

            var path = System.IO.Path.Combine(files, ProxyPaths.ConfigFileName);
            await File.WriteAllTextAsync(path, HaproxyConfig.Render(settings, WithoutDns with { FilesDirectory = files }));
            var result = await ProcessRunner.Run(haproxy, ["-c", "-f", path]);

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }
}
