using System.Globalization;
using AdventureServer.Inference.Sampling;

namespace AdventureServer.Server.Api;

/// <summary>Range checks shared by both dialects; each names the parameter as the client spelled it.</summary>
public static class ApiParameters
{
    /// <summary>Sampling settings from the request's values, or <see cref="ApiProblem"/> 400 naming the one out of range.</summary>
    public static SamplingSettings Sampling(
        (string Name, float? Value, float Default) temperature,
        (string Name, float? Value, float Default) topP,
        (string Name, int? Value, int Default) topK,
        (string Name, float? Value, float Default) repetitionPenalty,
        long? seed)
    {
        var t = temperature.Value ?? temperature.Default;
        if (!float.IsFinite(t) || t < 0 || t > 2)
            throw ApiProblem.BadParameter(temperature.Name, $"'{temperature.Name}' must be between 0 (always the likeliest token) and 2.");
        var p = topP.Value ?? topP.Default;
        if (!float.IsFinite(p) || p <= 0 || p > 1)
            throw ApiProblem.BadParameter(topP.Name, $"'{topP.Name}' must be above 0 and at most 1 (1 keeps every token).");
        var k = topK.Value ?? topK.Default;
        if (k < 0)
            throw ApiProblem.BadParameter(topK.Name, $"'{topK.Name}' must be 0 (off) or more.");
        var r = repetitionPenalty.Value ?? repetitionPenalty.Default;
        if (!float.IsFinite(r) || r <= 0 || r > 10)
            throw ApiProblem.BadParameter(repetitionPenalty.Name, $"'{repetitionPenalty.Name}' must be above 0 and at most 10 (1 is off).");
        return new SamplingSettings { Temperature = t, TopP = p, TopK = k, RepetitionPenalty = r, Seed = seed };
    }

    /// <summary>New tokens asked for, checked against the server's cap.</summary>
    public static int MaxNewTokens(string name, int? value, int fallback, int cap)
    {
        var n = value ?? Math.Min(fallback, cap);
        if (n < 1)
            throw ApiProblem.BadParameter(name, $"'{name}' must be at least 1.");
        if (n > cap)
            throw ApiProblem.BadParameter(name, string.Create(CultureInfo.InvariantCulture,
                $"'{name}' is {n}, but this server generates at most {cap} tokens per request. Ask for {cap} or fewer."));
        return n;
    }

    /// <summary>Stop sequences without empty ones (which would stop at once), at most <paramref name="most"/>.</summary>
    public static IReadOnlyList<string> Stops(string name, IEnumerable<string?>? values, int most)
    {
        var stops = (values ?? []).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
        if (stops.Count > most)
            throw ApiProblem.BadParameter(name, string.Create(CultureInfo.InvariantCulture, $"'{name}' may hold at most {most} sequences; it has {stops.Count}."));
        return stops;
    }
}
