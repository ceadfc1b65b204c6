using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Graphs;
using static TorchSharp.torch;

namespace AdventureServer.Server.Cli;

/// <summary>
/// <c>cuda-graph-check</c>: on a CUDA host, whether the native graph helper (Inference/Native) loads,
/// whether a captured step replays correctly and without growing memory, and how much a graph saves
/// on a launch-bound step. The device hosts have no .NET SDK to run the Gpu tests, so this verb is
/// how a published build checks the helper there. The last line is a JSON object for scripts.
/// </summary>
public static class CudaGraphCheckCommand
{
    public static Command Create()
    {
        var replays = new Option<int>("--replays") { Description = "Replays in the memory check.", DefaultValueFactory = _ => 10_000 };
        var ops = new Option<int>("--ops") { Description = "Small ops in the timed step (a stand-in for a launch-bound decode step).", DefaultValueFactory = _ => 200 };
        var command = new Command("cuda-graph-check", "Check the CUDA graph helper on this machine's GPU.") { replays, ops };
        command.SetAction(parse => Run(Math.Max(1, parse.GetValue(replays)), Math.Max(1, parse.GetValue(ops))));
        return command;
    }

    static int Run(int replays, int ops)
    {
        Device device;
        try
        {
            device = DeviceResolver.Resolve("cuda", "float32").Device;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"cuda-graph-check: {e.Message}");
            return 1;
        }
        var available = CudaGraphSupport.IsAvailable(device, out var reason);
        Console.WriteLine($"helper: {(available ? "available" : "unavailable")}: {reason}");
        if (!available)
            return 1;

        using var _ = no_grad();
        var replayMatches = CheckReplay(device);
        Console.WriteLine($"replay after changing the input in place: {(replayMatches ? "correct" : "WRONG")}");
        var (allocatedGrowth, reservedGrowth) = CheckMemory(device, replays);
        Console.WriteLine($"{replays} replays: allocated {allocatedGrowth:+#;-#;0} bytes, reserved {reservedGrowth:+#;-#;0} bytes");
        var (eagerUs, replayUs, same) = Time(device, ops);
        Console.WriteLine($"{ops}-op step: eager {eagerUs:F1} µs, graph replay {replayUs:F1} µs ({eagerUs / replayUs:F1}x), outputs {(same ? "equal" : "DIFFERENT")}");
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["mode"] = "cuda-graph-check",
            ["replay_correct"] = replayMatches,
            ["replays"] = replays,
            ["allocated_growth_bytes"] = allocatedGrowth,
            ["reserved_growth_bytes"] = reservedGrowth,
            ["ops"] = ops,
            ["eager_us_per_step"] = Math.Round(eagerUs, 2),
            ["graph_us_per_step"] = Math.Round(replayUs, 2),
            ["graph_output_equal"] = same,
        }));
        return replayMatches && allocatedGrowth == 0 && same ? 0 : 1;
    }

    static bool CheckReplay(Device device)
    {
        using var x = tensor(new float[] { 1, 2, 3, 4 }, device: device);
        using var y = zeros(4, device: device);
        using var graph = Capture(device, Scoped(() => y.copy_(x * 2 + 1)));
        using (var source = tensor(new float[] { 10, 20, 30, 40 }))
            x.copy_(source);
        graph.Replay();
        using var host = y.cpu();
        return host.data<float>().ToArray().SequenceEqual([21f, 41f, 61f, 81f]);
    }

    static (long Allocated, long Reserved) CheckMemory(Device device, int replays)
    {
        using var x = zeros(1024, device: device);
        using var y = zeros(1024, device: device);
        using var graph = Capture(device, Scoped(() => y.copy_(x.sin() * 2 + 1)));
        graph.Replay();
        cuda.synchronize();
        var allocated = CudaGraphSupport.AllocatedBytes(device);
        var reserved = CudaGraphSupport.ReservedBytes(device);
        for (var i = 0; i < replays; i++)
        {
            x.add_(1);
            graph.Replay();
        }
        cuda.synchronize();
        return (CudaGraphSupport.AllocatedBytes(device) - allocated, CudaGraphSupport.ReservedBytes(device) - reserved);
    }

    static (double EagerUs, double ReplayUs, bool Same) Time(Device device, int ops)
    {
        const int steps = 200;
        using var x = randn(1, 768, device: device);
        using var eager = zeros(1, 768, device: device);
        using var captured = zeros(1, 768, device: device);
        void Step(Tensor output)
        {
            using var scope = NewDisposeScope();
            var h = x;
            for (var i = 0; i < ops; i++)
                h = (h * 0.999f).add(0.001f);
            output.copy_(h);
        }

        for (var i = 0; i < 3; i++)
            Step(eager);
        cuda.synchronize();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++)
            Step(eager);
        cuda.synchronize();
        var eagerUs = clock.Elapsed.TotalMicroseconds / steps;

        using var graph = Capture(device, () => Step(captured));
        graph.Replay();
        cuda.synchronize();
        clock.Restart();
        for (var i = 0; i < steps; i++)
            graph.Replay();
        cuda.synchronize();
        var replayUs = clock.Elapsed.TotalMicroseconds / steps;
        using var same = eager.equal(captured);
        return (eagerUs, replayUs, same.item<bool>());
    }

    // Temporaries must be freed on this thread, inside the step, not later by the finalizer.
    static Action Scoped(Action step) => () =>
    {
        using var scope = NewDisposeScope();
        step();
    };

    static CudaGraph Capture(Device device, Action step)
    {
        var graph = new CudaGraph(device);
        for (var i = 0; i < 3; i++)
            graph.Warm(step);
        graph.Capture(step);
        return graph;
    }
}
