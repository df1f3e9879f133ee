namespace Teraslice.Akka.Integration.Support;

/// <summary>
/// The slice_log operation writes each line under an exclusive lock (FileShare.None), so a node's
/// writer may hold the file at the moment a test reads it: the reader waits for the lock the way
/// another writer does, instead of failing on the sharing violation.
/// </summary>
internal static class SliceLogLock
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(10);

    /// <summary>The file's text, once no writer holds it (up to about 2 s of waiting).</summary>
    public static async Task<string> ReadAllTextAsync(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await File.ReadAllTextAsync(path);
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException) && attempt < 200)
            {
                await Task.Delay(Wait);
            }
        }
    }
}
