/*
 * fp-traps.c: unmasked floating-point exceptions.  SSE scalar and packed
 * operations, conversions and compares raise #XM at the instruction, the
 * destination unchanged; the x87 raises #MF at the next waiting
 * instruction.  The SIGFPE handler prints si_code, whether si_addr is the
 * expected instruction, the trap number, and the MXCSR, x87 status word
 * and xmm0 of the signal frame.  The oracle is this program run natively
 * (tests/tcg/i386/fp-traps.c builds it for i386).
 *
 * Not covered, as mimic differs there: an unmasked overflow or underflow
 * whose result is exact once the exponent is unbounded (DBL_MAX * 2):
 * the hardware leaves PE clear, mimic computes masked and sets it.
 */
#define _GNU_SOURCE
#include <fenv.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

/* The FXSAVE image in the frame: i386's starts after the FSAVE one. */
#if defined(__x86_64__)
#define FXSAVE_IMAGE(uc) ((const uint8_t *)(uc)->uc_mcontext.fpregs)
#else
#define FXSAVE_IMAGE(uc) ((const uint8_t *)(uc)->uc_mcontext.fpregs + 112)
#endif

static sigjmp_buf jump;
static struct {
    int code;
    uintptr_t addr;
    long trapno;
    uint32_t mxcsr;
    uint16_t fsw;
    uint64_t xmm0;
} seen;

static void handler(int sig, siginfo_t *si, void *ucv)
{
    const ucontext_t *uc = ucv;
    const uint8_t *fx = FXSAVE_IMAGE(uc);

    (void)sig;
    seen.code = si->si_code;
    seen.addr = (uintptr_t)si->si_addr;
    seen.trapno = (long)uc->uc_mcontext.gregs[REG_TRAPNO];
    memcpy(&seen.fsw, fx + 2, 2);
    memcpy(&seen.mxcsr, fx + 24, 4);
    memcpy(&seen.xmm0, fx + 160, 8);
    siglongjmp(jump, 1);
}

/*
 * One operation "insn %xmm1, %xmm0" on xmm0 = a, xmm1 = b, its address
 * the global label at_<name>; the result goes to r when it does not trap.
 */
#define SSE_OP(name, insn)                                                  \
    extern const char at_##name[];                                         \
    static __attribute__((noinline, noclone)) void                         \
    op_##name(const void *a, const void *b, void *r)                       \
    {                                                                       \
        __asm__ volatile("movups (%0), %%xmm0\n\t"                         \
                         "movups (%1), %%xmm1\n\t"                         \
                         ".globl at_" #name "\n"                            \
                         "at_" #name ":\n\t"                               \
                         insn " %%xmm1, %%xmm0\n\t"                        \
                         "movups %%xmm0, (%2)"                              \
                         : : "r"(a), "r"(b), "r"(r)                         \
                         : "xmm0", "xmm1", "memory");                       \
    }

SSE_OP(addsd, "addsd")
SSE_OP(mulsd, "mulsd")
SSE_OP(divsd, "divsd")
SSE_OP(sqrtsd, "sqrtsd")
SSE_OP(divss, "divss")
SSE_OP(mulss, "mulss")
SSE_OP(divps, "divps")
SSE_OP(divpd, "divpd")
SSE_OP(addps, "addps")
SSE_OP(cvtsd2ss, "cvtsd2ss")

extern const char at_cvtsd2si[], at_comisd[], at_fwait[], at_fld1[];

static __attribute__((noinline, noclone)) void
op_cvtsd2si(const void *a, const void *b, void *r)
{
    int v = -7;

    (void)b;
    __asm__ volatile("movsd (%1), %%xmm0\n\t"
                     ".globl at_cvtsd2si\nat_cvtsd2si:\n\t"
                     "cvtsd2si %%xmm0, %0"
                     : "+r"(v) : "r"(a) : "xmm0");
    memcpy(r, &v, sizeof(v));
}

static __attribute__((noinline, noclone)) void
op_comisd(const void *a, const void *b, void *r)
{
    unsigned char below = 7;

    __asm__ volatile("movsd (%1), %%xmm0\n\t"
                     "movsd (%2), %%xmm1\n\t"
                     ".globl at_comisd\nat_comisd:\n\t"
                     "comisd %%xmm1, %%xmm0\n\t"
                     "setb %0"
                     : "+q"(below) : "r"(a), "r"(b) : "xmm0", "xmm1", "cc");
    memcpy(r, &below, 1);
}

typedef void OpFn(const void *, const void *, void *);

static const char *except_name(int e)
{
    static char buf[64];

    buf[0] = 0;
    if (e & FE_INVALID)
        strcat(buf, "IE ");
    if (e & __FE_DENORM)
        strcat(buf, "DE ");
    if (e & FE_DIVBYZERO)
        strcat(buf, "ZE ");
    if (e & FE_OVERFLOW)
        strcat(buf, "OE ");
    if (e & FE_UNDERFLOW)
        strcat(buf, "UE ");
    if (e & FE_INEXACT)
        strcat(buf, "PE ");
    return buf[0] ? buf : "none ";
}

/* Unmask the exceptions in enable (MXCSR only), clear every flag, run
 * op; report the trap, or the result and flags when none came. */
static void run_sse(const char *what, OpFn *op, const char *at, int enable,
                    const void *a, const void *b)
{
    uint8_t r[16];
    uint32_t mxcsr = 0x1f80 & ~((uint32_t)enable << 7);
    volatile int trapped = 0;

    memset(r, 0xee, sizeof(r));
    memset(&seen, 0, sizeof(seen));
    if (sigsetjmp(jump, 1) == 0) {
        __asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
        op(a, b, r);
    } else {
        trapped = 1;
    }
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    __asm__ volatile("ldmxcsr %0" : : "m"((uint32_t){ 0x1f80 }));
    printf("%-22s unmasked %-9s", what, except_name(enable));
    if (trapped) {
        printf("SIGFPE code %d at-insn %d trapno %ld mxcsr %#x xmm0 %#llx\n",
               seen.code, seen.addr == (uintptr_t)at, seen.trapno,
               seen.mxcsr, (unsigned long long)seen.xmm0);
    } else {
        uint64_t lo;
        memcpy(&lo, r, 8);
        printf("no trap, mxcsr %#x result %#llx\n", mxcsr,
               (unsigned long long)lo);
    }
}

/* x87: 1/0, 0/0 or 1/3 with the exceptions in enable unmasked; the trap comes at the waiting
 * instruction after it, FWAIT or FLD1. */
static void run_x87(const char *what, int kind, int enable, int via_fld1)
{
    static const double one = 1.0, zero = 0.0, three = 3.0;
    uint16_t cw = (uint16_t)(0x37f & ~enable), fsw = 0;
    volatile int trapped = 0;
    double out = -1;

    memset(&seen, 0, sizeof(seen));
    if (sigsetjmp(jump, 1) == 0) {
        __asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw));
        switch (kind) {
        case 0:
            __asm__ volatile("fldl %1\n\tfdivl %2\n\tfnstsw %0"
                             : "=m"(fsw) : "m"(one), "m"(zero));
            break;
        case 1:
            __asm__ volatile("fldl %1\n\tfdivl %2\n\tfnstsw %0"
                             : "=m"(fsw) : "m"(zero), "m"(zero));
            break;
        default:
            __asm__ volatile("fldl %1\n\tfdivl %2\n\tfnstsw %0"
                             : "=m"(fsw) : "m"(one), "m"(three));
            break;
        }
        if (via_fld1)
            __asm__ volatile(".globl at_fld1\nat_fld1:\n\tfld1\n\t"
                             "fstpl %0" : "=m"(out));
        else
            __asm__ volatile(".globl at_fwait\nat_fwait:\n\tfwait");
        __asm__ volatile("fstpl %0" : "=m"(out));
    } else {
        trapped = 1;
    }
    __asm__ volatile("fninit");
    printf("%-22s x87 unmasked %-9s fnstsw %#x ", what, except_name(enable),
           fsw);
    if (trapped)
        printf("SIGFPE code %d at-insn %d trapno %ld fsw %#x\n", seen.code,
               seen.addr == (uintptr_t)(via_fld1 ? at_fld1 : at_fwait),
               seen.trapno, seen.fsw);
    else
        printf("no trap, result %g\n", out);
}

/* C arithmetic after glibc's feenableexcept: SSE on x86-64, the x87 on
 * i386 (its libm-free division is x87 code there). */
static void run_c_division(void)
{
    static volatile double num = 1.0, den = 0.0, out = -1;
    volatile int trapped = 0;

    memset(&seen, 0, sizeof(seen));
    if (sigsetjmp(jump, 1) == 0) {
        feclearexcept(FE_ALL_EXCEPT);
        feenableexcept(FE_DIVBYZERO);
        out = num / den;
        out = out + 1;
    } else {
        trapped = 1;
    }
    fedisableexcept(FE_ALL_EXCEPT);
    if (trapped)
        printf("C 1.0/0.0 feenableexcept SIGFPE code %d trapno %ld\n",
               seen.code, seen.trapno);
    else
        printf("C 1.0/0.0 feenableexcept no trap, result %g\n", out);
}

int main(void)
{
    static const double d_one[2] = { 1.0, 1.0 }, d_zero[2] = { 0.0, 0.0 };
    static const double d_three[2] = { 3.0, 3.0 }, d_neg[2] = { -1.0, 2.0 };
    static const double d_max[2] = { 1.7976931348623157e308, 1.0 };
    static const double d_min[2] = { 2.4475812443579217e-308, 1.0 };
    static const double d_tenth3[2] = { 0.3, 1.0 };
    static const double d_denorm[2] = { 4.9406564584124654e-324, 1.0 };
    static const double d_big[2] = { 1e30, 1.0 };
    static const double d_mix[2] = { 1.0, 0.0 };
    static const double d_mixb[2] = { 0.0, 0.0 };
    static const float f_one[4] = { 1, 1, 1, 1 }, f_zero[4] = { 0, 0, 0, 0 };
    static const float f_lanes[4] = { 1, 1, 0, 1 };
    static const float f_max[4] = { 3e38f, 1, 1, 1 };
    static const double d_nan[2] = { __builtin_nan(""), 1.0 };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);

    /* Each exception alone, scalar double. */
    run_sse("divsd 1/0", op_divsd, at_divsd, FE_DIVBYZERO, d_one, d_zero);
    run_sse("divsd 0/0", op_divsd, at_divsd, FE_INVALID, d_zero, d_zero);
    run_sse("sqrtsd -1", op_sqrtsd, at_sqrtsd, FE_INVALID, d_zero, d_neg);
    run_sse("mulsd 1.1min*0.3", op_mulsd, at_mulsd, FE_UNDERFLOW, d_min,
            d_tenth3);
    run_sse("divsd 1/3", op_divsd, at_divsd, FE_INEXACT, d_one, d_three);
    run_sse("addsd denormal+1", op_addsd, at_addsd, __FE_DENORM, d_denorm,
            d_one);
    /* The exception raised but masked, another one unmasked. */
    run_sse("divsd 1/0 IE only", op_divsd, at_divsd, FE_INVALID, d_one,
            d_zero);
    run_sse("divsd 1/3 all", op_divsd, at_divsd, FE_ALL_EXCEPT | __FE_DENORM,
            d_one, d_three);
    run_sse("addsd 1+1 all", op_addsd, at_addsd, FE_ALL_EXCEPT | __FE_DENORM,
            d_one, d_one);
    /* Single precision and packed. */
    run_sse("divss 1/0", op_divss, at_divss, FE_DIVBYZERO, f_one, f_zero);
    run_sse("mulss 3e38*3e38", op_mulss, at_mulss, FE_OVERFLOW, f_max,
            f_max);
    run_sse("divps lane 2 by 0", op_divps, at_divps, FE_DIVBYZERO, f_one,
            f_lanes);
    run_sse("addps 1+1", op_addps, at_addps, FE_DIVBYZERO, f_one, f_one);
    run_sse("divpd 1/0 0/0 IE ZE", op_divpd, at_divpd,
            FE_INVALID | FE_DIVBYZERO, d_mix, d_mixb);
    run_sse("divpd 1/0 0/0 ZE", op_divpd, at_divpd, FE_DIVBYZERO, d_mix,
            d_mixb);
    /* Conversions and compares. */
    run_sse("cvtsd2ss max", op_cvtsd2ss, at_cvtsd2ss, FE_OVERFLOW, d_zero,
            d_max);
    run_sse("cvtsd2si 1e30", op_cvtsd2si, at_cvtsd2si, FE_INVALID, d_big,
            d_zero);
    run_sse("comisd nan", op_comisd, at_comisd, FE_INVALID, d_nan, d_one);
    run_sse("comisd 1,3", op_comisd, at_comisd, FE_INVALID, d_one, d_three);

    /* x87. */
    run_x87("fdiv 1/0 fwait", 0, FE_DIVBYZERO, 0);
    run_x87("fdiv 0/0 fwait", 1, FE_INVALID, 0);
    run_x87("fdiv 1/3 fwait", 2, FE_INEXACT, 0);
    run_x87("fdiv 1/0 masked", 0, FE_INVALID, 0);
    run_x87("fdiv 1/0 fld1", 0, FE_DIVBYZERO, 1);
    run_c_division();
    return 0;
}
