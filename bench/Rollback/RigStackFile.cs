using Infra.Domain.Configuration;
using Infra.Domain.Settings;
using Infra.Proxy.Harness;

namespace Infra.Bench;

/// <summary>
/// The stack file of the rig's stack, as rollback --now reads it: the local engine, the web service in
/// both slots with each slot's own image, the proxy's ports, and which slot is active.
/// </summary>
public static class RigStackFile
{
    public static IStackConfig For(DockerStackRig rig, string activeSlot)
    {
        var web = rig.Settings.Services.Single();
        var blue = rig.Settings.Release.For(Slots.Blue)!;
        var green = rig.Settings.Release.For(Slots.Green)!;
        return StackFileConfig.Parse(rig.Settings.StackName, $$"""
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
            """);
    }

    /// <summary>The stand-in images are tagged (no registry here to give digests): the service names their repository.</summary>
    private static string Repository(string image) => image[..image.LastIndexOf(':')];
}
