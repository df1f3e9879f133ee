using Microsoft.Extensions.Logging;

namespace Teraslice.Akka.Api.Http;

/// <summary>The API's log events (source-generated, structured).</summary>
internal static partial class ApiLog
{
    public const string Category = "Teraslice.Akka.Api";

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
        Message = "Cluster master answered {RequestType} with {ReplyType} in {ElapsedMs:0.0} ms")]
    public static partial void MasterAnswered(ILogger logger, string requestType, string replyType, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Cluster master did not answer {RequestType} within {TimeoutSeconds} s")]
    public static partial void MasterTimedOut(ILogger logger, string requestType, double timeoutSeconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error,
        Message = "Cluster master answered {RequestType} with an unexpected {ReplyType}")]
    public static partial void UnexpectedReply(ILogger logger, string requestType, string replyType);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "Cluster master failed to handle {RequestType}")]
    public static partial void MasterFailed(ILogger logger, Exception? cause, string requestType);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error,
        Message = "Unhandled error in {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug,
        Message = "Client went away during {Method} {Path}")]
    public static partial void RequestAborted(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error,
        Message = "Error in {Method} {Path} after the response started; connection aborted")]
    public static partial void FailedAfterResponseStarted(ILogger logger, Exception exception, string method, string path);
}
