using Microsoft.AspNetCore.Http;

namespace Teraslice.Akka.Api.Http;

/// <summary>
/// A failure the API answers itself (bad query, bad body, unknown route, master timeout); the
/// route wrapper turns it into <c>{"error": status, "message": ...}</c>.
/// </summary>
internal sealed class ApiException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
