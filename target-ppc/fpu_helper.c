/*
 * fpu_helper.c: PowerPC floating-point arithmetic, conversions and FPSCR
 * bookkeeping, on top of the host's IEEE double unit.
 *
 * Each operation runs once on the host in the guest's rounding mode with
 * the host exception flags cleared.  With no flag raised (the exact case)
 * only FPRF needs computing.  Otherwise the flags name the exceptions, and
 * the few things the host does not report are derived here: which VX* bit
 * an invalid operation sets, FR (by rerunning toward zero), and
 * underflow, which PowerPC detects before rounding and x86 after.
 *
 * Single-precision instructions take double operands and must round the
 * exact result once, to single: they compute a double with round-to-odd
 * (toward zero, inexactness ORed into the last bit), which keeps enough
 * information for the final rounding to single to be correct.
 */
#include "target-ppc/fpu_helper.h"
#include "util/f64-bits.h"

#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

/* ---- bit patterns ------------------------------------------------------ */

#define DBL_SIGN_BIT 0x8000000000000000ull
#define DBL_EXP_MASK 0x7ff0000000000000ull
#define DBL_QUIET_BIT 0x0008000000000000ull
#define DBL_DEFAULT_NAN 0x7ff8000000000000ull
#define DBL_MIN_NORMAL 0x0010000000000000ull  /* 2^-1022 */
#define SGL_MIN_NORMAL 0x3810000000000000ull  /* 2^-126 as a double */
/* A single-precision NaN widened to double keeps 23 fraction bits. */
#define SGL_FRACTION_DROPPED 0x000000001fffffffull

static inline uint32_t flt_bits(float f)
{
    uint32_t x;
    memcpy(&x, &f, sizeof(x));
    return x;
}

static inline bool is_nan(uint64_t x)
{
    return (x & ~DBL_SIGN_BIT) > DBL_EXP_MASK;
}

static inline bool is_snan(uint64_t x)
{
    return is_nan(x) && !(x & DBL_QUIET_BIT);
}

static inline bool is_inf(uint64_t x)
{
    return (x & ~DBL_SIGN_BIT) == DBL_EXP_MASK;
}

static inline bool is_zero(uint64_t x)
{
    return (x & ~DBL_SIGN_BIT) == 0;
}

/* ---- the host floating-point environment ------------------------------- */

/* FPSCR[RN] -> host rounding mode. */
static const int host_rounding[4] = {
    FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD,
};

#if defined(__x86_64__)
/*
 * SSE arithmetic is governed by MXCSR alone; glibc's fenv functions also
 * reprogram the x87 unit, which costs more than the operation itself.
 * MXCSR's rounding field is the x87 one (FE_*) shifted by 3; its flags are
 * FE_* as is.  Denormals-are-zero and flush-to-zero are forced off.
 */
typedef uint32_t HostFpState;

static inline HostFpState host_fp_begin(int rounding)
{
    HostFpState saved = _mm_getcsr();
    _mm_setcsr((saved & ~(0x8040u | 0x6000u | FE_ALL_EXCEPT)) |
               ((uint32_t)rounding << 3));
    return saved;
}

static inline int host_fp_end(HostFpState saved)
{
    int flags = (int)(_mm_getcsr() & FE_ALL_EXCEPT);
    _mm_setcsr(saved);
    return flags;
}

/* Keeps the compiler from moving arithmetic across the MXCSR accesses. */
#define HOST_FP_PIN(x) __asm__ volatile("" : "+x"(x))
#else
typedef int HostFpState;

static inline HostFpState host_fp_begin(int rounding)
{
    HostFpState saved = fegetround();
    fesetround(rounding);
    feclearexcept(FE_ALL_EXCEPT);
    return saved;
}

static inline int host_fp_end(HostFpState saved)
{
    int flags = fetestexcept(FE_ALL_EXCEPT);
    fesetround(saved);
    return flags;
}

#define HOST_FP_PIN(x) __asm__ volatile("" : "+m"(x))
#endif

/* ---- FPSCR ------------------------------------------------------------- */

#define FPSCR_VX_CAUSES                                                     \
    (FPSCR_VXSNAN | FPSCR_VXISI | FPSCR_VXIDI | FPSCR_VXZDZ | FPSCR_VXIMZ | \
     FPSCR_VXVC | FPSCR_VXSOFT | FPSCR_VXSQRT | FPSCR_VXCVI)
/* Sticky exception bits: setting one from 0 to 1 also sets FX. */
#define FPSCR_EXCEPTIONS                                                    \
    (FPSCR_OX | FPSCR_UX | FPSCR_ZX | FPSCR_XX | FPSCR_VX_CAUSES)
#define FPSCR_FPCC_MASK (0xfu << FPSCR_FPRF_SHIFT)
/* Bit 20 is reserved: it reads as zero whatever is written. */
#define FPSCR_RESERVED FPSCR_BIT(20)

/* FPRF values: result classes (C FL FG FE FU). */
enum {
    FPRF_QNAN = 0x11,
    FPRF_NEG_INF = 0x09,
    FPRF_NEG_NORMAL = 0x08,
    FPRF_NEG_DENORMAL = 0x18,
    FPRF_NEG_ZERO = 0x12,
    FPRF_POS_ZERO = 0x02,
    FPRF_POS_DENORMAL = 0x14,
    FPRF_POS_NORMAL = 0x04,
    FPRF_POS_INF = 0x05,
    FPRF_UNCHANGED = 0xff, /* fctiw: leave FPRF as it was */
};

/* VX is the OR of the invalid causes; FEX says whether an exception is
 * both set and enabled (VX/VE, OX/OE, UX/UE, ZX/ZE, XX/XE line up 22 bits
 * apart). */
static uint32_t fpscr_with_summaries(uint32_t fpscr)
{
    fpscr &= ~(FPSCR_VX | FPSCR_FEX);
    if (fpscr & FPSCR_VX_CAUSES)
        fpscr |= FPSCR_VX;
    if ((fpscr >> 22) & fpscr & (FPSCR_VE | FPSCR_OE | FPSCR_UE | FPSCR_ZE |
                                 FPSCR_XE))
        fpscr |= FPSCR_FEX;
    return fpscr;
}

static uint32_t fpscr_raise(uint32_t fpscr, uint32_t exceptions)
{
    if (exceptions & ~fpscr)
        fpscr |= FPSCR_FX;
    return fpscr_with_summaries(fpscr | exceptions);
}

/*
 * The flags of inline arithmetic (translate-fp.c) stay in the host's
 * status (MXCSR) while guest code runs: ppc_fp_exec_enter clears them,
 * and whatever reads or writes FPSCR first folds them in.  Inline results
 * are taken only where the host's flags mean what FPSCR's do: zero-divide
 * is ZX, overflow OX, inexact XX, underflow UX (tiny after rounding on
 * x86, before on PowerPC: they differ only for a result of +-2^-1022,
 * which translate-fp.c leaves to the helpers).  Invalid always comes with
 * a NaN result, which the helpers redo; denormal-operand has no FPSCR bit.
 * Helpers clear what their own arithmetic raised before they return
 * (fp_done).
 */
static inline uint32_t host_flags_take(void)
{
#if defined(__x86_64__)
    uint32_t csr;

    /* asm volatile with a memory clobber: the compiler must not move the
     * helper's own arithmetic across (it does not model MXCSR) */
    __asm__ volatile("stmxcsr %0" : "=m"(csr) : : "memory");
    if (csr & FE_ALL_EXCEPT) {
        uint32_t clear = csr & ~(uint32_t)FE_ALL_EXCEPT;

        __asm__ volatile("ldmxcsr %0" : : "m"(clear) : "memory");
    }
    return csr & FE_ALL_EXCEPT;
#else
    int flags = fetestexcept(FE_ALL_EXCEPT);

    if (flags)
        feclearexcept(FE_ALL_EXCEPT);
    return (uint32_t)flags;
#endif
}

/* FPSCR bits of the host flags zero-divide, overflow, underflow, inexact
 * (FE_* bits 2-5; x86 has these values on every libc). */
#define HOST_EXC(i)                                            \
    (((i) & 1 ? FPSCR_ZX : 0) | ((i) & 2 ? FPSCR_OX : 0) |     \
     ((i) & 4 ? FPSCR_UX : 0) | ((i) & 8 ? FPSCR_XX : 0))
static const uint32_t host_flag_exceptions[16] = {
    HOST_EXC(0),  HOST_EXC(1),  HOST_EXC(2),  HOST_EXC(3),
    HOST_EXC(4),  HOST_EXC(5),  HOST_EXC(6),  HOST_EXC(7),
    HOST_EXC(8),  HOST_EXC(9),  HOST_EXC(10), HOST_EXC(11),
    HOST_EXC(12), HOST_EXC(13), HOST_EXC(14), HOST_EXC(15),
};
_Static_assert(FE_DIVBYZERO == 4 && FE_OVERFLOW == 8 &&
                   FE_UNDERFLOW == 16 && FE_INEXACT == 32,
               "host_flag_exceptions assumes the x86 FE_* values");

static inline void fpscr_fold_host_flags(CPUPPCState *env)
{
    uint32_t exceptions = host_flag_exceptions[(host_flags_take() >> 2) & 15];

    /* XX is usually set already: then nothing changes */
    if (exceptions & ~env->fpscr)
        env->fpscr = fpscr_raise(env->fpscr, exceptions);
}

static inline uint64_t fp_done(uint64_t result)
{
    __asm__ volatile("" : "+r"(result)); /* computed before the clearing */
    host_flags_take();
    return result;
}

void ppc_fp_exec_enter(CPUPPCState *env)
{
    (void)env;
    host_flags_take();
}

void ppc_fp_exec_leave(CPUPPCState *env)
{
    fpscr_fold_host_flags(env);
}

uint32_t helper_fpscr_cr1(CPUPPCState *env)
{
    fpscr_fold_host_flags(env);
    return env->fpscr >> 28;
}

/*
 * Result class of the value placed in frD.  Single-precision results are
 * classified as the doubles they are stored as (a single denormal counts as
 * normal), which is what qemu-ppc does.
 */
static uint32_t fprf_class(uint64_t x)
{
    bool neg = x >> 63;
    uint64_t mag = x & ~DBL_SIGN_BIT;

    if (mag > DBL_EXP_MASK)
        return FPRF_QNAN;
    if (mag == DBL_EXP_MASK)
        return neg ? FPRF_NEG_INF : FPRF_POS_INF;
    if (mag == 0)
        return neg ? FPRF_NEG_ZERO : FPRF_POS_ZERO;
    if (mag < DBL_MIN_NORMAL)
        return neg ? FPRF_NEG_DENORMAL : FPRF_POS_DENORMAL;
    return neg ? FPRF_NEG_NORMAL : FPRF_POS_NORMAL;
}

/*
 * Write back the outcome of an operation: raise `exceptions`; unless an
 * enabled invalid-operation or zero-divide exception suppresses the result
 * (then frD keeps `frd`, FPRF stays), set FPRF, FI and FR.
 */
static uint64_t fp_commit(CPUPPCState *env, uint64_t frd, uint32_t exceptions,
                          uint64_t result, uint32_t fprf, bool fi, bool fr)
{
    uint32_t fpscr = env->fpscr & ~(FPSCR_FR | FPSCR_FI);
    bool suppressed = ((exceptions & FPSCR_VX_CAUSES) && (fpscr & FPSCR_VE)) ||
                      ((exceptions & FPSCR_ZX) && (fpscr & FPSCR_ZE));

    if (suppressed) {
        result = frd;
    } else {
        if (fprf != FPRF_UNCHANGED)
            fpscr = (fpscr & ~FPSCR_FPRF_MASK) | fprf << FPSCR_FPRF_SHIFT;
        if (fi)
            fpscr |= FPSCR_FI;
        if (fr)
            fpscr |= FPSCR_FR;
    }
    env->fpscr = fpscr_raise(fpscr, exceptions);
    return result;
}

/* ---- FPSCR bits left pending by inline instructions -------------------- */

/* Run the recorded instruction's helper with frD = frd, dropping the
 * record first. */
static uint64_t fp_run_pending_kind(CPUPPCState *env, uint64_t frd,
                                    PpcFpPending pending)
{
    const uint64_t *x = env->fp_pending_ops;

    switch (pending) {
    case PPC_FP_NONE:
        break;
    case PPC_FP_FADD:
        return helper_fadd(env, frd, x[0], x[1]);
    case PPC_FP_FSUB:
        return helper_fsub(env, frd, x[0], x[1]);
    case PPC_FP_FMUL:
        return helper_fmul(env, frd, x[0], x[1]);
    case PPC_FP_FDIV:
        return helper_fdiv(env, frd, x[0], x[1]);
    case PPC_FP_FADDS:
        return helper_fadds(env, frd, x[0], x[1]);
    case PPC_FP_FSUBS:
        return helper_fsubs(env, frd, x[0], x[1]);
    case PPC_FP_FMULS:
        return helper_fmuls(env, frd, x[0], x[1]);
    case PPC_FP_FDIVS:
        return helper_fdivs(env, frd, x[0], x[1]);
    case PPC_FP_FMADD:
        return helper_fmadd(env, frd, x[0], x[1], x[2]);
    case PPC_FP_FMSUB:
        return helper_fmsub(env, frd, x[0], x[1], x[2]);
    case PPC_FP_FNMADD:
        return helper_fnmadd(env, frd, x[0], x[1], x[2]);
    case PPC_FP_FNMSUB:
        return helper_fnmsub(env, frd, x[0], x[1], x[2]);
    }
    return frd;
}

/* ... then the FPCC of a later inline fcmpu. */
static uint64_t fp_run_pending(CPUPPCState *env, uint64_t frd)
{
    uint32_t pending = env->fp_pending;

    env->fp_pending = PPC_FP_NONE;
    frd = fp_run_pending_kind(env, frd,
                              (PpcFpPending)(pending & PPC_FP_PENDING_KIND));
    if (pending & PPC_FP_PENDING_FPCC)
        env->fpscr = (env->fpscr & ~FPSCR_FPCC_MASK) |
                     ((pending >> PPC_FP_PENDING_FPCC_SHIFT) & 0xf)
                         << FPSCR_FPRF_SHIFT;
    return frd;
}

/* Rerunning the pending instruction sets the pending bits and nothing
 * else: it raised no exception but XX, and XX was set or it was exact. */
static bool fp_settle_fast(CPUPPCState *env);

static void fpscr_settle(CPUPPCState *env)
{
    fpscr_fold_host_flags(env);
    if (!fp_settle_fast(env))
        fp_run_pending(env, 0);
}

uint64_t helper_fp_inline_fallback(CPUPPCState *env, uint64_t frd)
{
    return fp_run_pending(env, frd);
}

uint64_t helper_fp_binary_fallback(CPUPPCState *env, uint64_t frd,
                                   uint64_t pending, uint64_t fra,
                                   uint64_t frb)
{
    env->fp_pending = (uint32_t)pending;
    env->fp_pending_ops[0] = fra;
    env->fp_pending_ops[1] = frb;
    return fp_run_pending(env, frd);
}

uint64_t helper_fp_fused_fallback(CPUPPCState *env, uint64_t pending,
                                  uint64_t fra, uint64_t frc, uint64_t frb)
{
    env->fp_pending = (uint32_t)pending;
    env->fp_pending_ops[0] = fra;
    env->fp_pending_ops[1] = frc;
    env->fp_pending_ops[2] = frb;
    return fp_run_pending(env, 0);
}

uint64_t ppc_tb_fp_flags(uint32_t fpscr)
{
    uint32_t mode = FPSCR_RN_MASK | FPSCR_VE | FPSCR_OE | FPSCR_UE |
                    FPSCR_ZE | FPSCR_XE;

    return fpscr & mode ? 0 : PPC_TB_FP_NEAREST;
}

uint32_t ppc_get_fpscr(CPUPPCState *env)
{
    fpscr_settle(env);
    return env->fpscr;
}

void ppc_set_fpscr(CPUPPCState *env, uint32_t fpscr)
{
    host_flags_take();
    env->fp_pending = PPC_FP_NONE;
    env->fpscr = fpscr;
}

uint64_t helper_mffs(CPUPPCState *env)
{
    return ppc_get_fpscr(env);
}

/* ---- the operations ------------------------------------------------------ */

typedef enum FpOp {
    FP_ADD,   /* A + B */
    FP_SUB,   /* A - B */
    FP_MUL,   /* A * C */
    FP_DIV,   /* A / B */
    FP_SQRT,  /* sqrt(B) */
    FP_MADD,  /* A * C + B, one rounding */
    FP_MSUB,  /* A * C - B, one rounding */
    FP_RSQRT, /* 1 / sqrt(B), two roundings (frsqrte) */
    FP_RECIP, /* 1 / B (fres) */
    FP_ROUND, /* B (frsp: only the rounding to single) */
} FpOp;

/* Operands each operation reads, in the order NaNs are chosen. */
enum { USES_A = 1, USES_B = 2, USES_C = 4 };

static unsigned fp_operands(FpOp op)
{
    switch (op) {
    case FP_ADD:
    case FP_SUB:
    case FP_DIV:
        return USES_A | USES_B;
    case FP_MUL:
        return USES_A | USES_C;
    case FP_MADD:
    case FP_MSUB:
        return USES_A | USES_B | USES_C;
    default:
        return USES_B;
    }
}

/* The estimates leave FR clear, as qemu-ppc does (the architecture leaves
 * it undefined for them). */
static bool fp_is_estimate(FpOp op)
{
    return op == FP_RSQRT || op == FP_RECIP;
}

static inline __attribute__((always_inline)) double
fp_eval(FpOp op, double a, double b, double c)
{
    switch (op) {
    case FP_ADD:
        return a + b;
    case FP_SUB:
        return a - b;
    case FP_MUL:
        return a * c;
    case FP_DIV:
        return a / b;
    case FP_SQRT:
        return sqrt(b);
    case FP_MADD:
        return fma(a, c, b);
    case FP_MSUB:
        return fma(a, c, -b);
    case FP_RSQRT:
        return 1.0 / sqrt(b);
    case FP_RECIP:
        return 1.0 / b;
    case FP_ROUND:
        break;
    }
    return b;
}

/* Run op on the host in `rounding`; *flags gets the host exceptions. */
static inline __attribute__((always_inline)) double
fp_run(FpOp op, int rounding, uint64_t a, uint64_t b, uint64_t c, int *flags)
{
    double da = f64_of(a), db = f64_of(b), dc = f64_of(c), r;
    HostFpState saved = host_fp_begin(rounding);

    HOST_FP_PIN(da);
    HOST_FP_PIN(db);
    HOST_FP_PIN(dc);
    r = fp_eval(op, da, db, dc);
    HOST_FP_PIN(r);
    *flags = host_fp_end(saved);
    return r;
}

/*
 * Enabled overflow (OE=1) or underflow (UE=1): the architecture delivers
 * the exact result multiplied by 2^scale (-+1536 for double, -+192 for
 * single), rounded per RN.  Computed in long double (15-bit exponent):
 * toward zero with inexactness ORed into the last bit (round-to-odd over
 * 64 bits), scaled exactly, then rounded to the target format.  Slow, and
 * only reached when a program has enabled these exceptions.
 */
static uint64_t fp_scaled_result(FpOp op, uint64_t a, uint64_t b, uint64_t c,
                                 int scale, bool single, unsigned rn,
                                 bool *inexact, bool *fr)
{
    long double la = f64_of(a), lb = f64_of(b), lc = f64_of(c), r, m;
    int saved = fegetround(), exp;
    bool sticky;
    uint64_t result;

    fesetround(FE_TOWARDZERO);
    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case FP_ADD: r = la + lb; break;
    case FP_SUB: r = la - lb; break;
    case FP_MUL: r = la * lc; break;
    case FP_DIV: r = la / lb; break;
    case FP_MADD: r = fmal(la, lc, lb); break;
    case FP_MSUB: r = fmal(la, lc, -lb); break;
    case FP_RECIP: r = 1.0L / lb; break;
    default: r = lb; break; /* FP_ROUND; sqrt and rsqrt cannot get here */
    }
    sticky = fetestexcept(FE_INEXACT);
    m = ldexpl(frexpl(r, &exp), LDBL_MANT_DIG);
    if (sticky && fmodl(m, 2.0L) == 0)
        r = nextafterl(r, copysignl(INFINITY, r));
    r = ldexpl(r, scale);

    fesetround(host_rounding[rn]);
    feclearexcept(FE_ALL_EXCEPT);
    if (single) {
        float f = (float)r;
        result = helper_single_to_double(flt_bits(f));
        *fr = fabsl((long double)f) > fabsl(r);
    } else {
        double d = (double)r;
        result = f64_bits(d);
        *fr = fabsl((long double)d) > fabsl(r);
    }
    *inexact = sticky || fetestexcept(FE_INEXACT);
    *fr = *fr && *inexact;
    fesetround(saved);
    return result;
}

/*
 * The fast path for FPSCR[RN] = nearest, the host's own mode: compute the
 * result with plain C arithmetic (no MXCSR traffic, which costs more than
 * the operation) plus an error-free transformation that gives the sign of
 * exact - result: *err_sign is 0 if the result is exact, +1 if the exact
 * value lies above it, -1 below.  That yields FI and FR without rerunning
 * the operation.  The transformations are exact only away from overflow
 * and underflow, so anything near the ends of the range, and every
 * invalid, infinite or zero-divide case, returns false for the slow path.
 */
#define EFT_LOW 0x0830000000000000ull  /* 2^-900 */
#define EFT_HIGH 0x7830000000000000ull /* 2^900 */

static inline bool eft_in_range(double x)
{
    uint64_t mag = f64_bits(x) & ~DBL_SIGN_BIT;

    return mag >= EFT_LOW && mag <= EFT_HIGH;
}

static inline int sign_of(double x)
{
    return (x > 0) - (x < 0);
}

/* x + y = s + e exactly (Knuth's TwoSum). */
static inline double two_sum_error(double x, double y, double s)
{
    double yy = s - x;

    return (x - (s - yy)) + (y - yy);
}

static inline __attribute__((always_inline)) bool
fp_nearest_eft(FpOp op, double a, double b, double c, double *result,
               int *err_sign)
{
    double r, e;

    switch (op) {
    case FP_ADD:
    case FP_SUB:
        if (op == FP_SUB)
            b = -b;
        r = a + b;
        e = two_sum_error(a, b, r);
        if (!isfinite(e) || !isfinite(r))
            return false;
        *err_sign = sign_of(e);
        break;
    case FP_MUL:
        r = a * c;
        if ((a == 0 || c == 0) && r == 0) {
            *err_sign = 0; /* a zero factor (the other finite): exact */
            break;
        }
        if (!eft_in_range(r))
            return false;
        *err_sign = sign_of(fma(a, c, -r));
        break;
    case FP_DIV:
    case FP_RECIP:
        if (op == FP_RECIP)
            a = 1.0;
        r = a / b;
        if (!eft_in_range(r) || !eft_in_range(a))
            return false;
        /* exact - r = (a - r * b) / b */
        *err_sign = sign_of(fma(-r, b, a)) * sign_of(b);
        break;
    case FP_SQRT:
        if (!eft_in_range(b) || b < 0)
            return false;
        r = sqrt(b);
        *err_sign = sign_of(fma(-r, r, b));
        break;
    case FP_MADD:
    case FP_MSUB: {
        /* Boldo and Muller's ErrFma: a*c + b = r + r2 + r3 exactly, with
         * r2 = RN(gamma + z) and |r3| <= ulp(r2) / 2.  r2 = 0 means
         * gamma + z = 0 exactly, so the error has the sign of r2. */
        double u1, u2, alpha1, z, beta1, beta2, gamma;

        if (op == FP_MSUB)
            b = -b;
        r = fma(a, c, b);
        u1 = a * c;
        if (!eft_in_range(r) || !eft_in_range(u1) ||
            !(fabs(b) <= f64_of(EFT_HIGH)))
            return false;
        u2 = fma(a, c, -u1);
        alpha1 = b + u2;
        z = two_sum_error(b, u2, alpha1);
        beta1 = u1 + alpha1;
        beta2 = two_sum_error(u1, alpha1, beta1);
        gamma = (beta1 - r) + beta2;
        *err_sign = sign_of(gamma + z);
        break;
    }
    case FP_ROUND:
        r = b;
        *err_sign = 0;
        break;
    default: /* FP_RSQRT rounds twice: the slow path */
        return false;
    }
    *result = r;
    return true;
}

/*
 * Completes the common pending instructions (mffs after a sum, in glibc's
 * sqrt) without running their helper: a double fadd, fsub or fmul whose
 * result the error-free transformations describe.  It raised no
 * exception but XX (else it would not be pending), folded already by the
 * caller; FPRF, FI and FR are set here.  False: not handled.
 */
static bool fp_settle_fast(CPUPPCState *env)
{
    uint32_t pending = env->fp_pending, fpscr;
    double a = f64_of(env->fp_pending_ops[0]);
    double b = f64_of(env->fp_pending_ops[1]), r, e;

    switch ((PpcFpPending)(pending & PPC_FP_PENDING_KIND)) {
    case PPC_FP_NONE:
        return pending == PPC_FP_NONE;
    case PPC_FP_FSUB:
        b = -b;
        /* fall through */
    case PPC_FP_FADD:
        r = a + b;
        e = two_sum_error(a, b, r);
        if (!isfinite(r) || !isfinite(e))
            return false;
        break;
    case PPC_FP_FMUL:
        r = a * b;
        if (!eft_in_range(r))
            return false;
        e = fma(a, b, -r);
        break;
    default:
        return false;
    }
    fpscr = (env->fpscr & ~(FPSCR_FR | FPSCR_FI | FPSCR_FPRF_MASK)) |
            fprf_class(f64_bits(r)) << FPSCR_FPRF_SHIFT;
    if (e != 0) {
        fpscr |= FPSCR_FI;
        /* rounded up in magnitude: the exact value is nearer zero */
        if ((e < 0) == (r > 0))
            fpscr |= FPSCR_FR;
        if (!(fpscr & FPSCR_XX))
            fpscr = fpscr_raise(fpscr, FPSCR_XX);
    }
    if (pending & PPC_FP_PENDING_FPCC)
        fpscr = (fpscr & ~FPSCR_FPCC_MASK) |
                ((pending >> PPC_FP_PENDING_FPCC_SHIFT) & 0xf)
                    << FPSCR_FPRF_SHIFT;
    env->fpscr = fpscr;
    env->fp_pending = PPC_FP_NONE;
    host_flags_take(); /* this arithmetic's own flags */
    return true;
}

/* Which VX* bit an invalid operation on non-NaN operands sets. */
static uint32_t fp_invalid_cause(FpOp op, uint64_t a, uint64_t b, uint64_t c)
{
    switch (op) {
    case FP_MUL:
        return FPSCR_VXIMZ;
    case FP_DIV:
        return is_inf(a) ? FPSCR_VXIDI : FPSCR_VXZDZ;
    case FP_SQRT:
    case FP_RSQRT:
        return FPSCR_VXSQRT;
    case FP_MADD:
    case FP_MSUB:
        if ((is_inf(a) && is_zero(c)) || (is_zero(a) && is_inf(c)))
            return FPSCR_VXIMZ;
        return FPSCR_VXISI;
    default:
        return FPSCR_VXISI; /* inf - inf */
    }
}

/*
 * Some operand is a NaN: the result is the first NaN of A, B, C, quieted
 * (and cut to single precision for single instructions; never negated by
 * fnmadd/fnmsub).  Signalling NaNs raise VXSNAN.  Like qemu-ppc, inf * 0
 * in a fused multiply-add still raises VXIMZ when the addend is a NaN.
 */
static uint64_t fp_nan_result(CPUPPCState *env, FpOp op, uint64_t frd,
                              uint64_t a, uint64_t b, uint64_t c, bool single)
{
    unsigned uses = fp_operands(op);
    uint64_t operand[3] = { a, b, c };
    uint32_t exceptions = 0;
    uint64_t result = 0;

    for (int i = 2; i >= 0; i--) {
        if (!(uses & (1u << i)) || !is_nan(operand[i]))
            continue;
        result = operand[i];
        if (is_snan(operand[i]))
            exceptions |= FPSCR_VXSNAN;
    }
    if ((op == FP_MADD || op == FP_MSUB) &&
        ((is_inf(a) && is_zero(c)) || (is_zero(a) && is_inf(c))))
        exceptions |= FPSCR_VXIMZ;
    result |= DBL_QUIET_BIT;
    if (single)
        result &= ~SGL_FRACTION_DROPPED;
    return fp_commit(env, frd, exceptions, result, FPRF_QNAN, false, false);
}

static bool fp_has_nan(FpOp op, uint64_t a, uint64_t b, uint64_t c)
{
    unsigned uses = fp_operands(op);

    return ((uses & USES_A) && is_nan(a)) || ((uses & USES_B) && is_nan(b)) ||
           ((uses & USES_C) && is_nan(c));
}

/* A double-precision operation; `negate` for fnmadd/fnmsub. */
static inline __attribute__((always_inline)) uint64_t
fp_double_op(CPUPPCState *env, FpOp op, uint64_t frd, uint64_t a, uint64_t b,
             uint64_t c, bool negate)
{
    uint32_t fpscr = ppc_get_fpscr(env);
    uint64_t sign = negate ? DBL_SIGN_BIT : 0;
    uint32_t exceptions = 0;
    int flags;
    double r;
    uint64_t result, mag;
    bool inexact, fr = false, tiny;

    if (fp_has_nan(op, a, b, c))
        return fp_nan_result(env, op, frd, a, b, c, false);
    if (!(fpscr & (FPSCR_RN_MASK | FPSCR_UE))) {
        int err_sign;

        if (fp_nearest_eft(op, f64_of(a), f64_of(b), f64_of(c), &r, &err_sign)) {
            result = f64_bits(r) ^ sign;
            inexact = err_sign != 0;
            /* rounded up in magnitude: the exact value is nearer zero */
            fr = inexact && (err_sign < 0) == (r > 0);
            return fp_commit(env, frd, inexact ? FPSCR_XX : 0, result,
                             fprf_class(result), inexact, fr);
        }
    }
    r = fp_run(op, host_rounding[fpscr & FPSCR_RN_MASK], a, b, c, &flags);
    result = f64_bits(r) ^ sign;
    if (__builtin_expect(flags == 0 && !(fpscr & FPSCR_UE), 1)) {
        env->fpscr = (fpscr & ~(FPSCR_FR | FPSCR_FI | FPSCR_FPRF_MASK)) |
                     fprf_class(result) << FPSCR_FPRF_SHIFT;
        return result;
    }
    if (flags & FE_INVALID)
        return fp_commit(env, frd, fp_invalid_cause(op, a, b, c),
                         DBL_DEFAULT_NAN, FPRF_QNAN, false, false);
    if (flags & FE_DIVBYZERO)
        exceptions |= FPSCR_ZX;
    if (flags & FE_OVERFLOW)
        exceptions |= FPSCR_OX;
    inexact = flags & FE_INEXACT;
    if (inexact) {
        int ignored;
        double toward_zero = fp_run(op, FE_TOWARDZERO, a, b, c, &ignored);

        fr = !fp_is_estimate(op) && fabs(r) != fabs(toward_zero);
    }
    /* Tiny before rounding: below 2^-1022, or rounded up to it. */
    mag = result & ~DBL_SIGN_BIT;
    tiny = (mag != 0 || inexact) &&
           (mag < DBL_MIN_NORMAL || (mag == DBL_MIN_NORMAL && fr));
    if (tiny && (inexact || (fpscr & FPSCR_UE)))
        exceptions |= FPSCR_UX;
    if (((exceptions & FPSCR_OX) && (fpscr & FPSCR_OE)) ||
        ((exceptions & FPSCR_UX) && (fpscr & FPSCR_UE)))
        result = fp_scaled_result(op, a, b, c,
                                  exceptions & FPSCR_OX ? -1536 : 1536, false,
                                  fpscr & FPSCR_RN_MASK, &inexact, &fr) ^
                 sign;
    if (inexact)
        exceptions |= FPSCR_XX;
    return fp_commit(env, frd, exceptions, result,
                     fprf_class(result), inexact, fr);
}

/* A single-precision operation: round-to-odd double, then to single. */
static inline __attribute__((always_inline)) uint64_t
fp_single_op(CPUPPCState *env, FpOp op, uint64_t frd, uint64_t a, uint64_t b,
             uint64_t c, bool negate)
{
    uint32_t fpscr = ppc_get_fpscr(env);
    uint32_t exceptions = 0;
    int flags, round_flags;
    double odd;
    float f;
    uint64_t odd_bits, result;
    HostFpState saved;
    bool inexact, fr, tiny;

    if (fp_has_nan(op, a, b, c))
        return fp_nan_result(env, op, frd, a, b, c, true);
    if (!(fpscr & (FPSCR_RN_MASK | FPSCR_UE))) {
        int err_sign;
        double r;

        if (fp_nearest_eft(op, f64_of(a), f64_of(b), f64_of(c), &r, &err_sign)) {
            /* Round to odd: toward zero (one step down in magnitude when
             * r was rounded up), then set the last bit if inexact. */
            odd_bits = f64_bits(r);
            if (err_sign != 0 && (err_sign < 0) == (r > 0))
                odd_bits--;
            odd_bits |= err_sign != 0;
            odd = f64_of(odd_bits);
            f = (float)odd;
            if (fabs(odd) >= f64_of(SGL_MIN_NORMAL) && !isinf(f)) {
                inexact = err_sign != 0 || (double)f != odd;
                fr = inexact && !fp_is_estimate(op) &&
                     fabs((double)f) > fabs(odd);
                result = helper_single_to_double(flt_bits(f)) ^
                         (negate ? DBL_SIGN_BIT : 0);
                return fp_commit(env, frd, inexact ? FPSCR_XX : 0, result,
                                 fprf_class(result), inexact, fr);
            }
        }
    }
    odd = fp_run(op, FE_TOWARDZERO, a, b, c, &flags);
    if (flags & FE_INVALID)
        return fp_commit(env, frd, fp_invalid_cause(op, a, b, c),
                         DBL_DEFAULT_NAN, FPRF_QNAN, false, false);
    odd_bits = f64_bits(odd);
    if ((flags & FE_INEXACT) && !is_inf(odd_bits))
        odd_bits |= 1;
    /* An exact zero sum is -0 when rounding toward -inf, +0 toward zero. */
    if (is_zero(odd_bits) && (fpscr & FPSCR_RN_MASK) == 3)
        odd_bits = f64_bits(fp_run(op, FE_DOWNWARD, a, b, c, &round_flags));
    odd = f64_of(odd_bits);

    saved = host_fp_begin(host_rounding[fpscr & FPSCR_RN_MASK]);
    HOST_FP_PIN(odd);
    f = (float)odd;
    HOST_FP_PIN(f);
    round_flags = host_fp_end(saved);

    flags |= round_flags;
    if (flags & FE_DIVBYZERO)
        exceptions |= FPSCR_ZX;
    if (flags & FE_OVERFLOW)
        exceptions |= FPSCR_OX;
    inexact = flags & FE_INEXACT;
    /* odd lies strictly between the two singles around the exact result. */
    fr = inexact && !fp_is_estimate(op) && fabs((double)f) > fabs(odd);
    tiny = (odd_bits & ~DBL_SIGN_BIT) < SGL_MIN_NORMAL &&
           ((odd_bits & ~DBL_SIGN_BIT) != 0 || inexact);
    if (tiny && (inexact || (fpscr & FPSCR_UE)))
        exceptions |= FPSCR_UX;
    result = helper_single_to_double(flt_bits(f));
    if (((exceptions & FPSCR_OX) && (fpscr & FPSCR_OE)) ||
        ((exceptions & FPSCR_UX) && (fpscr & FPSCR_UE)))
        result = fp_scaled_result(op, a, b, c,
                                  exceptions & FPSCR_OX ? -192 : 192, true,
                                  fpscr & FPSCR_RN_MASK, &inexact, &fr);
    if (inexact)
        exceptions |= FPSCR_XX;
    result ^= negate ? DBL_SIGN_BIT : 0;
    return fp_commit(env, frd, exceptions, result,
                     fprf_class(result), inexact, fr);
}

/* ---- the instructions ---------------------------------------------------- */

uint64_t helper_fadd(CPUPPCState *env, uint64_t frd, uint64_t fra,
                     uint64_t frb)
{
    return fp_done(fp_double_op(env, FP_ADD, frd, fra, frb, 0, false));
}

uint64_t helper_fsub(CPUPPCState *env, uint64_t frd, uint64_t fra,
                     uint64_t frb)
{
    return fp_done(fp_double_op(env, FP_SUB, frd, fra, frb, 0, false));
}

uint64_t helper_fmul(CPUPPCState *env, uint64_t frd, uint64_t fra,
                     uint64_t frc)
{
    return fp_done(fp_double_op(env, FP_MUL, frd, fra, 0, frc, false));
}

uint64_t helper_fdiv(CPUPPCState *env, uint64_t frd, uint64_t fra,
                     uint64_t frb)
{
    return fp_done(fp_double_op(env, FP_DIV, frd, fra, frb, 0, false));
}

uint64_t helper_fsqrt(CPUPPCState *env, uint64_t frd, uint64_t frb)
{
    return fp_done(fp_double_op(env, FP_SQRT, frd, 0, frb, 0, false));
}

uint64_t helper_fmadd(CPUPPCState *env, uint64_t frd, uint64_t fra,
                      uint64_t frc, uint64_t frb)
{
    return fp_done(fp_double_op(env, FP_MADD, frd, fra, frb, frc, false));
}

uint64_t helper_fmsub(CPUPPCState *env, uint64_t frd, uint64_t fra,
                      uint64_t frc, uint64_t frb)
{
    return fp_done(fp_double_op(env, FP_MSUB, frd, fra, frb, frc, false));
}

uint64_t helper_fnmadd(CPUPPCState *env, uint64_t frd, uint64_t fra,
                       uint64_t frc, uint64_t frb)
{
    return fp_done(fp_double_op(env, FP_MADD, frd, fra, frb, frc, true));
}

uint64_t helper_fnmsub(CPUPPCState *env, uint64_t frd, uint64_t fra,
                       uint64_t frc, uint64_t frb)
{
    return fp_done(fp_double_op(env, FP_MSUB, frd, fra, frb, frc, true));
}

uint64_t helper_frsqrte(CPUPPCState *env, uint64_t frd, uint64_t frb)
{
    return fp_done(fp_double_op(env, FP_RSQRT, frd, 0, frb, 0, false));
}

uint64_t helper_fadds(CPUPPCState *env, uint64_t frd, uint64_t fra,
                      uint64_t frb)
{
    return fp_done(fp_single_op(env, FP_ADD, frd, fra, frb, 0, false));
}

uint64_t helper_fsubs(CPUPPCState *env, uint64_t frd, uint64_t fra,
                      uint64_t frb)
{
    return fp_done(fp_single_op(env, FP_SUB, frd, fra, frb, 0, false));
}

uint64_t helper_fmuls(CPUPPCState *env, uint64_t frd, uint64_t fra,
                      uint64_t frc)
{
    return fp_done(fp_single_op(env, FP_MUL, frd, fra, 0, frc, false));
}

uint64_t helper_fdivs(CPUPPCState *env, uint64_t frd, uint64_t fra,
                      uint64_t frb)
{
    return fp_done(fp_single_op(env, FP_DIV, frd, fra, frb, 0, false));
}

uint64_t helper_fsqrts(CPUPPCState *env, uint64_t frd, uint64_t frb)
{
    return fp_done(fp_single_op(env, FP_SQRT, frd, 0, frb, 0, false));
}

uint64_t helper_fmadds(CPUPPCState *env, uint64_t frd, uint64_t fra,
                       uint64_t frc, uint64_t frb)
{
    return fp_done(fp_single_op(env, FP_MADD, frd, fra, frb, frc, false));
}

uint64_t helper_fmsubs(CPUPPCState *env, uint64_t frd, uint64_t fra,
                       uint64_t frc, uint64_t frb)
{
    return fp_done(fp_single_op(env, FP_MSUB, frd, fra, frb, frc, false));
}

uint64_t helper_fnmadds(CPUPPCState *env, uint64_t frd, uint64_t fra,
                        uint64_t frc, uint64_t frb)
{
    return fp_done(fp_single_op(env, FP_MADD, frd, fra, frb, frc, true));
}

uint64_t helper_fnmsubs(CPUPPCState *env, uint64_t frd, uint64_t fra,
                        uint64_t frc, uint64_t frb)
{
    return fp_done(fp_single_op(env, FP_MSUB, frd, fra, frb, frc, true));
}

uint64_t helper_fres(CPUPPCState *env, uint64_t frd, uint64_t frb)
{
    return fp_done(fp_single_op(env, FP_RECIP, frd, 0, frb, 0, false));
}

uint64_t helper_frsp(CPUPPCState *env, uint64_t frd, uint64_t frb)
{
    return fp_done(fp_single_op(env, FP_ROUND, frd, 0, frb, 0, false));
}

/*
 * fctiw/fctiwz.  The rounding is done by hand on the exact integer and
 * fraction parts.  The high word of frD is undefined in the architecture;
 * like qemu-ppc we sign-extend the result, except for a NaN operand
 * (0x00000000_80000000).  FPRF is undefined too: unchanged, or QNaN after
 * an invalid conversion, again as qemu-ppc does.
 */
static uint64_t fp_to_int32(CPUPPCState *env, uint64_t frd, uint64_t frb,
                            unsigned rn)
{
    double x = f64_of(frb), t, frac;
    uint32_t exceptions;

    fpscr_settle(env); /* FPRF stays as it was */

    if (is_nan(frb))
        return fp_commit(env, frd,
                         FPSCR_VXCVI | (is_snan(frb) ? FPSCR_VXSNAN : 0),
                         0x80000000u, FPRF_QNAN, false, false);
    if (!(fabs(x) < 4294967296.0))
        goto out_of_range;
    t = trunc(x);
    frac = x - t;
    switch (rn) {
    case 0: /* nearest, ties to even */
        if (fabs(frac) > 0.5 || (fabs(frac) == 0.5 && ((int64_t)t & 1)))
            t += copysign(1.0, x);
        break;
    case 2: /* toward +inf */
        if (frac > 0)
            t += 1.0;
        break;
    case 3: /* toward -inf */
        if (frac < 0)
            t -= 1.0;
        break;
    }
    if (t > 2147483647.0 || t < -2147483648.0)
        goto out_of_range;
    exceptions = frac != 0 ? FPSCR_XX : 0;
    return fp_commit(env, frd, exceptions, (uint64_t)(int64_t)(int32_t)t,
                     FPRF_UNCHANGED, frac != 0, fabs(t) > fabs(x));

out_of_range:
    return fp_commit(env, frd, FPSCR_VXCVI,
                     x > 0 ? 0x7fffffffu : (uint64_t)(int64_t)INT32_MIN,
                     FPRF_QNAN, false, false);
}

uint64_t helper_fctiw(CPUPPCState *env, uint64_t frd, uint64_t frb)
{
    return fp_done(fp_to_int32(env, frd, frb, env->fpscr & FPSCR_RN_MASK));
}

uint64_t helper_fctiwz(CPUPPCState *env, uint64_t frd, uint64_t frb)
{
    return fp_done(fp_to_int32(env, frd, frb, 1));
}

static uint32_t fp_compare(CPUPPCState *env, uint64_t a, uint64_t b,
                           bool ordered)
{
    uint32_t fpscr = ppc_get_fpscr(env), exceptions = 0, crf;

    if (is_nan(a) || is_nan(b)) {
        crf = CRF_SO; /* unordered */
        if (is_snan(a) || is_snan(b)) {
            exceptions |= FPSCR_VXSNAN;
            /* fcmpo: VXVC too, unless the VXSNAN exception traps. */
            if (ordered && !(fpscr & FPSCR_VE))
                exceptions |= FPSCR_VXVC;
        } else if (ordered) {
            exceptions |= FPSCR_VXVC;
        }
    } else if (f64_of(a) < f64_of(b)) {
        crf = CRF_LT;
    } else if (f64_of(a) > f64_of(b)) {
        crf = CRF_GT;
    } else {
        crf = CRF_EQ;
    }
    fpscr = (fpscr & ~FPSCR_FPCC_MASK) | crf << FPSCR_FPRF_SHIFT;
    env->fpscr = fpscr_raise(fpscr, exceptions);
    return crf;
}

uint32_t helper_fcmpu(CPUPPCState *env, uint64_t fra, uint64_t frb)
{
    return fp_done(fp_compare(env, fra, frb, false));
}

uint32_t helper_fcmpo(CPUPPCState *env, uint64_t fra, uint64_t frb)
{
    return fp_done(fp_compare(env, fra, frb, true));
}

uint64_t helper_fcmpu_nan(CPUPPCState *env, uint64_t fra, uint64_t frb)
{
    return fp_done(fp_compare(env, fra, frb, false));
}

/* ---- FPSCR moves ---------------------------------------------------------- */

/* FX is written like any bit (no implicit FX); FEX and VX are summaries and
 * cannot be written. */
uint32_t helper_mtfsf(CPUPPCState *env, uint32_t field_mask, uint64_t frb)
{
    /* Bit i of the field mask becomes nibble i of the bit mask (glibc's
     * sqrt runs mtfsf twice per call: this costs less than a loop). */
    uint32_t mask = field_mask & 0xff;

    mask = (mask | mask << 12) & 0x000f000fu;
    mask = (mask | mask << 6) & 0x03030303u;
    mask = (mask | mask << 3) & 0x11111111u;
    mask = mask * 0xfu & ~FPSCR_RESERVED;
    /* Pending bits that are all overwritten need not be computed (glibc
     * restores the whole FPSCR after each sqrt). */
    if ((mask & (FPSCR_FR | FPSCR_FI | FPSCR_FPRF_MASK)) ==
        (FPSCR_FR | FPSCR_FI | FPSCR_FPRF_MASK)) {
        fpscr_fold_host_flags(env);
        env->fp_pending = PPC_FP_NONE;
    } else {
        fpscr_settle(env);
    }
    env->fpscr = fpscr_with_summaries((env->fpscr & ~mask) |
                                      ((uint32_t)frb & mask));
    return (uint32_t)ppc_tb_fp_flags(env->fpscr);
}

uint32_t helper_mtfsb0(CPUPPCState *env, uint32_t bit)
{
    fpscr_settle(env);
    env->fpscr = fpscr_with_summaries(env->fpscr & ~FPSCR_BIT(bit & 31));
    return (uint32_t)ppc_tb_fp_flags(env->fpscr);
}

/* Unlike mtfsf, mtfsb1 sets FX when it turns an exception bit on (Book I:
 * only mtfsf and mtfsfi are exempt from the implicit FX rule). */
uint32_t helper_mtfsb1(CPUPPCState *env, uint32_t bit)
{
    uint32_t b = FPSCR_BIT(bit & 31) & ~FPSCR_RESERVED;

    fpscr_settle(env);
    if (b & FPSCR_EXCEPTIONS)
        env->fpscr = fpscr_raise(env->fpscr, b);
    else
        env->fpscr = fpscr_with_summaries(env->fpscr | b);
    return (uint32_t)ppc_tb_fp_flags(env->fpscr);
}

uint32_t helper_mcrfs(CPUPPCState *env, uint32_t field)
{
    unsigned shift = 28 - 4 * (field & 7);
    uint32_t value = (ppc_get_fpscr(env) >> shift) & 0xf;
    uint32_t cleared = (FPSCR_FX | FPSCR_EXCEPTIONS) & (0xfu << shift);

    env->fpscr = fpscr_with_summaries(env->fpscr & ~cleared);
    return value;
}

/* ---- lfs / stfs format conversions ---------------------------------------- */

/* Exact widening; NaNs keep their payload and stay signalling. */
uint64_t helper_single_to_double(uint32_t word)
{
    uint64_t sign = (uint64_t)(word >> 31) << 63;
    uint32_t exp = (word >> 23) & 0xff;
    uint64_t frac = word & 0x7fffff;
    int shift;

    if (exp == 0xff)
        return sign | DBL_EXP_MASK | frac << 29;
    if (exp != 0)
        return sign | (uint64_t)(exp + 1023 - 127) << 52 | frac << 29;
    if (frac == 0)
        return sign;
    /* Denormal: shift the leading one into the implicit-bit position. */
    shift = __builtin_clz((uint32_t)frac) - 8;
    frac = (frac << shift) & 0x7fffff;
    return sign | (uint64_t)(1023 - 126 - shift) << 52 | frac << 29;
}

/*
 * The store conversion of the architecture: above the single denormal
 * range (and for Inf/NaN) bits are copied without rounding; in the denormal
 * range the significand is shifted right; below it the result is undefined
 * and we store a signed zero.
 */
uint32_t helper_double_to_single(uint64_t frs)
{
    unsigned exp = (frs >> 52) & 0x7ff;
    uint32_t sign = (uint32_t)(frs >> 32) & 0x80000000u;

    if (exp > 896)
        return (uint32_t)(frs >> 32 & 0xc0000000u) |
               (uint32_t)(frs >> 29 & 0x3fffffffu);
    if (exp < 874)
        return sign;
    return sign |
           (uint32_t)(((frs & 0xfffffffffffffull) | 1ull << 52) >>
                      (896 + 30 - exp));
}
