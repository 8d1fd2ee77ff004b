/*
 * IEEE rounding modes and exception flags through <fenv.h>: + - * / sqrt,
 * fma and conversions in all four rounding modes, with the flags raised by
 * each operation (fetestexcept after feclearexcept).
 *
 * Architecture difference: PowerPC detects underflow tininess before
 * rounding, x86 after rounding, so results that round up to the smallest
 * normal number raise underflow on PowerPC only (lines marked "tininess").
 * NaN signs differ as described in float.c.
 *
 * -O0 keeps each operation between the flag reads around it (at -O1 gcc
 * moves arithmetic across the inlined fetestexcept).
 *
 * CFLAGS: -O0 -frounding-math -ffp-contract=off
 */
#include <fenv.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const int modes[] = { FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD };
static const char *const mode_names[] = { "near", "zero", "up", "down" };

static volatile double dv[] = {
    1.0, -1.0, 3.0, 0.1, -0.1, 1e308, 1e-308, 4.9406564584124654e-324,
    0x1.fffffffffffffp-1, 0x1.0000000000001p0, INFINITY, NAN, 0.0, -0.0,
    2.5, -2.5, 0.49999999999999994, 16777217.0, 1e-45,
};
#define NDV (int)(sizeof(dv) / sizeof(dv[0]))

static char flag_text[8];

/* Flags raised since the last call, as letters: Inexact Underflow Overflow
 * divide-by-Zero inValid; "-" when none. */
static const char *flags(void)
{
    int f = fetestexcept(FE_ALL_EXCEPT);
    char *p = flag_text;
    if (f & FE_INEXACT) *p++ = 'I';
    if (f & FE_UNDERFLOW) *p++ = 'U';
    if (f & FE_OVERFLOW) *p++ = 'O';
    if (f & FE_DIVBYZERO) *p++ = 'Z';
    if (f & FE_INVALID) *p++ = 'V';
    if (p == flag_text) *p++ = '-';
    *p = 0;
    feclearexcept(FE_ALL_EXCEPT);
    return flag_text;
}

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

static void binary_ops(const char *mode)
{
    for (int i = 0; i < NDV; i++)
        for (int j = 0; j < NDV; j += 2) {
            double a = dv[i], b = dv[j], r;
            feclearexcept(FE_ALL_EXCEPT);
            printf("%s %016" PRIx64 " %016" PRIx64 ":", mode, dbits(a), dbits(b));
            r = a + b;
            printf(" + %016" PRIx64 " %s", dbits(r), flags());
            r = a - b;
            printf(" - %016" PRIx64 " %s", dbits(r), flags());
            r = a * b;
            printf(" * %016" PRIx64 " %s", dbits(r), flags());
            r = a / b;
            printf(" / %016" PRIx64 " %s", dbits(r), flags());
            float fa = (float)a;
            feclearexcept(FE_ALL_EXCEPT);
            float fr = fa * (float)b;
            printf(" f* %08" PRIx32 " %s\n", fbits(fr), flags());
        }
}

static void unary_ops(const char *mode)
{
    for (int i = 0; i < NDV; i++) {
        double a = dv[i];
        feclearexcept(FE_ALL_EXCEPT);
        printf("%s %016" PRIx64 ":", mode, dbits(a));
        double r = sqrt(a);
        printf(" sqrt %016" PRIx64 " %s", dbits(r), flags());
        float f = (float)a;
        printf(" tofloat %08" PRIx32 " %s", fbits(f), flags());
        r = rint(a);
        printf(" rint %016" PRIx64 " %s", dbits(r), flags());
        r = nearbyint(a * 1e6);
        printf(" nearbyint(a*1e6) %016" PRIx64 " %s", dbits(r), flags());
        r = fma(a, 3.0, -a);
        printf(" fma %016" PRIx64 " %s", dbits(r), flags());
        if (isfinite(a) && fabs(a) < 1e9) {
            long l = lrint(a * 7.5);
            printf(" lrint(a*7.5) %ld %s", l, flags());
        }
        printf("\n");
    }
}

static void int_conversions(const char *mode)
{
    static volatile int64_t iv[] = {
        16777217, -16777217, 16777219, 9007199254740993LL, -9007199254740995LL,
        INT64_MAX, INT64_MIN + 1, 0x7fffffff,
    };
    for (unsigned i = 0; i < sizeof(iv) / sizeof(iv[0]); i++) {
        feclearexcept(FE_ALL_EXCEPT);
        double d = (double)iv[i];
        printf("%s i64 %016" PRIx64 ": d %016" PRIx64 " %s", mode,
               (uint64_t)iv[i], dbits(d), flags());
        float f = (float)iv[i];
        printf(" f %08" PRIx32 " %s", fbits(f), flags());
        float f32 = (float)(int32_t)iv[i];
        printf(" f(i32) %08" PRIx32 " %s\n", fbits(f32), flags());
    }
}

/* Results that are tiny before rounding but round to DBL_MIN (or not). */
static void underflow_cases(const char *mode)
{
    /* (1 - 2^-52) * DBL_MIN * (1 + 2^-52) = DBL_MIN * (1 - 2^-104) */
    volatile double min = DBL_MIN, below = 0x1.ffffffffffffep-1;
    volatile double above_min = 0x1.0000000000001p-1022;
    feclearexcept(FE_ALL_EXCEPT);
    double r = below * above_min;
    printf("%s tininess DBL_MIN*(1-2^-104) %016" PRIx64 " %s\n", mode,
           dbits(r), flags());
    r = min / 3.0;
    printf("%s DBL_MIN/3 %016" PRIx64 " %s\n", mode, dbits(r), flags());
    r = min / 4.0;
    printf("%s DBL_MIN/4 (exact) %016" PRIx64 " %s\n", mode, dbits(r), flags());
    r = DBL_MAX * (min + 1.0);
    printf("%s DBL_MAX*(1+tiny) %016" PRIx64 " %s\n", mode, dbits(r), flags());
    r = DBL_MAX + DBL_MAX;
    printf("%s DBL_MAX+DBL_MAX %016" PRIx64 " %s\n", mode, dbits(r), flags());
}

int main(void)
{
    for (int m = 0; m < 4; m++) {
        if (fesetround(modes[m]) != 0) {
            printf("fesetround(%s) failed\n", mode_names[m]);
            return 1;
        }
        /* no fegetround(): glibc's out-of-line version uses mffsl, which
           qemu-ppc (the oracle) rejects for 32-bit CPUs */
        printf("mode %s\n", mode_names[m]);
        binary_ops(mode_names[m]);
        unary_ops(mode_names[m]);
        int_conversions(mode_names[m]);
        underflow_cases(mode_names[m]);
    }
    fesetround(FE_TONEAREST);
    return 0;
}
