namespace AdventureServer.Inference.Serving;

/// <summary>The worker's queue is full; the request was not accepted. Try again shortly.</summary>
public sealed class EngineBusyException : Exception
{
    public EngineBusyException() : base("The story engine is busy; try again in a moment.") { }

    public EngineBusyException(string message) : base(message) { }

    public EngineBusyException(string message, Exception inner) : base(message, inner) { }
}
