#!/usr/bin/env python3
"""A GGUF of gpt2's shapes (124M: 12 layers, 768 wide, 50,257 tokens) with random weights, for llama.cpp.

llama.cpp is this project's CPU speed peer (issue 17). No GPT-2 weights can be downloaded here, and speed does not
depend on the values, so the weights are random; the metadata and the tokenizer come from llama.cpp's own vocab-only
GPT-2 file (models/ggml-vocab-gpt-2.gguf in its repository). Plain Python, no numpy.

    gpt2_gguf.py VOCAB_GGUF OUT_GGUF {f32,f16,bf16,q8_0}

Matrices are stored in the chosen format, norms and biases in float32, as llama.cpp's converter stores them. The
output layer is written as its own tensor (older llama.cpp builds require one for gpt2), so a decode step reads the
same bytes as this project's tied output layer: every matrix once, and one row of each embedding.
"""
import random
import struct
import sys

GGUF_TYPE_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}  # scalar value types
GGUF_STRING, GGUF_ARRAY, GGUF_UINT32 = 8, 9, 4
ALIGNMENT = 32

# GGML tensor types and llama.cpp's file types for each format.
FORMATS = {"f32": (0, 0), "f16": (1, 1), "bf16": (30, 32), "q8_0": (8, 7)}
F32 = 0


def metadata(path):
    """The vocab file's key-value pairs, each as (key, the pair's raw bytes)."""
    raw = open(path, "rb").read()
    if raw[:4] != b"GGUF":
        sys.exit(f"{path} is not a GGUF file")
    pos = 24
    pairs = []

    def read(fmt):
        nonlocal pos
        value = struct.unpack_from(fmt, raw, pos)[0]
        pos += struct.calcsize(fmt)
        return value

    def string():
        nonlocal pos
        length = read("<Q")
        pos += length
        return raw[pos - length:pos].decode()

    def skip(kind):
        nonlocal pos
        if kind == GGUF_STRING:
            string()
        elif kind == GGUF_ARRAY:
            element, count = read("<I"), read("<Q")
            if element == GGUF_STRING:
                for _ in range(count):
                    string()
            else:
                pos += GGUF_TYPE_SIZES[element] * count
        else:
            pos += GGUF_TYPE_SIZES[kind]

    for _ in range(struct.unpack_from("<Q", raw, 16)[0]):
        start = pos
        key = string()
        skip(read("<I"))
        pairs.append((key, raw[start:pos]))
    return pairs


def gguf_string(text):
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def gpt2_tensors(width=768, vocab=50257, positions=1024, layers=12, hidden=3072):
    """(name, dims with the row length first, whether it is a matrix) for llama.cpp's gpt2 architecture."""
    tensors = [("token_embd.weight", [width, vocab], True), ("position_embd.weight", [width, positions], True),
               ("output_norm.weight", [width], False), ("output_norm.bias", [width], False),
               ("output.weight", [width, vocab], True)]
    for layer in range(layers):
        b = f"blk.{layer}."
        tensors += [(b + "attn_norm.weight", [width], False), (b + "attn_norm.bias", [width], False),
                    (b + "attn_qkv.weight", [width, 3 * width], True), (b + "attn_qkv.bias", [3 * width], False),
                    (b + "attn_output.weight", [width, width], True), (b + "attn_output.bias", [width], False),
                    (b + "ffn_norm.weight", [width], False), (b + "ffn_norm.bias", [width], False),
                    (b + "ffn_up.weight", [width, hidden], True), (b + "ffn_up.bias", [hidden], False),
                    (b + "ffn_down.weight", [hidden, width], True), (b + "ffn_down.bias", [width], False)]
    return tensors


def pattern(kind, rng, values=1 << 16):
    """A block of random weights (normal, std 0.02, as GPT-2 initialises) in GGML type `kind`, repeated to fill a tensor."""
    weights = [rng.gauss(0, 0.02) for _ in range(values)]
    if kind == 0:
        return struct.pack(f"<{values}f", *weights)
    if kind == 1:
        return struct.pack(f"<{values}e", *weights)
    if kind == 30:
        return b"".join(struct.pack("<I", bits)[2:] for bits in struct.unpack(f"<{values}I", struct.pack(f"<{values}f", *weights)))
    blocks = []  # q8_0: 32 weights as a float16 scale and 32 int8s
    for i in range(0, values, 32):
        chunk = weights[i:i + 32]
        scale = max(abs(w) for w in chunk) / 127 or 1.0
        blocks.append(struct.pack("<e", scale) + struct.pack("<32b", *(round(w / scale) for w in chunk)))
    return b"".join(blocks)


def tensor_bytes(kind, count):
    return count // 32 * 34 if kind == 8 else count * {0: 4, 1: 2, 30: 2}[kind]


def align(n):
    return (n + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT


def main(vocab_path, out_path, fmt):
    if fmt not in FORMATS:
        sys.exit(f"format must be one of {', '.join(FORMATS)}")
    matrix_type, file_type = FORMATS[fmt]
    pairs = [(key, gguf_string(key) + struct.pack("<II", GGUF_UINT32, file_type) if key == "general.file_type" else raw)
             for key, raw in metadata(vocab_path)]
    rng = random.Random(1234)
    fills = {matrix_type: pattern(matrix_type, rng), F32: pattern(F32, rng)}
    infos, layout, offset = b"", [], 0
    for name, dims, matrix in gpt2_tensors():
        kind = matrix_type if matrix else F32
        count = 1
        for d in dims:
            count *= d
        infos += gguf_string(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
        infos += struct.pack("<IQ", kind, offset)
        layout.append((name, kind, tensor_bytes(kind, count), offset))
        offset = align(offset + tensor_bytes(kind, count))
    ones, zeros = struct.pack("<f", 1.0) * 4096, bytes(4 * 4096)
    with open(out_path, "wb") as out:
        out.write(b"GGUF" + struct.pack("<IQQ", 3, len(layout), len(pairs)) + b"".join(raw for _, raw in pairs) + infos)
        out.write(bytes(align(out.tell()) - out.tell()))
        base = out.tell()
        for name, kind, size, offset in layout:
            out.write(bytes(base + offset - out.tell()))
            fill = ones if name.endswith("norm.weight") else zeros if name.endswith(".bias") else fills[kind]
            while size > 0:
                out.write(fill[:min(size, len(fill))])
                size -= min(size, len(fill))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
