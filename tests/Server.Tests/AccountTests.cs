using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AdventureServer.Server.Tests;

public class AccountTests
{
    [Test]
    public async Task A_registered_player_logs_in_and_gets_a_bearer_token_that_the_server_accepts()
    {
        await using var server = await TestServer.StartAsync();

        using var registered = await server.Http.PostAsJsonAsync("/api/account/register", new { userName = "alice", password = "correct-horse" });
        var token = await LoginAsync(server.Http, "alice", "correct-horse");
        var me = await MeAsync(server.Http, token);

        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(me.GetProperty("userName").GetString(), Is.EqualTo("alice"));
        Assert.That(me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "Player" }));
    }

    [Test]
    public async Task A_wrong_password_is_refused_with_401()
    {
        await using var server = await TestServer.StartAsync();
        using var _ = await server.Http.PostAsJsonAsync("/api/account/register", new { userName = "bob", password = "correct-horse" });

        using var response = await server.Http.PostAsJsonAsync("/api/account/login", new { userName = "bob", password = "wrong-horse" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_taken_name_or_short_password_is_refused_with_a_reason()
    {
        await using var server = await TestServer.StartAsync();
        using var first = await server.Http.PostAsJsonAsync("/api/account/register", new { userName = "carol", password = "correct-horse" });

        using var taken = await server.Http.PostAsJsonAsync("/api/account/register", new { userName = "carol", password = "correct-horse" });
        using var shortPassword = await server.Http.PostAsJsonAsync("/api/account/register", new { userName = "dave", password = "short" });

        Assert.That(taken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await taken.Content.ReadAsStringAsync(), Does.Contain("taken"));
        Assert.That(shortPassword.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await shortPassword.Content.ReadAsStringAsync(), Does.Contain("Password"));
    }

    [Test]
    public async Task The_game_master_named_in_configuration_exists_with_both_roles_and_survives_a_restart()
    {
        var data = TestServer.NewDataFolder();
        string[] gm = ["--Accounts:GameMaster:UserName=gm", "--Accounts:GameMaster:Password=dungeon-master"];
        await using (var first = await TestServer.StartInAsync(data, gm))
        {
            var token = await LoginAsync(first.Http, "gm", "dungeon-master");
            Assert.That((await MeAsync(first.Http, token)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()),
                Is.EquivalentTo(new[] { "Player", "GameMaster" }));
        }

        await using var second = await TestServer.StartInAsync(data, gm);
        Assert.That(await LoginAsync(second.Http, "gm", "dungeon-master"), Is.Not.Empty);
    }

    [Test]
    public async Task Who_am_i_without_a_token_is_401()
    {
        await using var server = await TestServer.StartAsync();

        using var response = await server.Http.GetAsync(new Uri("/api/account/me", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    internal static async Task<string> LoginAsync(HttpClient http, string userName, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/account/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("accessToken").GetString()!;
    }

    static async Task<JsonElement> MeAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
