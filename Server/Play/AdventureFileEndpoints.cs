using System.Security.Claims;
using System.Text;
using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Server.Accounts;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Persistence.Export;

namespace AdventureServer.Server.Play;

/// <summary>
/// <c>GET /api/adventures/{id}/export</c> (the host or a game master) downloads an adventure as its export file;
/// <c>POST /api/adventures/import</c> (any signed-in player) creates a new adventure from an export file or a KoboldAI
/// story sent as the request body, at most <see cref="MaxImportBytes"/> (413 beyond). A bad file is answered 400 with
/// the field that is wrong (<c>path</c>) and nothing is created.
/// </summary>
public static class AdventureFileEndpoints
{
    /// <summary>The largest file import reads: 2 MiB, far above a long story's few hundred kilobytes.</summary>
    public const int MaxImportBytes = 2 * 1024 * 1024;

    public static IEndpointRouteBuilder MapAdventureFiles(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/adventures").WithTags("Adventures").RequireAuthorization();
        group.MapGet("/{id:guid}/export", ExportAsync);
        group.MapPost("/import", ImportAsync);
        return app;
    }

    static async Task<IResult> ExportAsync(Guid id, ClaimsPrincipal user, AccountCheck check, AdventureService game)
    {
        if (await check.ProblemAsync(user) is { } problem)
            return Results.Problem(problem, statusCode: StatusCodes.Status401Unauthorized);
        try
        {
            var (title, json) = await game.ExportAsync(ActorOf(user), id);
            return Results.File(Encoding.UTF8.GetBytes(json), "application/json", FileName(title));
        }
        catch (GameRuleException e)
        {
            return Refused(e);
        }
    }

    static async Task<IResult> ImportAsync(HttpRequest request, ClaimsPrincipal user, AccountCheck check, AdventureService game)
    {
        if (await check.ProblemAsync(user) is { } problem)
            return Results.Problem(problem, statusCode: StatusCodes.Status401Unauthorized);
        if (request.ContentLength > MaxImportBytes)
            return TooLarge(request.ContentLength.Value);
        var body = await ReadAtMostAsync(request.Body, MaxImportBytes + 1, request.HttpContext.RequestAborted);
        if (body.Length > MaxImportBytes)
            return TooLarge(null);
        string json;
        try
        {
            json = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return Invalid("$", "the file is not UTF-8 text.");
        }

        try
        {
            var adventure = await game.ImportAsync(ActorOf(user), json.TrimStart('\uFEFF'));
            return Results.Created($"/api/adventures/{adventure.Id}/export", new { id = adventure.Id, title = adventure.Title, joinCode = adventure.JoinCode });
        }
        catch (AdventureFileException e)
        {
            return Invalid(e.Path, e.Problem);
        }
        catch (RefusedException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["reason"] = e.Reason.ToString() });
        }
        catch (GameRuleException e)
        {
            return Refused(e);
        }
        catch (ConcurrencyConflictException e)
        {
            // Another save took the new adventure's join code at the same moment: nothing was stored.
            return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    static Actor ActorOf(ClaimsPrincipal user) =>
        new(GameHubFilter.UserId(user), user.Identity?.Name ?? "?", user.IsInRole(Roles.GameMaster));

    static async Task<byte[]> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < limit && (read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), cancellationToken)) > 0)
            buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }

    static IResult TooLarge(long? length) => Results.Problem(
        length is null ? $"The file is larger than {MaxImportBytes} bytes (2 MiB)." : $"The file has {length} bytes; at most {MaxImportBytes} (2 MiB) are accepted.",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    static IResult Invalid(string path, string problem) => Results.Problem(
        $"{path}: {problem}", title: "This file cannot be imported.", statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["path"] = path });

    static IResult Refused(GameRuleException e) => Results.Problem(e.Message, statusCode: e.Reason switch
    {
        RuleReason.NotFound => StatusCodes.Status404NotFound,
        RuleReason.NotMember or RuleReason.NotHost or RuleReason.Banned => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    }, extensions: new Dictionary<string, object?> { ["reason"] = e.Reason.ToString() });

    // "The Cave" → "the-cave.adventure.json": letters and digits only, so no header or path tricks.
    internal static string FileName(string title)
    {
        var slug = new string(title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        slug = string.Join('-', slug.Split('-', StringSplitOptions.RemoveEmptyEntries));
        return (slug.Length == 0 ? "adventure" : slug[..Math.Min(slug.Length, 60)]) + ".adventure.json";
    }
}
