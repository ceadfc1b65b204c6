namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>One part of a prompt: its text as it stands there (empty when absent) and its tokens counted alone.</summary>
public sealed record ContextPartView(string Text, int Tokens);
