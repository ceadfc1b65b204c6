namespace AdventureServer.Inference.Checkpoints;

/// <summary>One tensor as a SafeTensors header describes it.</summary>
/// <param name="Name">The tensor's key in the header.</param>
/// <param name="DType">The storage type as SafeTensors spells it (<c>F32</c>, <c>F16</c>, <c>BF16</c>, ...).</param>
/// <param name="Shape">The tensor's shape.</param>
/// <param name="Begin">First byte, counted from the start of the data section.</param>
/// <param name="End">One past the last byte, counted from the start of the data section.</param>
public sealed record SafeTensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    /// <summary>How many bytes the tensor's data takes.</summary>
    public long ByteLength => End - Begin;

    /// <summary>How many elements the shape holds.</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, size) => product * size);

    /// <summary>The shape as <c>[a, b]</c>, for messages.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
