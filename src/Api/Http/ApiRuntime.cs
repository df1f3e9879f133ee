using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teraslice.Akka.Api.Master;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Http;

/// <summary>What every route needs, resolved once: the settings, the log and the master.</summary>
internal sealed class ApiRuntime(IMasterClient master, IOptions<ApiOptions> options, ILoggerFactory loggers)
{
    public ApiOptions Options { get; } = options.Value;

    public ILogger Logger { get; } = loggers.CreateLogger(ApiLog.Category);

    /// <summary>
    /// Asks the master; returns its <see cref="JsonReply"/> or <see cref="Rejection"/>. A timeout
    /// becomes 503; a failure (thrown or replied) or any other reply, a logged 500.
    /// </summary>
    public async Task<object> AskMasterAsync(IMasterRequest request, TimeSpan timeout, CancellationToken ct)
    {
        var requestType = request.GetType().Name;
        var started = Stopwatch.GetTimestamp();
        object? reply;
        try
        {
            reply = await master.AskAsync(request, timeout, ct);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException && !ct.IsCancellationRequested)
        {
            ApiLog.MasterTimedOut(Logger, requestType, timeout.TotalSeconds);
            var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            throw new ApiException(StatusCodes.Status503ServiceUnavailable,
                $"the cluster master did not answer within {seconds} s; try again");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Akka's Ask throws the cause of a Status.Failure reply.
            ApiLog.MasterFailed(Logger, e, requestType);
            throw new ApiException(StatusCodes.Status500InternalServerError, ApiResponses.InternalErrorMessage);
        }

        switch (reply)
        {
            case JsonReply or Rejection:
                ApiLog.MasterAnswered(Logger, requestType, reply.GetType().Name,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return reply;
            case Status.Failure failure:
                ApiLog.MasterFailed(Logger, failure.Cause, requestType);
                throw new ApiException(StatusCodes.Status500InternalServerError, ApiResponses.InternalErrorMessage);
            default:
                ApiLog.UnexpectedReply(Logger, requestType, reply?.GetType().FullName ?? "null");
                throw new ApiException(StatusCodes.Status500InternalServerError, ApiResponses.InternalErrorMessage);
        }
    }
}
