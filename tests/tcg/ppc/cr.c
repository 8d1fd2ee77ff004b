/*
 * The condition register: compares into each of cr0..cr7 (signed,
 * unsigned, register and immediate, with XER[SO] clear and set), the eight
 * CR logical instructions, mcrf for every field pair, mcrxr, mtcrf with
 * several field masks, and mfcr.  The whole CR is printed after each.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CR_INIT 0x12345678u

static const uint32_t vals[] = { 0, 1, 0x7fffffff, 0x80000000, 0xffffffff };
#define NVALS (int)(sizeof(vals) / sizeof(vals[0]))

#define CR_CLOBBER "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7"

typedef uint32_t cmp_fn(uint32_t a, uint32_t b, uint32_t xer);

#define DEFCMP(id, text, field)                                              \
    static uint32_t id(uint32_t a, uint32_t b, uint32_t xer)                 \
    {                                                                        \
        uint32_t cr;                                                         \
        asm volatile("mtxer %[x]\n\tmtcrf 0xff,%[c]\n\t" text " " #field     \
                     ",%[a],%[b]\n\tmfcr %[cr]"                              \
                     : [cr] "=r"(cr)                                         \
                     : [a] "r"(a), [b] "r"(b), [x] "r"(xer), [c] "r"(CR_INIT) \
                     : CR_CLOBBER, "xer");                                   \
        return cr;                                                           \
    }
/* Immediate compares use b only to pick one of a few fixed immediates. */
#define DEFCMPI(id, text, field, imm)                                        \
    static uint32_t id(uint32_t a, uint32_t b, uint32_t xer)                 \
    {                                                                        \
        uint32_t cr;                                                         \
        (void)b;                                                             \
        asm volatile("mtxer %[x]\n\tmtcrf 0xff,%[c]\n\t" text " " #field     \
                     ",%[a]," #imm "\n\tmfcr %[cr]"                          \
                     : [cr] "=r"(cr)                                         \
                     : [a] "r"(a), [x] "r"(xer), [c] "r"(CR_INIT)            \
                     : CR_CLOBBER, "xer");                                   \
        return cr;                                                           \
    }

#define FIELDS(X, id, text)                                                  \
    X(id##0, text, 0) X(id##1, text, 1) X(id##2, text, 2) X(id##3, text, 3) \
    X(id##4, text, 4) X(id##5, text, 5) X(id##6, text, 6) X(id##7, text, 7)
#define CMPS(X) FIELDS(X, cmpw, "cmpw") FIELDS(X, cmplw, "cmplw")
CMPS(DEFCMP)
#define CMPIS(X)                                                             \
    X(cmpwi0_0, "cmpwi", 0, 0) X(cmpwi3_m1, "cmpwi", 3, -1)                 \
    X(cmpwi7_7fff, "cmpwi", 7, 0x7fff) X(cmpwi5_m8000, "cmpwi", 5, -0x8000) \
    X(cmplwi0_0, "cmplwi", 0, 0) X(cmplwi2_1, "cmplwi", 2, 1)               \
    X(cmplwi6_ffff, "cmplwi", 6, 0xffff) X(cmplwi7_8000, "cmplwi", 7, 0x8000)
CMPIS(DEFCMPI)

#define ENTRY(id, text, ...) { text, #__VA_ARGS__, id },
static const struct {
    const char *name, *args;
    cmp_fn *fn;
} cmps[] = { CMPS(ENTRY) CMPIS(ENTRY) };

typedef uint32_t cr_fn(uint32_t cr);

#define DEFCRL(id, text, bt, ba, bb)                                         \
    static uint32_t id(uint32_t cr)                                          \
    {                                                                        \
        asm volatile("mtcrf 0xff,%[v]\n\t" text " " #bt "," #ba "," #bb      \
                     "\n\tmfcr %[v]"                                         \
                     : [v] "+r"(cr) : : CR_CLOBBER);                         \
        return cr;                                                           \
    }
#define BITS(X, id, text)                                                    \
    X(id##_a, text, 0, 1, 2) X(id##_b, text, 31, 0, 31) X(id##_c, text, 5, 5, 5) \
    X(id##_d, text, 12, 30, 7) X(id##_e, text, 16, 3, 28)
#define CRLOGIC(X)                                                           \
    BITS(X, crand, "crand") BITS(X, cror, "cror") BITS(X, crxor, "crxor")   \
    BITS(X, crnand, "crnand") BITS(X, crnor, "crnor")                       \
    BITS(X, creqv, "creqv") BITS(X, crandc, "crandc") BITS(X, crorc, "crorc")
CRLOGIC(DEFCRL)

#define DEFMCRF(id, text, dst, src)                                          \
    static uint32_t id(uint32_t cr)                                          \
    {                                                                        \
        asm volatile("mtcrf 0xff,%[v]\n\tmcrf " #dst "," #src                \
                     "\n\tmfcr %[v]"                                         \
                     : [v] "+r"(cr) : : CR_CLOBBER);                         \
        return cr;                                                           \
    }
#define MCRF_SRC(X, d)                                                       \
    X(mcrf##d##0, "mcrf", d, 0) X(mcrf##d##1, "mcrf", d, 1)                 \
    X(mcrf##d##2, "mcrf", d, 2) X(mcrf##d##3, "mcrf", d, 3)                 \
    X(mcrf##d##4, "mcrf", d, 4) X(mcrf##d##5, "mcrf", d, 5)                 \
    X(mcrf##d##6, "mcrf", d, 6) X(mcrf##d##7, "mcrf", d, 7)
#define MCRFS(X)                                                             \
    MCRF_SRC(X, 0) MCRF_SRC(X, 1) MCRF_SRC(X, 2) MCRF_SRC(X, 3)             \
    MCRF_SRC(X, 4) MCRF_SRC(X, 5) MCRF_SRC(X, 6) MCRF_SRC(X, 7)
MCRFS(DEFMCRF)

#define DEFMTCRF(id, text, mask)                                             \
    static uint32_t id(uint32_t cr)                                          \
    {                                                                        \
        uint32_t out;                                                        \
        asm volatile("mtcrf 0xff,%[init]\n\tmtcrf " #mask ",%[v]"            \
                     "\n\tmfcr %[o]"                                         \
                     : [o] "=r"(out)                                         \
                     : [v] "r"(cr), [init] "r"(CR_INIT) : CR_CLOBBER);       \
        return out;                                                          \
    }
#define MTCRFS(X)                                                            \
    X(mtcrf00, "mtcrf", 0x00) X(mtcrf01, "mtcrf", 0x01)                     \
    X(mtcrf80, "mtcrf", 0x80) X(mtcrf81, "mtcrf", 0x81)                     \
    X(mtcrf3c, "mtcrf", 0x3c) X(mtcrf5a, "mtcrf", 0x5a)                     \
    X(mtcrfff, "mtcrf", 0xff)
MTCRFS(DEFMTCRF)

static const struct {
    const char *name, *args;
    cr_fn *fn;
} cr_ops[] = { CRLOGIC(ENTRY) MCRFS(ENTRY) MTCRFS(ENTRY) };

static const uint32_t cr_patterns[] = {
    0x00000000, 0xffffffff, 0x5a5a5a5a, 0x12345678, 0xa5c3f00f,
};

typedef void mcrxr_fn(uint32_t xer, uint32_t *cr, uint32_t *xer_out);

#define DEFMCRXR(id, text, field)                                            \
    static void id(uint32_t xer, uint32_t *cr, uint32_t *xer_out)            \
    {                                                                        \
        asm volatile("mtcrf 0xff,%[c]\n\tmtxer %[x]\n\tmcrxr " #field        \
                     "\n\tmfcr %[c]\n\tmfxer %[x]"                           \
                     : [c] "=r"(*cr), [x] "=r"(*xer_out)                     \
                     : "0"(CR_INIT), "1"(xer) : CR_CLOBBER, "xer");          \
    }
#define MCRXRS(X)                                                            \
    X(mcrxr0, "mcrxr", 0) X(mcrxr1, "mcrxr", 1) X(mcrxr4, "mcrxr", 4)       \
    X(mcrxr7, "mcrxr", 7)
MCRXRS(DEFMCRXR)
static const struct {
    const char *name, *args;
    mcrxr_fn *fn;
} mcrxrs[] = { MCRXRS(ENTRY) };

/* Branches on single CR bits, after compares. */
static int branch_bits(uint32_t a, uint32_t b)
{
    int bits = 0;
    asm("cmpw 6,%[a],%[b]\n\t"
        "blt 6,1f\n\tori %[r],%[r],1\n1:\t"
        "bgt 6,1f\n\tori %[r],%[r],2\n1:\t"
        "beq 6,1f\n\tori %[r],%[r],4\n1:\t"
        "bge 6,1f\n\tori %[r],%[r],8\n1:\t"
        "ble 6,1f\n\tori %[r],%[r],16\n1:\t"
        "bne 6,1f\n\tori %[r],%[r],32\n1:"
        : [r] "+r"(bits) : [a] "r"(a), [b] "r"(b) : "cr6");
    return bits;
}

int main(void)
{
    for (unsigned k = 0; k < sizeof(cmps) / sizeof(cmps[0]); k++)
        for (int i = 0; i < NVALS; i++) {
            /* immediate forms list "field, imm" and ignore b */
            int nb = strchr(cmps[k].args, ',') ? 1 : NVALS;
            for (int j = 0; j < nb; j++) {
                printf("%-6s %s %08x %08x: %08x %08x\n", cmps[k].name,
                       cmps[k].args, vals[i], nb == 1 ? 0 : vals[j],
                       cmps[k].fn(vals[i], vals[j], 0),
                       cmps[k].fn(vals[i], vals[j], 0x80000000));
            }
        }
    for (unsigned k = 0; k < sizeof(cr_ops) / sizeof(cr_ops[0]); k++) {
        printf("%-6s %-12s:", cr_ops[k].name, cr_ops[k].args);
        for (unsigned p = 0; p < sizeof(cr_patterns) / sizeof(cr_patterns[0]); p++)
            printf(" %08x", cr_ops[k].fn(cr_patterns[p]));
        printf("\n");
    }
    static const uint32_t xers[] = { 0, 0xe0000000, 0x80000000, 0x40000000,
                                     0x20000000, 0x6000007f };
    for (unsigned k = 0; k < sizeof(mcrxrs) / sizeof(mcrxrs[0]); k++)
        for (unsigned x = 0; x < sizeof(xers) / sizeof(xers[0]); x++) {
            uint32_t cr, xo;
            mcrxrs[k].fn(xers[x], &cr, &xo);
            printf("mcrxr %s xer=%08x: cr=%08x xer=%08x\n", mcrxrs[k].args,
                   xers[x], cr, xo);
        }
    for (int i = 0; i < NVALS; i++)
        for (int j = 0; j < NVALS; j++)
            printf("branch bits %08x %08x: %02x\n", vals[i], vals[j],
                   branch_bits(vals[i], vals[j]));
    return 0;
}
