using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>The one entry point: read the stack's configuration, validate it, and say everything that is wrong.</summary>
public sealed record StackConfiguration(StackSettings? Settings, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Settings is not null && Errors.Count == 0;

    public static StackConfiguration Load(IStackConfig config)
    {
        var (settings, errors) = StackSettingsReader.Read(config);
        if (settings is null)
        {
            return new StackConfiguration(null, errors);
        }

        var problems = StackValidator.Validate(settings, config);
        return new StackConfiguration(problems.Count == 0 ? settings : null, problems);
    }

    /// <summary>The report a user sees: one line per problem, no stack trace.</summary>
    public string Report(string stackName) =>
        $"stack '{stackName}' configuration has {Errors.Count} problem(s); nothing was changed:"
        + string.Concat(Errors.Select(e => $"{System.Environment.NewLine}  - {e}"));
}
