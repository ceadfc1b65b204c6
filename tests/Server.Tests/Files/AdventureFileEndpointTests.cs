using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Files;

public class AdventureFileEndpointTests
{
    [Test]
    public async Task The_host_exports_over_http_and_another_player_imports_the_file_as_a_new_adventure_they_host()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario() with { ActionPerson = "Third", CharacterName = "Mira", Memory = "Mira fears bats." });
        await alice.WaitForEndAsync(await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "open the door"));
        var story = await alice.CallAsync<AdventureView>("GetAdventure", created.Id);

        using var export = await SendAsync(server, await GameServer.TokenAsync(server, "alice"), HttpMethod.Get, $"/api/adventures/{created.Id}/export");
        var file = await export.Content.ReadAsStringAsync();
        using var import = await SendAsync(server, await GameServer.TokenAsync(server, "bob"), HttpMethod.Post, "/api/adventures/import", file);
        var copyId = (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var copy = await bob.CallAsync<AdventureView>("GetAdventure", copyId);

        Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(export.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("the-cellar.adventure.json"));
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.Created), file);
        Assert.That(copy.Blocks.Select(b => b.Text), Is.EqualTo(story.Blocks.Select(b => b.Text)));
        Assert.That(copy.Blocks[1].Text, Is.EqualTo("> Mira opens the door."));
        Assert.That((copy.Memory, copy.ActionPerson, copy.Title), Is.EqualTo(("Mira fears bats.", "Third", "The Cellar")));
        Assert.That(copy.Members.Select(m => (m.DisplayName, m.Role, m.CharacterName)), Is.EqualTo(new[] { ("bob", "Host", (string?)"Mira") }));
    }

    [Test]
    public async Task Export_is_refused_to_a_player_who_is_not_the_host_and_to_a_stranger_but_allowed_to_a_game_master()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
        await bob.CallAsync<AdventureView>("Join", created.JoinCode);
        var path = $"/api/adventures/{created.Id}/export";

        using var player = await SendAsync(server, await GameServer.TokenAsync(server, "bob"), HttpMethod.Get, path);
        using var stranger = await SendAsync(server, await GameServer.TokenAsync(server, "carol"), HttpMethod.Get, path);
        using var anonymous = await server.Http.GetAsync(path);
        using var missing = await SendAsync(server, await GameServer.TokenAsync(server, "alice"), HttpMethod.Get, $"/api/adventures/{Guid.NewGuid()}/export");
        using var master = await SendAsync(server, await GameServer.TokenAsync(server, GameServer.GameMasterName, GameServer.GameMasterPassword), HttpMethod.Get, path);

        Assert.That(player.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await player.Content.ReadAsStringAsync(), Does.Contain("Only the host can do that."));
        Assert.That(stranger.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(master.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_malformed_wrong_version_oversized_or_anonymous_import_is_refused_and_creates_nothing()
    {
        await using var server = await GameServer.StartAsync();
        var token = await GameServer.TokenAsync(server, "carol");

        using var malformed = await SendAsync(server, token, HttpMethod.Post, "/api/adventures/import", "{\"formatVersion\": 1, \"title\": ");
        using var version = await SendAsync(server, token, HttpMethod.Post, "/api/adventures/import", "{\"format\":\"adventure-server/adventure\",\"formatVersion\": 9}");
        using var field = await SendAsync(server, token, HttpMethod.Post, "/api/adventures/import",
            "{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"title\":\"T\",\"settings\":{},\"blocks\":[{\"type\":\"Opening\",\"shown\":2,\"alternatives\":[{\"text\":\"x\"}]}]}");
        using var huge = await SendAsync(server, token, HttpMethod.Post, "/api/adventures/import",
            "{\"prompt\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");
        using var anonymous = await server.Http.PostAsync("/api/adventures/import", new StringContent("{\"prompt\":\"Once upon a time.\"}", Encoding.UTF8, "application/json"));
        await using var carol = await GameServer.PlayerAsync(server, "carol");

        Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await malformed.Content.ReadAsStringAsync(), Does.Contain("not valid JSON"));
        Assert.That(version.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await version.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("path").GetString(), Is.EqualTo("$.formatVersion"));
        Assert.That((await field.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            Is.EqualTo("$.blocks[0].shown: is 2, but the block has 1 alternatives."));
        Assert.That(huge.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await carol.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"), Is.Empty);
    }

    static async Task<HttpResponseMessage> SendAsync(TestServer server, string token, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await server.Http.SendAsync(request);
    }
}
