using Infra.Domain.Configuration;
using Infra.Domain.Validation;
using Pulumi;

namespace Infra.Stacks;

/// <summary>Validates the configuration before the deployment starts, then defines the stack.</summary>
public static class StackProgram
{
    public static async Task<int> RunAsync(IStackConfig config)
    {
        var configuration = StackConfiguration.Load(config);
        if (!configuration.IsValid)
        {
            // A user's mistake, not a crash: one line per problem, no stack trace, nothing touched.
            await Console.Error.WriteLineAsync(configuration.Report(config.StackName));
            return 1;
        }

        return await Deployment.RunAsync(() => Define(configuration));
    }

    /// <summary>The stack for an already validated configuration; reads secrets through Pulumi only.</summary>
    public static IDictionary<string, object?> Define(StackConfiguration configuration, ComponentResourceOptions? rootOptions = null)
    {
        var config = new Config();
        return InfraStack.Define(
            configuration.Settings!,
            key => config.RequireSecret(key),
            config.GetSecret(ConfigKeys.SshPrivateKey),
            rootOptions);
    }
}
