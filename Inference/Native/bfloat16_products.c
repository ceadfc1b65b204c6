// y[r][o] = x[r] . w[o] for bfloat16 x (rows x inputs) and w (outputs x inputs, as libtorch holds a linear layer's
// weight), summed in float32 by AVX512-BF16's vdpbf16ps: two multiply-adds a lane, no widening. .NET has no intrinsic
// for it, so the build compiles this file where gcc can (see Inference.csproj); BFloat16Kernel falls back to its C#
// loop elsewhere. Every output is one running sum along the input, 32 inputs a step, then its 16 lanes added, the
// same whatever the rows beside it, so a row's result does not depend on the batch.
#include <immintrin.h>
#include <stdint.h>

// Rows 0..R-1 of x times outputs 0..N-1 of w (N <= 4), into y (rows `outputs` apart). R and N are constants at each
// call, so the sums stay in registers.
static inline __attribute__((always_inline)) void tile(const uint16_t* x, int R, int inputs, const uint16_t* w, int N,
                                                       float* y, int outputs)
{
    __m512 sums[4][4];
    for (int r = 0; r < R; r++)
        for (int o = 0; o < N; o++)
            sums[r][o] = _mm512_setzero_ps();
    // The next tile's weights, ahead into L2: 4 rows of 2 bytes an input, 4 cache lines for each 32 inputs taken now.
    const char* ahead = (const char*)(w + 4L * inputs);
    for (int i = 0; i < inputs; i += 32)
    {
        for (int line = 0; line < 4; line++)
            _mm_prefetch(ahead + i * 8 + line * 64, _MM_HINT_T1);
        __m512bh ws[4];
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
        for (int o = 0; o < N; o++)
            y[(long)r * outputs + o] = _mm512_reduce_add_ps(sums[r][o]);
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

// Outputs first..last-1 of every row; inputs a multiple of 32.
__attribute__((visibility("default"))) void adventure_bfloat16_multiply(
    const uint16_t* x, int rows, int inputs, const uint16_t* w, int outputs, int first, int last, float* y)
{
    int o = first;
    for (; o + 4 <= last; o += 4)
        rows_of(x, rows, inputs, w + (long)o * inputs, 4, y + o, outputs);
    for (; o < last; o++)
        rows_of(x, rows, inputs, w + (long)o * inputs, 1, y + o, outputs);
}
