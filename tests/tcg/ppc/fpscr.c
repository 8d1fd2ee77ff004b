/*
 * FPSCR moves: mtfsb0/mtfsb1 on single bits (FEX and VX are summaries and
 * cannot be set or cleared directly), mtfsf with field masks, mtfsfi into
 * each field, mcrfs (copies a field to a CR field and clears the sticky
 * exception bits it copied), and the record form mtfsf. (CR1).
 * Enable bits are kept 0 (Linux runs with FP exceptions ignored anyway).
 *
 * The manual: every floating-point instruction except mtfsfi and mtfsf
 * sets FX when it changes an exception bit from 0 to 1, and mtfsb1 lists
 * FX among the bits it alters.  qemu-ppc 7.2 leaves FX alone on mtfsb1,
 * and ignores mtfsb1 29 (NI), so fix-qemu-expected.py corrects the mtfsb1
 * lines of qemu's output: FX is set where bit 3-12 or 21-23 goes from 0 to
 * 1, and bit 29 is set by mtfsb1 29.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static double image(uint32_t v)
{
    uint64_t u = v;
    double d;
    memcpy(&d, &u, sizeof(d));
    return d;
}

static uint32_t low_word(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof(u));
    return (uint32_t)u;
}

/* Runs text with FPSCR = init and CR = 0x12345678; returns FPSCR, CR. */
#define DEF(id, text)                                                        \
    static void id(uint32_t init, uint32_t arg, uint32_t *fpscr, uint32_t *cr) \
    {                                                                        \
        double out;                                                          \
        asm volatile("mtcrf 0xff,%[c]\n\tmtfsf 0xff,%[i]\n\t" text           \
                     "\n\tmffs %[o]\n\tmfcr %[c]\n\tmtfsf 0xff,%[z]"         \
                     : [o] "=&f"(out), [c] "=&r"(*cr)                        \
                     : [i] "f"(image(init)), [a] "f"(image(arg)),            \
                       [z] "f"(0.0), "[c]"(0x12345678)                       \
                     : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",      \
                       "cr7");                                               \
        *fpscr = low_word(out);                                              \
    }
#define BITOPS(X, n) X(mtfsb0_##n, "mtfsb0 " #n) X(mtfsb1_##n, "mtfsb1 " #n)
#define OPS(X)                                                               \
    BITOPS(X, 0) BITOPS(X, 1) BITOPS(X, 2) BITOPS(X, 3) BITOPS(X, 4)        \
    BITOPS(X, 6) BITOPS(X, 7) BITOPS(X, 8) BITOPS(X, 12) BITOPS(X, 13)      \
    BITOPS(X, 15) BITOPS(X, 19) BITOPS(X, 21) BITOPS(X, 22) BITOPS(X, 23)   \
    BITOPS(X, 29) BITOPS(X, 30) BITOPS(X, 31)                               \
    X(mtfsf_01, "mtfsf 0x01,%[a]") X(mtfsf_80, "mtfsf 0x80,%[a]")           \
    X(mtfsf_c3, "mtfsf 0xc3,%[a]") X(mtfsf_ff, "mtfsf 0xff,%[a]")           \
    X(mtfsf_rc, "mtfsf. 0x0f,%[a]")                                         \
    X(mtfsfi_0_f, "mtfsfi 0,15") X(mtfsfi_0_9, "mtfsfi 0,9")                \
    X(mtfsfi_1_f, "mtfsfi 1,15") X(mtfsfi_3_5, "mtfsfi 3,5")                \
    X(mtfsfi_6_0, "mtfsfi 6,0") X(mtfsfi_7_3, "mtfsfi 7,3")                 \
    X(mtfsfi_rc, "mtfsfi. 7,2")                                             \
    X(mcrfs_2_0, "mcrfs 2,0") X(mcrfs_3_1, "mcrfs 3,1")                     \
    X(mcrfs_4_2, "mcrfs 4,2") X(mcrfs_5_3, "mcrfs 5,3")                     \
    X(mcrfs_6_4, "mcrfs 6,4") X(mcrfs_7_5, "mcrfs 7,5")                     \
    X(mcrfs_0_6, "mcrfs 0,6") X(mcrfs_1_7, "mcrfs 1,7")
OPS(DEF)

typedef void op_fn(uint32_t, uint32_t, uint32_t *, uint32_t *);
#define ENTRY(id, text) { text, id },
static const struct {
    const char *name;
    op_fn *fn;
} ops[] = { OPS(ENTRY) };

/* Initial FPSCR images; enables (bits 24-28) stay clear. */
static const uint32_t inits[] = {
    0x00000000, 0x00000003, 0x9ff80700, 0x82024000, 0xe1001001, 0x7ff9f703,
};
static const uint32_t args[] = { 0xffffff07, 0x5a5a5a02 };

int main(void)
{
    for (unsigned k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        int uses_arg = strstr(ops[k].name, "mtfsf ") || strstr(ops[k].name, "mtfsf.");
        for (unsigned a = 0; a < (uses_arg ? 2u : 1u); a++) {
            printf("%-16s", ops[k].name);
            if (uses_arg)
                printf(" arg=%08x", args[a]);
            printf(":");
            for (unsigned i = 0; i < sizeof(inits) / sizeof(inits[0]); i++) {
                uint32_t fpscr, cr;
                ops[k].fn(inits[i], args[a], &fpscr, &cr);
                printf(" %08x/%08x", fpscr, cr);
            }
            printf("\n");
        }
    }
    return 0;
}
