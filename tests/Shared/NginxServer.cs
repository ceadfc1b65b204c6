using System.Globalization;
using System.Text;

namespace AdventureServer.Tests.Shared;

/// <summary>
/// nginx (Debian's package) as the cluster's load balancer: one address on 127.0.0.1 at a free port, round-robin
/// over the given nodes, WebSockets proxied (the Upgrade and Connection headers passed on, reads that may idle
/// for an hour). A node that refuses or does not answer within a second is skipped for the next one
/// (<c>proxy_next_upstream error timeout</c>), so clients reconnect through the same address to a node that is
/// alive. Runs in the foreground (<c>daemon off</c>) from a temporary prefix, deleted at dispose.
/// </summary>
internal sealed class NginxServer : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    readonly string _prefix;
    readonly ChildProcess _process;

    NginxServer(string prefix, int port, ChildProcess process)
    {
        _prefix = prefix;
        Port = port;
        _process = process;
        Address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
    }

    public int Port { get; }

    /// <summary>The balanced address clients use.</summary>
    public Uri Address { get; }

    /// <summary>nginx's error log (the access log lies beside it).</summary>
    public string ErrorLogPath => Path.Combine(_prefix, "error.log");

    /// <summary>Starts nginx over <paramref name="nodes"/> (each <c>http://127.0.0.1:port</c>) and waits until it listens.</summary>
    public static async Task<NginxServer> StartAsync(IReadOnlyList<Uri> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (!File.Exists("/usr/sbin/nginx"))
            Assert.Fail("These tests need Debian's nginx: run `apt-get install nginx`.");
        var prefix = Directory.CreateTempSubdirectory("adventure-nginx-").FullName;
        var port = FreePorts.One();
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(prefix, port, nodes));
        var process = ChildProcess.Start("/usr/sbin/nginx", ["-p", prefix, "-c", config, "-e", Path.Combine(prefix, "error.log")], prefix, Path.Combine(prefix, "nginx.out"));
        var server = new NginxServer(prefix, port, process);
        try
        {
            await process.WaitForPortAsync(port, StartTimeout, "nginx");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The last lines of nginx's error log, for a failure message.</summary>
    public string ErrorLogTail(int lines = 40)
    {
        try
        {
            using var read = new FileStream(ErrorLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(read);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(nginx error log unreadable: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // SIGTERM is nginx's fast shutdown; the master stops its workers. Kill (the whole tree) only if it hangs.
            await _process.StopAsync(StopTimeout);
            await _process.DisposeAsync();
        }
        finally
        {
            Directory.Delete(_prefix, recursive: true);
        }
    }

    static string Config(string prefix, int port, IReadOnlyList<Uri> nodes)
    {
        var upstream = new StringBuilder();
        foreach (var node in nodes)
            upstream.Append(CultureInfo.InvariantCulture, $"        server {node.Host}:{node.Port} max_fails=1 fail_timeout=5s;\n");
        // As root the workers would run as nobody, who cannot write the temporary prefix.
        var user = Environment.UserName == "root" ? "user root;" : string.Empty;
        return $$"""
            daemon off;
            {{user}}
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log info;
            events { worker_connections 1024; }
            http {
                access_log {{prefix}}/access.log;
                client_body_temp_path {{prefix}}/client_body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                map $http_upgrade $connection_upgrade {
                    default upgrade;
                    ''      close;
                }
                upstream nodes {
            {{upstream}}    }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://nodes;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_buffering off;
                        proxy_connect_timeout 1s;
                        proxy_read_timeout 3600s;
                        proxy_send_timeout 3600s;
                        proxy_next_upstream error timeout;
                        proxy_next_upstream_tries 0;
                    }
                }
            }
            """;
    }
}
