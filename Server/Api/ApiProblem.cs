namespace AdventureServer.Server.Api;

/// <summary>
/// A refusal on its way to the client: thrown by the request pipeline (parsing, keys, limits, the worker)
/// and written by the endpoint as an <see cref="ApiError"/> with <see cref="StatusCode"/>.
/// </summary>
public sealed class ApiProblem : Exception
{
    public ApiProblem(int statusCode, string type, string message, string? param = null, string? code = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        Type = type;
        Param = param;
        Code = code;
        RetryAfter = retryAfter;
    }

    public ApiProblem() : this(StatusCodes.Status500InternalServerError, "server_error", "The server failed.") { }

    public ApiProblem(string message) : this(StatusCodes.Status400BadRequest, "invalid_request_error", message) { }

    public ApiProblem(string message, Exception innerException) : base(message, innerException)
    {
        StatusCode = StatusCodes.Status500InternalServerError;
        Type = "server_error";
    }

    public int StatusCode { get; }

    public string Type { get; }

    public string? Param { get; }

    public string? Code { get; }

    /// <summary>Sent as <c>Retry-After</c> (429, 503).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>400: a parameter is missing, malformed or out of range.</summary>
    public static ApiProblem BadParameter(string param, string message) =>
        new(StatusCodes.Status400BadRequest, "invalid_request_error", message, param, "invalid_value");

    /// <summary>401: no key, or one the server does not know.</summary>
    public static ApiProblem Unauthorized(string message) =>
        new(StatusCodes.Status401Unauthorized, "authentication_error", message, code: "invalid_api_key");

    /// <summary>429: this key's own limit.</summary>
    public static ApiProblem RateLimited(string message, TimeSpan retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, "rate_limit_error", message, code: "rate_limit_exceeded", retryAfter: retryAfter);

    /// <summary>503: the server as a whole is full.</summary>
    public static ApiProblem Busy(string message) =>
        new(StatusCodes.Status503ServiceUnavailable, "server_busy", message, code: "queue_full", retryAfter: TimeSpan.FromSeconds(2));

    /// <summary>The error body and status as a result.</summary>
    public IResult ToResult(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (RetryAfter is { } wait)
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(new ApiError(new ApiErrorDetail(Message, Type, Param, Code)), statusCode: StatusCode);
    }
}
