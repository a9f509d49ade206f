using Infra.Domain.Configuration;
using Infra.Domain.Monitoring;
using Infra.Domain.Proxy;
using Infra.Domain.Tests.Support;
using Infra.Proxy.Harness;
using System.Security.Cryptography.X509Certificates;

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
        var folder = Directory.CreateTempSubdirectory("infra-haproxy-check-").FullName;
        try
        {
            // haproxy -c loads the certificate and CA files: a test CA's, where the stack's tls.sh would put them.
            using var pki = new TestPki();
            var layout = WithoutDns with
            {
                FilesDirectory = folder,
                CertificatePath = System.IO.Path.Combine(folder, "origin.pem"),
                ClientCaPath = System.IO.Path.Combine(folder, "origin-pull-ca.pem"),
            };
            await File.WriteAllTextAsync(layout.CertificatePath, pki.EdgeClient.ExportCertificatePem() + "\n" + pki.EdgeClient.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n");
            await File.WriteAllTextAsync(layout.ClientCaPath, Infra.Domain.Tls.OriginPullCa.Pem);

            // The proxy's files as the install leaves them: with backups and monitoring, the freshness script it loads.
            Directory.CreateDirectory(System.IO.Path.Combine(folder, "rendered"));
            if (BackupFreshness.For(settings) is { } freshness)
            {
                await File.WriteAllTextAsync(BackupFreshness.ScriptPath(folder), freshness.Script());
            }

            var path = System.IO.Path.Combine(folder, "haproxy.cfg");
            await File.WriteAllTextAsync(path, HaproxyConfig.Render(settings, layout));
            var result = await ProcessRunner.Run(haproxy, ["-c", "-f", path]);

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
