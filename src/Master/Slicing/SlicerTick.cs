namespace Teraslice.Akka.Master.Slicing;

/// <summary>A slicer entity's timer (each is also its own timer key).</summary>
internal sealed record SlicerTick(string Name)
{
    /// <summary>Write the buffered dispatches and completions.</summary>
    public static readonly SlicerTick Flush = new("flush");

    /// <summary>Send the controller the status, if it changed.</summary>
    public static readonly SlicerTick Status = new("status");

    /// <summary>Ask the slicer operation again after it had nothing.</summary>
    public static readonly SlicerTick Idle = new("idle");
}
