using Infra.Domain.Settings;

namespace Infra.Domain.Validation;

/// <summary>Start order of services by their dependencies on each other.</summary>
public static class DependencyGraph
{
    /// <summary>Each distinct cycle once, starting at its first service in config order, closed by that service again.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> FindCycles(IReadOnlyList<ServiceSettings> services)
    {
        var edges = services.ToDictionary(
            s => s.Name,
            s => s.DependsOn.Where(d => services.Any(o => o.Name == d)).ToList(),
            StringComparer.Ordinal);
        var order = services.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // true = on the current path
        var path = new List<string>();

        void Visit(string node)
        {
            state[node] = true;
            path.Add(node);
            foreach (var next in edges[node])
            {
                if (state.TryGetValue(next, out var onPath) && onPath)
                {
                    var cycle = path.Skip(path.IndexOf(next)).ToList();
                    var start = cycle.MinBy(n => order[n])!;
                    var rotated = cycle.SkipWhile(n => n != start).Concat(cycle.TakeWhile(n => n != start)).ToList();
                    if (seen.Add(string.Join("|", rotated)))
                    {
                        cycles.Add([.. rotated, start]);
                    }
                }
                else if (!state.ContainsKey(next))
                {
                    Visit(next);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = false;
        }

        foreach (var service in services.Where(s => !state.ContainsKey(s.Name)))
        {
            Visit(service.Name);
        }

        return cycles;
    }
}
