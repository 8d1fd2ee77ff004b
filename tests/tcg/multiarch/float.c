/*
 * Floating point without fenv: arithmetic on special values (NaN, inf,
 * denormals, signed zero), comparisons, float vs double precision, libm
 * (sqrt, fma, floor/ceil/trunc/round, fmod, frexp/ldexp) and conversions
 * between floats and integers of both widths.  Results are printed as bit
 * patterns.
 *
 * Architecture difference: the host (x86-64) and PowerPC produce NaNs of
 * different sign for invalid operations (e.g. inf - inf is 0xfff8... on
 * x86 and 0x7ff8... on PowerPC), so native output differs in those lines.
 * -ffp-contract=off: gcc would otherwise fuse a*b-c into fmsub on PowerPC
 * but not on x86-64.
 *
 * CFLAGS: -ffp-contract=off
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t dbits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof(u));
    return u;
}

static uint32_t fbits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof(u));
    return u;
}

static volatile double dv[] = {
    0.0, -0.0, 1.0, -1.0, 1.5, 3.0, 0.1, 1e308, -1e308, 1e-310, -1e-310,
    4.9406564584124654e-324, 2.2250738585072014e-308, DBL_MAX, INFINITY,
    -INFINITY, NAN, 2147483647.5, -2147483648.5, 4294967296.0, 1e19,
    -9.2233720368547758e18, 0.49999999999999994,
};
#define NDV (int)(sizeof(dv) / sizeof(dv[0]))

static volatile float fv[] = {
    0.0f, -0.0f, 1.0f, 1.1f, 3.0f, 1e38f, 1e-39f, FLT_MIN, FLT_MAX, 16777216.0f,
    INFINITY, NAN, 0.1f,
};
#define NFV (int)(sizeof(fv) / sizeof(fv[0]))

static void test_double_ops(void)
{
    for (int i = 0; i < NDV; i++)
        for (int j = 0; j < NDV; j++) {
            double a = dv[i], b = dv[j];
            printf("%016" PRIx64 " %016" PRIx64 ": + %016" PRIx64
                   " - %016" PRIx64 " * %016" PRIx64 " / %016" PRIx64
                   " cmp %d%d%d%d%d%d\n", dbits(a), dbits(b), dbits(a + b),
                   dbits(a - b), dbits(a * b), dbits(a / b), a < b, a <= b,
                   a == b, a != b, a > b, isunordered(a, b));
        }
}

/* Which input NaN a fused multiply-add returns is not specified by IEEE
 * 754, and libm's fmaf takes a different route (hardware FMA or double
 * arithmetic) depending on the CPU it finds: print NaN results as one
 * canonical quiet NaN. */
static uint32_t fma_result_bits(float r)
{
    return isnan(r) ? 0x7fc00000u : fbits(r);
}

static void test_float_ops(void)
{
    for (int i = 0; i < NFV; i++)
        for (int j = 0; j < NFV; j++) {
            float a = fv[i], b = fv[j];
            printf("%08" PRIx32 " %08" PRIx32 ": + %08" PRIx32 " - %08" PRIx32
                   " * %08" PRIx32 " / %08" PRIx32 " fma %08" PRIx32
                   " cmp %d%d%d\n", fbits(a), fbits(b), fbits(a + b),
                   fbits(a - b), fbits(a * b), fbits(a / b),
                   fma_result_bits(fmaf(a, b, -a)), a < b, a == b, a > b);
        }
}

static void test_libm(void)
{
    for (int i = 0; i < NDV; i++) {
        double a = dv[i];
        int e;
        double m = frexp(a, &e);
        printf("%016" PRIx64 ": sqrt %016" PRIx64 " floor %016" PRIx64
               " ceil %016" PRIx64 " trunc %016" PRIx64 " round %016" PRIx64
               " fabs %016" PRIx64 " neg %016" PRIx64 " frexp %016" PRIx64
               "/%d ldexp %016" PRIx64 " fmod %016" PRIx64 " fma %016" PRIx64
               "\n", dbits(a), dbits(sqrt(a)), dbits(floor(a)), dbits(ceil(a)),
               dbits(trunc(a)), dbits(round(a)), dbits(fabs(a)), dbits(-a),
               dbits(m), isfinite(a) ? e : 0, dbits(ldexp(a, -1070)),
               dbits(fmod(a, 0.75)), dbits(fma(a, a, -1.0)));
    }
    /* fma computes a*b+c with one rounding: the low product bits survive */
    volatile double x = 1.0 + 0x1p-30, y = 1.0 - 0x1p-30;
    printf("fma exact %016" PRIx64 " unfused %016" PRIx64 "\n",
           dbits(fma(x, y, -1.0)), dbits(x * y - 1.0));
    printf("sqrtf(2) %08" PRIx32 " sqrt(2) %016" PRIx64 "\n",
           fbits(sqrtf((float)dv[2] * 2.0f)), dbits(sqrt(dv[2] * 2.0)));
}

static void test_conversions(void)
{
    for (int i = 0; i < NDV; i++) {
        double a = dv[i];
        int in_i32 = a > -2147483649.0 && a < 2147483648.0;
        int in_u32 = a > -1.0 && a < 4294967296.0;
        int in_i64 = a >= -9.2233720368547758e18 && a < 9.2233720368547758e18;
        int in_u64 = a > -1.0 && a < 1.8446744073709552e19;
        printf("%016" PRIx64 ": f %08" PRIx32, dbits(a), fbits((float)a));
        if (in_i32)
            printf(" i32 %08" PRIx32, (uint32_t)(int32_t)a);
        if (in_u32)
            printf(" u32 %08" PRIx32, (uint32_t)a);
        if (in_i64)
            printf(" i64 %016" PRIx64, (uint64_t)(int64_t)a);
        if (in_u64)
            printf(" u64 %016" PRIx64, (uint64_t)a);
        printf(" lround %ld\n", isfinite(a) && fabs(a) < 2e9 ? lround(a) : 0L);
    }
    static volatile int64_t iv[] = {
        0, 1, -1, 16777217, -16777217, 9007199254740993LL, INT64_MAX,
        INT64_MIN, 0x7fffffff, -0x80000000LL,
    };
    for (unsigned i = 0; i < sizeof(iv) / sizeof(iv[0]); i++) {
        int64_t v = iv[i];
        printf("%016" PRIx64 ": d %016" PRIx64 " f %08" PRIx32 " ud %016"
               PRIx64 " i32d %016" PRIx64 " u32f %08" PRIx32 "\n", (uint64_t)v,
               dbits((double)v), fbits((float)v), dbits((double)(uint64_t)v),
               dbits((double)(int32_t)v), fbits((float)(uint32_t)v));
    }
    for (int i = 0; i < NFV; i++)
        printf("%08" PRIx32 ": d %016" PRIx64 "\n", fbits(fv[i]),
               dbits((double)fv[i]));
}

int main(void)
{
    test_double_ops();
    test_float_ops();
    test_libm();
    test_conversions();
    return 0;
}
