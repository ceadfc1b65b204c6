using System.Net;
using System.Net.Sockets;

namespace AdventureServer.Tests.Shared;

/// <summary>Free TCP ports on 127.0.0.1, for the services a test starts.</summary>
internal static class FreePorts
{
    /// <summary>
    /// <paramref name="count"/> distinct free ports: every listener is held open until all are taken, so the system
    /// cannot hand the same port out twice.
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Stop();
        }
    }

    /// <summary>One free port.</summary>
    public static int One() => Take(1)[0];
}
