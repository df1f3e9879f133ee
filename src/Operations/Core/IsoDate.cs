namespace Teraslice.Akka.Operations;

/// <summary>Fast ISO-8601 UTC formatting with milliseconds (<c>2024-01-01T00:00:05.000Z</c>), as JavaScript writes dates.</summary>
public static class IsoDate
{
    public static string Format(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return string.Create(24, utc, static (span, d) =>
        {
            Write4(span, 0, d.Year);
            span[4] = '-';
            Write2(span, 5, d.Month);
            span[7] = '-';
            Write2(span, 8, d.Day);
            span[10] = 'T';
            Write2(span, 11, d.Hour);
            span[13] = ':';
            Write2(span, 14, d.Minute);
            span[16] = ':';
            Write2(span, 17, d.Second);
            span[19] = '.';
            var ms = d.Millisecond;
            span[20] = (char)('0' + ms / 100);
            span[21] = (char)('0' + ms / 10 % 10);
            span[22] = (char)('0' + ms % 10);
            span[23] = 'Z';
        });
    }

    private static void Write2(Span<char> span, int at, int value)
    {
        span[at] = (char)('0' + value / 10);
        span[at + 1] = (char)('0' + value % 10);
    }

    private static void Write4(Span<char> span, int at, int value)
    {
        span[at] = (char)('0' + value / 1000 % 10);
        span[at + 1] = (char)('0' + value / 100 % 10);
        span[at + 2] = (char)('0' + value / 10 % 10);
        span[at + 3] = (char)('0' + value % 10);
    }
}
