/*
 * Rotates, shifts and bit counting: rlwinm/rlwnm/rlwimi over many masks,
 * including wrap-around masks (MB > ME), record forms; slw/srw/sraw with
 * register counts 0..63 (bit 26 of the count selects "shift out
 * everything"), srawi with every immediate, the CA they set, and
 * cntlzw/extsb/extsh.  Output: rD CR XER after each.
 */
#include <stdint.h>
#include <stdio.h>

#define CR_INIT 0x12345678u
#define CLOBBERS "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7", "xer"

static const uint32_t vals[] = {
    0, 1, 0x80000000, 0xffffffff, 0x12345678, 0xdeadbeef, 0x0000ff80,
    0x00008000,
};
#define NVALS (int)(sizeof(vals) / sizeof(vals[0]))

struct result {
    uint32_t d, cr, xer;
};

typedef void fn_imm(uint32_t s, uint32_t a_in, struct result *r);

/* rlwinm/rlwimi: s is rS, a_in the old rA (matters for rlwimi only). */
#define DEFROT(id, text, sh, mb, me)                                         \
    static void id(uint32_t s, uint32_t a_in, struct result *r)              \
    {                                                                        \
        asm volatile("mtxer %[z]\n\tmtcrf 0xff,%[c]\n\t" text " %[d],%[s],"  \
                     #sh "," #mb "," #me "\n\tmfcr %[cr]\n\tmfxer %[xo]"     \
                     : [d] "=&r"(r->d), [cr] "=&r"(r->cr), [xo] "=&r"(r->xer) \
                     : [s] "r"(s), "[d]"(a_in), [c] "r"(CR_INIT),           \
                       [z] "r"(0xe0000000u)                                  \
                     : CLOBBERS);                                            \
    }
#define MASKS(X, id, text, sh)                                               \
    X(id##_##sh##_0_31, text, sh, 0, 31) X(id##_##sh##_0_0, text, sh, 0, 0) \
    X(id##_##sh##_31_31, text, sh, 31, 31)                                  \
    X(id##_##sh##_16_31, text, sh, 16, 31)                                  \
    X(id##_##sh##_0_15, text, sh, 0, 15) X(id##_##sh##_8_23, text, sh, 8, 23) \
    X(id##_##sh##_24_7, text, sh, 24, 7) X(id##_##sh##_31_0, text, sh, 31, 0) \
    X(id##_##sh##_1_0, text, sh, 1, 0) X(id##_##sh##_5_4, text, sh, 5, 4)   \
    X(id##_##sh##_30_1, text, sh, 30, 1)
#define SHIFTS(X, id, text)                                                  \
    MASKS(X, id, text, 0) MASKS(X, id, text, 1) MASKS(X, id, text, 8)       \
    MASKS(X, id, text, 16) MASKS(X, id, text, 31)
#define ROTS(X)                                                              \
    SHIFTS(X, rlwinm, "rlwinm") SHIFTS(X, rlwimi, "rlwimi")                 \
    MASKS(X, rlwinm_rc, "rlwinm.", 3) MASKS(X, rlwimi_rc, "rlwimi.", 29)
ROTS(DEFROT)
#define ENTRYROT(id, text, sh, mb, me) { text, sh, mb, me, id },
static const struct {
    const char *name;
    int sh, mb, me;
    fn_imm *fn;
} rots[] = { ROTS(ENTRYROT) };

typedef void fn_reg(uint32_t s, uint32_t b, struct result *r);

#define DEFREG(id, text, ...)                                                \
    static void id(uint32_t s, uint32_t b, struct result *r)                 \
    {                                                                        \
        asm volatile("mtxer %[z]\n\tmtcrf 0xff,%[c]\n\t" text " %[d],%[s],"  \
                     "%[b]" __VA_ARGS__ "\n\tmfcr %[cr]\n\tmfxer %[xo]"      \
                     : [d] "=&r"(r->d), [cr] "=&r"(r->cr), [xo] "=&r"(r->xer) \
                     : [s] "r"(s), [b] "r"(b), [c] "r"(CR_INIT),            \
                       [z] "r"(0xc0000000u)                                  \
                     : CLOBBERS);                                            \
    }
#define REGS(X)                                                              \
    X(slw, "slw") X(slw_rc, "slw.") X(srw, "srw") X(srw_rc, "srw.")         \
    X(sraw, "sraw") X(sraw_rc, "sraw.")                                     \
    X(rlwnm_0_31, "rlwnm", ",0,31") X(rlwnm_4_27, "rlwnm", ",4,27")         \
    X(rlwnm_28_3, "rlwnm", ",28,3") X(rlwnm_rc_16_15, "rlwnm.", ",16,15")
REGS(DEFREG)
#define ENTRYREG(id, text, ...) { text, "" __VA_ARGS__, id },
static const struct {
    const char *name, *mask;
    fn_reg *fn;
} regs[] = { REGS(ENTRYREG) };

/* srawi for every count; CA in is 0 with SO and OV set. */
#define DEFSRAWI(id, text, n)                                                \
    static void id(uint32_t s, uint32_t a_in, struct result *r)              \
    {                                                                        \
        (void)a_in;                                                          \
        asm volatile("mtxer %[z]\n\tmtcrf 0xff,%[c]\n\t" text " %[d],%[s],"  \
                     #n "\n\tmfcr %[cr]\n\tmfxer %[xo]"                      \
                     : [d] "=&r"(r->d), [cr] "=&r"(r->cr), [xo] "=&r"(r->xer) \
                     : [s] "r"(s), [c] "r"(CR_INIT), [z] "r"(0xc0000000u)   \
                     : CLOBBERS);                                            \
    }
#define SRAWI8(X, t, id, a, b, c, d, e, f, g, h)                             \
    X(id##a, t, a) X(id##b, t, b) X(id##c, t, c) X(id##d, t, d)             \
    X(id##e, t, e) X(id##f, t, f) X(id##g, t, g) X(id##h, t, h)
#define SRAWIS(X)                                                            \
    SRAWI8(X, "srawi", srawi, 0, 1, 2, 3, 4, 5, 6, 7)                       \
    SRAWI8(X, "srawi", srawi, 8, 9, 10, 11, 12, 13, 14, 15)                 \
    SRAWI8(X, "srawi", srawi, 16, 17, 18, 19, 20, 21, 22, 23)               \
    SRAWI8(X, "srawi", srawi, 24, 25, 26, 27, 28, 29, 30, 31)               \
    SRAWI8(X, "srawi.", srawi_rc, 0, 1, 4, 15, 16, 30, 31, 2)
SRAWIS(DEFSRAWI)
#define ENTRYSRAWI(id, text, n) { text, n, id },
static const struct {
    const char *name;
    int n;
    fn_imm *fn;
} srawis[] = { SRAWIS(ENTRYSRAWI) };

#define DEFUN(id, text)                                                      \
    static void id(uint32_t s, uint32_t a_in, struct result *r)              \
    {                                                                        \
        (void)a_in;                                                          \
        asm volatile("mtxer %[z]\n\tmtcrf 0xff,%[c]\n\t" text " %[d],%[s]"   \
                     "\n\tmfcr %[cr]\n\tmfxer %[xo]"                         \
                     : [d] "=&r"(r->d), [cr] "=&r"(r->cr), [xo] "=&r"(r->xer) \
                     : [s] "r"(s), [c] "r"(CR_INIT), [z] "r"(0x80000000u)   \
                     : CLOBBERS);                                            \
    }
#define UNARY(X)                                                             \
    X(cntlzw, "cntlzw") X(cntlzw_rc, "cntlzw.") X(extsb, "extsb")           \
    X(extsb_rc, "extsb.") X(extsh, "extsh") X(extsh_rc, "extsh.")
UNARY(DEFUN)
#define ENTRYUN(id, text) { text, id },
static const struct {
    const char *name;
    fn_imm *fn;
} unary[] = { UNARY(ENTRYUN) };

static void print_result(const struct result *r)
{
    printf(" %08x %08x %08x", r->d, r->cr, r->xer);
}

int main(void)
{
    struct result r;
    for (unsigned k = 0; k < sizeof(rots) / sizeof(rots[0]); k++)
        for (int i = 0; i < NVALS; i++) {
            printf("%-7s %08x,%d,%d,%d:", rots[k].name, vals[i], rots[k].sh,
                   rots[k].mb, rots[k].me);
            rots[k].fn(vals[i], 0xa5a5a5a5, &r);
            print_result(&r);
            printf("\n");
        }
    for (unsigned k = 0; k < sizeof(regs) / sizeof(regs[0]); k++)
        for (int i = 0; i < NVALS; i++)
            for (uint32_t n = 0; n < 64; n++) {
                /* bits above the count's low 6 must be ignored */
                uint32_t b = n | (n & 1 ? 0xffffff80u : 0);
                printf("%s%s %08x %08x:", regs[k].name, regs[k].mask,
                       vals[i], b);
                regs[k].fn(vals[i], b, &r);
                print_result(&r);
                printf("\n");
            }
    for (unsigned k = 0; k < sizeof(srawis) / sizeof(srawis[0]); k++)
        for (int i = 0; i < NVALS; i++) {
            printf("%-6s %08x,%d:", srawis[k].name, vals[i], srawis[k].n);
            srawis[k].fn(vals[i], 0, &r);
            print_result(&r);
            printf("\n");
        }
    static const uint32_t more[] = { 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
                                     0x00010000, 0x00ff00ff, 0x0000007f };
    for (unsigned k = 0; k < sizeof(unary) / sizeof(unary[0]); k++) {
        for (int i = 0; i < NVALS; i++) {
            printf("%-7s %08x:", unary[k].name, vals[i]);
            unary[k].fn(vals[i], 0, &r);
            print_result(&r);
            printf("\n");
        }
        for (unsigned i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
            printf("%-7s %08x:", unary[k].name, more[i]);
            unary[k].fn(more[i], 0, &r);
            print_result(&r);
            printf("\n");
        }
    }
    return 0;
}
