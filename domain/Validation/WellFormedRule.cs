using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Infra.Domain.Configuration;
using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>
/// The settings are a tree the other rules can walk: no empty (null) entry anywhere in a list or a
/// map, and no two entries of a list that other rules look up by name. It runs before every other
/// rule, so those can assume a well-formed tree instead of each guarding against it.
/// </summary>
public sealed class WellFormedRule : IValidationRule
{
    public IEnumerable<ConfigError> Check(StackSettings settings, IStackConfig config)
    {
        var errors = new List<ConfigError>();
        Walk(settings.Server, ConfigKeys.Full(ConfigKeys.Server), errors);
        WalkList(settings.Services, ConfigKeys.Full(ConfigKeys.Services), errors);
        WalkList(settings.Accessories, ConfigKeys.Full(ConfigKeys.Accessories), errors);
        Walk(settings.Release, ConfigKeys.Full(ConfigKeys.Release), errors);
        Walk(settings.Proxy, ConfigKeys.Full(ConfigKeys.Proxy), errors);
        Walk(settings.Edge, ConfigKeys.Full(ConfigKeys.Edge), errors);
        Walk(settings.Backup, ConfigKeys.Full(ConfigKeys.Backup), errors);
        Walk(settings.Monitoring, ConfigKeys.Full(ConfigKeys.Monitoring), errors);
        foreach (var (slot, release) in settings.Release.Slots)
        {
            WalkList(release?.Services ?? [], ConfigKeys.Full(ConfigKeys.SlotServices(slot)), errors);
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        Unique(settings.Services, ConfigKeys.Full(ConfigKeys.Services), errors);
        foreach (var (slot, release) in settings.Release.Slots)
        {
            var key = ConfigKeys.Full(ConfigKeys.SlotServices(slot));
            errors.AddRange(Duplicates((release.Services ?? []).Select(s => s.Name), key, $"slot '{slot}' pins", "service"));
            Unique(release.Services ?? [], key, errors);
        }

        return errors;
    }

    private static void Unique(IReadOnlyList<ServiceSettings> services, string key, List<ConfigError> errors)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var service = services[i];
            errors.AddRange(Duplicates(service.Volumes.Select(v => v.Name), $"{key}[{i}].volumes", $"service '{service.Name}' mounts", "volume"));
            errors.AddRange(Duplicates(service.ReleaseTasks.Select(t => t.Name), $"{key}[{i}].releaseTasks", $"service '{service.Name}' has", "release task"));
        }
    }

    private static IEnumerable<ConfigError> Duplicates(IEnumerable<string> names, string key, string owner, string what) =>
        names.Select((name, index) => (name, index))
            .GroupBy(n => n.name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => new ConfigError($"{key}[{g.Skip(1).First().index}].name", $"{owner} two {what}s named '{g.Key}'; give each its own name"));

    private static void WalkList(IEnumerable items, string key, List<ConfigError> errors)
    {
        var index = 0;
        foreach (var item in items)
        {
            Walk(item, $"{key}[{index}]", errors, required: true);
            index++;
        }
    }

    private static void Walk(object? value, string key, List<ConfigError> errors, bool required = false)
    {
        switch (value)
        {
            case null when required:
                errors.Add(new ConfigError(key, "is empty (null); give it a value or remove the entry"));
                return;
            case null or string or ValueType:
                return;
            case IDictionary map:
                foreach (DictionaryEntry entry in map)
                {
                    Walk(entry.Value, $"{key}.{entry.Key}", errors, required: true);
                }

                return;
            case IEnumerable list:
                WalkList(list, key, errors);
                return;
        }

        // A settings record: every setting a stack file can set (computed properties have no setter).
        // Settings kept under another key (a slot's services) are walked from there.
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is null))
        {
            Walk(property.GetValue(value), $"{key}.{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}", errors);
        }
    }
}
