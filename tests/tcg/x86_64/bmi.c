/*
 * bmi.c: BMI1 (ANDN, BEXTR, BLSI, BLSMSK, BLSR, TZCNT), BMI2 (BZHI, MULX,
 * PDEP, PEXT, RORX, SARX, SHLX, SHRX) and ADX (ADCX, ADOX) on edge
 * operands, in every operand size (the word size and 32 bits; TZCNT also
 * 16) and with register and memory sources.  Each instruction runs with
 * the arithmetic flags all clear and all set beforehand; the result, the
 * register bits it must leave alone and the flags the manuals define are
 * folded into one hash per instruction and form.  The oracle is this
 * program run natively (tests/tcg/i386/bmi.c builds it for i386).
 *
 * CFLAGS: -O2 -mno-red-zone
 */
#include <stdint.h>
#include <stdio.h>

typedef unsigned long word; /* 64 bits on x86_64, 32 on i386 */

enum { CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800,
       ARITH = CF | PF | AF | ZF | SF | OF };

/* The memory operand of the memory forms (never addressed through the
 * stack pointer, which the PUSHF/POPF around the instruction move). */
static word mem;

/* A result register starts with this pattern, to show what the
 * instruction keeps of it (32-bit writes clear bits 63:32, 16-bit writes
 * keep them). */
#define PATTERN ((word)0x5a5a5a5a5a5a5a5aull)

/* One form of one instruction: d = op(a, b or mem), with the flags fin
 * loaded before and returned in *fout; *d2 is a second result (MULX).
 * fin and *fout may live on the stack: PUSH computes its address before
 * moving the stack pointer, POP after. */
typedef word (*Form)(word a, word b, word fin, word *fout, word *d2);

#define FORM(fn, text)                                                         \
    static word fn(word a, word b, word fin, word *fout, word *d2)            \
    {                                                                          \
        word d = PATTERN, e = a;                                               \
        mem = b;                                                               \
        __asm__ volatile("push %[fi]\n\tpopf\n\t" text "\n\tpushf\n\t"        \
                         "pop %[fo]"                                           \
                         : [d] "+&r"(d), [e] "+&r"(e), [fo] "=&rm"(*fout)     \
                         : [a] "r"(a), [b] "r"(b), [fi] "rm"(fin),            \
                           [m] "m"(mem), "d"(a)                               \
                         : "cc", "memory");                                    \
        *d2 = e;                                                               \
        return d;                                                              \
    }

/* Word-size and 32-bit forms, register and memory sources; T(d, a, b, e)
 * spells the instruction with d the destination, a the second source, b
 * the r/m operand and e a second destination that starts as a. */
#if defined(__x86_64__)
#define FORMS(name, T)                                                         \
    FORM(name##_w, T("%[d]", "%[a]", "%[b]", "%[e]"))                          \
    FORM(name##_wm, T("%[d]", "%[a]", "%[m]", "%[e]"))                         \
    FORM(name##_l, T("%k[d]", "%k[a]", "%k[b]", "%k[e]"))                      \
    FORM(name##_lm, T("%k[d]", "%k[a]", "%[m]", "%k[e]"))                      \
    static const Form name##_forms[4] = { name##_w, name##_wm, name##_l,      \
                                          name##_lm };
#else
#define FORMS(name, T)                                                         \
    FORM(name##_w, T("%[d]", "%[a]", "%[b]", "%[e]"))                          \
    FORM(name##_wm, T("%[d]", "%[a]", "%[m]", "%[e]"))                         \
    static const Form name##_forms[4] = { name##_w, name##_wm, 0, 0 };
#endif

#define ANDN(d, a, b, e) "andn " b ", " a ", " d
#define BEXTR(d, a, b, e) "bextr " a ", " b ", " d
#define BZHI(d, a, b, e) "bzhi " a ", " b ", " d
#define BLSI(d, a, b, e) "blsi " b ", " d
#define BLSMSK(d, a, b, e) "blsmsk " b ", " d
#define BLSR(d, a, b, e) "blsr " b ", " d
#define TZCNT(d, a, b, e) "tzcnt " b ", " d
#define SARX(d, a, b, e) "sarx " a ", " b ", " d
#define SHLX(d, a, b, e) "shlx " a ", " b ", " d
#define SHRX(d, a, b, e) "shrx " a ", " b ", " d
#define PDEP(d, a, b, e) "pdep " b ", " a ", " d
#define PEXT(d, a, b, e) "pext " b ", " a ", " d
/* rDX = a: high half to d, low half to e. */
#define MULX(d, a, b, e) "mulx " b ", " e ", " d
/* Both halves to one register: the high half wins. */
#define MULX_SAME(d, a, b, e) "mulx " b ", " d ", " d
#define RORX0(d, a, b, e) "rorx $0, " b ", " d
#define RORX1(d, a, b, e) "rorx $1, " b ", " d
#define RORX31(d, a, b, e) "rorx $31, " b ", " d
#define RORX33(d, a, b, e) "rorx $33, " b ", " d
#define RORX255(d, a, b, e) "rorx $255, " b ", " d
/* d = a + b + CF (ADCX) or OF (ADOX). */
#define ADCX(d, a, b, e) "mov " a ", " d "\n\tadcx " b ", " d
#define ADOX(d, a, b, e) "mov " a ", " d "\n\tadox " b ", " d

FORMS(andn, ANDN)
FORMS(bextr, BEXTR)
FORMS(bzhi, BZHI)
FORMS(blsi, BLSI)
FORMS(blsmsk, BLSMSK)
FORMS(blsr, BLSR)
FORMS(tzcnt, TZCNT)
FORMS(sarx, SARX)
FORMS(shlx, SHLX)
FORMS(shrx, SHRX)
FORMS(pdep, PDEP)
FORMS(pext, PEXT)
FORMS(mulx, MULX)
FORMS(mulx_same, MULX_SAME)
FORMS(rorx0, RORX0)
FORMS(rorx1, RORX1)
FORMS(rorx31, RORX31)
FORMS(rorx33, RORX33)
FORMS(rorx255, RORX255)
FORMS(adcx, ADCX)
FORMS(adox, ADOX)

/* TZCNT of 16 bits: the upper bits of the destination stay. */
FORM(tzcnt_16, "tzcnt %w[b], %w[d]")
FORM(tzcnt_16m, "tzcnt %[m], %w[d]")
static const Form tzcnt16_forms[4] = { tzcnt_16, tzcnt_16m, 0, 0 };

typedef struct Insn {
    const char *name;
    const Form *forms;
    word flags;    /* the flags the instruction defines or must keep */
} Insn;

/* AF and PF are undefined after all of BMI1/BMI2 that write flags; SF
 * after BEXTR, SF and OF after TZCNT. */
static const Insn insns[] = {
    { "andn", andn_forms, CF | ZF | SF | OF },
    { "bextr", bextr_forms, CF | ZF | OF },
    { "bzhi", bzhi_forms, CF | ZF | SF | OF },
    { "blsi", blsi_forms, CF | ZF | SF | OF },
    { "blsmsk", blsmsk_forms, CF | ZF | SF | OF },
    { "blsr", blsr_forms, CF | ZF | SF | OF },
    { "tzcnt", tzcnt_forms, CF | ZF },
    { "tzcnt16", tzcnt16_forms, CF | ZF },
    { "sarx", sarx_forms, ARITH },
    { "shlx", shlx_forms, ARITH },
    { "shrx", shrx_forms, ARITH },
    { "pdep", pdep_forms, ARITH },
    { "pext", pext_forms, ARITH },
    { "mulx", mulx_forms, ARITH },
    { "mulx-same", mulx_same_forms, ARITH },
    { "rorx0", rorx0_forms, ARITH },
    { "rorx1", rorx1_forms, ARITH },
    { "rorx31", rorx31_forms, ARITH },
    { "rorx33", rorx33_forms, ARITH },
    { "rorx255", rorx255_forms, ARITH },
    { "adcx", adcx_forms, ARITH },
    { "adox", adox_forms, ARITH },
};

/* Edge operands: zero, single bits at the ends of every size, masks,
 * counts and BEXTR controls (start | length << 8) around the sizes. */
static const uint64_t values[] = {
    0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
    0x123456789abcdef0ull, 0xf0f0f0f00f0f0f0full, 0xaaaa5555cccc3333ull,
    15, 16, 31, 32, 33, 63, 64, 65, 255, 256 + 31, 0x0810, 0x1008, 0x2000,
    0x201f, 0x2020, 0x4000, 0x3f3f, 0x4040, 0xff00, 0x00ff, 0x1234ff08,
};
#define NVALUES (sizeof(values) / sizeof(values[0]))

static uint64_t hash;

static void fold(uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        hash = (hash ^ (uint8_t)(v >> (8 * i))) * 0x100000001b3ull;
    }
}

static void cpuid_features(void)
{
    unsigned a = 7, b, c = 0, d;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    printf("cpuid: bmi1 %u bmi2 %u adx %u\n", (b >> 3) & 1, (b >> 8) & 1,
           (b >> 19) & 1);
}

int main(void)
{
    static const char *const form_names[4] = { "reg", "mem", "reg32",
                                               "mem32" };
    static const word flags_in[2] = { 0x202, 0x202 | ARITH };

    cpuid_features();
    for (size_t i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
        for (int f = 0; f < 4; f++) {
            Form fn = insns[i].forms[f];
            if (!fn) {
                continue;
            }
            hash = 0xcbf29ce484222325ull;
            for (size_t x = 0; x < NVALUES; x++) {
                for (size_t y = 0; y < NVALUES; y++) {
                    for (int k = 0; k < 2; k++) {
                        word fout, d2;
                        word r = fn((word)values[x], (word)values[y],
                                    flags_in[k], &fout, &d2);
                        fold(r);
                        fold(d2);
                        fold(fout & insns[i].flags);
                    }
                }
            }
            printf("%-9s %-5s %016llx\n", insns[i].name, form_names[f],
                   (unsigned long long)hash);
        }
    }
    /* A few results in the clear. */
    word fl, d2;
    printf("andn  %lx\n", andn_w(0xf0, 0xff, 0x202, &fl, &d2));
    printf("bextr %lx\n", bextr_w(0x0804, 0x1234, 0x202, &fl, &d2));
    printf("pdep  %lx\n", pdep_w(0x5, 0xf0f0, 0x202, &fl, &d2));
    printf("pext  %lx\n", pext_w(0x1234, 0xff00, 0x202, &fl, &d2));
    word hi = mulx_w((word)-1, (word)-1, 0x202, &fl, &d2);
    printf("mulx  %lx:%lx\n", hi, d2);
    return 0;
}
