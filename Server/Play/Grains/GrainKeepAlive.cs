namespace AdventureServer.Server.Play.Grains;

/// <summary>
/// Keeps a grain from being collected while it holds what only it knows (who is connected, a live stream): Orleans
/// collects a grain nobody called for a while, so a keep-alive timer runs while <paramref name="inUse"/> says so. It
/// is checked again at each <see cref="Update"/> and at each tick, and the timer is dropped once the grain is idle,
/// so the grain is let go within <see cref="Check"/> after.
/// </summary>
public sealed class GrainKeepAlive(Func<bool> inUse)
{
    /// <summary>How often an idle grain is noticed.</summary>
    public static readonly TimeSpan Check = TimeSpan.FromMinutes(1);

    IGrainTimer? _timer;

    /// <summary>Starts or drops the timer of <paramref name="grain"/> as it is in use or not now.</summary>
    public void Update(Grain grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var use = inUse();
        if (use && _timer is null)
        {
            _timer = grain.RegisterGrainTimer(_ =>
            {
                Update(grain);
                return Task.CompletedTask;
            }, new GrainTimerCreationOptions(Check, Check) { KeepAlive = true });
        }
        else if (!use && _timer is not null)
        {
            _timer.Dispose();
            _timer = null;
        }
    }
}
