/*
 * fpu_helper.c: the x87 FPU, computed by the host's own x87.
 *
 * Host-x87 specific by design: mimic's only host is x86-64, whose x87 is
 * the perfect model of the guest's.  Two paths:
 *
 * - Fast path (loads, stores, arithmetic, compares, FXCH, ...): when the
 *   operand registers are valid and the push slot is free, the operands
 *   are loaded into the host x87 with fldt, the same operation runs under
 *   the guest control word with every exception masked, and the host
 *   status word's flags are merged into the guest's.  If that raised an
 *   exception the guest has unmasked, the result is thrown away and the
 *   instruction takes the slow path, whose unmasked response is exact.
 *
 * - Replay (everything else): the whole guest x87 state is written as an
 *   FXSAVE image, loaded with FXRSTOR, the guest's instruction runs on the
 *   host from a table of stubs (one per opcode and ModRM byte, memory
 *   operand at [rdi]), and FXSAVE reads the state back.  Stack faults,
 *   tags, condition codes, unmasked responses and the transcendental
 *   results are then the hardware's.
 *
 * Between helpers the host x87 stack is empty, as the host ABI wants; its
 * control word and exception flags are left as the guest's last operation
 * had them (see host_enter and host_clear_flags).
 */
#include <string.h>

#include "target-x86/fpu_helper.h"
#include "target-x86/sse_helper.h"

typedef struct FxImage {
    uint8_t b[512];
} __attribute__((aligned(16))) FxImage;

static const X86FPReg fpu_indefinite = {
    .mant = 0xc000000000000000ull, .sign_exp = 0xffff,
};

static inline unsigned st_phys(const CPUX86State *env, unsigned i)
{
    return (env->fptop + i) & 7;
}
static inline X86FPReg *st_reg(CPUX86State *env, unsigned i)
{
    return &env->fpregs[st_phys(env, i)];
}
static inline bool st_empty(const CPUX86State *env, unsigned i)
{
    return env->fptags[st_phys(env, i)];
}
/* The register a push would fill is free. */
static inline bool push_ok(const CPUX86State *env)
{
    return env->fptags[(env->fptop - 1) & 7];
}

/* Push: the new ST(0), for the caller to fill. */
static X86FPReg *fpu_push_slot(CPUX86State *env)
{
    env->fptop = (env->fptop - 1) & 7;
    env->fptags[env->fptop] = 0;
    return &env->fpregs[env->fptop];
}

void x86_helper_fpop(CPUX86State *env)
{
    env->fptags[env->fptop] = 1;
    env->fptop = (env->fptop + 1) & 7;
}

static inline uint16_t fpu_status_word(const CPUX86State *env)
{
    return x86_fpus_now(env) | (uint16_t)(env->fptop << 11);
}

/* New status (TOP bits ignored); ES and B follow the unmasked flags. */
static void fpu_set_status(CPUX86State *env, uint16_t fpus)
{
    if (fpus & ~env->fpuc & 0x3f)
        fpus |= FPUS_ES | FPUS_B;
    env->fpus = fpus & ~FPUS_TOP;
}

void x86_fpu_fold_status(CPUX86State *env)
{
    if (env->fpus_pending | env->fpus_pending_mask) {
        fpu_set_status(env, x86_fpus_now(env));
        env->fpus_pending = 0;
        env->fpus_pending_mask = 0;
    }
}

/* ---- the host x87 under the guest control word -------------------------- */

static inline uint16_t host_cw(const CPUX86State *env)
{
    return env->fpuc | 0x3f;
}

/*
 * The host's control word is left as the last guest operation wanted it
 * (FLDCW is slow, FNSTCW is not, and i386 code switches rounding modes
 * around every integer conversion): the x86 guests' mimic uses no x87
 * outside this file.  It is read back each time rather than cached: a
 * signal handler left by siglongjmp leaves the x87 as the kernel set it.
 */
static inline void host_enter(const CPUX86State *env)
{
    uint16_t cw = host_cw(env), now;

    __asm__ volatile("fnstcw %0" : "=m"(now));
    if (cw != now)
        __asm__ volatile("fldcw %0" : : "m"(cw));
}

/*
 * The host's exception flags are sticky and never cleared after an
 * operation (FNCLEX costs more than the operation): every flag the host
 * has up was merged into the guest's status word, so merging it again is
 * harmless.  That holds while the guest's flags only grow; where they are
 * cleared or replaced (FNCLEX, FNINIT, FLDENV, FRSTOR, FXRSTOR, a replay)
 * the host's are cleared too.
 */
static inline void host_clear_flags(void)
{
    __asm__ volatile("fnclex");
}

/* The host status word now (after single-instruction operations whose
 * C1 the following fstp does not disturb: loads and stores). */
static inline uint16_t host_sw(void)
{
    uint16_t sw;

    __asm__ volatile("fnstsw %0" : "=m"(sw));
    return sw;
}

/*
 * The fast path runs with every exception masked, so it gives the
 * architectural result only when the guest masks them all too (an
 * unmasked underflow, say, is reported for exact tiny results, a masked
 * one is not); otherwise the instruction is replayed.
 */
static inline bool fpu_masked(const CPUX86State *env)
{
    return (env->fpuc & 0x3f) == 0x3f;
}

/* Merge the host's exception flags, and the condition bits in cc. */
static void fpu_merge(CPUX86State *env, uint16_t sw, uint16_t cc)
{
    fpu_set_status(env, (env->fpus & ~cc) | (sw & cc) | (sw & 0x7f));
}

/* r = a op b; op is the /digit of D8: 0 add, 1 mul, 4 sub, 5 subr,
 * 6 div, 7 divr.  Returns the status word right after the operation (the
 * stores that follow would change C1). */
static uint16_t host_arith(unsigned op, X86FPReg *r, const X86FPReg *a,
                           const X86FPReg *b)
{
    uint16_t sw;

#define HOST_ARITH(insn)                                                    \
    __asm__ volatile("fldt %3\n\tfldt %2\n\t" insn " %%st(1), %%st\n\t"     \
                     "fnstsw %1\n\tfstpt %0\n\tfstp %%st(0)"                \
                     : "=m"(*r), "=m"(sw) : "m"(*a), "m"(*b))
    switch (op) {
    case 0: HOST_ARITH("fadd"); break;
    case 1: HOST_ARITH("fmul"); break;
    case 4: HOST_ARITH("fsub"); break;
    case 5: HOST_ARITH("fsubr"); break;
    case 6: HOST_ARITH("fdiv"); break;
    default: HOST_ARITH("fdivr"); break;
    }
#undef HOST_ARITH
    return sw;
}

/* Compare a with b as FCOM (or FUCOM): the host status word. */
static uint16_t host_compare(const X86FPReg *a, const X86FPReg *b,
                             bool unordered)
{
    uint16_t sw;

    if (unordered)
        __asm__ volatile("fldt %2\n\tfldt %1\n\tfucompp\n\tfnstsw %0"
                         : "=m"(sw) : "m"(*a), "m"(*b));
    else
        __asm__ volatile("fldt %2\n\tfldt %1\n\tfcompp\n\tfnstsw %0"
                         : "=m"(sw) : "m"(*a), "m"(*b));
    return sw;
}

/*
 * ST(0) op memory operand with the host's own memory form (a conversion
 * to extended first would differ: FADD m32 of a denormal does not report
 * DE when ST(0) is a NaN, FLD m32 does).  kind is the opcode's operand:
 * D8 m32 real, DA m32 int, DC m64 real, DE m16 int.
 */
#define HOST_MEM_OP(name, asm_insn, ...)                                    \
    do {                                                                   \
        switch (opcode) {                                                  \
        case 0xd8: __asm__ volatile("fldt %[a]\n\tf" name "s %[m]\n\t"        \
                                    asm_insn : __VA_ARGS__, [m] "m"(f32));  \
            break;                                                         \
        case 0xda: __asm__ volatile("fldt %[a]\n\tfi" name "l %[m]\n\t"      \
                                    asm_insn : __VA_ARGS__, [m] "m"(i32));  \
            break;                                                         \
        case 0xdc: __asm__ volatile("fldt %[a]\n\tf" name "l %[m]\n\t"        \
                                    asm_insn : __VA_ARGS__, [m] "m"(val));  \
            break;                                                         \
        default: __asm__ volatile("fldt %[a]\n\tfi" name "s %[m]\n\t"        \
                                  asm_insn : __VA_ARGS__, [m] "m"(i16));    \
            break;                                                         \
        }                                                                  \
    } while (0)

static uint16_t host_arith_mem(unsigned opcode, unsigned op, X86FPReg *r,
                               const X86FPReg *a, uint64_t val)
{
    uint32_t f32 = (uint32_t)val;
    int32_t i32 = (int32_t)val;
    int16_t i16 = (int16_t)val;
    uint16_t sw;

#define ARITH_MEM(name)                                                     \
    HOST_MEM_OP(name, "fnstsw %[sw]\n\tfstpt %[r]",                         \
                [r] "=m"(*r), [sw] "=m"(sw) : [a] "m"(*a))
    switch (op) {
    case 0: ARITH_MEM("add"); break;
    case 1: ARITH_MEM("mul"); break;
    case 4: ARITH_MEM("sub"); break;
    case 5: ARITH_MEM("subr"); break;
    case 6: ARITH_MEM("div"); break;
    default: ARITH_MEM("divr"); break;
    }
#undef ARITH_MEM
    return sw;
}

static uint16_t host_compare_mem(unsigned opcode, const X86FPReg *a,
                                 uint64_t val)
{
    uint32_t f32 = (uint32_t)val;
    int32_t i32 = (int32_t)val;
    int16_t i16 = (int16_t)val;
    uint16_t sw;

    HOST_MEM_OP("comp", "fnstsw %[sw]", [sw] "=m"(sw) : [a] "m"(*a));
    return sw;
}
#undef HOST_MEM_OP

/* ---- FXSAVE images ---------------------------------------------------------- */

static inline void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static inline void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static inline uint16_t get16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}
static inline uint32_t get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static inline uint64_t get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* The x87 part (bytes 0..159) and MXCSR of an FXSAVE image; ptr64 selects
 * the REX.W layout of the instruction and data pointers. */
static void fx_write_x87(CPUX86State *env, uint8_t *b, bool ptr64,
                         uint32_t mxcsr)
{
    uint8_t tags = 0;

    memset(b, 0, 160);
    for (int i = 0; i < 8; i++)
        tags |= (uint8_t)(!env->fptags[i] << i);
    put16(b + 0, env->fpuc);
    put16(b + 2, fpu_status_word(env));
    b[4] = tags;
    put16(b + 6, env->fpop);
    if (ptr64) {
        put64(b + 8, env->fpip);
        put64(b + 16, env->fpdp);
    } else {
        put32(b + 8, (uint32_t)env->fpip);
        put16(b + 12, env->fpcs);
        put32(b + 16, (uint32_t)env->fpdp);
        put16(b + 20, env->fpds);
    }
    put32(b + 24, mxcsr);
    put32(b + 28, MXCSR_MASK_SUPPORTED);
    for (int i = 0; i < 8; i++)
        memcpy(b + 32 + 16 * i, st_reg(env, i), 10);
}

/* Read back the x87 registers, control, status and tags of an image (the
 * pointers and opcode only if `pointers`). */
static void fx_read_x87(CPUX86State *env, const uint8_t *b, bool pointers,
                        bool ptr64)
{
    uint16_t sw = get16(b + 2);

    host_clear_flags();
    /* As the hardware loads them: reserved control bits fixed, ES and B
     * recomputed from the flags. */
    env->fpuc = (get16(b + 0) & 0x1f3f) | 0x0040;   /* as FLDCW keeps it */
    env->fptop = (sw >> 11) & 7;
    env->fpus = sw & ~(FPUS_TOP | FPUS_ES | FPUS_B);
    env->fpus_pending = 0;                  /* replaced, not merged */
    env->fpus_pending_mask = 0;
    fpu_set_status(env, env->fpus);
    for (int i = 0; i < 8; i++)
        env->fptags[i] = !((b[4] >> i) & 1);
    for (int i = 0; i < 8; i++) {
        X86FPReg *r = st_reg(env, i);
        memcpy(r, b + 32 + 16 * i, 10);
        memset(r->pad, 0, sizeof(r->pad));
    }
    if (!pointers)
        return;
    env->fpop = get16(b + 6) & 0x7ff;
    if (ptr64) {
        env->fpip = get64(b + 8);
        env->fpdp = get64(b + 16);
        env->fpcs = env->fpds = 0;
    } else {
        env->fpip = get32(b + 8);
        env->fpcs = get16(b + 12);
        env->fpdp = get32(b + 16);
        env->fpds = get16(b + 20);
    }
}

/* ---- replay ------------------------------------------------------------------
 * x86_x87_stubs: for each opcode D8..DF and each ModRM byte, 16 bytes of
 * "fxrstor (%rsi); <opcode> <modrm>; fxsave (%rsi); fninit; ret", called
 * as stub(operand, image).  Only ModRM bytes with mod=3, or mod=0 rm=7
 * (the operand at [rdi]), are ever called.
 */
__asm__(".pushsection .text\n"
        ".balign 16\n"
        ".globl x86_x87_stubs\n"
        ".hidden x86_x87_stubs\n"
        "x86_x87_stubs:\n"
        ".irp op, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf\n"
        ".set .Lx87_modrm, 0\n"
        ".rept 256\n"
        ".balign 16\n"
        "fxrstor (%rsi)\n"
        ".byte \\op, .Lx87_modrm\n"
        "fxsave (%rsi)\n"
        "fninit\n"
        "ret\n"
        ".set .Lx87_modrm, .Lx87_modrm + 1\n"
        ".endr\n"
        ".endr\n"
        ".popsection\n");
extern const uint8_t x86_x87_stubs[];
typedef void X87Stub(void *operand, FxImage *image);

/* Run the guest instruction insn on the host with env's x87 state. */
static void x87_replay(CPUX86State *env, uint32_t insn, void *operand)
{
    FxImage img;
    uint32_t host_mxcsr;
    X87Stub *stub = (X87Stub *)(uintptr_t)(x86_x87_stubs +
                                           ((insn >> 8) - 0xd8) * 4096 +
                                           (insn & 0xff) * 16);

    /* FXRSTOR also loads MXCSR (callee-saved in the host ABI): give it the
     * host's own. */
    __asm__ volatile("stmxcsr %0" : "=m"(host_mxcsr));
    fx_write_x87(env, img.b, false, host_mxcsr);
    /* A pending #MF is the translator's to raise (X86_TB_X87_TRAPS): with
     * ES loaded, the host would raise it here, in mimic.  fx_read_x87
     * makes ES again from the flags. */
    put16(img.b + 2, (uint16_t)(get16(img.b + 2) & ~(FPUS_ES | FPUS_B)));
    stub(operand, &img);
    fx_read_x87(env, img.b, false, false);
}

/* Replay a store or compare whose pop the translator performs: undo the
 * pop if the host did it. */
static void x87_replay_keep_stack(CPUX86State *env, uint32_t insn,
                                  void *operand)
{
    uint32_t top = env->fptop;

    x87_replay(env, insn, operand);
    if (env->fptop == ((top + 1) & 7)) {
        env->fptop = top;
        env->fptags[top] = 0;
    }
}

uint64_t x86_helper_x87_replay(CPUX86State *env, uint32_t insn, uint64_t lo,
                               uint64_t hi)
{
    uint64_t operand[2] = { lo, hi };

    x87_replay(env, insn, operand);
    memcpy(&env->xmm_tmp, operand, 16);
    return operand[0];
}

/* ---- loads ------------------------------------------------------------------ */

void x86_helper_fld_m32(CPUX86State *env, uint32_t insn, uint32_t val)
{
    uint16_t sw;

    if (fpu_masked(env) && push_ok(env)) {
        X86FPReg *r = fpu_push_slot(env);
        host_enter(env);
        __asm__ volatile("flds %1\n\tfstpt %0" : "=m"(*r) : "m"(val));
        sw = host_sw();
        fpu_merge(env, sw, FPUS_C1);
        return;
    }
    x87_replay(env, insn, &val);
}

void x86_helper_fld_m64(CPUX86State *env, uint32_t insn, uint64_t val)
{
    uint16_t sw;

    if (fpu_masked(env) && push_ok(env)) {
        X86FPReg *r = fpu_push_slot(env);
        host_enter(env);
        __asm__ volatile("fldl %1\n\tfstpt %0" : "=m"(*r) : "m"(val));
        sw = host_sw();
        fpu_merge(env, sw, FPUS_C1);
        return;
    }
    x87_replay(env, insn, &val);
}

void x86_helper_fld_m80(CPUX86State *env, uint32_t insn, uint64_t mant,
                        uint32_t sign_exp)
{
    X86FPReg r = { .mant = mant, .sign_exp = (uint16_t)sign_exp };

    if (push_ok(env)) {
        X86FPReg *slot = fpu_push_slot(env);
        slot->mant = mant;
        slot->sign_exp = (uint16_t)sign_exp;
        env->fpus &= ~FPUS_C1;
        return;
    }
    x87_replay(env, insn, &r);
}

void x86_helper_fild(CPUX86State *env, uint32_t insn, uint64_t val)
{
    if (push_ok(env)) {
        /* Exact for every 64-bit integer: no flags, no control word. */
        X86FPReg *r = fpu_push_slot(env);
        __asm__ volatile("fildll %1\n\tfstpt %0" : "=m"(*r) : "m"(val));
        env->fpus &= ~FPUS_C1;
        return;
    }
    x87_replay(env, insn, &val);
}

void x86_helper_fxch(CPUX86State *env, uint32_t insn, uint32_t i)
{
    if (!st_empty(env, 0) && !st_empty(env, i)) {
        X86FPReg t = *st_reg(env, 0);
        *st_reg(env, 0) = *st_reg(env, i);
        *st_reg(env, i) = t;
        env->fpus &= ~FPUS_C1;
        return;
    }
    x87_replay(env, insn, NULL);
}

void x86_helper_fld_st(CPUX86State *env, uint32_t insn, uint32_t i)
{
    if (!st_empty(env, i) && push_ok(env)) {
        X86FPReg r = *st_reg(env, i);
        *fpu_push_slot(env) = r;
        env->fpus &= ~FPUS_C1;
        return;
    }
    x87_replay(env, insn, NULL);
}

void x86_helper_fld_const(CPUX86State *env, uint32_t insn)
{
    X86FPReg *r;
    uint16_t sw;

    if (!push_ok(env)) {
        x87_replay(env, insn, NULL);
        return;
    }
    /* The constants are rounded per the control word's RC. */
    r = fpu_push_slot(env);
    host_enter(env);
    switch (insn & 7) {
    case 0: __asm__ volatile("fld1\n\tfstpt %0" : "=m"(*r)); break;
    case 1: __asm__ volatile("fldl2t\n\tfstpt %0" : "=m"(*r)); break;
    case 2: __asm__ volatile("fldl2e\n\tfstpt %0" : "=m"(*r)); break;
    case 3: __asm__ volatile("fldpi\n\tfstpt %0" : "=m"(*r)); break;
    case 4: __asm__ volatile("fldlg2\n\tfstpt %0" : "=m"(*r)); break;
    case 5: __asm__ volatile("fldln2\n\tfstpt %0" : "=m"(*r)); break;
    default: __asm__ volatile("fldz\n\tfstpt %0" : "=m"(*r)); break;
    }
    sw = host_sw();
    fpu_merge(env, sw, FPUS_C1);
}

void x86_helper_fsign(CPUX86State *env, uint32_t insn)
{
    if (st_empty(env, 0)) {
        x87_replay(env, insn, NULL);
        return;
    }
    if ((insn & 0xff) == 0xe0)
        st_reg(env, 0)->sign_exp ^= 0x8000;
    else
        st_reg(env, 0)->sign_exp &= 0x7fff;
    env->fpus &= ~FPUS_C1;
}

/* ---- stores ----------------------------------------------------------------- */

/* The non-popping form of a store to memory (FSTP/FISTP: /3 -> /2); the
 * others have none. */
static uint32_t store_without_pop(uint32_t insn)
{
    return ((insn >> 3) & 7) == 3 ? insn & ~0x08u : insn;
}

uint64_t x86_helper_fst_m32(CPUX86State *env, uint32_t insn)
{
    uint32_t out = 0;
    uint16_t sw;

    if (!st_empty(env, 0)) {
        host_enter(env);
        __asm__ volatile("fldt %1\n\tfstps %0" : "=m"(out)
                         : "m"(*st_reg(env, 0)));
        sw = host_sw();
        if (fpu_masked(env)) {
            fpu_merge(env, sw, FPUS_C1);
            return out;
        }
    }
    /* The masked result stays in out where the hardware stores nothing. */
    x87_replay(env, store_without_pop(insn), &out);
    return out;
}

uint64_t x86_helper_fst_m64(CPUX86State *env, uint32_t insn)
{
    uint64_t out = 0;
    uint16_t sw;

    if (!st_empty(env, 0)) {
        host_enter(env);
        __asm__ volatile("fldt %1\n\tfstpl %0" : "=m"(out)
                         : "m"(*st_reg(env, 0)));
        sw = host_sw();
        if (fpu_masked(env)) {
            fpu_merge(env, sw, FPUS_C1);
            return out;
        }
    }
    /* The masked result stays in out where the hardware stores nothing. */
    x87_replay(env, store_without_pop(insn), &out);
    return out;
}

uint64_t x86_helper_fist(CPUX86State *env, uint32_t insn)
{
    unsigned opcode = insn >> 8, op = (insn >> 3) & 7;
    const X86FPReg *a = st_reg(env, 0);
    uint64_t out = 0;
    uint16_t sw;

    if (!st_empty(env, 0)) {
        host_enter(env);
        if (op == 1) {          /* FISTTP m32 (DB) m64 (DD) m16 (DF) */
            if (opcode == 0xdb)
                __asm__ volatile("fldt %1\n\tfisttpl %0" : "=m"(out)
                                 : "m"(*a));
            else if (opcode == 0xdd)
                __asm__ volatile("fldt %1\n\tfisttpll %0" : "=m"(out)
                                 : "m"(*a));
            else
                __asm__ volatile("fldt %1\n\tfisttps %0" : "=m"(out)
                                 : "m"(*a));
        } else if (op == 7) {   /* FISTP m64 */
            __asm__ volatile("fldt %1\n\tfistpll %0" : "=m"(out) : "m"(*a));
        } else if (opcode == 0xdb) {
            __asm__ volatile("fldt %1\n\tfistpl %0" : "=m"(out) : "m"(*a));
        } else {
            __asm__ volatile("fldt %1\n\tfistps %0" : "=m"(out) : "m"(*a));
        }
        sw = host_sw();
        if (fpu_masked(env)) {
            fpu_merge(env, sw, FPUS_C1);
            return out;
        }
    }
    /* The masked result stays in out where the hardware stores nothing. */
    x87_replay_keep_stack(env, store_without_pop(insn), &out);
    return out;
}

void x86_helper_fst_m80(CPUX86State *env, uint32_t insn)
{
    uint64_t out[2] = { 0, 0 };

    if ((insn >> 8) == 0xdb && !st_empty(env, 0)) {
        /* FSTP m80 stores the register as it is: no flags. */
        memcpy(out, st_reg(env, 0), 10);
        env->fpus &= ~FPUS_C1;
    } else {
        /* FBSTP, or an empty ST(0). */
        x87_replay_keep_stack(env, insn, out);
    }
    memcpy(&env->xmm_tmp, out, 16);
}

void x86_helper_fst_st(CPUX86State *env, uint32_t insn, uint32_t i)
{
    if (!st_empty(env, 0)) {
        X86FPReg *d = st_reg(env, i);
        *d = *st_reg(env, 0);
        env->fptags[st_phys(env, i)] = 0;
        env->fpus &= ~FPUS_C1;
        if ((insn & 0xf8) != 0xd0 || (insn >> 8) == 0xdf)
            x86_helper_fpop(env);               /* FSTP and its aliases */
        return;
    }
    x87_replay(env, insn, NULL);
}

/* ---- arithmetic and compares ------------------------------------------------ */

/* The D8 /digit meaning of an arithmetic opcode: DC and DE register forms
 * swap sub/subr and div/divr (dst is ST(i) there). */
static unsigned arith_op(uint32_t insn)
{
    unsigned opcode = insn >> 8, modrm = insn & 0xff, op = (modrm >> 3) & 7;

    if (modrm >= 0xc0 && opcode != 0xd8 && op >= 4)
        op ^= 1;
    return op;
}

void x86_helper_farith_st(CPUX86State *env, uint32_t insn, uint32_t dst,
                          uint32_t src)
{
    uint16_t sw;

    if (fpu_masked(env) && !st_empty(env, dst) && !st_empty(env, src)) {
        X86FPReg *d = st_reg(env, dst);
        host_enter(env);
        sw = host_arith(arith_op(insn), d, d, st_reg(env, src));
        fpu_merge(env, sw, FPUS_C1);
        if ((insn >> 8) == 0xde)
            x86_helper_fpop(env);
        return;
    }
    x87_replay(env, insn, NULL);
}

void x86_helper_farith_mem(CPUX86State *env, uint32_t insn, uint64_t val)
{
    uint16_t sw;

    if (fpu_masked(env) && !st_empty(env, 0)) {
        X86FPReg *d = st_reg(env, 0);
        host_enter(env);
        sw = host_arith_mem(insn >> 8, arith_op(insn), d, d, val);
        fpu_merge(env, sw, FPUS_C1);
        return;
    }
    x87_replay(env, insn, &val);
}

static bool insn_is_fucom(uint32_t insn)
{
    return (insn >> 8) == 0xdd || (insn >> 8) == 0xda ||
           ((insn >> 8) >= 0xdb && (insn & 0xf8) == 0xe8);
}

/* How many times a compare pops: FCOMP, FUCOMP, FICOMP, FCOMIP once;
 * FCOMPP, FUCOMPP twice. */
static int compare_pops(uint32_t insn)
{
    unsigned opcode = insn >> 8, modrm = insn & 0xff;

    if (modrm < 0xc0)
        return ((modrm >> 3) & 7) == 3;
    if (modrm == 0xd9 && opcode == 0xde)
        return 2;
    if (modrm == 0xe9 && opcode == 0xda)
        return 2;
    switch (opcode) {
    case 0xd8: case 0xdc: return (modrm & 0xf8) == 0xd8;
    case 0xdd: return (modrm & 0xf8) == 0xe8;
    case 0xde: case 0xdf: return 1;
    default: return 0;
    }
}

static void fpu_pop_n(CPUX86State *env, int n)
{
    while (n--)
        x86_helper_fpop(env);
}

void x86_helper_fcom_st(CPUX86State *env, uint32_t insn, uint32_t i)
{
    uint16_t sw;

    if (fpu_masked(env) && !st_empty(env, 0) && !st_empty(env, i)) {
        sw = host_compare(st_reg(env, 0), st_reg(env, i),
                          insn_is_fucom(insn));
        fpu_merge(env, sw, FPUS_CC);
        fpu_pop_n(env, compare_pops(insn));
        return;
    }
    x87_replay(env, insn, NULL);
}

void x86_helper_fcom_mem(CPUX86State *env, uint32_t insn, uint64_t val)
{
    uint16_t sw;

    if (fpu_masked(env) && !st_empty(env, 0)) {
        sw = host_compare_mem(insn >> 8, st_reg(env, 0), val);
        fpu_merge(env, sw, FPUS_CC);
        fpu_pop_n(env, compare_pops(insn));
        return;
    }
    x87_replay(env, insn, &val);
}

uint64_t x86_helper_fcomi(CPUX86State *env, uint32_t insn, uint32_t i)
{
    /* FCOMI leaves C0 C2 C3 alone, and C1 unless the stack underflows. */
    uint16_t keep = FPUS_C0 | FPUS_C2 | FPUS_C3 |
                    (!st_empty(env, 0) && !st_empty(env, i) ? FPUS_C1 : 0);
    uint16_t old = env->fpus, fpus;
    bool unordered = (insn & 0xf8) == 0xe8;

    /* Compare as FCOM/FUCOM does (a replay could not see the host's
     * EFLAGS), then move the result to ZF=C3 PF=C2 CF=C0.  An unmasked
     * invalid or denormal operand stops the pop. */
    x86_helper_fcom_st(env, unordered ? 0xdde0 | i : 0xd8d0 | i, i);
    fpus = env->fpus;
    env->fpus = (fpus & ~keep) | (old & keep);
    if ((insn >> 8) == 0xdf &&
        !(fpus & ~old & ~env->fpuc & (FPUS_IE | FPUS_DE)))
        x86_helper_fpop(env);
    return ((fpus & FPUS_C3) ? CC_Z : 0) | ((fpus & FPUS_C2) ? CC_P : 0) |
           ((fpus & FPUS_C0) ? CC_C : 0);
}

void x86_helper_fcmov(CPUX86State *env, uint32_t i, uint32_t cond)
{
    if (!st_empty(env, 0) && !st_empty(env, i)) {
        if (cond)
            *st_reg(env, 0) = *st_reg(env, i);
        return;
    }
    /* Stack underflow.  A replay would test the host's EFLAGS, so the
     * masked response is built here as the host gives it: IE, SF, C1 = 0,
     * and the indefinite in ST(0) whatever the condition. */
    fpu_set_status(env, (env->fpus & ~FPUS_C1) | FPUS_IE | FPUS_SF);
    if (env->fpuc & FPUS_IE) {
        *st_reg(env, 0) = fpu_indefinite;
        env->fptags[st_phys(env, 0)] = 0;
    }
}

/* ---- control ------------------------------------------------------------------ */

void x86_helper_fninit(CPUX86State *env)
{
    host_clear_flags();
    env->fpuc = FPUC_DEFAULT;
    env->fpus = 0;
    env->fpus_pending = 0;
    env->fpus_pending_mask = 0;
    env->fptop = 0;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->fpop = 0;
    env->fpip = env->fpdp = 0;
    env->fpcs = env->fpds = 0;
}

void x86_helper_fnclex(CPUX86State *env)
{
    host_clear_flags();
    env->fpus &= ~(FPUS_B | FPUS_ES | FPUS_SF | 0x3f);
}

void x86_helper_fldcw(CPUX86State *env, uint32_t cw)
{
    uint16_t in = (uint16_t)cw;
    uint16_t out = (in & 0x1f3f) | 0x0040;  /* the bits the x87 keeps */

    if ((env->fpus & FPUS_ES) || (env->fpus & ~out & 0x3f)) {
        /* ES set, or about to be: let the host decide. */
        x87_replay(env, 0xd92f, &in);
        return;
    }
    env->fpuc = out;
}

uint64_t x86_helper_fnstsw(CPUX86State *env)
{
    return fpu_status_word(env);
}

void x86_helper_fwait(CPUX86State *env)
{
    if (env->fpus & FPUS_ES) {
        env->common.exception_index = EXCP_X86_MF;
        cpu_loop_exit(&env->common);
    }
}

/* ---- state images --------------------------------------------------------------- */

static __thread FxImage fpu_image;

unsigned x86_fpu_image_size(int fmt)
{
    static const unsigned size[] = { 14, 28, 94, 108, 288, 416, 416 };
    return size[fmt];
}

uint64_t x86_helper_image_get(uint32_t index)
{
    return get64(fpu_image.b + 8 * (index & 63));
}

void x86_helper_image_put(uint32_t index, uint64_t val)
{
    put64(fpu_image.b + 8 * (index & 63), val);
}

/* 16-bit environments are the 32-bit one's low halves, packed. */
static void env32_to_env16(uint8_t *b)
{
    uint8_t e16[14];

    for (int i = 0; i < 7; i++)
        memcpy(e16 + 2 * i, b + 4 * i, 2);
    memcpy(b, e16, 14);
    memmove(b + 14, b + 28, 80);
}

static void env16_to_env32(uint8_t *b)
{
    uint8_t e32[28];

    memset(e32, 0, sizeof(e32));
    memmove(b + 28, b + 14, 80);
    for (int i = 0; i < 7; i++)
        memcpy(e32 + 4 * i, b + 2 * i, 2);
    memcpy(b, e32, 28);
}

/* The pointer fields of a 32-bit protected-mode environment. */
static void env32_put_pointers(const CPUX86State *env, uint8_t *b)
{
    put32(b + 12, (uint32_t)env->fpip);
    put32(b + 16, env->fpcs | (uint32_t)env->fpop << 16);
    put32(b + 20, (uint32_t)env->fpdp);
    put32(b + 24, env->fpds);
}

static void env32_get_pointers(CPUX86State *env, const uint8_t *b)
{
    env->fpip = get32(b + 12);
    env->fpcs = get16(b + 16);
    env->fpop = get16(b + 18) & 0x7ff;
    env->fpdp = get32(b + 20);
    env->fpds = get16(b + 24);
}

void x86_helper_image_save(CPUX86State *env, uint32_t fmt)
{
    uint8_t *b = fpu_image.b;
    uint32_t xmm_count;

    switch (fmt) {
    case X86_IMAGE_ENV16: case X86_IMAGE_ENV32:
    case X86_IMAGE_SAVE16: case X86_IMAGE_SAVE32:
        /* FNSTENV (D9 /6) or FNSAVE (DD /6), 32-bit layout from the host
         * itself (reserved bits, full tag word), our pointers. */
        x87_replay(env, fmt <= X86_IMAGE_ENV32 ? 0xd937 : 0xdd37, b);
        env32_put_pointers(env, b);
        if (fmt >= X86_IMAGE_SAVE16)    /* FNSAVE reinitialises */
            x86_helper_fninit(env);
        if (fmt == X86_IMAGE_ENV16 || fmt == X86_IMAGE_SAVE16)
            env32_to_env16(b);
        return;
    default:
        fx_write_x87(env, b, fmt == X86_IMAGE_FXSAVE64W, env->mxcsr);
        xmm_count = fmt == X86_IMAGE_FXSAVE32 ? 8 : 16;
        memcpy(b + 160, env->xmm, 16 * xmm_count);
        return;
    }
}

void x86_helper_image_load(CPUX86State *env, uint32_t fmt)
{
    uint8_t *b = fpu_image.b;
    uint32_t mxcsr, xmm_count;

    switch (fmt) {
    case X86_IMAGE_ENV16: case X86_IMAGE_ENV32:
    case X86_IMAGE_SAVE16: case X86_IMAGE_SAVE32:
        if (fmt == X86_IMAGE_ENV16 || fmt == X86_IMAGE_SAVE16)
            env16_to_env32(b);
        x87_replay(env, fmt <= X86_IMAGE_ENV32 ? 0xd927 : 0xdd27, b);
        env32_get_pointers(env, b);
        return;
    default:
        mxcsr = get32(b + 24);
        if (mxcsr & ~MXCSR_MASK_SUPPORTED) {
            env->common.exception_index = EXCP_X86_GP;
            env->error_code = 0;
            cpu_loop_exit(&env->common);
        }
        fx_read_x87(env, b, true, fmt == X86_IMAGE_FXSAVE64W);
        env->mxcsr = mxcsr;
        xmm_count = fmt == X86_IMAGE_FXSAVE32 ? 8 : 16;
        memcpy(env->xmm, b + 160, 16 * xmm_count);
        return;
    }
}
