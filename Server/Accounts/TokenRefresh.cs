namespace AdventureServer.Server.Accounts;

/// <summary>What a client sends to <c>POST /api/account/refresh</c>: the refresh token its login (or last refresh) returned.</summary>
public sealed record TokenRefresh(string RefreshToken);
