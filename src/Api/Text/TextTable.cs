using System.Text;

namespace Teraslice.Akka.Api.Text;

/// <summary>
/// The one renderer of the <c>/txt</c> tables, in the layout upstream gets from <c>easy-table</c>:
/// every cell padded on the right to its column's widest cell (the last column too), columns
/// joined by two spaces, a line of dashes under the header, each line ending in <c>\n</c>.
/// </summary>
internal static class TextTable
{
    public const string ContentType = "text/plain; charset=utf-8";
    private const string Separator = "  ";

    /// <param name="columns">Header cells (and the number of cells of every row).</param>
    /// <param name="rows">Cells as they are to be printed.</param>
    /// <param name="headers">false: the rows alone, widths computed from them alone (as upstream).</param>
    public static string Render(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows, bool headers)
    {
        var widths = new int[columns.Count];
        if (headers)
            Widen(widths, columns);
        foreach (var row in rows)
            Widen(widths, row);

        var text = new StringBuilder();
        if (headers)
        {
            AppendLine(text, columns, widths);
            AppendLine(text, widths.Select(width => new string('-', width)).ToList(), widths);
        }
        foreach (var row in rows)
            AppendLine(text, row, widths);
        return text.ToString();
    }

    /// <summary>
    /// Terminal columns the text takes, as <c>wcwidth</c> (which easy-table uses) counts them:
    /// 0 for combining marks and controls, 2 for East Asian wide and full-width characters.
    /// </summary>
    public static int DisplayWidth(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
            width += RuneWidth(rune);
        return width;
    }

    private static void Widen(int[] widths, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < widths.Length; i++)
            widths[i] = Math.Max(widths[i], DisplayWidth(cells[i]));
    }

    private static void AppendLine(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        for (var i = 0; i < widths.Length; i++)
        {
            if (i > 0)
                text.Append(Separator);
            text.Append(cells[i]).Append(' ', widths[i] - DisplayWidth(cells[i]));
        }
        text.Append('\n');
    }

    private static int RuneWidth(Rune rune)
    {
        switch (Rune.GetUnicodeCategory(rune))
        {
            case System.Globalization.UnicodeCategory.NonSpacingMark:
            case System.Globalization.UnicodeCategory.EnclosingMark:
            case System.Globalization.UnicodeCategory.Format:
            case System.Globalization.UnicodeCategory.Control:
                return 0;
        }
        // Markus Kuhn's wcwidth ranges, which the npm wcwidth package follows.
        var c = rune.Value;
        var wide = c >= 0x1100 && (c <= 0x115F || c == 0x2329 || c == 0x232A
            || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F)
            || (c >= 0xAC00 && c <= 0xD7A3)
            || (c >= 0xF900 && c <= 0xFAFF)
            || (c >= 0xFE10 && c <= 0xFE19)
            || (c >= 0xFE30 && c <= 0xFE6F)
            || (c >= 0xFF00 && c <= 0xFF60)
            || (c >= 0xFFE0 && c <= 0xFFE6)
            || (c >= 0x20000 && c <= 0x2FFFD)
            || (c >= 0x30000 && c <= 0x3FFFD));
        return wide ? 2 : 1;
    }
}
