using System.Text;

namespace Infra.Bench.Backup;

/// <summary>
/// A volume's worth of files: half random bytes (photos, archives), half text-like and compressible
/// (logs, JSON), every file different so nothing dedups that would not dedup in real data.
/// </summary>
public sealed class MixedData(string root, int files, int averageBytes, int seed)
{
    private static readonly string[] Words =
    [
        "order", "customer", "invoice", "status", "paid", "pending", "shipped", "id", "created_at", "total",
        "EUR", "user", "session", "GET", "POST", "/api/v1/items", "200", "404", "latency_ms", "region",
        "true", "false", "null", "name", "email", "address", "quantity", "price", "sku", "warehouse",
    ];

    private readonly Random _random = new(seed);
    private int _version;

    public long TotalBytes { get; private set; }

    public void Generate()
    {
        for (var i = 0; i < files; i++)
        {
            TotalBytes += Write(i);
        }
    }

    /// <summary>Rewrites a share of the files with new content of the same kind and about the same size.</summary>
    public void Change(double share)
    {
        _version++;
        var count = Math.Max(1, (int)(files * share));
        foreach (var index in Enumerable.Range(0, files).OrderBy(_ => _random.Next()).Take(count))
        {
            Write(index);
        }
    }

    private long Write(int index)
    {
        var folder = Path.Combine(root, $"d{index % 32:00}");
        Directory.CreateDirectory(folder);
        // Sizes spread evenly from a quarter to 1.75 times the average, so chunking sees small and large files.
        var size = averageBytes / 4 + _random.Next(averageBytes * 3 / 2);
        var bytes = index % 2 == 0 ? RandomBytes(size) : Text(index, size);
        File.WriteAllBytes(Path.Combine(folder, index % 2 == 0 ? $"blob-{index}.bin" : $"log-{index}.jsonl"), bytes);
        return bytes.Length;
    }

    private byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] Text(int index, int size)
    {
        var text = new StringBuilder(size + 200);
        for (var line = 0; text.Length < size; line++)
        {
            text.Append("{\"file\":").Append(index).Append(",\"v\":").Append(_version).Append(",\"line\":").Append(line);
            for (var w = 0; w < 8; w++)
            {
                text.Append(",\"").Append(Words[_random.Next(Words.Length)]).Append("\":\"").Append(Words[_random.Next(Words.Length)])
                    .Append(_random.Next(100000)).Append('"');
            }

            text.Append("}\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }
}
