using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>One check of a stack's settings. Rules never stop at the first problem.</summary>
public interface IValidationRule
{
    IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config);
}
