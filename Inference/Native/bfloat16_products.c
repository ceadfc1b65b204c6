// y[r][o] = x[r] . w[o] for bfloat16 x (rows x inputs) and w (outputs x inputs, as libtorch holds a linear layer's
// weight), summed in float32 by AVX512-BF16's vdpbf16ps: two multiply-adds a lane, no widening. .NET has no intrinsic
// for it, so the build compiles this file where gcc can (see Inference.csproj); BFloat16Kernel falls back to its C#
// loop elsewhere. Every output is one running sum along the input, 32 inputs a step, then its 16 lanes added, the
// same whatever the rows beside it, so a row's result does not depend on the batch.
#include <immintrin.h>
#include <stdint.h>

// The 16 lanes of each of s[0..3] added, into y[0..3]: the very additions, in the very order, of gcc's
// _mm512_reduce_add_ps (halves of 256, then of 128, then lanes 2 apart, then neighbours), so the same bits, but four
// sums side by side in each instruction (15 instructions against about 36; at 768 inputs the sums were about a third
// of a 4x4 tile's instructions).
static inline __attribute__((always_inline)) void reduce4(const __m512* s, float* y)
{
    // [lo(s0) | lo(s1)] + [hi(s0) | hi(s1)]: each 256-bit half holds one sum's 8 partial sums.
    __m512 a = _mm512_add_ps(_mm512_shuffle_f32x4(s[0], s[1], 0x44), _mm512_shuffle_f32x4(s[0], s[1], 0xEE));
    __m512 b = _mm512_add_ps(_mm512_shuffle_f32x4(s[2], s[3], 0x44), _mm512_shuffle_f32x4(s[2], s[3], 0xEE));
    // 128-bit lane k: sum k's 4 partial sums (its low 128 bits plus its high 128 bits).
    __m512 c = _mm512_add_ps(_mm512_shuffle_f32x4(a, b, 0x88), _mm512_shuffle_f32x4(a, b, 0xDD));
    __m512 d = _mm512_add_ps(c, _mm512_permute_ps(c, 0x4E));  // lanes 0+2, 1+3 of each 128
    __m512 e = _mm512_add_ps(d, _mm512_permute_ps(d, 0xB1));  // then 0+1
    __m512 sums = _mm512_permutexvar_ps(_mm512_set_epi32(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 8, 4, 0), e);
    _mm_storeu_ps(y, _mm512_castps512_ps128(sums));
}

// Rows 0..R-1 of x times outputs 0..N-1 of w (R <= 4 and N <= 4, or R = 1 and N <= 8), into y (rows `outputs` apart).
// R and N are constants at each call, so the sums stay in registers.
static inline __attribute__((always_inline)) void tile(const uint16_t* x, int R, int inputs, const uint16_t* w, int N,
                                                       float* y, int outputs)
{
    __m512 sums[4][8];
    for (int r = 0; r < R; r++)
        for (int o = 0; o < N; o++)
            sums[r][o] = _mm512_setzero_ps();
    // The next tile's weights, ahead into L2: N rows of 2 bytes an input, N cache lines for each 32 inputs taken now.
    const char* ahead = (const char*)(w + (long)N * inputs);
    for (int i = 0; i < inputs; i += 32)
    {
        for (int line = 0; line < N; line++)
            _mm_prefetch(ahead + (long)i * 2 * N + line * 64, _MM_HINT_T1);
        __m512bh ws[8];
        for (int o = 0; o < N; o++)
            ws[o] = (__m512bh)_mm512_loadu_si512(w + (long)o * inputs + i);
        for (int r = 0; r < R; r++)
        {
            __m512bh xs = (__m512bh)_mm512_loadu_si512(x + (long)r * inputs + i);
            for (int o = 0; o < N; o++)
                sums[r][o] = _mm512_dpbf16_ps(sums[r][o], xs, ws[o]);
        }
    }
    for (int r = 0; r < R; r++)
    {
        int o = 0;
        for (; o + 4 <= N; o += 4)
            reduce4(sums[r] + o, y + (long)r * outputs + o);
        for (; o < N; o++)
            y[(long)r * outputs + o] = _mm512_reduce_add_ps(sums[r][o]);
    }
}

static inline __attribute__((always_inline)) void rows_of(const uint16_t* x, int rows, int inputs, const uint16_t* w,
                                                          int N, float* y, int outputs)
{
    int r = 0;
    for (; r + 4 <= rows; r += 4)
        tile(x + (long)r * inputs, 4, inputs, w, N, y + (long)r * outputs, outputs);
    for (; r < rows; r++)
        tile(x + (long)r * inputs, 1, inputs, w, N, y + (long)r * outputs, outputs);
}

// Outputs first..last-1 of every row; inputs a multiple of 32. Under 4 rows, a row at a time against 8 outputs: 8 rows
// of weights streamed at once read memory a little faster than 4 (gpt2's 49 products at 1 row on a Zen 4, the two
// tilings alternated, medians of 30: 5.9-6.3 against 6.6 ms in a quiet minute, 7.6 against 7.8 in a busy one).
// The tiles change only which sums run side by side, never the order of any one sum.
__attribute__((visibility("default"))) void adventure_bfloat16_multiply(
    const uint16_t* x, int rows, int inputs, const uint16_t* w, int outputs, int first, int last, float* y)
{
    int o = first;
    if (rows < 4)
        for (; o + 8 <= last; o += 8)
            rows_of(x, rows, inputs, w + (long)o * inputs, 8, y + o, outputs);
    for (; o + 4 <= last; o += 4)
        rows_of(x, rows, inputs, w + (long)o * inputs, 4, y + o, outputs);
    for (; o < last; o++)
        rows_of(x, rows, inputs, w + (long)o * inputs, 1, y + o, outputs);
}
