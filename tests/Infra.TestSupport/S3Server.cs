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

    private readonly DirectoryInfo _directory;
    private BackgroundProcess? _process;

    private S3Server(DirectoryInfo directory, int port)
    {
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
        RequiresProgram.Program("s3rver");
        var openssl = RequiresProgram.Program("openssl");
        var directory = Directory.CreateTempSubdirectory("infra-s3-");
        var key = Path.Combine(directory.FullName, "key.pem");
        var certificate = await ProcessRunner.Run(openssl,
        [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", Path.Combine(directory.FullName, "cert.pem"),
        ]);
        Assert.True(certificate.ExitCode == 0, certificate.Error);

        Directory.CreateDirectory(Path.Combine(directory.FullName, "data"));
        var server = new S3Server(directory, FreePort.Next());
        try
        {
            await server.Restart();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server and keeps its objects: the bucket is unreachable until <see cref="Restart"/>.</summary>
    public async Task Stop()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    /// <summary>Starts the server (again) on its port, with the objects it had.</summary>
    public async Task Restart()
    {
        var s3rver = RequiresProgram.Program("s3rver");
        _process = BackgroundProcess.Start(s3rver,
            "--directory", Path.Combine(_directory.FullName, "data"), "--address", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--key", Path.Combine(_directory.FullName, "key.pem"), "--cert", CertificateFile, "--configure-bucket", Bucket);
        await _process.WaitUntil(() => Task.FromResult(Accepts(Port)), "s3rver");
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
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
