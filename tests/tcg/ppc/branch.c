/*
 * Branches: CTR loops (bdnz, bdz, bdnzt, bdnzf, bdzt, bdzf), conditional
 * branches to LR and CTR (bclr, bcctr, with and without link), bl/blr
 * nesting, mtctr/mfctr/mtlr/mflr, and the time base (mftb only checked for
 * moving forward: its values differ between runs).
 */
#include <stdint.h>
#include <stdio.h>

/* Iterations of a bdnz loop starting with CTR = n (0 means 2^32: skip). */
static uint32_t bdnz_count(uint32_t n)
{
    uint32_t count = 0, ctr;
    asm volatile("mtctr %[n]\n1:\taddi %[c],%[c],1\n\tbdnz 1b\n\tmfctr %[r]"
                 : [c] "+b"(count), [r] "=r"(ctr) : [n] "r"(n) : "ctr");
    return count * 1000 + ctr;
}

/* bdz falls through while CTR != 0 after decrement. */
static uint32_t bdz_count(uint32_t n)
{
    uint32_t count = 0;
    asm volatile("mtctr %[n]\n1:\taddi %[c],%[c],1\n\tbdz 2f\n\tb 1b\n2:"
                 : [c] "+b"(count) : [n] "r"(n) : "ctr");
    return count;
}

/* Loops with a condition: CR0[EQ] set when the counter reaches stop. */
#define CTR_COND(name, insn)                                                 \
    static uint32_t name(uint32_t n, uint32_t stop)                          \
    {                                                                        \
        uint32_t count = 0, ctr;                                             \
        asm volatile("mtctr %[n]\n1:\taddi %[c],%[c],1\n\t"                  \
                     "cmpw %[c],%[s]\n\t" insn " 2,1b\n\tmfctr %[r]"        \
                     : [c] "+b"(count), [r] "=r"(ctr)                        \
                     : [n] "r"(n), [s] "r"(stop) : "ctr", "cr0");            \
        return count * 1000 + ctr;                                           \
    }
CTR_COND(bdnzt_count, "bdnzt")
CTR_COND(bdnzf_count, "bdnzf")
CTR_COND(bdzt_count, "bdzt")
CTR_COND(bdzf_count, "bdzf")

/* Conditional return: beqlr/bnelr via a local bl. */
static uint32_t cond_return(uint32_t a, uint32_t b)
{
    uint32_t r;
    asm volatile("mflr 0\n\t"
                 "li %[r],0\n\t"
                 "bl 1f\n\t"
                 "b 2f\n"
                 "1:\tcmpw %[a],%[b]\n\t"
                 "li %[r],1\n\t"
                 "beqlr\n\t"
                 "li %[r],2\n\t"
                 "bgtlr\n\t"
                 "li %[r],3\n\t"
                 "blr\n"
                 "2:\tmtlr 0"
                 : [r] "=&r"(r) : [a] "r"(a), [b] "r"(b) : "r0", "lr", "cr0");
    return r;
}

static uint32_t add_one(uint32_t x) { return x + 1; }
static uint32_t twice(uint32_t x) { return x * 2; }
static uint32_t negate(uint32_t x) { return -x; }

/* Computed calls through CTR (bctrl) and a conditional bcctr. */
static uint32_t call_via_ctr(uint32_t (*fn)(uint32_t), uint32_t x, int take)
{
    uint32_t r = x;
    asm volatile("cmpwi %[t],0\n\t"
                 "mtctr %[f]\n\t"
                 "mr 3,%[x]\n\t"
                 "bnectrl\n\t"
                 "mr %[r],3"
                 : [r] "=r"(r)
                 : [f] "r"(fn), [x] "r"(x), [t] "r"(take)
                 : "r0", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10",
                   "r11", "r12", "lr", "ctr", "cr0", "cr1", "cr5", "cr6",
                   "cr7", "xer", "memory");
    return r;
}

static uint32_t ctr_roundtrip(uint32_t v)
{
    uint32_t ctr, lr;
    asm volatile("mflr 0\n\tmtctr %[v]\n\tmfctr %[c]\n\tmtlr %[c]\n\t"
                 "mflr %[l]\n\tmtlr 0"
                 : [c] "=&r"(ctr), [l] "=&r"(lr) : [v] "r"(v) : "r0", "ctr", "lr");
    return ctr ^ lr ^ v;
}

static unsigned recursion_depth(unsigned n)
{
    return n == 0 ? 0 : 1 + recursion_depth(n - 1);
}

static uint64_t read_tb(void)
{
    uint32_t hi, lo, hi2;
    do {
        asm volatile("mftbu %0\n\tmftb %1\n\tmftbu %2"
                     : "=r"(hi), "=r"(lo), "=r"(hi2));
    } while (hi != hi2);
    return (uint64_t)hi << 32 | lo;
}

int main(void)
{
    static const uint32_t ns[] = { 1, 2, 3, 10, 100, 1000 };
    for (unsigned i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
        uint32_t n = ns[i];
        printf("n=%u bdnz=%u bdz=%u", n, bdnz_count(n), bdz_count(n));
        for (uint32_t stop = 1; stop <= 5; stop += 2)
            printf(" stop=%u: bdnzt=%u bdnzf=%u bdzt=%u bdzf=%u", stop,
                   bdnzt_count(n, stop), bdnzf_count(n, stop),
                   bdzt_count(n, stop), bdzf_count(n, stop));
        printf("\n");
    }
    printf("cond_return: %u %u %u\n", cond_return(5, 5), cond_return(6, 5),
           cond_return(4, 5));
    uint32_t (*const fns[])(uint32_t) = { add_one, twice, negate };
    for (int i = 0; i < 3; i++)
        printf("bnectrl fn%d: taken=%08x not-taken=%08x\n", i,
               call_via_ctr(fns[i], 0x1234, 1), call_via_ctr(fns[i], 0x1234, 0));
    printf("ctr/lr roundtrip: %08x\n", ctr_roundtrip(0xdeadbeef));
    printf("recursion depth %u\n", recursion_depth(100000));
    uint64_t t0 = read_tb(), prev = t0;
    int monotonic = 1;
    for (int i = 0; i < 10000; i++) {
        uint64_t t = read_tb();
        monotonic &= t >= prev;
        prev = t;
    }
    printf("time base monotonic: %s, advanced: %s\n", monotonic ? "yes" : "no",
           prev > t0 ? "yes" : "no");
    return 0;
}
