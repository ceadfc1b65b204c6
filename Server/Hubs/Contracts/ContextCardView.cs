namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>A story card in a prompt: its title, the key that triggered it, its text as inserted and its tokens.</summary>
public sealed record ContextCardView(string Title, string Key, string Text, int Tokens);
