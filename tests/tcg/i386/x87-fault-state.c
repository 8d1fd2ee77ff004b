/*
 * x87-fault-state.c: a guest memory fault in the middle of x87 code whose
 * values a translator may keep in host registers (mimic keeps them on the
 * host's x87 stack within a block).  The SIGSEGV handler prints the FPU
 * state the kernel saved (status word, tags, the eight registers) from its
 * ucontext; each must be the state before the faulting instruction, as on
 * the hardware (the oracle: the same program run natively).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

static sigjmp_buf back;
static double *bad;
static const double a = 1.0 / 3.0, b = 3.1415926535897932, c = -2.5e-3;
static const double tiny = 1e-300;
static const unsigned long long snan = 0x7ff4000000000000ull;  /* IE */
static const unsigned long long denormal = 0x0000000000000123ull; /* DE */
static const unsigned short cw_up = 0x0b7f;     /* round up, 64-bit */
static double sink;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;

    (void)sig;
    printf("  fault at %s  sw=%04lx tag=%04lx\n",
           si->si_addr == (void *)bad ? "bad" : "elsewhere",
           fp->sw & 0xffff, fp->tag & 0xffff);
    for (int i = 0; i < 8; i++) {
        const struct _libc_fpreg *r = &fp->_st[i];
        printf("  st%d %04x %04x%04x%04x%04x\n", i, r->exponent,
               r->significand[3], r->significand[2], r->significand[1],
               r->significand[0]);
    }
    siglongjmp(back, 1);
}

/* Every register 0 and empty (a signal handler left by siglongjmp
 * leaves the registers as the kernel set them for it). */
#define ZERO_REGS                                                           \
    "fninit\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\t"                           \
    "fldz\n\tfldz\n\tfldz\n\tfldz\n\tfninit\n\t"

#define CASE(name, body)                                                    \
    do {                                                                    \
        printf("%s\n", name);                                               \
        if (!sigsetjmp(back, 1)) {                                          \
            __asm__ volatile(ZERO_REGS body                                 \
                             : : [a] "m"(a), [b] "m"(b), [c] "m"(c),        \
                                 [tiny] "m"(tiny), [cw] "m"(cw_up),         \
                                 [snan] "m"(snan), [den] "m"(denormal),     \
                                 [bad] "r"(bad), [sink] "m"(sink)           \
                             : "memory");                                   \
            printf("  no fault\n");                                         \
        }                                                                   \
        __asm__ volatile("fninit");                                         \
    } while (0)

int main(void)
{
    struct sigaction sa;

    bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (bad == MAP_FAILED)
        return 1;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);

    /* a multiply-add chain, then a store that faults */
    CASE("chain, store faults",
         "fldl %[a]\n\t"
         "fldl %[b]\n\t"
         "fmul %%st(1), %%st\n\t"
         "fldl %[c]\n\t"
         "faddp\n\t"
         "fstl (%[bad])\n\t");
    /* the same chain, a load that faults */
    CASE("chain, load faults",
         "fldl %[a]\n\t"
         "fmul %%st(0), %%st\n\t"
         "fldl %[b]\n\t"
         "fdivr %%st(1), %%st\n\t"
         "fsubl %[c]\n\t"
         "fldl (%[bad])\n\t");
    /* C1 of a result rounded up, and PE, at the fault */
    CASE("rounded up",
         "fldcw %[cw]\n\t"
         "fldl %[a]\n\t"
         "fmull %[b]\n\t"
         "fldl %[b]\n\t"
         "fdiv %%st(1), %%st\n\t"
         "faddl (%[bad])\n\t");
    /* underflow and denormal flags, values in several registers */
    CASE("underflow",
         "fldl %[tiny]\n\t"
         "fmull %[tiny]\n\t"
         "fldl %[tiny]\n\t"
         "fld %%st(0)\n\t"
         "fmulp\n\t"
         "fxch %%st(1)\n\t"
         "fstpl (%[bad])\n\t");
    /* a compare's C0..C3, then a fault */
    CASE("compare",
         "fldl %[a]\n\t"
         "fldl %[b]\n\t"
         "fcom %%st(1)\n\t"
         "fsqrt\n\t"
         "fcoml %[c]\n\t"
         "fistl (%[bad])\n\t");
    /* FCHS/FLD1 (C1 cleared) after an operation that set C1 */
    CASE("c1 cleared",
         "fldcw %[cw]\n\t"
         "fldl %[a]\n\t"
         "fmull %[b]\n\t"
         "fchs\n\t"
         "fld1\n\t"
         "fadd %%st(1), %%st\n\t"
         "fstps (%[bad])\n\t");
    /* the flags of loads alone (IE, DE), at a fault and at FNSTSW */
    CASE("load flags",
         "fldl %[snan]\n\t"
         "fldl %[den]\n\t"
         "fldl (%[bad])\n\t");
    CASE("load flags, fnstsw",
         "fldl %[den]\n\t"
         "fxch %%st(0)\n\t"
         "fnstsw (%[bad])\n\t");
    CASE("load flags after arithmetic",
         "fldl %[a]\n\t"
         "fmull %[b]\n\t"
         "fldl %[snan]\n\t"
         "fstpl (%[bad])\n\t");
    /* C1 rounded up by the operation before a store that faults (a
     * translator may leave that status word in the host's x87) */
    CASE("rounded up, store faults",
         "fldcw %[cw]\n\t"
         "fldl %[a]\n\t"
         "fmull %[b]\n\t"
         "fstl (%[bad])\n\t");
    CASE("rounded up, fists faults",
         "fldcw %[cw]\n\t"
         "fldl %[b]\n\t"
         "fmull %[a]\n\t"
         "fists (%[bad])\n\t");
    CASE("rounded up, fistpll faults",
         "fldcw %[cw]\n\t"
         "fldl %[c]\n\t"
         "fldl %[a]\n\t"
         "fmul %%st(1), %%st\n\t"
         "fistpll (%[bad])\n\t");
    CASE("rounded up, fisttpl faults",
         "fldl %[b]\n\t"
         "fdivl %[a]\n\t"
         "fisttpl (%[bad])\n\t");
    /* a store that rounds, then a load that faults */
    CASE("store rounds, load faults",
         "fldcw %[cw]\n\t"
         "fldl %[a]\n\t"
         "fmull %[b]\n\t"
         "fsts %[sink]\n\t"
         "fldl (%[bad])\n\t");
    /* the status word across a jump to the next block */
    CASE("rounded up, jump, load faults",
         "fldcw %[cw]\n\t"
         "fldl %[a]\n\t"
         "fmull %[b]\n\t"
         "jmp 1f\n"
         "1:\tfldl (%[bad])\n\t");
    CASE("rounded up, fxch, store faults",
         "fldcw %[cw]\n\t"
         "fldl %[c]\n\t"
         "fldl %[a]\n\t"
         "fmull %[b]\n\t"
         "fxch %%st(1)\n\t"
         "fxch %%st(1)\n\t"
         "fstpl (%[bad])\n\t");
    /* operands read from memory by the operation itself */
    CASE("rounded up, fcoml faults",
         "fldcw %[cw]\n\t"
         "fldl %[a]\n\t"
         "fmull %[b]\n\t"
         "fcoml (%[bad])\n\t");
    CASE("rounded up, fildl faults",
         "fldcw %[cw]\n\t"
         "fldl %[b]\n\t"
         "fmull %[a]\n\t"
         "fildl (%[bad])\n\t");
    CASE("rounded up, fmull faults, operand below",
         "fldcw %[cw]\n\t"
         "fldl %[b]\n\t"
         "fldl %[a]\n\t"
         "fmul %%st(1), %%st\n\t"
         "fxch %%st(1)\n\t"
         "fmull (%[bad])\n\t");
    return 0;
}
