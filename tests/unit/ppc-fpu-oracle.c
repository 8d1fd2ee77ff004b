/*
 * ppc-fpu-oracle.c: prints the expected results of PowerPC floating-point
 * instructions as C table rows for test-ppc-fpu.c.  It is a *guest*
 * program: build it with the cross compiler and run it on an oracle
 * (real hardware or Debian's qemu-ppc), never on mimic:
 *
 *   powerpc-linux-gnu-gcc -static -O1 tests/unit/ppc-fpu-oracle.c -o oracle
 *   qemu-ppc -cpu 7400 ./oracle > tests/unit/ppc-fpu-expected.h
 *
 * Each row: instruction, frA, frB, frC, FPSCR before, frD before, frD
 * after, FPSCR after, CR field written (CR6 for fcmpu/fcmpo and mcrfs,
 * else CR1: the other instructions run in their record form).
 */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static double dbl(uint64_t x)
{
    double d;
    memcpy(&d, &x, 8);
    return d;
}

static uint64_t bits(double d)
{
    uint64_t x;
    memcpy(&x, &d, 8);
    return x;
}

/* qemu-ppc traps on enabled exceptions (Linux would not, with MSR[FE0,FE1]
 * clear): skip the trapping instruction so that the row shows FPSCR and frD
 * as the instruction left them, and do the CR1 update of its record form. */
static void skip_trapping_insn(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    mcontext_t *mc = uc->uc_mcontext.uc_regs;
    uint32_t fpscr = (uint32_t)bits(mc->fpregs.fpscr);

    mc->gregs[32] += 4; /* NIP */
    mc->gregs[38] = (mc->gregs[38] & ~0x0f000000u) | (fpscr >> 28) << 24;
    (void)sig;
    (void)si;
}

/* Old contents of frD: shows when an enabled exception suppresses the
 * result. */
#define FRD_BEFORE 0x0123456789abcdefULL

typedef struct Result {
    uint64_t d;
    uint32_t fpscr, crf;
} Result;

/* Run one instruction between "FPSCR = fpscr" and "read FPSCR". */
#define RUN(insn, ...)                                                       \
    __asm__ volatile("mtfsf 0xff,%[fs]\n\t" insn "\n\tmffs %[fo]\n\t"       \
                     "mfcr %[cr]"                                            \
                     : [d] "+d"(d), [fo] "=&d"(fo), [cr] "=&r"(cr)           \
                     : [a] "d"(a), [b] "d"(b), [c] "d"(c), [fs] "d"(fs)      \
                     : "cr1", "cr6")

static Result run(const char *op, uint64_t ua, uint64_t ub, uint64_t uc,
                  uint32_t fpscr)
{
    double a = dbl(ua), b = dbl(ub), c = dbl(uc), fs = dbl(fpscr);
    double d = dbl(FRD_BEFORE), fo;
    uint32_t cr = 0;
    int crf_shift = 24;

    /* Record forms (Rc=1): the row's CR field is CR1. */
#define A(name) else if (!strcmp(op, #name)) RUN(#name ". %[d],%[a],%[b]");
#define M(name) else if (!strcmp(op, #name)) RUN(#name ". %[d],%[a],%[c]");
#define U(name) else if (!strcmp(op, #name)) RUN(#name ". %[d],%[b]");
#define F(name) \
    else if (!strcmp(op, #name)) RUN(#name ". %[d],%[a],%[c],%[b]");
#define P(name, text) else if (!strcmp(op, name)) RUN(text);
    if (0) {
    }
    A(fadd) A(fsub) A(fdiv) A(fadds) A(fsubs) A(fdivs)
    M(fmul) M(fmuls)
    U(fsqrt) U(fsqrts) U(fres) U(frsqrte) U(frsp) U(fctiw) U(fctiwz)
    U(fabs) U(fnabs) U(fneg) U(fmr)
    F(fmadd) F(fmsub) F(fnmadd) F(fnmsub) F(fmadds) F(fmsubs) F(fnmadds)
    F(fnmsubs) F(fsel)
    /* Sequences in one TB: an inline instruction followed by another
     * may leave its FPSCR update to the next one (translate-fp.c). */
    P("fadd;fmul", "fadd %[d],%[a],%[b]\n\tfmul. %[d],%[d],%[c]")
    P("fmul;fsub", "fmul %[d],%[a],%[c]\n\tfsub. %[d],%[d],%[b]")
    P("fdiv;fadd", "fdiv %[d],%[a],%[b]\n\tfadd. %[d],%[d],%[c]")
    P("fsub;fmadd", "fsub %[d],%[a],%[b]\n\tfmadd. %[d],%[d],%[c],%[a]")
    P("fmul;fmul;fadd", "fmul %[d],%[a],%[c]\n\tfmul %[d],%[d],%[b]\n\t"
                        "fadd. %[d],%[d],%[a]")
    P("fcmpu;fmul", "fcmpu 6,%[a],%[b]\n\tfmul. %[d],%[a],%[c]")
    P("fmuls;fadds", "fmuls %[d],%[a],%[c]\n\tfadds. %[d],%[d],%[b]")
    P("fdivs;fsubs", "fdivs %[d],%[a],%[b]\n\tfsubs. %[d],%[c],%[d]")
    else if (!strcmp(op, "fadd;fcmpu")) {
        RUN("fadd %[d],%[a],%[b]\n\tfcmpu 6,%[d],%[c]");
        crf_shift = 4;
    } else if (!strcmp(op, "fcmpu")) {
        RUN("fcmpu 6,%[a],%[b]");
        crf_shift = 4;
    } else if (!strcmp(op, "fcmpo")) {
        RUN("fcmpo 6,%[a],%[b]");
        crf_shift = 4;
    } else if (!strcmp(op, "mffs")) {
        RUN("mffs. %[d]");
    } else {
        fprintf(stderr, "unknown op %s\n", op);
        return (Result){ 0, 0, 0 };
    }
#undef A
#undef M
#undef U
#undef F
#undef P
    return (Result){ bits(d), (uint32_t)bits(fo), (cr >> crf_shift) & 15 };
}

/* FPSCR control instructions take immediates: one asm per variant. */
static Result run_fpscr_op(const char *op, int imm, uint64_t ub,
                           uint32_t fpscr)
{
    double a = 0, b = dbl(ub), c = 0, fs = dbl(fpscr);
    double d = dbl(FRD_BEFORE), fo;
    uint32_t cr = 0;
    int crf = 0;

#define CASE(name, n, insn)                                                  \
    if (!strcmp(op, name) && imm == (n)) {                                   \
        RUN(insn);                                                           \
        goto done;                                                           \
    }
#define B(n)                                                                 \
    CASE("mtfsb0", n, "mtfsb0 " #n) CASE("mtfsb1", n, "mtfsb1 " #n)
    B(0) B(1) B(2) B(3) B(5) B(6) B(7) B(12) B(13) B(14) B(19) B(21) B(23)
    B(24) B(27) B(29) B(30) B(31)
#undef B
#define MF(n) CASE("mtfsf", n, "mtfsf " #n ",%[b]")
    MF(0xff) MF(0x80) MF(0x01) MF(0x81) MF(0x3c) MF(0x40) MF(0x00)
#undef MF
#define MI(f, i) CASE("mtfsfi", (f) * 16 + (i), "mtfsfi " #f "," #i)
    MI(0, 0) MI(0, 15) MI(0, 9) MI(0, 6) MI(1, 15) MI(1, 0) MI(3, 5)
    MI(5, 15) MI(7, 1) MI(7, 3) MI(6, 8)
#undef MI
#define MC(n) CASE("mcrfs", n, "mcrfs 6," #n)
    MC(0) MC(1) MC(2) MC(3) MC(4) MC(5) MC(7)
#undef MC
#undef CASE
    fprintf(stderr, "unknown fpscr op %s %d\n", op, imm);
done:
    if (!strcmp(op, "mcrfs"))
        crf = (cr >> 4) & 15;
    return (Result){ bits(d), (uint32_t)bits(fo), crf };
}

static void print_row(const char *op, uint64_t a, uint64_t b, uint64_t c,
                      uint32_t fpscr)
{
    Result r = run(op, a, b, c, fpscr);
    printf("{\"%s\",0x%llx,0x%llx,0x%llx,0x%x,0x%llx,0x%x,%u},\n",
           op, (unsigned long long)a, (unsigned long long)b,
           (unsigned long long)c, fpscr, (unsigned long long)r.d, r.fpscr,
           r.crf);
}

static void print_fpscr_row(const char *op, int imm, uint64_t b,
                            uint32_t fpscr)
{
    Result r = run_fpscr_op(op, imm, b, fpscr);
    printf("{\"%s\",%d,0x%llx,0x%x,0x%llx,0x%x,%u},\n",
           op, imm, (unsigned long long)b, fpscr, (unsigned long long)r.d,
           r.fpscr, r.crf);
}

/*
 * Loads and stores: memory at base+8 holds the input (loads) or receives
 * frS = input (stores); the row gives what arrived (frD bits, or the word
 * or doubleword stored) and how far an update form moved rA.
 */
#define MEM_ROW(mnemonic, operands, load)                                    \
    if (!strcmp(op, mnemonic)) {                                             \
        if (load)                                                            \
            __asm__ volatile(mnemonic " %[f]," operands                      \
                             : [f] "=d"(f), [ra] "+b"(ra)                    \
                             : [rb] "r"(rb), "m"(mem) : "memory");           \
        else                                                                 \
            __asm__ volatile(mnemonic " %[f]," operands                      \
                             : [ra] "+b"(ra)                                 \
                             : [f] "d"(f), [rb] "r"(rb), "m"(mem)            \
                             : "memory");                                    \
        goto done;                                                           \
    }

static void print_mem_row(const char *op, uint64_t in)
{
    uint64_t mem[3] = { 0, 0, 0 };
    bool single = strstr(op, "fs") || !strcmp(op, "stfiwx");
    bool load = op[0] == 'l';
    char *ra = (char *)mem;
    long rb = 8;
    double f = dbl(in);
    uint64_t out;

    if (load && single)
        memcpy((char *)mem + 8, &(uint32_t){ (uint32_t)in }, 4);
    else if (load)
        mem[1] = in;
    MEM_ROW("lfs", "8(%[ra])", 1)
    MEM_ROW("lfsu", "8(%[ra])", 1)
    MEM_ROW("lfsx", "%[ra],%[rb]", 1)
    MEM_ROW("lfsux", "%[ra],%[rb]", 1)
    MEM_ROW("lfd", "8(%[ra])", 1)
    MEM_ROW("lfdu", "8(%[ra])", 1)
    MEM_ROW("lfdx", "%[ra],%[rb]", 1)
    MEM_ROW("lfdux", "%[ra],%[rb]", 1)
    MEM_ROW("stfs", "8(%[ra])", 0)
    MEM_ROW("stfsu", "8(%[ra])", 0)
    MEM_ROW("stfsx", "%[ra],%[rb]", 0)
    MEM_ROW("stfsux", "%[ra],%[rb]", 0)
    MEM_ROW("stfd", "8(%[ra])", 0)
    MEM_ROW("stfdu", "8(%[ra])", 0)
    MEM_ROW("stfdx", "%[ra],%[rb]", 0)
    MEM_ROW("stfdux", "%[ra],%[rb]", 0)
    MEM_ROW("stfiwx", "%[ra],%[rb]", 0)
    fprintf(stderr, "unknown memory op %s\n", op);
    return;
done:
    if (load) {
        out = bits(f);
    } else if (single) {
        uint32_t w;
        memcpy(&w, (char *)mem + 8, 4);
        out = w;
    } else {
        out = mem[1];
    }
    printf("{\"%s\",0x%llx,0x%llx,%d},\n", op, (unsigned long long)in,
           (unsigned long long)out, (int)(ra - (char *)mem));
}

/* Operands that reach every class and edge: zeros, normals, denormals,
 * extremes, infinities, quiet and signalling NaNs with payloads. */
static const uint64_t special[] = {
    0x0000000000000000ULL, 0x8000000000000000ULL, /* +0 -0 */
    0x3ff0000000000000ULL, 0xbff0000000000000ULL, /* 1 -1 */
    0x4008000000000000ULL, 0x3fb999999999999aULL, /* 3 0.1 */
    0xc01d000000000000ULL,                        /* -7.25 */
    0x7fefffffffffffffULL, 0xffefffffffffffffULL, /* +-DBL_MAX */
    0x0010000000000000ULL, 0x000fffffffffffffULL, /* DBL_MIN, max denormal */
    0x8000000000000001ULL,                        /* -min denormal */
    0x47efffffe0000000ULL, 0x3800000000000000ULL, /* FLT_MAX, 2^-127 */
    0x7ff0000000000000ULL, 0xfff0000000000000ULL, /* +-inf */
    0x7ff8000000000123ULL, 0xfff8000000000789ULL, /* QNaNs */
    0x7ff0000000000456ULL, 0xfff4000012345678ULL, /* SNaNs */
};
#define NSPECIAL (sizeof(special) / sizeof(special[0]))

/* Operands for one-operand instructions: rounding and range edges. */
static const uint64_t unary[] = {
    0x3fe0000000000000ULL, 0x4004000000000000ULL, /* 0.5 2.5 */
    0xc004000000000000ULL, 0x400c000000000000ULL, /* -2.5 3.5 */
    0x3ff8000000000000ULL, 0xbfe8000000000000ULL, /* 1.5 -0.75 */
    0x41dfffffffc00000ULL, 0x41dfffffffe00000ULL, /* 2^31-1, 2^31-0.5 */
    0x41dffffffff00000ULL, 0x41e0000000000000ULL, /* 2^31-0.25, 2^31 */
    0xc1e0000000000000ULL, 0xc1e0000000100000ULL, /* -2^31, -2^31-0.5 */
    0xc1e0000000200000ULL, 0x4415af1d78b58c40ULL, /* -2^31-1, 1e20 */
    0x3ff0000010000000ULL, 0x3ff0000030000000ULL, /* 1+2^-24, 1+3*2^-24 */
    0x3ff0000010000001ULL, 0x36a0000000000000ULL, /* just above; 2^-149 */
    0x3690000000000000ULL, 0x3690000000000001ULL, /* 2^-150, above */
    0x380fffffe0000000ULL, 0x380ffffff0000000ULL, /* single min normal edge */
    0x47effffff0000000ULL, 0x47f0000000000000ULL, /* FLT_MAX+half ulp, 2^128 */
    0x4010000000000000ULL, 0x7fe0000000000000ULL, /* 4, 2^1023 */
    0x0008000000000000ULL, 0xc0a2000000000000ULL, /* denormal, -2304 */
};
#define NUNARY (sizeof(unary) / sizeof(unary[0]))

/* Deterministic random operands: random sign, exponent near 1023 so that
 * sums and products stay in range, random mantissa. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t random_operand(int exp_spread)
{
    uint64_t r = rng();
    uint64_t exp = 1023 + (int64_t)(rng() % (2 * exp_spread + 1)) - exp_spread;
    return (r & 0x800fffffffffffffULL) | exp << 52;
}

/* The same with a single-precision significand (24 bits); exponents
 * beyond +-127 give doubles that are not singles. */
static uint64_t random_single(int exp_spread)
{
    return random_operand(exp_spread) & ~0x1fffffffULL;
}

/* Round to nearest, to zero, to +inf, to -inf. */
static const uint32_t rounding[] = { 0, 1, 2, 3 };

int main(void)
{
    static const char *const binary_ops[] = {
        "fadd", "fsub", "fmul", "fdiv", "fadds", "fsubs", "fmuls", "fdivs",
    };
    static const char *const unary_ops[] = {
        "fsqrt", "fsqrts", "fres", "frsqrte", "frsp", "fctiw", "fctiwz",
    };
    static const char *const sign_ops[] = { "fabs", "fnabs", "fneg", "fmr" };
    static const char *const fused_ops[] = {
        "fmadd", "fmsub", "fnmadd", "fnmsub",
        "fmadds", "fmsubs", "fnmadds", "fnmsubs",
    };
    /* Exception enables and sticky bits already set. */
    static const uint32_t enables[] = {
        0x00000080 /* VE */, 0x00000040 /* OE */, 0x00000020 /* UE */,
        0x00000010 /* ZE */, 0x00000008 /* XE */,
        0x02000000 /* XX already set */, 0x0001f000 /* FPRF set */,
    };

    struct sigaction sa = { .sa_sigaction = skip_trapping_insn,
                            .sa_flags = SA_SIGINFO };
    sigaction(SIGFPE, &sa, NULL);

    printf("/* Generated by tests/unit/ppc-fpu-oracle.c under qemu-ppc "
           "-cpu 7400. */\n");
    printf("static const FpuCase fpu_cases[] = {\n");
    for (size_t o = 0; o < sizeof(binary_ops) / sizeof(*binary_ops); o++)
        for (size_t i = 0; i < NSPECIAL; i++)
            for (size_t j = 0; j < NSPECIAL; j++)
                print_row(binary_ops[o], special[i], special[j], special[j],
                          0);
    for (size_t o = 0; o < sizeof(unary_ops) / sizeof(*unary_ops); o++) {
        for (size_t i = 0; i < NSPECIAL; i++)
            print_row(unary_ops[o], 0, special[i], 0, 0);
        for (size_t i = 0; i < NUNARY; i++)
            for (size_t r = 0; r < 4; r++) {
                print_row(unary_ops[o], 0, unary[i], 0, rounding[r]);
                print_row(unary_ops[o], 0, unary[i] ^ (1ULL << 63), 0,
                          rounding[r]);
            }
    }
    for (size_t o = 0; o < sizeof(sign_ops) / sizeof(*sign_ops); o++)
        for (size_t i = 0; i < NSPECIAL; i++)
            print_row(sign_ops[o], 0, special[i], 0, 0);
    for (size_t o = 0; o < sizeof(fused_ops) / sizeof(*fused_ops); o++) {
        static const int pick[] = { 0, 1, 2, 5, 7, 9, 14, 16, 18 };
        const size_t np = sizeof(pick) / sizeof(*pick);
        for (size_t i = 0; i < np; i++)
            for (size_t j = 0; j < np; j++)
                for (size_t k = (i + j) % 3; k < np; k += 3)
                    print_row(fused_ops[o], special[pick[i]],
                              special[pick[j]], special[pick[k]], 0);
    }
    for (size_t i = 0; i < NSPECIAL; i++)
        for (size_t j = 0; j < NSPECIAL; j += 3) {
            print_row("fsel", special[i], special[j], special[(j + 1) %
                      NSPECIAL], 0);
            print_row("fcmpu", special[i], special[j], 0, 0x0001f000);
            print_row("fcmpo", special[i], special[j], 0, 0);
            print_row("fcmpo", special[i], special[j], 0, 0x80);
        }
    /* Random operands in every rounding mode. */
    for (size_t r = 0; r < 4; r++) {
        for (size_t o = 0; o < sizeof(binary_ops) / sizeof(*binary_ops);
             o++)
            for (int n = 0; n < 16; n++)
                print_row(binary_ops[o], random_operand(4),
                          random_operand(30), random_operand(30),
                          rounding[r]);
        for (size_t o = 0; o < sizeof(fused_ops) / sizeof(*fused_ops); o++)
            for (int n = 0; n < 16; n++)
                print_row(fused_ops[o], random_operand(2),
                          random_operand(2), random_operand(2), rounding[r]);
        for (int n = 0; n < 12; n++) {
            print_row("fsqrts", 0, random_operand(20), 0, rounding[r]);
            print_row("fsqrt", 0, random_operand(20), 0, rounding[r]);
            print_row("frsp", 0, random_operand(20), 0, rounding[r]);
            print_row("fctiw", 0, random_operand(40), 0, rounding[r]);
        }
    }
    /* Near the ends of the range: overflow, underflow, denormal results. */
    for (size_t r = 0; r < 4; r++)
        for (int n = 0; n < 8; n++) {
            uint64_t big = random_operand(1) + (1000ULL << 52);
            uint64_t tiny = random_operand(1) - (1000ULL << 52);
            uint64_t tinys = random_operand(1) - (100ULL << 52);
            print_row("fmul", 0, big, big, rounding[r]);
            print_row("fmul", 0, tiny, random_operand(30) ^ (30ULL << 52),
                      rounding[r]);
            print_row("fmuls", 0, tinys, random_operand(30), rounding[r]);
            print_row("fmuls", 0, big - (880ULL << 52), big - (880ULL << 52),
                      rounding[r]);
            print_row("fadd", 0, tiny, tiny ^ (1ULL << 63) ^ 1, rounding[r]);
            print_row("fdivs", tinys, 0, random_operand(30), rounding[r]);
        }
    /* Enabled exceptions and sticky bits. */
    for (size_t e = 0; e < sizeof(enables) / sizeof(*enables); e++)
        for (size_t i = 0; i < NSPECIAL; i += 2)
            for (size_t j = 1; j < NSPECIAL; j += 2) {
                print_row("fdiv", special[i], special[j], 0, enables[e]);
                print_row("fmuls", special[i], 0, special[j], enables[e]);
                if ((i + j) % 3 == 0)
                    print_row("fmadd", special[i], special[j],
                              special[j - 1], enables[e]);
            }
    for (size_t e = 0; e < sizeof(enables) / sizeof(*enables); e++)
        for (size_t i = 0; i < NSPECIAL; i++) {
            print_row("fctiw", 0, special[i], 0, enables[e]);
            print_row("frsp", 0, special[i], 0, enables[e]);
        }
    /* Double rounding: fadds must round the exact sum once. */
    print_row("fadds", 0x3ff0000000000000ULL, 0x3e70000000010000ULL, 0, 0);
    print_row("fadds", 0x3ff0000000000000ULL, 0x3e70000000000000ULL, 0, 0);
    print_row("fmuls", 0x3ff0000010000000ULL, 0, 0x3ff0000000000001ULL, 0);
    print_row("fmadds", 0x3ff0000000000000ULL, 0x3e70000000000001ULL,
              0x3ff0000000000000ULL, 0);
    /* Sequences: special operands, then random ones (mostly inexact, so
     * the first instruction leaves the inline path when XX is clear). */
    static const char *const sequences[] = {
        "fadd;fmul", "fmul;fsub", "fdiv;fadd", "fsub;fmadd", "fmul;fmul;fadd",
        "fadd;fcmpu", "fcmpu;fmul",
    };
    static const uint32_t sequence_fpscr[] = { 0, 0x02000000 /* XX */, 1 };
    for (size_t o = 0; o < sizeof(sequences) / sizeof(*sequences); o++)
        for (size_t f = 0; f < 3; f++) {
            for (size_t i = 0; i < NSPECIAL; i += 2)
                for (size_t j = 1; j < NSPECIAL; j += 3)
                    print_row(sequences[o], special[i], special[j],
                              special[(i + j) % NSPECIAL],
                              sequence_fpscr[f]);
            for (int n = 0; n < 16; n++)
                print_row(sequences[o], random_operand(n < 8 ? 4 : 600),
                          random_operand(4), random_operand(n % 4 ? 4 : 0),
                          sequence_fpscr[f]);
        }
    /* Single-precision operands (inline when both are singles), results
     * near the ends of the single range, sequences of them. */
    static const char *const single_ops[] = {
        "fadds", "fsubs", "fmuls", "fdivs", "fmuls;fadds", "fdivs;fsubs",
    };
    for (size_t o = 0; o < sizeof(single_ops) / sizeof(*single_ops); o++)
        for (size_t f = 0; f < 3; f++)
            for (int n = 0; n < 40; n++) {
                int spread = n < 16 ? 4 : n < 28 ? 30 : 70;
                uint64_t a = random_single(spread), b = random_single(4);
                if (n % 10 == 9)
                    b = a ^ (1ULL << 63) ^ (1ULL << 29); /* cancellation */
                print_row(single_ops[o], a, b, random_single(spread),
                          sequence_fpscr[f]);
            }
    for (size_t f = 0; f < 3; f++) {
        print_row("fmuls", 0x3810000000000000ULL, 0, 0x3ff0000020000000ULL,
                  sequence_fpscr[f]); /* 2^-126 * (1 + 2^-23) */
        print_row("fmuls", 0x3800000000000000ULL, 0, 0x3fffffffe0000000ULL,
                  sequence_fpscr[f]); /* just below 2^-126 */
        print_row("fadds", 0x47efffffe0000000ULL, 0x4690000000000000ULL, 0,
                  sequence_fpscr[f]); /* FLT_MAX + half an ulp */
        print_row("fadds", 0x47efffffe0000000ULL, 0x4680000000000000ULL, 0,
                  sequence_fpscr[f]); /* FLT_MAX + a quarter ulp */
        print_row("fdivs", 0x3ff0000000000000ULL, 0x4008000000000000ULL, 0,
                  sequence_fpscr[f]); /* 1/3 */
        print_row("fadds", 0x3ff0000000000000ULL, 0x3e70000000000000ULL, 0,
                  sequence_fpscr[f]); /* 1 + 2^-24: a tie */
        print_row("fsubs", 0x3ff0000020000000ULL, 0x3ff0000020000000ULL, 0,
                  sequence_fpscr[f]); /* exact zero */
    }
    for (size_t f = 0; f < 2; f++)
        print_row("mffs", 0, 0, 0, f ? 0xfe0ff0ffu : 0x00000001u);
    printf("};\n\n");

    printf("static const FpscrCase fpscr_cases[] = {\n");
    static const uint32_t states[] = {
        0x00000000, 0xfffff0ff, 0x6ff80000, 0x00000f80, 0x8000f8ff,
    };
    static const uint64_t values[] = {
        0x00000000ffffffffULL, 0xfff80000f0000000ULL, 0x0000000012345678ULL,
        0x0000000000000000ULL, 0x000000006fe00700ULL,
    };
    static const int bits_[] = { 0, 1, 2, 3, 5, 6, 7, 12, 13, 14, 19, 21, 23,
                                 24, 27, 29, 30, 31 };
    static const int masks[] = { 0xff, 0x80, 0x01, 0x81, 0x3c, 0x40, 0x00 };
    static const int imms[] = { 0x00, 0x0f, 0x09, 0x06, 0x1f, 0x10, 0x35,
                                0x5f, 0x71, 0x73, 0x68 };
    static const int fields[] = { 0, 1, 2, 3, 4, 5, 7 };
    for (size_t s = 0; s < sizeof(states) / sizeof(*states); s++) {
        for (size_t i = 0; i < sizeof(bits_) / sizeof(*bits_); i++) {
            print_fpscr_row("mtfsb0", bits_[i], 0, states[s]);
            print_fpscr_row("mtfsb1", bits_[i], 0, states[s]);
        }
        for (size_t i = 0; i < sizeof(masks) / sizeof(*masks); i++)
            for (size_t v = 0; v < sizeof(values) / sizeof(*values); v++)
                print_fpscr_row("mtfsf", masks[i], values[v], states[s]);
        for (size_t i = 0; i < sizeof(imms) / sizeof(*imms); i++)
            print_fpscr_row("mtfsfi", imms[i], 0, states[s]);
        for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
            print_fpscr_row("mcrfs", fields[i], 0, states[s]);
    }
    printf("};\n\n");

    printf("static const MemCase mem_cases[] = {\n");
    static const char *const single_loads[] = { "lfs", "lfsu", "lfsx",
                                                "lfsux" };
    static const char *const single_stores[] = { "stfs", "stfsu", "stfsx",
                                                 "stfsux" };
    static const char *const double_ops[] = {
        "lfd", "lfdu", "lfdx", "lfdux", "stfd", "stfdu", "stfdx", "stfdux",
        "stfiwx",
    };
    /* Singles: normal, denormals, signalling and quiet NaNs, extremes. */
    static const uint32_t words[] = {
        0x3f800000, 0x00000001, 0x807fffff, 0x00400000, 0x7f800001,
        0xffc00000, 0x7f7fffff, 0x80000000, 0xff800000, 0x7fbfffff,
    };
    /* Doubles: exact, truncated, single-denormal range, below it, NaNs. */
    static const uint64_t doubles[] = {
        0x3ff0000000000000ULL, 0x3ff0000000000001ULL, 0x3ff00000f0000000ULL,
        0x7ff0000020000000ULL, 0x7ff0000000000001ULL, 0xfff8000000000000ULL,
        0x3800000000000000ULL, 0x36a0000000000000ULL, 0x380fffffffffffffULL,
        0x37a0000012345678ULL, 0x8000000000000001ULL, 0x3690000000000000ULL,
        0x47f0000000000000ULL, 0x4800000000000000ULL, 0x123456789abcdef0ULL,
    };
    for (size_t o = 0; o < 4; o++)
        for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
            print_mem_row(single_loads[o], words[i]);
    for (size_t o = 0; o < 4; o++)
        for (size_t i = 0; i < sizeof(doubles) / sizeof(*doubles); i++)
            print_mem_row(single_stores[o], doubles[i]);
    for (size_t o = 0; o < sizeof(double_ops) / sizeof(*double_ops); o++)
        for (size_t i = 0; i < sizeof(doubles) / sizeof(*doubles); i += 3)
            print_mem_row(double_ops[o], doubles[i]);
    printf("};\n");
    return 0;
}
