using System.Net;
using System.Net.Sockets;

namespace Teraslice.Akka.Integration.Support;

/// <summary>Loopback ports that were free a moment ago (the OS picks them).</summary>
public static class FreePorts
{
    /// <summary><paramref name="count"/> distinct ports: all listeners stay open until every port is read.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
