/*
 * sse_helper.c: MMX and SSE..SSE4.2, AES, PCLMULQDQ on the host's own
 * vector unit.
 *
 * Every instruction with arithmetic in it runs as the same host
 * instruction in inline assembly (asm volatile, so the compiler keeps it
 * between the MXCSR switches); the pure shuffles with an immediate are
 * plain C.  Instructions whose immediate selects the operation (DPPS,
 * PCMPxSTRx, ROUNDPS, ...) expand to a switch over the immediate values.
 */
#include <string.h>

#include "target-x86/sse_helper.h"

typedef struct Vec {
    uint64_t q[2];
} __attribute__((aligned(16))) Vec;
typedef long long V2DI __attribute__((vector_size(16)));

static inline void *reg(CPUX86State *env, uint32_t ofs)
{
    return (uint8_t *)env + ofs;
}

/* Two 8-byte loads: translated code writes registers in 8-byte halves,
 * and a 16-byte load of those would stall on store forwarding.  In
 * assembly: the compiler would merge two C loads into one. */
static inline V2DI ld(CPUX86State *env, uint32_t ofs)
{
    const Vec *p = reg(env, ofs);
    V2DI v;

    __asm__("movq %1, %0\n\tmovhps %2, %0"
            : "=&x"(v) : "m"(p->q[0]), "m"(p->q[1]));
    return v;
}

static inline void st(CPUX86State *env, uint32_t ofs, V2DI v)
{
    memcpy(reg(env, ofs), &v, 16);
}

static inline uint64_t ld64(CPUX86State *env, uint32_t ofs)
{
    uint64_t v;
    memcpy(&v, reg(env, ofs), 8);
    return v;
}

static inline void st64(CPUX86State *env, uint32_t ofs, uint64_t v)
{
    memcpy(reg(env, ofs), &v, 8);
}

/* ---- MXCSR around floating-point instructions ----------------------------- */

#define MXCSR_FLAGS 0x3f
#define MXCSR_PE 0x20
#define MXCSR_PRE 0x07 /* IE DE ZE: found before the arithmetic */

/* The exception flags whose mask bit (7..12) is clear. */
static inline uint32_t mxcsr_unmasked(uint32_t mxcsr)
{
    return ~(mxcsr >> 7) & MXCSR_FLAGS;
}

/*
 * Load the guest's controls with every exception masked.  The host's flags
 * are loaded as the guest's and left up afterwards, so no LDMXCSR is
 * needed while the guest's MXCSR stays the same.  With an exception
 * unmasked, the flags start clear instead: only what this instruction
 * raises can trap.  The host's MXCSR is read rather than assumed: mimic's
 * own C code computes in SSE too.
 */
static inline void mxcsr_enter(CPUX86State *env)
{
    uint32_t want, now;

    __asm__ volatile("stmxcsr %0" : "=m"(now));
    env->mxcsr |= now & MXCSR_FLAGS;    /* the inline operations' flags */
    want = env->mxcsr | 0x1f80;
    if (mxcsr_unmasked(env->mxcsr))
        want &= ~MXCSR_FLAGS;
    if (now != want)
        __asm__ volatile("ldmxcsr %0" : : "m"(want));
}

/*
 * Collect the flags raised; put back the host's default controls with
 * the guest's flags (README: the host's flags are part of the guest's).
 * A flag raised whose exception is unmasked is #XM at this instruction
 * (pc synced: X86_TB_SSE_TRAPS), before the caller writes the result.
 * An unmasked IE, DE or ZE stops the hardware before the arithmetic, so
 * the flags of its results (OE, UE, PE) stay clear, in the host too.
 */
static inline void mxcsr_leave(CPUX86State *env)
{
    uint32_t now, want, raised, unmasked = mxcsr_unmasked(env->mxcsr);

    __asm__ volatile("stmxcsr %0" : "=m"(now));
    raised = now & MXCSR_FLAGS;
    if (raised & unmasked & MXCSR_PRE)
        raised &= MXCSR_PRE;
    env->mxcsr |= raised;
    want = MXCSR_DEFAULT | (env->mxcsr & MXCSR_FLAGS);
    if (now != want)
        __asm__ volatile("ldmxcsr %0" : : "m"(want));
    if (raised & unmasked) {
        env->common.exception_index = EXCP_X86_XM;
        cpu_loop_exit(&env->common);
    }
}

/* ---- scalar arithmetic fast path ---------------------------------------- */

static inline bool normal64(uint64_t x)
{
    unsigned e = (x >> 52) & 0x7ff;
    return e != 0 && e != 0x7ff;
}

static inline bool normal32(uint32_t x)
{
    unsigned e = (x >> 23) & 0xff;
    return e != 0 && e != 0xff;
}

/*
 * ADDSD..DIVSS without touching MXCSR, when the answer cannot depend on it:
 * default controls (round to nearest, all exceptions masked, no DAZ/FTZ),
 * the sticky inexact flag already set, normal inputs and a normal result.
 * Then no flag but inexact can arise (a normal result is neither tiny nor
 * overflowed, normal inputs are neither denormal nor NaN/infinity, a normal
 * divisor is not zero), and the host, which runs mimic's C code with the
 * default controls, computes the same bits.  Anything else takes the exact
 * path below.  The mnemonic is a literal: the compare folds away.
 */
static inline __attribute__((always_inline)) bool
sse_scalar_fast(CPUX86State *env, uint32_t d, uint32_t s, const char *m)
{
    int op;
    bool dbl;

    if (!strcmp(m, "addsd") || !strcmp(m, "addss")) {
        op = 0;
    } else if (!strcmp(m, "subsd") || !strcmp(m, "subss")) {
        op = 1;
    } else if (!strcmp(m, "mulsd") || !strcmp(m, "mulss")) {
        op = 2;
    } else if (!strcmp(m, "divsd") || !strcmp(m, "divss")) {
        op = 3;
    } else {
        return false;
    }
    dbl = m[4] == 'd';
    if ((env->mxcsr & ~MXCSR_FLAGS) != MXCSR_DEFAULT || !(env->mxcsr & MXCSR_PE)) {
        return false;
    }
    if (dbl) {
        uint64_t ab = ld64(env, d), bb = ld64(env, s), rb;
        double a, b, r;
        if (!normal64(ab) || !normal64(bb)) {
            return false;
        }
        memcpy(&a, &ab, 8);
        memcpy(&b, &bb, 8);
        r = op == 0 ? a + b : op == 1 ? a - b : op == 2 ? a * b : a / b;
        memcpy(&rb, &r, 8);
        if (!normal64(rb)) {
            return false;
        }
        st64(env, d, rb);
    } else {
        uint32_t ab, bb, rb;
        float a, b, r;
        memcpy(&ab, reg(env, d), 4);
        memcpy(&bb, reg(env, s), 4);
        if (!normal32(ab) || !normal32(bb)) {
            return false;
        }
        memcpy(&a, &ab, 4);
        memcpy(&b, &bb, 4);
        r = op == 0 ? a + b : op == 1 ? a - b : op == 2 ? a * b : a / b;
        memcpy(&rb, &r, 4);
        if (!normal32(rb)) {
            return false;
        }
        memcpy(reg(env, d), &rb, 4);
    }
    return true;
}

/* ---- two-operand instructions ------------------------------------------------ */

#define DEFINE_FP(name, mnemonic)                                           \
    void x86_helper_##name(CPUX86State *env, uint32_t d, uint32_t s)      \
    {                                                                       \
        if (sse_scalar_fast(env, d, s, mnemonic))                           \
            return;                                                         \
        V2DI a = ld(env, d), b = ld(env, s);                                \
        mxcsr_enter(env);                                                   \
        __asm__ volatile(mnemonic " %1, %0" : "+x"(a) : "x"(b));             \
        mxcsr_leave(env);                                                   \
        st(env, d, a);                                                      \
    }
#define DEFINE_INT(name, mnemonic)                                          \
    void x86_helper_##name(CPUX86State *env, uint32_t d, uint32_t s)      \
    {                                                                       \
        V2DI a = ld(env, d), b = ld(env, s);                                \
        __asm__(mnemonic " %1, %0" : "+x"(a) : "x"(b));                      \
        st(env, d, a);                                                      \
    }
/* MMX forms use the host's mm registers, then EMMS: the host x87 must be
 * empty between helpers. */
#define DEFINE_MMX(name, mnemonic)                                          \
    DEFINE_INT(name, mnemonic)                                              \
    void x86_helper_##name##_mmx(CPUX86State *env, uint32_t d, uint32_t s)\
    {                                                                       \
        uint64_t a = ld64(env, d), b = ld64(env, s);                        \
        __asm__ volatile("movq %1, %%mm0\n\tmovq %2, %%mm1\n\t"             \
                         mnemonic " %%mm1, %%mm0\n\tmovq %%mm0, %0\n\temms"  \
                         : "=m"(a) : "m"(a), "m"(b) : "mm0", "mm1");         \
        st64(env, d, a);                                                    \
    }
X86_SSE_FP_OPS(DEFINE_FP)
X86_SSE_INT_OPS(DEFINE_INT)
X86_SSE_MMX_OPS(DEFINE_MMX)

#define DEFINE_BLENDV(name, mnemonic)                                       \
    void x86_helper_##name(CPUX86State *env, uint32_t d, uint32_t s)      \
    {                                                                       \
        V2DI a = ld(env, d), b = ld(env, s);                                \
        register V2DI mask __asm__("xmm0") = ld(env,                       \
            (uint32_t)offsetof(CPUX86State, xmm[0]));                      \
        __asm__(mnemonic " %%xmm0, %2, %0" : "+x"(a) : "Yz"(mask), "x"(b)); \
        st(env, d, a);                                                      \
    }
DEFINE_BLENDV(blendvps, "blendvps")
DEFINE_BLENDV(blendvpd, "blendvpd")
DEFINE_BLENDV(pblendvb, "pblendvb")

/* ---- immediates: a switch over the values -------------------------------- */

#define R4(M, n) M(n) M((n) + 1) M((n) + 2) M((n) + 3)
#define R16(M, n) R4(M, n) R4(M, (n) + 4) R4(M, (n) + 8) R4(M, (n) + 12)
#define R64(M, n) R16(M, n) R16(M, (n) + 16) R16(M, (n) + 32) R16(M, (n) + 48)
#define R256(M) R64(M, 0) R64(M, 64) R64(M, 128) R64(M, 192)

#define DEFINE_IMM(name, mnemonic, reps, mask, fp)                          \
    void x86_helper_##name(CPUX86State *env, uint32_t d, uint32_t s,      \
                           uint32_t imm)                                   \
    {                                                                       \
        V2DI a = ld(env, d), b = ld(env, s);                                \
        if (fp)                                                             \
            mxcsr_enter(env);                                               \
        switch (imm & (mask)) {                                             \
        reps                                                                \
        }                                                                   \
        if (fp)                                                             \
            mxcsr_leave(env);                                               \
        st(env, d, a);                                                      \
    }
#define CASE_CMPPS(n) case (n): __asm__ volatile("cmpps %2, %1, %0" : "+x"(a) : "x"(b), "i"(n)); break;
#define CASE_CMPPD(n) case (n): __asm__ volatile("cmppd %2, %1, %0" : "+x"(a) : "x"(b), "i"(n)); break;
#define CASE_CMPSS(n) case (n): __asm__ volatile("cmpss %2, %1, %0" : "+x"(a) : "x"(b), "i"(n)); break;
#define CASE_CMPSD(n) case (n): __asm__ volatile("cmpsd %2, %1, %0" : "+x"(a) : "x"(b), "i"(n)); break;
#define CASE_RNDPS(n) case (n): __asm__ volatile("roundps %2, %1, %0" : "+x"(a) : "x"(b), "i"(n)); break;
#define CASE_RNDPD(n) case (n): __asm__ volatile("roundpd %2, %1, %0" : "+x"(a) : "x"(b), "i"(n)); break;
#define CASE_RNDSS(n) case (n): __asm__ volatile("roundss %2, %1, %0" : "+x"(a) : "x"(b), "i"(n)); break;
#define CASE_RNDSD(n) case (n): __asm__ volatile("roundsd %2, %1, %0" : "+x"(a) : "x"(b), "i"(n)); break;
#define CASE_DPPS(n) case (n): __asm__ volatile("dpps %2, %1, %0" : "+x"(a) : "x"(b), "i"(n)); break;
#define CASE_DPPD(n) case (n): __asm__ volatile("dppd %2, %1, %0" : "+x"(a) : "x"(b), "i"(n)); break;
#define CASE_MPSADBW(n) case (n): __asm__("mpsadbw %2, %1, %0" : "+x"(a) : "x"(b), "i"(n)); break;
#define CASE_PCLMUL(n) case (n): __asm__("pclmulqdq %2, %1, %0" : "+x"(a) : "x"(b), "i"(n)); break;
#define CASE_AESKGA(n) case (n): __asm__("aeskeygenassist %2, %1, %0" : "=x"(a) : "x"(b), "i"(n)); break;

DEFINE_IMM(cmpps, "cmpps", R4(CASE_CMPPS, 0) R4(CASE_CMPPS, 4), 7, 1)
DEFINE_IMM(cmppd, "cmppd", R4(CASE_CMPPD, 0) R4(CASE_CMPPD, 4), 7, 1)
DEFINE_IMM(cmpss, "cmpss", R4(CASE_CMPSS, 0) R4(CASE_CMPSS, 4), 7, 1)
DEFINE_IMM(cmpsd, "cmpsd", R4(CASE_CMPSD, 0) R4(CASE_CMPSD, 4), 7, 1)
DEFINE_IMM(roundps, "roundps", R16(CASE_RNDPS, 0), 15, 1)
DEFINE_IMM(roundpd, "roundpd", R16(CASE_RNDPD, 0), 15, 1)
DEFINE_IMM(roundss, "roundss", R16(CASE_RNDSS, 0), 15, 1)
DEFINE_IMM(roundsd, "roundsd", R16(CASE_RNDSD, 0), 15, 1)
DEFINE_IMM(dpps, "dpps", R256(CASE_DPPS), 255, 1)
DEFINE_IMM(dppd, "dppd", R256(CASE_DPPD), 255, 1)
DEFINE_IMM(mpsadbw, "mpsadbw", R4(CASE_MPSADBW, 0) R4(CASE_MPSADBW, 4), 7, 0)
DEFINE_IMM(pclmulqdq, "pclmulqdq",
           CASE_PCLMUL(0x00) CASE_PCLMUL(0x01) CASE_PCLMUL(0x10)
           CASE_PCLMUL(0x11), 0x11, 0)
DEFINE_IMM(aeskeygenassist, "aeskeygenassist", R256(CASE_AESKGA), 255, 0)

/* ---- shuffles with an immediate: plain data movement ----------------------- */

void x86_helper_pshufd(CPUX86State *env, uint32_t d, uint32_t s, uint32_t imm)
{
    uint32_t in[4], out[4];

    memcpy(in, reg(env, s), 16);
    for (int i = 0; i < 4; i++)
        out[i] = in[(imm >> (2 * i)) & 3];
    memcpy(reg(env, d), out, 16);
}

static void shuffle_words(uint16_t *out, const uint16_t *in, uint32_t imm)
{
    for (int i = 0; i < 4; i++)
        out[i] = in[(imm >> (2 * i)) & 3];
}

void x86_helper_pshuflw(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm)
{
    uint16_t in[8], out[8];

    memcpy(in, reg(env, s), 16);
    shuffle_words(out, in, imm);
    memcpy(out + 4, in + 4, 8);
    memcpy(reg(env, d), out, 16);
}

void x86_helper_pshufhw(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm)
{
    uint16_t in[8], out[8];

    memcpy(in, reg(env, s), 16);
    memcpy(out, in, 8);
    shuffle_words(out + 4, in + 4, imm);
    memcpy(reg(env, d), out, 16);
}

void x86_helper_pshufw(CPUX86State *env, uint32_t d, uint32_t s, uint32_t imm)
{
    uint16_t in[4], out[4];

    memcpy(in, reg(env, s), 8);
    shuffle_words(out, in, imm);
    memcpy(reg(env, d), out, 8);
}

void x86_helper_shufps(CPUX86State *env, uint32_t d, uint32_t s, uint32_t imm)
{
    uint32_t a[4], b[4], out[4];

    memcpy(a, reg(env, d), 16);
    memcpy(b, reg(env, s), 16);
    out[0] = a[imm & 3];
    out[1] = a[(imm >> 2) & 3];
    out[2] = b[(imm >> 4) & 3];
    out[3] = b[(imm >> 6) & 3];
    memcpy(reg(env, d), out, 16);
}

void x86_helper_shufpd(CPUX86State *env, uint32_t d, uint32_t s, uint32_t imm)
{
    uint64_t a[2], b[2], out[2];

    memcpy(a, reg(env, d), 16);
    memcpy(b, reg(env, s), 16);
    out[0] = a[imm & 1];
    out[1] = b[(imm >> 1) & 1];
    memcpy(reg(env, d), out, 16);
}

/* PALIGNR: bytes imm.. of the concatenation dst:src (src low). */
static void align_bytes(uint8_t *d, const uint8_t *src, unsigned n,
                        uint32_t imm)
{
    uint8_t cat[32];

    memcpy(cat, src, n);
    memcpy(cat + n, d, n);
    for (unsigned i = 0; i < n; i++)
        d[i] = imm + i < 2 * n ? cat[imm + i] : 0;
}

void x86_helper_palignr(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm)
{
    align_bytes(reg(env, d), reg(env, s), 16, imm);
}

void x86_helper_palignr_mmx(CPUX86State *env, uint32_t d, uint32_t s,
                            uint32_t imm)
{
    align_bytes(reg(env, d), reg(env, s), 8, imm);
}

void x86_helper_psrldq(CPUX86State *env, uint32_t d, uint32_t s, uint32_t imm)
{
    uint8_t in[16], out[16];

    (void)s;
    memcpy(in, reg(env, d), 16);
    for (unsigned i = 0; i < 16; i++)
        out[i] = imm + i < 16 ? in[imm + i] : 0;
    memcpy(reg(env, d), out, 16);
}

void x86_helper_pslldq(CPUX86State *env, uint32_t d, uint32_t s, uint32_t imm)
{
    uint8_t in[16], out[16];

    (void)s;
    memcpy(in, reg(env, d), 16);
    for (unsigned i = 0; i < 16; i++)
        out[i] = i >= imm ? in[i - imm] : 0;
    memcpy(reg(env, d), out, 16);
}

void x86_helper_blendps(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm)
{
    uint32_t *a = reg(env, d), b[4];

    memcpy(b, reg(env, s), 16);
    for (int i = 0; i < 4; i++)
        if (imm & (1u << i))
            a[i] = b[i];
}

void x86_helper_blendpd(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm)
{
    uint64_t *a = reg(env, d), b[2];

    memcpy(b, reg(env, s), 16);
    for (int i = 0; i < 2; i++)
        if (imm & (1u << i))
            a[i] = b[i];
}

void x86_helper_pblendw(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t imm)
{
    uint16_t *a = reg(env, d), b[8];

    memcpy(b, reg(env, s), 16);
    for (int i = 0; i < 8; i++)
        if (imm & (1u << i))
            a[i] = b[i];
}

/* INSERTPS: for a register source the element is imm[7:6]; a memory
 * source is the loaded 32 bits (the translator puts them in element 0 and
 * clears imm[7:6]). */
void x86_helper_insertps(CPUX86State *env, uint32_t d, uint32_t s,
                         uint32_t imm)
{
    uint32_t *a = reg(env, d), b[4];

    memcpy(b, reg(env, s), 16);
    a[(imm >> 4) & 3] = b[(imm >> 6) & 3];
    for (int i = 0; i < 4; i++)
        if (imm & (1u << i))
            a[i] = 0;
}

/* ---- SSE4.2 string compares ------------------------------------------------ */

#define FLAGS_OUT(fl)                                                       \
    "=@ccc"(fl.c), "=@ccz"(fl.z), "=@ccs"(fl.s), "=@cco"(fl.o)

typedef struct StrFlags {
    uint8_t c, z, s, o;
} StrFlags;

static uint64_t str_result(StrFlags f, uint32_t ecx)
{
    uint64_t flags = (f.c ? CC_C : 0) | (f.z ? CC_Z : 0) |
                     (f.s ? CC_S : 0) | (f.o ? CC_O : 0);
    return flags << 32 | ecx;
}

#define CASE_ISTRI(n) case (n): __asm__("pcmpistri %[i], %[b], %[a]" : "=c"(ecx), FLAGS_OUT(f) : [a] "x"(a), [b] "x"(b), [i] "i"(n)); break;
#define CASE_ISTRM(n) case (n): __asm__("pcmpistrm %[i], %[b], %[a]" : "=Yz"(m), FLAGS_OUT(f) : [a] "x"(a), [b] "x"(b), [i] "i"(n)); break;
#define CASE_ESTRI(n) case (n): __asm__("pcmpestri %[i], %[b], %[a]" : "=c"(ecx), FLAGS_OUT(f) : [a] "x"(a), [b] "x"(b), [i] "i"(n), "a"(rax), "d"(rdx)); break;
#define CASE_ESTRM(n) case (n): __asm__("pcmpestrm %[i], %[b], %[a]" : "=Yz"(m), FLAGS_OUT(f) : [a] "x"(a), [b] "x"(b), [i] "i"(n), "a"(rax), "d"(rdx)); break;

uint64_t x86_helper_pcmpistr(CPUX86State *env, uint32_t d, uint32_t s,
                             uint32_t imm_form)
{
    V2DI a = ld(env, d), b = ld(env, s), m;
    uint32_t ecx = 0;
    StrFlags f;

    if (imm_form & 0x100) {
        switch (imm_form & 255) { R256(CASE_ISTRI) }
        return str_result(f, ecx);
    }
    switch (imm_form & 255) { R256(CASE_ISTRM) }
    st(env, (uint32_t)offsetof(CPUX86State, xmm[0]), m);
    return str_result(f, 0);
}

uint64_t x86_helper_pcmpestr(CPUX86State *env, uint32_t d, uint32_t s,
                             uint32_t imm_form, uint64_t rax, uint64_t rdx)
{
    V2DI a = ld(env, d), b = ld(env, s), m;
    uint32_t ecx = 0;
    StrFlags f;

    /* Run without REX.W: lengths from EAX/EDX (a REX.W length beyond
     * 32 bits would differ). */
    if (imm_form & 0x100) {
        switch (imm_form & 255) { R256(CASE_ESTRI) }
        return str_result(f, ecx);
    }
    switch (imm_form & 255) { R256(CASE_ESTRM) }
    st(env, (uint32_t)offsetof(CPUX86State, xmm[0]), m);
    return str_result(f, 0);
}

/* ---- flags results ----------------------------------------------------------- */

uint64_t x86_helper_comis(CPUX86State *env, uint32_t d, uint32_t s,
                          uint32_t kind)
{
    V2DI a = ld(env, d), b = ld(env, s);
    uint8_t z, p, c;

    mxcsr_enter(env);
    switch (kind & 3) {
    case 0: __asm__ volatile("comiss %3, %4" : "=@ccz"(z), "=@ccp"(p), "=@ccc"(c) : "x"(b), "x"(a)); break;
    case 1: __asm__ volatile("comisd %3, %4" : "=@ccz"(z), "=@ccp"(p), "=@ccc"(c) : "x"(b), "x"(a)); break;
    case 2: __asm__ volatile("ucomiss %3, %4" : "=@ccz"(z), "=@ccp"(p), "=@ccc"(c) : "x"(b), "x"(a)); break;
    default: __asm__ volatile("ucomisd %3, %4" : "=@ccz"(z), "=@ccp"(p), "=@ccc"(c) : "x"(b), "x"(a)); break;
    }
    mxcsr_leave(env);
    return (z ? CC_Z : 0) | (p ? CC_P : 0) | (c ? CC_C : 0);
}

uint64_t x86_helper_ptest(CPUX86State *env, uint32_t d, uint32_t s)
{
    V2DI a = ld(env, d), b = ld(env, s);
    uint8_t z, c;

    __asm__("ptest %2, %3" : "=@ccz"(z), "=@ccc"(c) : "x"(b), "x"(a));
    return (z ? CC_Z : 0) | (c ? CC_C : 0);
}

/* ---- conversions with general and MMX registers ------------------------------ */

void x86_helper_cvtsi2s(CPUX86State *env, uint32_t d, uint64_t val,
                        uint32_t w64, uint32_t dbl)
{
    V2DI a = ld(env, d);
    uint32_t v32 = (uint32_t)val;

    mxcsr_enter(env);
    if (w64) {
        if (dbl)
            __asm__ volatile("cvtsi2sdq %1, %0" : "+x"(a) : "m"(val));
        else
            __asm__ volatile("cvtsi2ssq %1, %0" : "+x"(a) : "m"(val));
    } else {
        if (dbl)
            __asm__ volatile("cvtsi2sdl %1, %0" : "+x"(a) : "m"(v32));
        else
            __asm__ volatile("cvtsi2ssl %1, %0" : "+x"(a) : "m"(v32));
    }
    mxcsr_leave(env);
    st(env, d, a);
}

uint64_t x86_helper_cvt2si(CPUX86State *env, uint32_t s, uint32_t kind)
{
    V2DI b = ld(env, s);
    uint64_t r;
    uint32_t r32;

    mxcsr_enter(env);
    switch (kind & 7) {
    case 0: __asm__ volatile("cvtss2si %1, %0" : "=r"(r32) : "x"(b)); r = r32; break;
    case 1: __asm__ volatile("cvtsd2si %1, %0" : "=r"(r32) : "x"(b)); r = r32; break;
    case 2: __asm__ volatile("cvttss2si %1, %0" : "=r"(r32) : "x"(b)); r = r32; break;
    case 3: __asm__ volatile("cvttsd2si %1, %0" : "=r"(r32) : "x"(b)); r = r32; break;
    case 4: __asm__ volatile("cvtss2si %1, %0" : "=r"(r) : "x"(b)); break;
    case 5: __asm__ volatile("cvtsd2si %1, %0" : "=r"(r) : "x"(b)); break;
    case 6: __asm__ volatile("cvttss2si %1, %0" : "=r"(r) : "x"(b)); break;
    default: __asm__ volatile("cvttsd2si %1, %0" : "=r"(r) : "x"(b)); break;
    }
    mxcsr_leave(env);
    return r;
}

#define DEFINE_CVT_FROM_MMX(name, mnemonic)                                 \
    void x86_helper_##name(CPUX86State *env, uint32_t d, uint32_t s)      \
    {                                                                       \
        V2DI a = ld(env, d);                                                \
        uint64_t b = ld64(env, s);                                          \
        mxcsr_enter(env);                                                   \
        __asm__ volatile("movq %1, %%mm0\n\t" mnemonic " %%mm0, %0\n\temms" \
                         : "+x"(a) : "m"(b) : "mm0");                       \
        mxcsr_leave(env);                                                   \
        st(env, d, a);                                                      \
    }
#define DEFINE_CVT_TO_MMX(name, mnemonic)                                   \
    void x86_helper_##name(CPUX86State *env, uint32_t d, uint32_t s)      \
    {                                                                       \
        V2DI b = ld(env, s);                                                \
        uint64_t r;                                                         \
        mxcsr_enter(env);                                                   \
        __asm__ volatile(mnemonic " %1, %%mm0\n\tmovq %%mm0, %0\n\temms"    \
                         : "=m"(r) : "x"(b) : "mm0");                       \
        mxcsr_leave(env);                                                   \
        st64(env, d, r);                                                    \
    }
DEFINE_CVT_FROM_MMX(cvtpi2ps, "cvtpi2ps")
DEFINE_CVT_FROM_MMX(cvtpi2pd, "cvtpi2pd")
DEFINE_CVT_TO_MMX(cvtps2pi, "cvtps2pi")
DEFINE_CVT_TO_MMX(cvttps2pi, "cvttps2pi")
DEFINE_CVT_TO_MMX(cvtpd2pi, "cvtpd2pi")
DEFINE_CVT_TO_MMX(cvttpd2pi, "cvttpd2pi")

/* ---- masks, masked stores, MXCSR ------------------------------------------------ */

uint64_t x86_helper_movmskps(CPUX86State *env, uint32_t s)
{
    uint32_t l[4];

    memcpy(l, reg(env, s), 16);
    return (l[0] >> 31) | (l[1] >> 31) << 1 | (l[2] >> 31) << 2 |
           (l[3] >> 31) << 3;
}

uint64_t x86_helper_movmskpd(CPUX86State *env, uint32_t s)
{
    uint64_t q[2];

    memcpy(q, reg(env, s), 16);
    return (q[0] >> 63) | (q[1] >> 63) << 1;
}

void x86_helper_maskmov(CPUX86State *env, uint32_t d, uint32_t s,
                        uint32_t bytes)
{
    const uint8_t *data = reg(env, d), *mask = reg(env, s);

    for (unsigned i = 0; i < bytes && i < 16; i++)
        if (mask[i] & 0x80)
            env->xmm_tmp.b[i] = data[i];
}

void x86_helper_ldmxcsr(CPUX86State *env, uint32_t val)
{
    if (val & ~MXCSR_MASK_SUPPORTED) {
        env->common.exception_index = EXCP_X86_GP;
        env->error_code = 0;
        cpu_loop_exit(&env->common);
    }
    env->mxcsr = val;
    x86_mxcsr_to_host(env);
}

/* ---- the host's MXCSR flags as part of the guest's (README: inline
 *      scalar doubles) -------------------------------------------------- */

void x86_mxcsr_to_host(const CPUX86State *env)
{
    uint32_t want = MXCSR_DEFAULT | (env->mxcsr & MXCSR_FLAGS), now;

    __asm__ volatile("stmxcsr %0" : "=m"(now));
    if (now != want)
        __asm__ volatile("ldmxcsr %0" : : "m"(want));
}

void x86_mxcsr_from_host(CPUX86State *env)
{
    uint32_t now;

    __asm__ volatile("stmxcsr %0" : "=m"(now));
    env->mxcsr |= now & MXCSR_FLAGS;
}

void x86_helper_mxcsr_from_host(CPUX86State *env)
{
    x86_mxcsr_from_host(env);
}

void x86_helper_mxcsr_to_host(CPUX86State *env)
{
    x86_mxcsr_to_host(env);
}

uint64_t x86_helper_stmxcsr(CPUX86State *env)
{
    x86_mxcsr_from_host(env);
    return env->mxcsr;
}
