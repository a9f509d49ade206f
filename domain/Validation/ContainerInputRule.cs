using System.Text.RegularExpressions;
using Infra.Domain.Configuration;
using Infra.Domain.Hosting;
using Infra.Domain.Images;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>
/// Every value that becomes part of a container is one Docker and the server accept: variable
/// names a shell and an env file can carry, values on one line, absolute mount paths, real image
/// references, commands that end (a release task without one would run the server and never exit).
/// </summary>
public sealed partial class ContainerInputRule : IValidationRule
{
    public const int MinMemoryMb = 16;
    public const int MaxMemoryMb = 262144;
    public const int MaxTaskSeconds = 86400;

    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        for (var i = 0; i < settings.Services.Count; i++)
        {
            foreach (var error in CheckService(settings.Services[i], (field) => ConfigKeys.Service(i, field)))
            {
                yield return error;
            }
        }

        for (var i = 0; i < settings.Accessories.Count; i++)
        {
            var accessory = settings.Accessories[i];
            var index = i;
            if (!ImageReference.IsValid(accessory.Image))
            {
                yield return new ConfigError(ConfigKeys.Accessory(index, "image"), $"'{accessory.Image}' is not an image reference Docker accepts (e.g. postgres:16.4@sha256:<digest>)");
            }

            if (accessory.MemoryMb is < MinMemoryMb or > MaxMemoryMb)
            {
                yield return new ConfigError(ConfigKeys.Accessory(index, "memoryMb"), $"accessory '{accessory.Name}' memory limit {accessory.MemoryMb} MiB is outside {MinMemoryMb}-{MaxMemoryMb}");
            }

            foreach (var (field, value) in new[] { ("database", accessory.Database), ("user", accessory.User) })
            {
                // It goes into the container's environment and, unquoted, into the backup scripts.
                if (value is not null && !Backups.ShellSafeName.IsSafe(value))
                {
                    yield return new ConfigError(ConfigKeys.Accessory(index, field), $"'{value}' is not a plain name; use letters, digits, '_', '.' and '-', at most 63 characters");
                }
            }
        }
    }

    private static IEnumerable<ConfigError> CheckService(ServiceSettings service, Func<string, string> key)
    {
        if (!ImageReference.IsValidRepository(service.Image))
        {
            yield return new ConfigError(key("image"), $"'{service.Image}' is not an image repository Docker accepts; give the repository without tag or digest (e.g. ghcr.io/acme/api)");
        }

        if (service.MemoryMb is < MinMemoryMb or > MaxMemoryMb)
        {
            yield return new ConfigError(key("memoryMb"), $"service '{service.Name}' memory limit {service.MemoryMb} MiB is outside {MinMemoryMb}-{MaxMemoryMb}");
        }

        if (service.ReadyTimeoutSeconds is < ReadinessProbe.MinSeconds or > ReadinessProbe.MaxSeconds)
        {
            yield return new ConfigError(key("readyTimeoutSeconds"), $"service '{service.Name}' ready timeout {service.ReadyTimeoutSeconds} s is outside {ReadinessProbe.MinSeconds}-{ReadinessProbe.MaxSeconds}; an update waits for readiness only within a bounded deadline (default {ReadinessProbe.DeadlineSeconds})");
        }

        if (!RestartPolicies.All.Contains(service.Restart))
        {
            yield return new ConfigError(key("restart"), $"'{service.Restart}' is not a restart policy; use {string.Join(", ", RestartPolicies.All)}");
        }

        foreach (var (variable, value) in service.Env)
        {
            if (!VariableName().IsMatch(variable))
            {
                yield return new ConfigError(key($"env.{variable}"), $"'{variable}' is not an environment variable name; use letters, digits and '_', not starting with a digit");
            }
            else if (!IsOneLine(value))
            {
                yield return new ConfigError(key($"env.{variable}"), $"the value of '{variable}' spans lines or holds a control character; give it on one line");
            }
        }

        foreach (var (variable, configKey) in service.Secrets)
        {
            if (!VariableName().IsMatch(variable))
            {
                yield return new ConfigError(key($"secrets.{variable}"), $"'{variable}' is not an environment variable name; use letters, digits and '_', not starting with a digit");
            }

            if (!SecretKeyName().IsMatch(configKey))
            {
                yield return new ConfigError(key($"secrets.{variable}"), $"'{configKey}' is not a config key; use letters, digits, '_' and '-', starting with a letter (e.g. apiJwtSecret)");
            }
        }

        foreach (var clash in service.Env.Keys.Intersect(service.Secrets.Keys, StringComparer.Ordinal))
        {
            yield return new ConfigError(key($"secrets.{clash}"), $"'{clash}' is set both in env and in secrets of service '{service.Name}'; keep one");
        }

        foreach (var error in CheckCommand(service.Command, key("command"), required: false))
        {
            yield return error;
        }

        foreach (var error in CheckCommand(service.HealthCommand ?? [], key("healthCommand"), required: false))
        {
            yield return error;
        }

        for (var v = 0; v < service.Volumes.Count; v++)
        {
            var volume = service.Volumes[v];
            if (!NamingRule.IsValidName(volume.Name))
            {
                yield return new ConfigError(key($"volumes[{v}].name"), $"'{volume.Name}' is not a valid volume name; use lowercase letters, digits and '-', starting with a letter, at most 40 characters");
            }

            if (!MountPath().IsMatch(volume.Path) || volume.Path.Split('/').Any(part => part is "." or ".."))
            {
                yield return new ConfigError(key($"volumes[{v}].path"), $"'{volume.Path}' is not a mount path; give an absolute path inside the container other than '/' (e.g. /app/uploads)");
            }
        }

        foreach (var duplicate in service.Volumes.GroupBy(v => v.Path.TrimEnd('/'), StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return new ConfigError(key("volumes"), $"service '{service.Name}' mounts two volumes at '{duplicate.Key}'");
        }

        for (var t = 0; t < service.ReleaseTasks.Count; t++)
        {
            var task = service.ReleaseTasks[t];
            if (!NamingRule.IsValidName(task.Name))
            {
                yield return new ConfigError(key($"releaseTasks[{t}].name"), $"'{task.Name}' is not a valid task name; use lowercase letters, digits and '-', starting with a letter, at most 40 characters");
            }

            foreach (var error in CheckCommand(task.Command, key($"releaseTasks[{t}].command"), required: true))
            {
                yield return error;
            }

            if (task.TimeoutSeconds is < 1 or > MaxTaskSeconds)
            {
                yield return new ConfigError(key($"releaseTasks[{t}].timeoutSeconds"), $"{task.TimeoutSeconds} is outside 1-{MaxTaskSeconds}; a release task must end within a deadline");
            }
        }
    }

    private static IEnumerable<ConfigError> CheckCommand(IReadOnlyList<string> command, string key, bool required)
    {
        if (required && command.Count == 0)
        {
            yield return new ConfigError(key, "is empty; give the command as a list (e.g. [\"node\", \"dist/migrate.js\"]): the image's own command is the server, which never exits");
        }
        else if (command.Count > 0 && string.IsNullOrWhiteSpace(command[0]))
        {
            yield return new ConfigError(key + "[0]", "is empty; the first word is the program to run");
        }

        for (var i = 0; i < command.Count; i++)
        {
            if (command[i].Contains('\0', StringComparison.Ordinal))
            {
                yield return new ConfigError($"{key}[{i}]", "holds a NUL character, which no program argument can carry");
            }
        }
    }

    /// <summary>Whether an environment file line can carry <paramref name="value"/>: no line break or other control character but tab.</summary>
    internal static bool IsOneLine(string value) => !value.Any(c => char.IsControl(c) && c != '\t');

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    internal static partial Regex SecretKeyName();

    [GeneratedRegex("^/[A-Za-z0-9._@+-]+(/[A-Za-z0-9._@+-]+)*/?$")]
    private static partial Regex MountPath();
}
