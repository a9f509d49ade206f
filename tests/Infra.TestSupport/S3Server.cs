using System.Net.Sockets;

namespace Infra.TestSupport;

/// <summary>
/// A real S3-compatible server (s3rver) on 127.0.0.1 with one bucket. It serves HTTPS with a
/// self-signed certificate, because restic cannot read a repository from it over plain HTTP;
/// clients trust <see cref="CertificateFile"/>. It accepts any secret key: it tests no authentication.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    public const string Bucket = "backups";
    public const string AccessKeyId = "S3RVER";
    public const string SecretAccessKey = "S3RVER";

    private readonly BackgroundProcess _process;
    private readonly DirectoryInfo _directory;

    private S3Server(BackgroundProcess process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"https://127.0.0.1:{Port}";

    /// <summary>Where s3rver keeps the bucket's objects as files: a test can watch a repository's locks appear.</summary>
    public string BucketDirectory => Path.Combine(_directory.FullName, "data", Bucket);

    public string CertificateFile => Path.Combine(_directory.FullName, "cert.pem");

    /// <summary>A restic repository in the bucket, under <paramref name="prefix"/>.</summary>
    public string Repository(string prefix) => $"s3:{Endpoint}/{Bucket}/{prefix}";

    /// <summary>An object's URL, for a plain HTTPS client.</summary>
    public string ObjectUrl(string key) => $"{Endpoint}/{Bucket}/{key}";

    /// <summary>Bytes of the objects stored under a prefix, as the bucket would bill them.</summary>
    public long StoredBytes(string prefix)
    {
        var folder = Path.Combine(BucketDirectory, prefix);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*._S3rver_object", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : 0;
    }

    /// <summary>Skips (or fails under CI) unless s3rver and openssl are installed.</summary>
    public static async Task<S3Server> Start()
    {
        var s3rver = RequiresProgram.Program("s3rver");
        var openssl = RequiresProgram.Program("openssl");
        var directory = Directory.CreateTempSubdirectory("infra-s3-");
        var key = Path.Combine(directory.FullName, "key.pem");
        var certificate = await ProcessRunner.Run(openssl,
        [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", Path.Combine(directory.FullName, "cert.pem"),
        ]);
        Assert.True(certificate.ExitCode == 0, certificate.Error);

        var data = Directory.CreateDirectory(Path.Combine(directory.FullName, "data")).FullName;
        var port = FreePort.Next();
        var process = BackgroundProcess.Start(s3rver,
            "--directory", data, "--address", "127.0.0.1", "--port", port.ToString(),
            "--key", key, "--cert", Path.Combine(directory.FullName, "cert.pem"), "--configure-bucket", Bucket);
        var server = new S3Server(process, directory, port);
        try
        {
            await process.WaitUntil(() => Task.FromResult(Accepts(port)), "s3rver");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
