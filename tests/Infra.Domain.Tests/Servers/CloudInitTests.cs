using Infra.Domain.Servers;
using Infra.Domain.Tests.Support;

namespace Infra.Domain.Tests.Servers;

public class CloudInitTests
{
    private static readonly string Rendered = CloudInit.Render("infra-prod-data");

    [Fact]
    public void Installs_docker_from_debian_packages_and_disables_ssh_passwords()
    {
        Assert.StartsWith("#cloud-config\n", Rendered);
        Assert.Contains("  - docker.io\n", Rendered);
        Assert.Contains("ssh_pwauth: false", Rendered);
        Assert.Contains("PasswordAuthentication no", Rendered);
    }

    [Fact]
    public void Puts_docker_data_on_the_data_volume_and_refuses_the_root_disk()
    {
        Assert.Contains("[ \"/dev/disk/by-id/scsi-0DO_Volume_infra-prod-data\", \"/mnt/data\", \"ext4\"", Rendered);
        Assert.Contains("\"data-root\": \"/mnt/data/docker\"", Rendered);
        Assert.Contains("refusing to start Docker on the root disk", Rendered);
    }

    [SkippableFact]
    [Trait(RequiresProgram.Trait, "cloud-init")]
    public async Task Passes_cloud_init_schema_validation()
    {
        var cloudInit = RequiresProgram.Program("cloud-init");
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, Rendered);
        try
        {
            var result = await ProcessRunner.Run(cloudInit, ["schema", "--config-file", file]);

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            Assert.Contains("Valid cloud-config", result.Output);

            // The validator does reject a broken file, so a pass above means something.
            await File.WriteAllTextAsync(file, Rendered.Replace("ssh_pwauth: false", "ssh_pwauth: [nope]", StringComparison.Ordinal));
            Assert.NotEqual(0, (await ProcessRunner.Run(cloudInit, ["schema", "--config-file", file])).ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
