namespace AdventureServer.Client.Web.Tests;

/// <summary>The two screen sizes every control is tested on.</summary>
public static class Viewports
{
    public const string Desktop = "desktop";
    public const string Phone = "phone";

    /// <summary>The viewport of <paramref name="size"/>: a laptop's 1200×850, or a phone's 390×844.</summary>
    public static (int Width, int Height) Of(string size) => size switch
    {
        Desktop => (1200, 850),
        Phone => (390, 844),
        _ => throw new ArgumentException($"Unknown screen size '{size}'; use {Desktop} or {Phone}.", nameof(size)),
    };
}
