using System.Text.Json;
using Infra.Domain.Settings;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Infra.Release.Releases;

/// <summary>A release file: a version label and every service's image, as YAML or JSON.</summary>
public static class ReleaseFile
{
    public static SlotRelease Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ReleaseRefusal($"release file '{path}' does not exist");
        }

        return Parse(path, File.ReadAllText(path));
    }

    public static SlotRelease Parse(string name, string text)
    {
        Document? document;
        try
        {
            document = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? JsonSerializer.Deserialize<Document>(text, Json)
                : Yaml.Deserialize<Document>(text);
        }
        catch (Exception e) when (e is JsonException or YamlException)
        {
            throw new ReleaseRefusal($"release file '{name}' cannot be read: {FirstLine(e.Message)}");
        }

        if (document is null)
        {
            throw new ReleaseRefusal($"release file '{name}' is empty; it needs version and images");
        }

        return new SlotRelease
        {
            Version = document.Version?.Trim() ?? "",
            Images = document.Images ?? new Dictionary<string, string>(),
        };
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    private sealed class Document
    {
        public string? Version { get; set; }
        public Dictionary<string, string>? Images { get; set; }
    }
}
