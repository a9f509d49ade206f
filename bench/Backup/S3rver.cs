using System.Diagnostics;
using System.Net.Sockets;

namespace Infra.Bench.Backup;

/// <summary>s3rver on 127.0.0.1 over HTTPS (restic cannot use it over plain HTTP), with one bucket.</summary>
public sealed class S3rver : IDisposable
{
    public const string Bucket = "bench";

    private readonly Process _process;

    public S3rver(string folder)
    {
        Folder = folder;
        Port = FreePort();
        Directory.CreateDirectory(Data);
        new Shell(new Dictionary<string, string>()).Run(
            $"openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 " +
            $"-keyout {folder}/key.pem -out {Certificate} 2>/dev/null");
        var start = new ProcessStartInfo("s3rver") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--directory", Data, "--address", "127.0.0.1", "--port", Port.ToString(), "--silent",
                     "--key", $"{folder}/key.pem", "--cert", Certificate, "--configure-bucket", Bucket })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Accepts(Port))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new InvalidOperationException("s3rver did not start");
            }

            Thread.Sleep(100);
        }
    }

    public string Folder { get; }

    public int Port { get; }

    public string Certificate => Path.Combine(Folder, "cert.pem");

    public string Url(string key) => $"https://127.0.0.1:{Port}/{Bucket}/{key}";

    /// <summary>Bytes of the objects stored under a prefix, as the bucket would bill them.</summary>
    public long StoredBytes(string prefix)
    {
        var folder = Path.Combine(Data, Bucket, prefix);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*._S3rver_object", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : 0;
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    private string Data => Path.Combine(Folder, "data");

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
