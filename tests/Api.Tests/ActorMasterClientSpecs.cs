using Akka.Actor;
using Akka.Hosting;
using Teraslice.Akka.Api.Master;
using Teraslice.Akka.Protocol;
using Teraslice.Akka.Protocol.Api;
using Xunit.Abstractions;

namespace Teraslice.Akka.Api.Tests;

public sealed class ActorMasterClientSpecs(ITestOutputHelper output) : global::Akka.TestKit.Xunit2.TestKit(output: output)
{
    [Fact]
    public async Task AskAsync_should_return_the_masters_reply()
    {
        var master = CreateTestProbe();
        var client = new ActorMasterClient(new RegisteredMaster(master.Ref));

        var reply = client.AskAsync(new GetJob("j-1", null), TimeSpan.FromSeconds(3), CancellationToken.None);
        Assert.Equal(new GetJob("j-1", null), master.ExpectMsg<GetJob>());
        master.Reply(new JsonReply("{}"));

        Assert.Equal(new JsonReply("{}"), await reply);
    }

    [Fact]
    public async Task AskAsync_should_time_out_when_the_master_is_silent()
    {
        var client = new ActorMasterClient(new RegisteredMaster(CreateTestProbe().Ref));

        await Assert.ThrowsAsync<AskTimeoutException>(() =>
            client.AskAsync(GetClusterState.Instance, TimeSpan.FromMilliseconds(200), CancellationToken.None));
    }

    [Fact]
    public async Task A_read_should_be_asked_again_when_an_attempt_is_lost_with_a_moving_master()
    {
        var master = CreateTestProbe();
        var client = new ActorMasterClient(new RegisteredMaster(master.Ref));

        var reply = client.AskAsync(new GetExecution("ex-1"), TimeSpan.FromSeconds(15), CancellationToken.None);
        master.ExpectMsg<GetExecution>(); // lost: no answer to this attempt
        master.ExpectMsg<GetExecution>(ActorMasterClient.QueryAttempt + TimeSpan.FromSeconds(3));
        master.Reply(new JsonReply("{}"));

        Assert.Equal(new JsonReply("{}"), await reply);
    }

    [Fact]
    public async Task A_command_should_be_asked_once()
    {
        var master = CreateTestProbe();
        var client = new ActorMasterClient(new RegisteredMaster(master.Ref));

        var reply = client.AskAsync(new StartJob("job-1"), ActorMasterClient.QueryAttempt + TimeSpan.FromSeconds(1), CancellationToken.None);
        master.ExpectMsg<StartJob>();
        master.ExpectNoMsg(ActorMasterClient.QueryAttempt + TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAsync<AskTimeoutException>(() => reply);
    }

    [Fact]
    public async Task AskAsync_should_time_out_when_the_master_is_not_registered()
    {
        var client = new ActorMasterClient(new RegisteredMaster(null));

        await Assert.ThrowsAsync<TimeoutException>(() =>
            client.AskAsync(GetClusterState.Instance, TimeSpan.FromMilliseconds(200), CancellationToken.None));
    }

    [Fact]
    public async Task AskAsync_should_stop_waiting_when_the_request_is_cancelled()
    {
        var client = new ActorMasterClient(new RegisteredMaster(CreateTestProbe().Ref));
        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.AskAsync(GetClusterState.Instance, TimeSpan.FromSeconds(30), cancelled.Token));
    }

    [Fact]
    public async Task AskAsync_should_throw_the_cause_of_a_failure_reply()
    {
        // Akka's Ask unwraps Status.Failure; the API relies on that to log the master's fault.
        var master = CreateTestProbe();
        var client = new ActorMasterClient(new RegisteredMaster(master.Ref));
        var cause = new InvalidOperationException("the store is down");

        var reply = client.AskAsync(GetClusterState.Instance, TimeSpan.FromSeconds(3), CancellationToken.None);
        master.ExpectMsg<GetClusterState>();
        master.Reply(new Status.Failure(cause));

        Assert.Same(cause, await Assert.ThrowsAsync<InvalidOperationException>(() => reply));
    }

    /// <summary>The registry entry Akka.Hosting would give; null: never registered.</summary>
    private sealed class RegisteredMaster(IActorRef? master) : IRequiredActor<ActorKeys.Master>
    {
        public IActorRef ActorRef => master ?? throw new InvalidOperationException("not registered");

        public async Task<IActorRef> GetAsync(CancellationToken cancellationToken = default)
        {
            if (master is not null)
                return master;
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
