using System.Collections.Concurrent;
using Akka.Actor;
using Teraslice.Akka.Api.Master;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Tests.Support;

/// <summary>Stands in for the cluster master: records every ask and answers as told.</summary>
public sealed class FakeMasterClient : IMasterClient
{
    public const string DefaultJson = """{"answered":"by the fake master"}""";

    private readonly ConcurrentQueue<Ask> _asks = new();
    private volatile Func<IMasterRequest, TimeSpan, CancellationToken, Task<object>> _responder = AnswerDefault;

    public sealed record Ask(IMasterRequest Request, TimeSpan Timeout);

    public IReadOnlyList<Ask> Asks => [.. _asks];

    public void Reset()
    {
        _asks.Clear();
        _responder = AnswerDefault;
    }

    public void Answer(object reply) => _responder = (_, _, _) => Task.FromResult(reply);

    /// <summary>Answers each request with what <paramref name="reply"/> makes of it.</summary>
    public void AnswerWith(Func<IMasterRequest, object> reply) => _responder = (request, _, _) => Task.FromResult(reply(request));

    public void Throw(Exception exception) => _responder = (_, _, _) => Task.FromException<object>(exception);

    /// <summary>Like Akka's Ask when nobody answers: waits the whole timeout, then throws.</summary>
    public void NeverAnswer() => _responder = async (_, timeout, ct) =>
    {
        await Task.Delay(timeout, ct);
        throw new AskTimeoutException($"Timeout after {timeout.TotalSeconds} seconds");
    };

    /// <summary>The one request asked since <see cref="Reset"/>, as <typeparamref name="T"/>.</summary>
    public T Single<T>() where T : IMasterRequest => Assert.IsType<T>(Assert.Single(Asks).Request);

    public Task<object> AskAsync(IMasterRequest request, TimeSpan timeout, CancellationToken ct)
    {
        _asks.Enqueue(new Ask(request, timeout));
        return _responder(request, timeout, ct);
    }

    private static Task<object> AnswerDefault(IMasterRequest request, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult<object>(new JsonReply(DefaultJson));
}
