using System.Diagnostics;
using Infra.Domain.Proxy;
using Infra.Domain.Tls;

namespace Infra.Proxy.Harness;

/// <summary>
/// The stack's TLS steps for real, on this machine: the rendered tls.sh makes the key and its request
/// in a folder laid out as the proxy's files, the test's CA signs the request as Cloudflare's Origin
/// CA would, and tls.sh installs the certificate as the bundle HAProxy reads.
/// </summary>
public static class ServerTls
{
    public static string CertificatePath(string files) => Path.Combine(files, ProxyLayout.CertificateFolder, ProxyLayout.CertificateFileName);

    public static string KeyPath(string files) => Path.Combine(files, ProxyLayout.CertificateFolder, ProxyLayout.KeyFileName);

    public static string ClientCaPath(string files) => Path.Combine(files, ProxyLayout.ClientCaFileName);

    /// <summary>Key step, signing, install step; then the origin-pull CA file. Returns the key step's stdout (the request).</summary>
    public static async Task<string> ProvisionAsync(string files, TestPki pki, IReadOnlyList<string> hostnames)
    {
        var key = await RunAsync(files, ["key", hostnames[0]]);
        key.EnsureSucceeded("tls.sh key");
        var chain = pki.Sign(key.Output, hostnames, TimeSpan.FromDays(7));
        var install = await RunAsync(files, ["install"], chain);
        if (install.ExitCode is not (0 or ProxyInstall.ReloadStatus))
        {
            throw new InvalidOperationException($"tls.sh install failed: {install}");
        }

        await File.WriteAllTextAsync(ClientCaPath(files), pki.OriginPullCaPem);
        return key.Output;
    }

    /// <summary>Runs the rendered tls.sh with <paramref name="arguments"/>, <paramref name="stdin"/> on its standard input.</summary>
    public static async Task<ScriptRun> RunAsync(string files, IReadOnlyList<string> arguments, string stdin = "")
    {
        var script = Path.Combine(files, "tls.sh");
        await File.WriteAllTextAsync(script, TlsScript.Render());
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PROXY_FILES"] = files;
        // The proxy's uid 99 on a server; here the user running the test (its login group).
        start.Environment["PROXY_OWNER"] = Environment.UserName + ":";
        var startedAt = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return new ScriptRun(process.ExitCode, await output, await error, startedAt, Stopwatch.GetTimestamp());
    }
}
