using System.Text.Json;

namespace Infra.Release.Hosts;

/// <summary>What the engine says about one container: parsed from <c>docker inspect</c>.</summary>
/// <param name="Health">Docker's healthcheck status (healthy, unhealthy, starting), or null when the container has none.</param>
/// <param name="Image">The image reference it was created from; <paramref name="ImageId"/> is the image it runs.</param>
public sealed record ContainerFacts(
    string Name,
    string State,
    string? Health,
    DateTimeOffset? StartedAt,
    string Image,
    string ImageId,
    IReadOnlyDictionary<string, string> Labels)
{
    public bool IsRunning => State == "running";

    /// <summary>The digest the reference pins (sha256:…), or the image id when it pins none (a local tag).</summary>
    public string Digest => Image.Split('@') is [_, var digest] ? digest : ImageId;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The containers <c>docker inspect</c> printed (it prints those it found and names the missing ones
    /// on stderr), by name without Docker's leading slash.
    /// </summary>
    public static IReadOnlyDictionary<string, ContainerFacts> Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new Dictionary<string, ContainerFacts>();
        }

        try
        {
            var inspected = JsonSerializer.Deserialize<List<Inspected>>(json, Options) ?? [];
            return inspected.Select(c => new ContainerFacts(
                    c.Name.TrimStart('/'),
                    c.State.Status,
                    c.State.Health?.Status,
                    c.State.StartedAt is { Year: > 1 } started ? started : null,
                    c.Config.Image,
                    c.Image,
                    c.Config.Labels ?? new Dictionary<string, string>()))
                .ToDictionary(c => c.Name, StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new ReleaseRefusal($"docker inspect printed something other than its JSON list: {e.Message.Split('\n')[0]}");
        }
    }

    private sealed record Inspected(string Name, string Image, InspectedState State, InspectedConfig Config);

    private sealed record InspectedState(string Status, DateTimeOffset StartedAt, InspectedHealth? Health);

    private sealed record InspectedHealth(string Status);

    private sealed record InspectedConfig(string Image, Dictionary<string, string>? Labels);
}
