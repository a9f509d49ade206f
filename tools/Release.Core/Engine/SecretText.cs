namespace Infra.Release.Engine;

/// <summary>A secret value held in memory only. Printing, logging or interpolating it shows <c>[secret]</c>.</summary>
public sealed class SecretText(string value) : IEquatable<SecretText>
{
    /// <summary>The value itself, for the one place that hands it on (the engine, a secret map).</summary>
    public string Reveal() => value;

    public bool IsEmpty => string.IsNullOrWhiteSpace(value);

    public override string ToString() => ConfigEntry.Redacted;

    public bool Equals(SecretText? other) => other is not null && string.Equals(value, other.Reveal(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as SecretText);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(value);
}
