namespace Teraslice.Akka.Api.Http;

/// <summary>A 200 that is not JSON (the <c>/txt</c> tables, OpenMetrics), built by the API itself.</summary>
internal sealed record TextReply(string ContentType, string Text);
