namespace Infra.Release.Engine;

/// <summary>One config value; for a secret the value is never carried, only the mark.</summary>
public sealed record ConfigEntry(string Value, bool IsSecret)
{
    public const string Redacted = "[secret]";

    public static ConfigEntry Secret() => new(Redacted, IsSecret: true);

    public static ConfigEntry Plain(string value) => new(value, IsSecret: false);
}

/// <summary>A plain value set at a config path (Pulumi's <c>config set --path</c>); a null value removes the path.</summary>
public sealed record ConfigWrite(string Path, string? Value)
{
    public static ConfigWrite Remove(string path) => new(path, null);

    public override string ToString() => Value is null ? $"remove {Path}" : $"{Path} = {Value}";
}
