/*
 * Integer arithmetic edge cases: wrap-around, signed/unsigned division
 * with negative operands, shifts by variable counts, 64-bit arithmetic on
 * a 32-bit guest (libgcc calls) and bit tricks.
 *
 * Operands come from a volatile table so the compiler cannot fold them.
 * Operations whose result C leaves undefined (INT_MIN / -1, division by
 * zero, 32-bit shifts by >= 32) are not done here; the ppc/ tests cover the
 * instruction-level behaviour.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

static volatile int32_t vals32[] = {
    0, 1, -1, 2, -2, 3, 7, -7, 100, -100, 0x7fffffff, INT32_MIN,
    INT32_MIN + 1, 0x12345678, (int32_t)0xdeadbeef, 0x0000ffff, 0x10000,
};
#define N32 (int)(sizeof(vals32) / sizeof(vals32[0]))

static volatile int64_t vals64[] = {
    0, 1, -1, 3, -3, 10, -10, 0x7fffffff, INT32_MIN, 0x100000000LL,
    -0x100000000LL, 0x123456789abcdefLL, INT64_MAX, INT64_MIN, INT64_MIN + 1,
    (int64_t)0xfedcba9876543210ULL, 0xffffffffLL, 1000000007LL,
};
#define N64 (int)(sizeof(vals64) / sizeof(vals64[0]))

static volatile unsigned shift_counts[] = { 0, 1, 5, 15, 16, 31, 32, 33, 47, 63 };
#define NSHIFT (int)(sizeof(shift_counts) / sizeof(shift_counts[0]))

static void test_add_sub_mul32(void)
{
    for (int i = 0; i < N32; i++) {
        for (int j = 0; j < N32; j++) {
            uint32_t a = (uint32_t)vals32[i], b = (uint32_t)vals32[j];
            int64_t wide = (int64_t)vals32[i] * vals32[j];
            uint64_t uwide = (uint64_t)a * b;
            printf("a=%08" PRIx32 " b=%08" PRIx32 " add=%08" PRIx32
                   " sub=%08" PRIx32 " mul=%08" PRIx32 " smulh=%08" PRIx32
                   " umulh=%08" PRIx32 " ltu=%d lts=%d\n",
                   a, b, a + b, a - b, a * b, (uint32_t)(wide >> 32),
                   (uint32_t)(uwide >> 32), a < b, vals32[i] < vals32[j]);
        }
    }
}

static void test_div32(void)
{
    for (int i = 0; i < N32; i++) {
        for (int j = 0; j < N32; j++) {
            int32_t a = vals32[i], b = vals32[j];
            if (b == 0)
                continue;
            uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
            printf("a=%08" PRIx32 " b=%08" PRIx32 " udiv=%08" PRIx32
                   " umod=%08" PRIx32, ua, ub, ua / ub, ua % ub);
            if (!(a == INT32_MIN && b == -1))
                printf(" sdiv=%08" PRIx32 " smod=%08" PRIx32,
                       (uint32_t)(a / b), (uint32_t)(a % b));
            printf("\n");
        }
    }
}

static void test_shift32(void)
{
    for (int i = 0; i < N32; i++) {
        for (int k = 0; k < NSHIFT; k++) {
            unsigned n = shift_counts[k];
            if (n >= 32)
                continue;
            uint32_t a = (uint32_t)vals32[i];
            uint32_t rotl = n ? (a << n) | (a >> (32 - n)) : a;
            printf("a=%08" PRIx32 " n=%2u shl=%08" PRIx32 " shr=%08" PRIx32
                   " sar=%08" PRIx32 " rotl=%08" PRIx32 "\n",
                   a, n, a << n, a >> n, (uint32_t)(vals32[i] >> n), rotl);
        }
    }
}

static void test_arith64(void)
{
    for (int i = 0; i < N64; i++) {
        for (int j = 0; j < N64; j++) {
            int64_t a = vals64[i], b = vals64[j];
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            printf("A=%016" PRIx64 " B=%016" PRIx64 " add=%016" PRIx64
                   " sub=%016" PRIx64 " mul=%016" PRIx64 " lts=%d ltu=%d",
                   ua, ub, ua + ub, ua - ub, ua * ub, a < b, ua < ub);
            if (b != 0) {
                printf(" udiv=%016" PRIx64 " umod=%016" PRIx64,
                       ua / ub, ua % ub);
                if (!(a == INT64_MIN && b == -1))
                    printf(" sdiv=%016" PRIx64 " smod=%016" PRIx64,
                           (uint64_t)(a / b), (uint64_t)(a % b));
            }
            printf("\n");
        }
    }
}

static void test_shift64(void)
{
    for (int i = 0; i < N64; i++) {
        for (int k = 0; k < NSHIFT; k++) {
            unsigned n = shift_counts[k];
            uint64_t a = (uint64_t)vals64[i];
            printf("A=%016" PRIx64 " n=%2u shl=%016" PRIx64
                   " shr=%016" PRIx64 " sar=%016" PRIx64 "\n",
                   a, n, a << n, a >> n, (uint64_t)(vals64[i] >> n));
        }
    }
}

static void test_conversions(void)
{
    for (int i = 0; i < N32; i++) {
        int32_t a = vals32[i];
        printf("a=%08" PRIx32 " s8=%d u8=%u s16=%d u16=%u s64=%016" PRIx64
               " u64=%016" PRIx64 "\n", (uint32_t)a, (int8_t)a, (uint8_t)a,
               (int16_t)a, (uint16_t)a, (uint64_t)(int64_t)a,
               (uint64_t)(uint32_t)a);
    }
}

static void test_bit_tricks(void)
{
    for (int i = 0; i < N32; i++) {
        uint32_t a = (uint32_t)vals32[i];
        printf("a=%08" PRIx32 " pop=%2d clz=%2d ctz=%2d bswap=%08" PRIx32
               " lowbit=%08" PRIx32 " pow2=%d parity=%d\n",
               a, __builtin_popcount(a), a ? __builtin_clz(a) : 32,
               a ? __builtin_ctz(a) : 32, __builtin_bswap32(a), a & -a,
               a && !(a & (a - 1)), __builtin_parity(a));
    }
    for (int i = 0; i < N64; i++) {
        uint64_t a = (uint64_t)vals64[i];
        printf("A=%016" PRIx64 " pop=%2d clz=%2d ctz=%2d bswap=%016" PRIx64
               "\n", a, __builtin_popcountll(a), a ? __builtin_clzll(a) : 64,
               a ? __builtin_ctzll(a) : 64, __builtin_bswap64(a));
    }
}

/* Overflow-checking builtins exercise carry and overflow flags. */
static void test_overflow_builtins(void)
{
    for (int i = 0; i < N32; i++) {
        for (int j = 0; j < N32; j++) {
            int32_t a = vals32[i], b = vals32[j], r1, r2, r3;
            uint32_t u1, u2;
            int o1 = __builtin_add_overflow(a, b, &r1);
            int o2 = __builtin_sub_overflow(a, b, &r2);
            int o3 = __builtin_mul_overflow(a, b, &r3);
            int c1 = __builtin_add_overflow((uint32_t)a, (uint32_t)b, &u1);
            int c2 = __builtin_sub_overflow((uint32_t)a, (uint32_t)b, &u2);
            printf("a=%08" PRIx32 " b=%08" PRIx32 " sadd_o=%d ssub_o=%d"
                   " smul_o=%d uadd_c=%d usub_b=%d\n", (uint32_t)a,
                   (uint32_t)b, o1, o2, o3, c1, c2);
        }
    }
}

int main(void)
{
    test_add_sub_mul32();
    test_div32();
    test_shift32();
    test_arith64();
    test_shift64();
    test_conversions();
    test_bit_tricks();
    test_overflow_builtins();
    printf("done\n");
    return 0;
}
