/*
 * printf/snprintf of integers and floating point: glibc's formatting code
 * is a large integer workload (multi-precision arithmetic for %f/%e) and
 * checks float loads, stores and conversions on the way.
 */
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static volatile int ints[] = { 0, 1, -1, 42, -42, 1000000, INT_MAX, INT_MIN };
static volatile double doubles[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1.0 / 3.0, 2.0 / 3.0, 123.456, -987.654321,
    1e-5, 1e-300, 1e300, 6.02214076e23, 1.602176634e-19, 3.141592653589793,
    2.718281828459045, 0.125, 1048576.0, 4.9406564584124654e-324,
    2.2250738585072014e-308, DBL_MAX, 9007199254740993.0, 0.000123456789,
    99.995, 2.5, 3.5, -2.5, 1e21, 1e22, 123456789012345678.0,
};
static volatile float floats[] = {
    0.0f, 1.0f, 0.1f, -3.75f, 1e-40f, FLT_MAX, FLT_MIN, 16777217.0f, 0.3333333f,
};

int main(void)
{
    char buf[512];
    for (unsigned i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        int v = ints[i];
        printf("[%d] [%5d] [%-5d|] [%+d] [%05d] [%u] [%x] [%X] [%#o] [%#x]"
               " [%.3d] [%hhd] [%hd] [%ld] [%lld] [%'d]\n", v, v, v, v, v,
               (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v,
               v, (signed char)v, (short)v, (long)v, (long long)v * 1000003, v);
    }
    printf("[%" PRId64 "] [%" PRIx64 "] [%" PRIu64 "]\n", INT64_MIN,
           (uint64_t)INT64_MIN, UINT64_MAX);
    printf("[%s] [%10s] [%-10s|] [%.3s] [%c] [%%] [%p]\n", "str", "right",
           "left", "truncate", 'c', (void *)0);
    for (unsigned i = 0; i < sizeof(doubles) / sizeof(doubles[0]); i++) {
        double d = doubles[i];
        printf("%d: [%f] [%.0f] [%.10f] [%e] [%.3e] [%g] [%.17g] [%a] [%12.4f]"
               " [%-+12.2e|]\n", i, d, d, d, d, d, d, d, d, d, d);
    }
    for (unsigned i = 0; i < sizeof(floats) / sizeof(floats[0]); i++) {
        float f = floats[i];
        printf("f%d: [%.9g] [%a] [%e]\n", i, f, f, f);
    }
    printf("specials: [%f] [%e] [%g] [%F] [%f] [%.3f]\n", HUGE_VAL, -HUGE_VAL,
           (double)INFINITY, HUGE_VAL, fabs(NAN), -fabs(NAN));
    /* snprintf truncation and return value */
    volatile size_t small = 8;
    int n = snprintf(buf, small, "%d-%s", 123456, "abcdef");
    printf("snprintf n=%d buf=%s\n", n, buf);
    /* %f of a huge value: exercises glibc's big-number code */
    n = snprintf(buf, sizeof(buf), "%.0f", DBL_MAX);
    printf("DBL_MAX digits=%d tail=%s\n", n, buf + n - 20);
    n = snprintf(buf, sizeof(buf), "%.60f", 4.9406564584124654e-324);
    printf("denorm tail=%s\n", buf + n - 30);
    /* parsing back */
    double back;
    int ok = 1;
    for (unsigned i = 0; i < sizeof(doubles) / sizeof(doubles[0]); i++) {
        snprintf(buf, sizeof(buf), "%.17g", doubles[i]);
        sscanf(buf, "%lf", &back);
        ok &= memcmp(&back, (const void *)&doubles[i], sizeof(back)) == 0;
    }
    printf("round trip %s\n", ok ? "ok" : "FAILED");
    long lv;
    unsigned long uv;
    char word[16];
    n = sscanf("  -12345 0x1fF token", "%ld %lx %15s", &lv, &uv, word);
    printf("sscanf n=%d %ld %lu %s\n", n, lv, uv, word);
    return 0;
}
