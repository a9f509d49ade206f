using System.Text.Json.Nodes;

namespace Infra.Release.Engine;

/// <summary>How a config write lands, as `pulumi config set [--path]` does it: a path's key is up to the first dot.</summary>
public static class ConfigPaths
{
    public static void Apply(IDictionary<string, ConfigEntry> config, ConfigWrite write)
    {
        if (!write.IsPath)
        {
            if (write.Value is null)
            {
                config.Remove(write.Path);
            }
            else
            {
                config[write.Path] = ConfigEntry.Plain(write.Value);
            }

            return;
        }

        var segments = write.Path.Split('.');
        var root = config.TryGetValue(segments[0], out var entry) && JsonNode.Parse(entry.Value) is JsonObject existing ? existing : new JsonObject();
        var node = root;
        foreach (var segment in segments[1..^1])
        {
            node = (node[segment] ??= new JsonObject()).AsObject();
        }

        if (write.Value is null)
        {
            node.Remove(segments[^1]);
        }
        else
        {
            node[segments[^1]] = write.Value;
        }

        config[segments[0]] = ConfigEntry.Plain(root.ToJsonString());
    }
}
