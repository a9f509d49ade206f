using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Proxy.Harness;

/// <summary>
/// The stack file of the rig's stack, as rollback --now reads it: the local engine, the web service in
/// both slots with each slot's own image, the proxy's ports, and which slot is active. Shared by the
/// tests of rollback --now and bench/rollback (which writes it as the stack file the release tool reads).
/// </summary>
public static class RigStackFile
{
    public static IStackConfig For(DockerStackRig rig, string activeSlot) => StackFileConfig.Parse(rig.Settings.StackName, Text(rig, activeSlot));

    /// <summary>The text of <c>Pulumi.&lt;stack&gt;.yaml</c>.</summary>
    public static string Text(DockerStackRig rig, string activeSlot)
    {
        var web = rig.Settings.Services.Single();
        var blue = rig.Settings.Release.For(Slots.Blue)!;
        var green = rig.Settings.Release.For(Slots.Green)!;
        return $$"""
            config:
              infra:environment: local
              infra:server:
                provider: local
              infra:services:
                - name: {{web.Name}}
                  image: {{Repository(blue.Images["web"])}}
                  port: {{web.Port}}
                  healthPath: {{web.HealthPath}}
                  route: { pathPrefix: / }
              infra:proxy:
                httpPort: {{rig.Settings.Proxy.HttpPort}}
                previewPort: {{rig.Settings.Proxy.PreviewPort}}
              infra:release:
                activeSlot: {{activeSlot}}
                slots:
                  blue:
                    version: {{blue.Version}}
                    images: { web: "{{blue.Images["web"]}}" }
                  green:
                    version: {{green.Version}}
                    images: { web: "{{green.Images["web"]}}" }
            """;
    }

    /// <summary>The stand-in images are tagged (no registry here to give digests): the service names their repository.</summary>
    private static string Repository(string image) => image[..image.LastIndexOf(':')];
}
