/*
 * Deep and branchy recursion: Ackermann, naive Fibonacci, mutual recursion
 * and a recursive permutation generator.  Stresses call/return, the link
 * register and stack frames.
 */
#include <stdint.h>
#include <stdio.h>

static unsigned long calls;

static unsigned ackermann(unsigned m, unsigned n)
{
    calls++;
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static unsigned fib(unsigned n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static int is_odd(unsigned n);

static int is_even(unsigned n)
{
    return n == 0 ? 1 : is_odd(n - 1);
}

static int is_odd(unsigned n)
{
    return n == 0 ? 0 : is_even(n - 1);
}

/* Heap's algorithm: visits all permutations; the checksum depends on order. */
static uint32_t perm_sum;

static void permute(int *a, int k)
{
    if (k == 1) {
        uint32_t v = 0;
        for (int i = 0; i < 6; i++)
            v = v * 7 + (uint32_t)a[i];
        perm_sum = perm_sum * 31 + v;
        return;
    }
    for (int i = 0; i < k; i++) {
        permute(a, k - 1);
        int j = (k % 2) ? 0 : i;
        int t = a[j];
        a[j] = a[k - 1];
        a[k - 1] = t;
    }
}

/* Recursion with many live values across the call. */
static uint32_t sum_depth(uint32_t depth, uint32_t a, uint32_t b, uint32_t c,
                          uint32_t d)
{
    if (depth == 0)
        return a ^ b ^ c ^ d;
    uint32_t r = sum_depth(depth - 1, b + 1, c * 3, d - a, a + depth);
    return r + a - b + (c & d);
}

int main(void)
{
    for (unsigned m = 0; m <= 3; m++)
        for (unsigned n = 0; n <= 5; n++) {
            calls = 0;
            unsigned r = ackermann(m, n);
            printf("ackermann(%u,%u) = %u calls=%lu\n", m, n, r, calls);
        }
    for (unsigned n = 0; n <= 27; n += 3)
        printf("fib(%u) = %u\n", n, fib(n));
    printf("is_even(10001) = %d is_odd(20000) = %d\n", is_even(10001),
           is_odd(20000));
    int a[6] = { 1, 2, 3, 4, 5, 6 };
    permute(a, 6);
    printf("permutations checksum %08x last %d%d%d%d%d%d\n", perm_sum, a[0],
           a[1], a[2], a[3], a[4], a[5]);
    printf("sum_depth %08x\n", sum_depth(5000, 1, 2, 3, 4));
    return 0;
}
