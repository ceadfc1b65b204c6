using System.Text;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>A running generation registered by <c>genkey</c>: its abort switch and its text so far (for <c>/api/extra/generate/check</c>).</summary>
public sealed class KoboldGeneration(CancellationTokenSource abort)
{
    readonly StringBuilder _text = new();

    /// <summary>Ends when the client goes away or the generation is aborted.</summary>
    public CancellationTokenSource Abort { get; } = abort;

    public CancellationToken Token => Abort.Token;

    public bool IsAborted => Abort.IsCancellationRequested;

    /// <summary>Adds a delta as the endpoint reads it.</summary>
    public void Append(string delta)
    {
        lock (_text)
            _text.Append(delta);
    }

    /// <summary>The text generated so far.</summary>
    public string Text
    {
        get
        {
            lock (_text)
                return _text.ToString();
        }
    }
}
