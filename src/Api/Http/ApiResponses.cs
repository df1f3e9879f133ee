using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Teraslice.Akka.Protocol.Api;

namespace Teraslice.Akka.Api.Http;

/// <summary>Writes replies the way Teraslice does: JSON indented with 4 spaces, errors as an envelope.</summary>
internal static class ApiResponses
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string InternalErrorMessage = "internal error; see the node's log";

    // Express's `json spaces: 4`; JSON.stringify escapes neither non-ASCII nor <>&', and the
    // body is served as application/json, so the relaxed encoder is the faithful (and safe) one.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 4,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes a handler's result: a <see cref="JsonReply"/>, a <see cref="TextReply"/> or a <see cref="Rejection"/>.</summary>
    public static Task WriteReplyAsync(HttpContext http, object reply) => reply switch
    {
        JsonReply json => WriteJsonAsync(http, json.Json, json.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK),
        TextReply text => WriteTextAsync(http, text),
        Rejection rejection => WriteErrorAsync(http, StatusOf(rejection.Kind), rejection.Message),
        _ => throw new InvalidOperationException($"a route answered with an unexpected {reply.GetType().Name}"),
    };

    /// <summary>The HTTP status of each kind of rejection (<see cref="HttpStatuses"/>, which the client reads them back with).</summary>
    public static int StatusOf(RejectionKind kind) => HttpStatuses.Of(kind);

    /// <summary><paramref name="status"/> (200 unless said) with <paramref name="json"/> re-indented (the master's JSON is compact).</summary>
    public static async Task WriteJsonAsync(HttpContext http, string json, int status = StatusCodes.Status200OK)
    {
        // Parse before touching the response, so a bad reply still gets a clean 500.
        using var document = JsonDocument.Parse(json);
        await WriteAsync(http, status, document.RootElement.WriteTo);
    }

    /// <summary>200 with the text as UTF-8.</summary>
    public static async Task WriteTextAsync(HttpContext http, TextReply reply)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(reply.Text);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = reply.ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary><paramref name="status"/> with <c>{"error": status, "message": message}</c>.</summary>
    public static Task WriteErrorAsync(HttpContext http, int status, string message) =>
        WriteAsync(http, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("error", status);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        });

    private static async Task WriteAsync(HttpContext http, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            write(writer);

        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = JsonContentType;
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
    }
}
