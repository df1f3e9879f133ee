using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Teraslice.Akka.Api.Http;

/// <summary>
/// Turns a route handler into a <see cref="RequestDelegate"/> that always answers in the API's
/// shape: nothing is bound by ASP.NET (so nothing fails before us) and no exception escapes as a
/// stack-trace page.
/// </summary>
internal static class ApiRoute
{
    /// <param name="handler">Returns a <c>JsonReply</c> or a <c>Rejection</c>, or throws <see cref="ApiException"/>.</param>
    public static RequestDelegate Handle(Func<ApiRequest, Task<object>> handler) => async http =>
    {
        var runtime = http.RequestServices.GetRequiredService<ApiRuntime>();
        try
        {
            var reply = await handler(new ApiRequest(http, runtime));
            await ApiResponses.WriteReplyAsync(http, reply);
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
            ApiLog.RequestAborted(runtime.Logger, http.Request.Method, http.Request.Path);
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(http, runtime, e.StatusCode, e.Message, e);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own request errors (bad chunking, its limits); status set by Kestrel.
            await WriteErrorAsync(http, runtime, e.StatusCode, e.Message, e);
        }
        catch (Exception e)
        {
            ApiLog.Unhandled(runtime.Logger, e, http.Request.Method, http.Request.Path);
            await WriteErrorAsync(http, runtime, StatusCodes.Status500InternalServerError,
                ApiResponses.InternalErrorMessage, e);
        }
    };

    private static Task WriteErrorAsync(HttpContext http, ApiRuntime runtime, int status, string message, Exception cause)
    {
        if (!http.Response.HasStarted)
            return ApiResponses.WriteErrorAsync(http, status, message);

        // Half a body is out: the only honest signal left is to cut the connection.
        ApiLog.FailedAfterResponseStarted(runtime.Logger, cause, http.Request.Method, http.Request.Path);
        http.Abort();
        return Task.CompletedTask;
    }
}
