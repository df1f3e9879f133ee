using System.Net;
using System.Net.Sockets;

namespace Teraslice.Akka.Operations.Standard;

/// <summary>
/// An IPv4 or IPv6 range in CIDR notation (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>; a bare
/// address is a range of one). Host bits in the base address are ignored, as upstream's ip6addr does.
/// </summary>
public sealed class IpRange
{
    private readonly byte[] _network;
    private readonly int _prefix;

    private IpRange(byte[] network, int prefix, AddressFamily family)
    {
        _network = network;
        _prefix = prefix;
        Family = family;
    }

    public AddressFamily Family { get; }

    public static bool TryParse(string? text, out IpRange range)
    {
        range = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var slash = text.IndexOf('/');
        if (!IPAddress.TryParse(slash < 0 ? text.Trim() : text[..slash].Trim(), out var address)) return false;
        address = Normalize(address);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits))
            return false;
        var bytes = address.GetAddressBytes();
        Mask(bytes, prefix);
        range = new IpRange(bytes, prefix, address.AddressFamily);
        return true;
    }

    /// <summary>Whether the text is an IP address inside this range.</summary>
    public bool Contains(string? text)
    {
        if (text is null || text.Length < 2 || !IPAddress.TryParse(text, out var address)) return false;
        return Contains(Normalize(address));
    }

    public bool Contains(IPAddress address)
    {
        if (address.AddressFamily != Family) return false;
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written)) return false;
        bytes = bytes[..written];
        var whole = _prefix / 8;
        if (!bytes[..whole].SequenceEqual(_network.AsSpan(0, whole))) return false;
        var rest = _prefix % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (bytes[whole] & mask) == _network[whole];
    }

    /// <summary>IPv4-mapped IPv6 addresses (<c>::ffff:1.2.3.4</c>) compare as IPv4.</summary>
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static void Mask(byte[] bytes, int prefix)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
    }
}
