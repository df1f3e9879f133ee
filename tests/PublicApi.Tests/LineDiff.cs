using System.Text;

namespace Teraslice.Akka.PublicApi.Tests;

/// <summary>A line diff for test failures: hunks of removed (<c>- </c>) and added (<c>+ </c>) lines with two lines of context.</summary>
public static class LineDiff
{
    private const int Context = 2;
    private const int MaxLines = 400;

    public static string Render(string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var edits = Edits(a, b);
        var output = new StringBuilder();
        var written = 0;
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }
            // a hunk: from Context lines before this change to Context lines after the last change closer than 2 * Context
            var start = Math.Max(0, i - Context);
            var end = i;
            for (var j = i; j < edits.Count && j <= end + 2 * Context; j++)
                if (edits[j].Kind != ' ') end = j;
            end = Math.Min(edits.Count - 1, end + Context);
            output.Append("@@ line ").Append(edits[start].Line).Append(" @@\n");
            for (var j = start; j <= end; j++)
            {
                if (++written > MaxLines)
                {
                    output.Append("… (diff cut at ").Append(MaxLines).Append(" lines)\n");
                    return output.ToString();
                }
                output.Append(edits[j].Kind).Append(' ').Append(edits[j].Text).Append('\n');
            }
            i = end + 1;
        }
        return output.ToString();
    }

    private static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    /// <summary>The edit script of a longest common subsequence; Line is the 1-based line of the approved side (or where it would be).</summary>
    private static List<(char Kind, string Text, int Line)> Edits(string[] a, string[] b)
    {
        // the common head and tail need no table
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)]) tail++;
        var n = a.Length - head - tail;
        var m = b.Length - head - tail;
        var lcs = new int[n + 1, m + 1];
        for (var x = n - 1; x >= 0; x--)
            for (var y = m - 1; y >= 0; y--)
                lcs[x, y] = a[head + x] == b[head + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);

        var edits = new List<(char, string, int)>(a.Length + b.Length);
        for (var k = 0; k < head; k++) edits.Add((' ', a[k], k + 1));
        int i = 0, j = 0;
        while (i < n || j < m)
        {
            if (i < n && j < m && a[head + i] == b[head + j])
            {
                edits.Add((' ', a[head + i], head + i + 1));
                i++;
                j++;
            }
            else if (i < n && (j == m || lcs[i + 1, j] >= lcs[i, j + 1]))
            {
                edits.Add(('-', a[head + i], head + i + 1));
                i++;
            }
            else
            {
                edits.Add(('+', b[head + j], head + i + 1));
                j++;
            }
        }
        for (var k = a.Length - tail; k < a.Length; k++) edits.Add((' ', a[k], k + 1));
        return edits;
    }
}
