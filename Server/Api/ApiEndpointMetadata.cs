namespace AdventureServer.Server.Api;

/// <summary>OpenAPI metadata the generation endpoints share.</summary>
public static class ApiEndpointMetadata
{
    /// <summary>Declares the error responses every generation endpoint may give, all in <see cref="ApiError"/>'s shape.</summary>
    public static RouteHandlerBuilder ProducesApiErrors(this RouteHandlerBuilder builder) => builder
        .Produces<ApiError>(StatusCodes.Status400BadRequest)
        .Produces<ApiError>(StatusCodes.Status401Unauthorized)
        .Produces<ApiError>(StatusCodes.Status429TooManyRequests)
        .Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
}
