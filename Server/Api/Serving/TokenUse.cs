namespace AdventureServer.Server.Api.Serving;

/// <summary>Tokens one request reserved (prompt plus its <c>max_tokens</c>), lowered to what it used once it ends.</summary>
internal sealed class TokenUse(DateTimeOffset at, int tokens)
{
    public DateTimeOffset At { get; } = at;

    public int Tokens { get; set; } = tokens;
}
