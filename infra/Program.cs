using Infra.Domain.Configuration;
using Infra.Stacks;

return await StackProgram.RunAsync(PulumiEnvironmentConfig.FromProcess());
