namespace Infra.Release.Engine;

/// <summary>One config value; for a secret the value is never carried, only the mark.</summary>
public sealed record ConfigEntry(string Value, bool IsSecret)
{
    public const string Redacted = Infra.Domain.Validation.SecretValues.Hidden;

    public static ConfigEntry Secret() => new(Redacted, IsSecret: true);

    /// <summary>A secret seen by the engine: its value stays hidden, but an empty one shows as empty (it counts as not set).</summary>
    public static ConfigEntry SecretOf(string? value) => new(string.IsNullOrWhiteSpace(value) ? "" : Redacted, IsSecret: true);

    public static ConfigEntry Plain(string value) => new(value, IsSecret: false);
}

/// <summary>
/// A plain value set at a config path (Pulumi's <c>config set --path</c>), or, when not
/// <paramref name="IsPath"/>, as a whole key's value; a null value removes it.
/// </summary>
public sealed record ConfigWrite(string Path, string? Value, bool IsPath = true)
{
    public static ConfigWrite Remove(string path) => new(path, null);

    /// <summary>Sets a whole key to a value (e.g. a JSON document), the key's previous value replaced.</summary>
    public static ConfigWrite Whole(string key, string? value) => new(key, value, IsPath: false);

    public override string ToString() => (Value, IsPath) switch
    {
        (null, _) => $"remove {Path}",
        (_, true) => $"{Path} = {Value}",
        _ => $"{Path} = ({Value.Length} characters of JSON)",
    };
}
