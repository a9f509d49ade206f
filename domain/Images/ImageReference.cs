using System.Text.RegularExpressions;

namespace Infra.Domain.Images;

/// <summary>A container image reference: repository, optional tag, optional sha256 digest.</summary>
public sealed partial record ImageReference(string Repository, string? Tag, string? Digest)
{
    public bool IsPinned => Digest is not null;

    public static ImageReference Parse(string reference)
    {
        var match = Pattern().Match(reference);
        if (!match.Success)
        {
            // A malformed digest does not pin anything; keep the repository so messages can name it.
            var at = reference.IndexOf('@', StringComparison.Ordinal);
            return at > 0 ? Parse(reference[..at]) with { Digest = null } : new ImageReference(reference, null, null);
        }

        return new ImageReference(
            match.Groups["repo"].Value,
            match.Groups["tag"].Success ? match.Groups["tag"].Value : null,
            match.Groups["digest"].Success ? match.Groups["digest"].Value : null);
    }

    /// <summary>Whether Docker accepts <paramref name="reference"/>: repository, optional tag, optional sha256 digest.</summary>
    public static bool IsValid(string reference)
    {
        var match = Pattern().Match(reference);
        return match.Success && IsValidRepository(match.Groups["repo"].Value);
    }

    /// <summary>A repository as Docker names it: an optional registry host (with port), then lowercase path components.</summary>
    public static bool IsValidRepository(string repository) => RepositoryPattern().IsMatch(repository) && repository.Length <= 255;

    public override string ToString() =>
        Repository + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    // The tag separator is the last ':' after the last '/', so registry ports (host:5000/x) stay in the repository.
    [GeneratedRegex("^(?<repo>(?:[^/@]+/)*[^:/@]+)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[0-9a-f]{64}))?$")]
    private static partial Regex Pattern();

    [GeneratedRegex("^(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();
}
