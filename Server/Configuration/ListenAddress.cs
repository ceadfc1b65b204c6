using Microsoft.AspNetCore.Hosting;

namespace AdventureServer.Server.Configuration;

/// <summary>
/// Where the server listens. The standard ASP.NET Core settings win, as containers and hosting platforms
/// expect: <c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>/<c>ASPNETCORE_HTTPS_PORTS</c>, or
/// <c>Urls</c> in a settings file. Only when none is given does the server take its embedded default,
/// <see cref="Default"/> (kept out of appsettings.json, where it would override the environment).
/// </summary>
public static class ListenAddress
{
    public const string Default = "http://127.0.0.1:5080";

    public static void UseListenAddress(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration;
        var given = new[] { WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey }
            .Any(key => !string.IsNullOrWhiteSpace(settings[key]));
        if (!given)
            builder.WebHost.UseUrls(Default);
    }
}
