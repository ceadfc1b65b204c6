namespace AdventureServer.Server.Api;

/// <summary>Limits of the public HTTP API, bound from the <c>Api</c> section of appsettings.json.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// The worker's priority for API requests. The worker takes higher first, and players' continuations use 0,
    /// so a negative number lets every waiting player go before any waiting API request.
    /// </summary>
    public int Priority { get; set; } = -1;

    /// <summary>API requests (all keys together) that may be in the worker at once, queued there or decoding: the API's share.</summary>
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>API requests that may wait for that share; one more is refused with 503.</summary>
    public int MaxWaitingRequests { get; set; } = 16;

    /// <summary>Requests one key may start per minute; more are refused with 429.</summary>
    public int RequestsPerMinute { get; set; } = 60;

    /// <summary>Prompt plus completion tokens one key may use per minute (a request reserves its prompt and <c>max_tokens</c>).</summary>
    public int TokensPerMinute { get; set; } = 40_000;

    /// <summary>The most new tokens one request may ask for (<c>max_tokens</c>, <c>max_length</c>).</summary>
    public int MaxTokensCap { get; set; } = 512;

    /// <summary>New tokens when an OpenAI-style request names none (OpenAI's own default is 16).</summary>
    public int DefaultMaxTokens { get; set; } = 16;

    /// <summary>New tokens when a chat request names none (chat clients rarely do; OpenAI's own default is the window).</summary>
    public int DefaultChatMaxTokens { get; set; } = 256;

    /// <summary>
    /// Cut a prompt that does not fit the window (less <c>max_tokens</c>) from its start, as KoboldCpp does, instead of
    /// refusing it with 400 (OpenAI's behaviour, the default). A request may ask for it itself with <c>truncate_prompt_tokens</c>.
    /// </summary>
    public bool TruncatePrompts { get; set; }

    /// <summary>
    /// Origins whose browser pages may call the API routes (<c>/v1</c>, <c>/api/v1</c>, <c>/api/extra</c>), separated by
    /// commas: <c>*</c> (the default) for any, as KoboldAI Lite opened from its own site or a local file needs; empty for none.
    /// (A string, not an array: the configuration binder appends to an array's default instead of replacing it.)
    /// </summary>
    public string CorsOrigins { get; set; } = "*";

    /// <summary>Origins, separated by commas, whose pages may call the game's token routes (<c>/api/account</c>); none by default.</summary>
    public string GameCorsOrigins { get; set; } = "";

    /// <summary>How <c>/v1/chat/completions</c> writes a conversation as the plain text GPT-2 continues.</summary>
    public ChatTemplateOptions Chat { get; set; } = new();
}
