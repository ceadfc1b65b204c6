using AdventureServer.LoadTest.Options;

namespace AdventureServer.LoadTest.Tests;

public class LoadOptionsTests
{
    [Test]
    public void A_remote_host_is_refused_unless_allowed()
    {
        Assert.That(() => LoadOptions.Parse(["--url", "http://example.com:5080"]), Throws.ArgumentException.With.Message.Contains("--allow-remote"));
        Assert.That(LoadOptions.Parse(["--url", "http://example.com:5080", "--allow-remote"]).Url.Host, Is.EqualTo("example.com"));
    }

    [TestCase("http://127.0.0.1:5080")]
    [TestCase("http://localhost:5080")]
    [TestCase("http://[::1]:5080")]
    [TestCase("http://127.0.0.2:5080")]
    public void Loopback_hosts_are_allowed_by_default(string url)
    {
        Assert.That(LoadOptions.Parse(["--url", url]).Url, Is.EqualTo(new Uri(url)));
    }

    [Test]
    public void Options_take_values_with_a_space_or_an_equals_sign_and_server_settings_pass_through()
    {
        var options = LoadOptions.Parse(["--players=12", "--party-size", "3", "--ramp", "--ttft-p99-bound-ms", "1500", "--step-players", "6", "--max-players", "30", "--Game:ActionsPerMinute=60"]);

        Assert.That(options.Players, Is.EqualTo(12));
        Assert.That(options.PartySize, Is.EqualTo(3));
        Assert.That(options.Ramp, Is.True);
        Assert.That(options.TtftP99BoundMs, Is.EqualTo(1500));
        Assert.That(options.StepPlayers, Is.EqualTo(6));
        Assert.That(options.MaxPlayers, Is.EqualTo(30));
        Assert.That(options.ServerArgs, Is.EqualTo(new[] { "--Game:ActionsPerMinute=60" }));
    }

    [Test]
    public void Unknown_options_and_meaningless_values_are_refused()
    {
        Assert.That(() => LoadOptions.Parse(["--playrs", "3"]), Throws.ArgumentException.With.Message.Contains("Unknown option --playrs"));
        Assert.That(() => LoadOptions.Parse(["--players", "0"]), Throws.ArgumentException);
        Assert.That(() => LoadOptions.Parse(["--players", "many"]), Throws.ArgumentException);
        Assert.That(() => LoadOptions.Parse(["--ramp", "--step-players", "8", "--max-players", "4"]), Throws.ArgumentException);
    }

    [Test]
    public void Several_urls_come_from_repeated_url_options_or_a_comma_list_and_players_take_them_in_turn()
    {
        Uri[] both = [new("http://127.0.0.1:5081"), new("http://127.0.0.1:5082")];

        var repeated = LoadOptions.Parse(["--url", "http://127.0.0.1:5081", "--url=http://127.0.0.1:5082"]);
        var listed = LoadOptions.Parse(["--url", "http://127.0.0.1:5081, http://127.0.0.1:5082"]);

        Assert.That(repeated.Urls, Is.EqualTo(both));
        Assert.That(listed.Urls, Is.EqualTo(both));
        Assert.That(Enumerable.Range(0, 5).Select(repeated.UrlOf), Is.EqualTo(new[] { both[0], both[1], both[0], both[1], both[0] }));
        Assert.That(LoadOptions.Parse([]).Urls, Is.EqualTo(new[] { new Uri("http://127.0.0.1:5080") }));
    }

    [Test]
    public void A_remote_host_among_several_urls_is_refused_unless_allowed_and_a_bad_one_is_named()
    {
        Assert.That(() => LoadOptions.Parse(["--url", "http://127.0.0.1:5081,http://example.com:5080"]), Throws.ArgumentException.With.Message.Contains("example.com"));
        Assert.That(() => LoadOptions.Parse(["--url", "http://127.0.0.1:5081,nowhere"]), Throws.ArgumentException.With.Message.Contains("nowhere is not one"));
        Assert.That(LoadOptions.Parse(["--url", "http://127.0.0.1:5081,http://example.com:5080", "--allow-remote"]).Urls, Has.Count.EqualTo(2));
    }
}
