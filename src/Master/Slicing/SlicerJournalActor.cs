using Akka.Event;
using Akka.Persistence;
using Teraslice.Akka.Protocol.Slicing;

namespace Teraslice.Akka.Master.Slicing;

/// <summary>
/// The event-sourcing plumbing of the slicer entity: the state rebuilt from the snapshot and the
/// journal, events written then applied (or applied then written, coalesced in
/// <see cref="PendingWrites"/>), a snapshot every N events taken only when the journal and the
/// state agree, the journal trimmed behind it, and a stop that waits for the last write.
/// Every change of <see cref="State"/> goes through <see cref="SlicerState.Apply"/> here.
/// </summary>
public abstract class SlicerJournalActor : ReceivePersistentActor
{
    private readonly PendingWrites _writes = new();
    private readonly long _snapshotEvery;
    private int _writesInFlight;
    private bool _stopWhenWritten;
    private long _eventsSinceSnapshot;

    protected SlicerJournalActor(string persistenceId, long snapshotEvery)
    {
        PersistenceId = persistenceId;
        _snapshotEvery = snapshotEvery;
        Recover<SnapshotOffer>(offer => State = SlicerState.FromSnapshot((SlicerSnapshot)offer.Snapshot));
        Recover<ISlicerEvent>(e => State.Apply(e));
        // writing here is allowed (before any command is handled), so no command sees a half-recovered state
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteMessages(s.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(f => Log.Warning(f.Cause, "Slicer {PersistenceId} could not save a snapshot", PersistenceId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => Log.Warning(f.Cause, "Slicer {PersistenceId} could not trim its journal", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    /// <summary>The slicer's state: replayed, then changed only by the events below.</summary>
    protected SlicerState State { get; private set; } = new();

    /// <summary>A terminal event (finished, errored, stopped) is being written: nothing more is cut or handed out.</summary>
    protected bool Finishing { get; private set; }

    /// <summary>Applied events not written yet (dispatches, completions).</summary>
    protected PendingWrites Writes => _writes;

    /// <summary>The journal (and snapshot) are read: the state is what was written.</summary>
    protected abstract void OnRecovered();

    /// <summary>Failures reached the journal (the /errors projection follows it).</summary>
    protected abstract void OnFailuresWritten(IReadOnlyList<SliceFailure> failures);

    /// <summary>Writes an event that must be durable before it takes effect, then applies it and runs <paramref name="then"/>.</summary>
    protected void WriteThenApply<TEvent>(TEvent e, Action<TEvent>? then = null) where TEvent : ISlicerEvent
    {
        _writesInFlight++;
        PersistAsync(e, written =>
        {
            State.Apply(written);
            AfterWrite();
            then?.Invoke(written);
        });
    }

    /// <summary>Writes a terminal event after what is buffered, then applies it and runs <paramref name="then"/>.</summary>
    protected void WriteTerminal(ISlicerEvent terminal, Action then)
    {
        Finishing = true;
        Flush();
        WriteThenApply(terminal, _ => then());
    }

    /// <summary>Applies an event at once and writes it at once (after what is buffered).</summary>
    protected void ApplyAndWrite(ISlicerEvent e)
    {
        Flush();
        State.Apply(e);
        Write(e);
    }

    /// <summary>Applies a dispatch, completion or failure at once; it is written with the next <see cref="Flush"/>.</summary>
    protected void ApplyAndBuffer(ISlicerEvent e)
    {
        State.Apply(e);
        switch (e)
        {
            case SlicesDispatched d: _writes.Add(d); break;
            case SlicesCompleted c: _writes.Add(c); break;
            case SlicesFailed f: _writes.Add(f); break;
            default: throw new ArgumentException($"{e.GetType().Name} is not coalesced", nameof(e));
        }
    }

    /// <summary>Writes what was applied and buffered (one batch).</summary>
    protected void Flush()
    {
        var events = _writes.Drain();
        if (events.Count == 0) return;
        _writesInFlight += events.Count;
        PersistAllAsync(events, e =>
        {
            AfterWrite();
            if (e is SlicesFailed failed) OnFailuresWritten(failed.Failures);
        });
    }

    /// <summary>Handed off or passivated: writes what is buffered, then stops once it is written.</summary>
    protected void StopWhenWritten()
    {
        Flush();
        _stopWhenWritten = true;
        if (_writesInFlight == 0) Context.Stop(Self);
    }

    private void Write(ISlicerEvent e)
    {
        _writesInFlight++;
        PersistAsync(e, _ => AfterWrite());
    }

    private void AfterWrite()
    {
        _writesInFlight--;
        if (_stopWhenWritten && _writesInFlight == 0)
        {
            Context.Stop(Self);
            return;
        }
        _eventsSinceSnapshot++;
        // a snapshot must equal the journal: nothing applied-but-unwritten, nothing written-but-unapplied
        if (_eventsSinceSnapshot < _snapshotEvery || _writesInFlight > 0 || !_writes.IsEmpty) return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(State.ToSnapshot());
    }
}
