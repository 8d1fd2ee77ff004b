/*
 * PowerPC integer arithmetic: every add/subtract/multiply/divide form with
 * its OE (o) and Rc (.) variants.  Before each instruction XER and CR are
 * set to known values; after it rD, the whole CR and XER are printed, so
 * carry, overflow, summary overflow and the CR0 update are all visible.
 *
 * XER in is 0 or SO|OV|CA: that shows CA in, that OE=0 forms keep OV, and
 * that SO is sticky and copied to CR0.
 *
 * Undefined results (PowerPC ISA, divw/divwu): for division by zero and
 * 0x80000000 / -1, rD and CR0[LT,GT,EQ] (when Rc=1) are undefined; they
 * are printed as "--------" and masked.  OV/SO remain defined.
 */
#include <stdint.h>
#include <stdio.h>

#define CR_INIT 0x12345678u   /* distinct nibbles: a stray field write shows */

static const uint32_t vals[] = {
    0, 1, 2, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
    0x12345678,
};
#define NVALS (int)(sizeof(vals) / sizeof(vals[0]))

static const uint32_t xer_ins[] = { 0, 0xe0000000 };

struct result {
    uint32_t d, cr, xer;
};

typedef void insn3_fn(uint32_t a, uint32_t b, uint32_t xer, struct result *r);
typedef void insn2_fn(uint32_t a, uint32_t xer, struct result *r);

#define DEF3(id, text)                                                       \
    static void id(uint32_t a, uint32_t b, uint32_t xer, struct result *r)   \
    {                                                                        \
        asm volatile("mtxer %[x]\n\tmtcrf 0xff,%[c]\n\t" text                \
                     " %[d],%[a],%[b]\n\tmfcr %[cr]\n\tmfxer %[xo]"          \
                     : [d] "=&r"(r->d), [cr] "=&r"(r->cr), [xo] "=&r"(r->xer) \
                     : [a] "r"(a), [b] "r"(b), [x] "r"(xer),                 \
                       [c] "r"(CR_INIT)                                      \
                     : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",      \
                       "cr7", "xer");                                        \
    }

#define DEF2(id, text)                                                       \
    static void id(uint32_t a, uint32_t xer, struct result *r)               \
    {                                                                        \
        asm volatile("mtxer %[x]\n\tmtcrf 0xff,%[c]\n\t" text                \
                     " %[d],%[a]\n\tmfcr %[cr]\n\tmfxer %[xo]"               \
                     : [d] "=&r"(r->d), [cr] "=&r"(r->cr), [xo] "=&r"(r->xer) \
                     : [a] "r"(a), [x] "r"(xer), [c] "r"(CR_INIT)            \
                     : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",      \
                       "cr7", "xer");                                        \
    }

/* Each base mnemonic in its four forms: plain, record, OE, OE+record. */
#define FORMS3(X, base)                                                      \
    X(base, #base) X(base##_rc, #base ".") X(base##o, #base "o")            \
    X(base##o_rc, #base "o.")
#define INSNS3(X)                                                            \
    FORMS3(X, add) FORMS3(X, addc) FORMS3(X, adde) FORMS3(X, subf)          \
    FORMS3(X, subfc) FORMS3(X, subfe) FORMS3(X, mullw) FORMS3(X, divw)      \
    FORMS3(X, divwu)                                                        \
    X(mulhw, "mulhw") X(mulhw_rc, "mulhw.") X(mulhwu, "mulhwu")             \
    X(mulhwu_rc, "mulhwu.")                                                 \
    X(and, "and") X(and_rc, "and.") X(andc, "andc") X(andc_rc, "andc.")     \
    X(or, "or") X(or_rc, "or.") X(orc, "orc") X(orc_rc, "orc.")             \
    X(xor, "xor") X(xor_rc, "xor.") X(nand, "nand") X(nand_rc, "nand.")     \
    X(nor, "nor") X(nor_rc, "nor.") X(eqv, "eqv") X(eqv_rc, "eqv.")
#define INSNS2(X)                                                            \
    FORMS3(X, addme) FORMS3(X, addze) FORMS3(X, subfme) FORMS3(X, subfze)   \
    FORMS3(X, neg)

INSNS3(DEF3)
INSNS2(DEF2)

#define ENTRY(id, text) { text, id },
static const struct { const char *name; insn3_fn *fn; } insns3[] = { INSNS3(ENTRY) };
static const struct { const char *name; insn2_fn *fn; } insns2[] = { INSNS2(ENTRY) };

/* divw/divwu leave rD and CR0[LT,GT,EQ] undefined in these cases. */
static int undefined_result(const char *name, uint32_t a, uint32_t b)
{
    if (name[0] != 'd')
        return 0;
    if (b == 0)
        return 1;
    return name[4] != 'u' && a == 0x80000000 && b == 0xffffffff;
}

static void print_result(const struct result *r, int undefined)
{
    if (undefined)
        printf(" -------- %08x %08x", r->cr & ~0xe0000000u, r->xer);
    else
        printf(" %08x %08x %08x", r->d, r->cr, r->xer);
}

/* Immediate forms: the immediate is part of the instruction. */
#define DEFI(id, text, imm)                                                  \
    static void id(uint32_t a, uint32_t xer, struct result *r)               \
    {                                                                        \
        asm volatile("mtxer %[x]\n\tmtcrf 0xff,%[c]\n\t" text                \
                     " %[d],%[a]," #imm "\n\tmfcr %[cr]\n\tmfxer %[xo]"      \
                     : [d] "=&r"(r->d), [cr] "=&r"(r->cr), [xo] "=&r"(r->xer) \
                     : [a] "b"(a), [x] "r"(xer), [c] "r"(CR_INIT)            \
                     : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",      \
                       "cr7", "xer");                                        \
    }
#define IMMS(X, id, text)                                                    \
    X(id##_0, text, 0) X(id##_1, text, 1) X(id##_m1, text, -1)              \
    X(id##_7fff, text, 0x7fff) X(id##_m8000, text, -0x8000)
#define UIMMS(X, id, text)                                                   \
    X(id##_0, text, 0) X(id##_1, text, 1) X(id##_ffff, text, 0xffff)        \
    X(id##_8000, text, 0x8000) X(id##_5a5a, text, 0x5a5a)
#define INSNSI(X)                                                            \
    IMMS(X, addi, "addi") IMMS(X, addis, "addis") IMMS(X, addic, "addic")   \
    IMMS(X, addic_rc, "addic.") IMMS(X, subfic, "subfic")                   \
    IMMS(X, mulli, "mulli") UIMMS(X, andi_rc, "andi.")                      \
    UIMMS(X, andis_rc, "andis.") UIMMS(X, ori, "ori") UIMMS(X, oris, "oris") \
    UIMMS(X, xori, "xori") UIMMS(X, xoris, "xoris")
INSNSI(DEFI)
#define ENTRYI(id, text, imm) { text, #imm, id },
static const struct {
    const char *name, *imm;
    insn2_fn *fn;
} insnsi[] = { INSNSI(ENTRYI) };

int main(void)
{
    struct result r;
    for (unsigned k = 0; k < sizeof(insns3) / sizeof(insns3[0]); k++)
        for (int i = 0; i < NVALS; i++)
            for (int j = 0; j < NVALS; j++) {
                int undef = undefined_result(insns3[k].name, vals[i], vals[j]);
                printf("%-7s %08x %08x:", insns3[k].name, vals[i], vals[j]);
                for (int x = 0; x < 2; x++) {
                    insns3[k].fn(vals[i], vals[j], xer_ins[x], &r);
                    print_result(&r, undef);
                }
                printf("\n");
            }
    for (unsigned k = 0; k < sizeof(insns2) / sizeof(insns2[0]); k++)
        for (int i = 0; i < NVALS; i++) {
            printf("%-7s %08x:", insns2[k].name, vals[i]);
            for (int x = 0; x < 2; x++) {
                insns2[k].fn(vals[i], xer_ins[x], &r);
                print_result(&r, 0);
            }
            printf("\n");
        }
    for (unsigned k = 0; k < sizeof(insnsi) / sizeof(insnsi[0]); k++)
        for (int i = 0; i < NVALS; i++) {
            printf("%-7s %08x,%s:", insnsi[k].name, vals[i], insnsi[k].imm);
            for (int x = 0; x < 2; x++) {
                insnsi[k].fn(vals[i], xer_ins[x], &r);
                print_result(&r, 0);
            }
            printf("\n");
        }
    return 0;
}
