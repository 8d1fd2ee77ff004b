/*
 * Exception bits raised by runs of double and single arithmetic, read back
 * with mffs, a record form, or across a system call.  mimic runs these
 * instructions inline and keeps the bits they raise in the host's MXCSR
 * until FPSCR is read (target-ppc/README.md): each sequence starts from a
 * cleared FPSCR, runs a few instructions, and prints FPSCR, CR and the
 * result bits.  Cases: exact and inexact sums, overflow, underflow to zero
 * and to a denormal, a product exact below 2^-1022 that rounds up to it
 * (tiny for PowerPC, which detects tininess before rounding, but not for
 * x86), zero divide, invalid operations, singles with single and with
 * double operands, and bits cleared by mtfsf/mtfsb0 between two
 * instructions.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static double dbl(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof(d));
    return d;
}

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof(u));
    return u;
}

#define ONE 0x3ff0000000000000ull
#define TWO_M60 0x3c30000000000000ull    /* 2^-60 */
#define BIG 0x7e37e43c8800759cull        /* 1e300 */
#define SMALL 0x01a56e1fc2f8f359ull      /* 1e-300 */
#define MIN_NORMAL 0x0010000000000000ull /* 2^-1022 */
#define BELOW_A 0x1ffffffffc000000ull    /* (1 - 2^-27) 2^-511 */
#define BELOW_B 0x2000000002000000ull    /* (1 + 2^-27) 2^-511 */
#define HALF 0x3fe0000000000000ull
#define INF 0x7ff0000000000000ull
#define QNAN 0x7ff8000000000123ull
#define ONE_P30 0x3ff0000000400000ull    /* 1 + 2^-30: not a single */
#define TWO_M30 0x3e10000000000000ull    /* 2^-30 */
#define SGL_BIG 0x4630000000000000ull    /* 2^100 */
/* FR (fraction rounded up) is masked: qemu-ppc, the oracle, does not
 * model it (tests/unit/test-ppc-fpu.c checks it against the manual). */
#define FPSCR_FR 0x00040000u

/* FPSCR = 0, CR = 0; text with %[a] %[b] %[c] as inputs and %[d] the
 * result; then FPSCR and CR. */
#define RUN(name, text, va, vb, vc)                                             \
    do {                                                                     \
        double d_ = 0, f_;                                                   \
        uint32_t cr_;                                                        \
        asm volatile("mtfsf 0xff,%[z]\n\tmtcrf 0xff,%[zr]\n\t" text         \
                     "\n\tmffs %[f]\n\tmfcr %[cr]"                           \
                     : [d] "+&f"(d_), [f] "=&f"(f_), [cr] "=&r"(cr_)         \
                     : [a] "f"(dbl(va)), [b] "f"(dbl(vb)), [c] "f"(dbl(vc)), \
                       [z] "f"(0.0), [zr] "r"(0)                             \
                     : "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6",      \
                       "cr7", "memory");                                     \
        printf("%-22s fpscr %08x cr %08x d %016llx\n", name,                 \
               (uint32_t)bits(f_) & ~FPSCR_FR, cr_,                        \
               (unsigned long long)bits(d_));                                \
    } while (0)

int main(void)
{
    /* one instruction each */
    RUN("fadd exact", "fadd %[d],%[a],%[b]", ONE, ONE, 0);
    RUN("fadd inexact", "fadd %[d],%[a],%[b]", ONE, TWO_M60, 0);
    RUN("fsub inexact", "fsub %[d],%[a],%[b]", ONE, TWO_M60, 0);
    RUN("fmul overflow", "fmul %[d],%[a],%[b]", BIG, BIG, 0);
    RUN("fmul underflow 0", "fmul %[d],%[a],%[b]", SMALL, SMALL, 0);
    RUN("fmul denormal exact", "fmul %[d],%[a],%[b]", MIN_NORMAL, HALF, 0);
    RUN("fmul denormal inexact", "fmul %[d],%[a],%[b]", SMALL,
        0x3cb0000000000001ull, 0);
    RUN("fmul rounds to 2^-1022", "fmul %[d],%[a],%[b]", BELOW_A, BELOW_B,
        0);
    RUN("fmadd rounds to 2^-1022", "fmadd %[d],%[a],%[b],%[c]", BELOW_A,
        BELOW_B, 0);
    RUN("fdiv zero divide", "fdiv %[d],%[a],%[b]", ONE, 0, 0);
    RUN("fdiv inexact", "fdiv %[d],%[a],%[b]", ONE, 0x4008000000000000ull,
        0);
    RUN("fdiv 0/0", "fdiv %[d],%[a],%[b]", 0, 0, 0);
    RUN("fsub inf-inf", "fsub %[d],%[a],%[b]", INF, INF, 0);
    RUN("fmul qnan", "fmul %[d],%[a],%[b]", ONE, QNAN, 0);
    RUN("fmadd inexact", "fmadd %[d],%[a],%[b],%[c]", ONE, ONE_P30,
        TWO_M60);
    RUN("fnmsub exact", "fnmsub %[d],%[a],%[b],%[c]", ONE, ONE, HALF);

    /* several: the bits add up, and the last instruction sets FPRF FI FR */
    RUN("inexact then exact", "fadd %[d],%[a],%[b]\n\tfadd %[d],%[a],%[a]",
        ONE, TWO_M60, 0);
    RUN("overflow then exact", "fmul %[d],%[a],%[a]\n\tfmul %[d],%[b],%[b]",
        BIG, ONE, 0);
    RUN("underflow then zero div",
        "fmul %[d],%[a],%[a]\n\tfdiv %[d],%[b],%[c]", SMALL, ONE, 0);
    RUN("three ops", "fmul %[d],%[a],%[b]\n\tfadd %[d],%[d],%[c]\n\t"
        "fsub %[d],%[d],%[a]", BIG, HALF, TWO_M60);

    /* the first one's result is left to its helper, the next inline */
    RUN("fmadd invalid, fadd", "fmadd %[d],%[a],%[b],%[c]\n\t"
        "fadd %[d],%[c],%[c]", INF, 0, ONE);
    RUN("fnmsub qnan, fmul", "fnmsub %[d],%[a],%[b],%[c]\n\t"
        "fmul %[d],%[d],%[c]", ONE, QNAN, ONE);
    RUN("fmul to 2^-1022, fadd", "fmul %[d],%[a],%[b]\n\t"
        "fadd %[d],%[d],%[c]", BELOW_A, BELOW_B, 0);
    RUN("fmadd to 2^-1022, fmsub", "fmadd %[d],%[a],%[b],%[c]\n\t"
        "fmsub %[d],%[a],%[b],%[d]", BELOW_A, BELOW_B, 0);
    RUN("fdiv 0/0, fdiv 1/3", "fdiv %[d],%[c],%[c]\n\t"
        "fdiv %[d],%[a],%[b]", ONE, 0x4008000000000000ull, 0);

    /* read through a record form */
    RUN("fadd. inexact", "fadd. %[d],%[a],%[b]", ONE, TWO_M60, 0);
    RUN("inexact then fmr.", "fadd %[d],%[a],%[b]\n\tfmr. %[d],%[a]", ONE,
        TWO_M60, 0);
    RUN("overflow then fabs.", "fmul %[d],%[a],%[a]\n\tfabs. %[d],%[b]",
        BIG, ONE, 0);

    /* cleared between two instructions */
    RUN("inexact, mtfsf, exact",
        "fadd %[d],%[a],%[b]\n\tmtfsf 0xff,%[c]\n\tfadd %[d],%[a],%[a]",
        ONE, TWO_M60, 0);
    RUN("inexact, mtfsb0 6, exact",
        "fadd %[d],%[a],%[b]\n\tmtfsb0 6\n\tmtfsb0 0\n\tfadd %[d],%[a],%[a]",
        ONE, TWO_M60, 0);
    RUN("overflow, mtfsfi, exact",
        "fmul %[d],%[a],%[a]\n\tmtfsfi 0,0\n\tmtfsfi 1,0\n\t"
        "fmul %[d],%[b],%[b]", BIG, ONE, 0);
    RUN("inexact, mcrfs 1, exact",
        "fadd %[d],%[a],%[b]\n\tmcrfs 2,1\n\tfadd %[d],%[a],%[a]",
        ONE, TWO_M60, 0);

    /* single precision: single operands inline, others not */
    RUN("fadds exact", "fadds %[d],%[a],%[b]", ONE, HALF, 0);
    RUN("fadds inexact 2^-30", "fadds %[d],%[a],%[b]", ONE, TWO_M30, 0);
    RUN("fadds inexact", "fadds %[d],%[a],%[b]", ONE, 0x3e70000000000000ull,
        0);
    RUN("fadds double operand", "fadds %[d],%[a],%[b]", ONE_P30,
        TWO_M30 | (1ull << 63), 0);
    RUN("fmuls overflow", "fmuls %[d],%[a],%[b]", SGL_BIG, SGL_BIG, 0);
    RUN("fdivs inexact", "fdivs %[d],%[a],%[b]", ONE,
        0x4008000000000000ull, 0);
    RUN("fmuls double operand", "fmuls %[d],%[a],%[b]", ONE_P30, ONE_P30,
        0);

    /* a system call between an inexact sum and mffs */
    {
        double d = 0, f;
        asm volatile("mtfsf 0xff,%[z]\n\tfadd %[d],%[a],%[b]"
                     : [d] "=f"(d)
                     : [a] "f"(dbl(ONE)), [b] "f"(dbl(TWO_M60)),
                       [z] "f"(0.0));
        pid_t pid = getpid();
        asm volatile("mffs %[f]" : [f] "=f"(f) : : "memory");
        printf("%-22s fpscr %08x pid>0 %d\n", "inexact, getpid, mffs",
               (uint32_t)bits(f) & ~FPSCR_FR, pid > 0);
        (void)d;
    }
    return 0;
}
