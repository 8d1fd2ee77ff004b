/*
 * x87-inline.c: the x87 instructions mimic runs inline on the host x87
 * (target-x86/translate-x87-inline.c), on edge operands (zeros, denormals,
 * pseudo-denormals, infinities, quiet and signalling NaNs, the largest
 * and smallest values, integers at their limits) under every rounding
 * mode and precision control: each result as ten bytes, the status word
 * (flags, C0..C3, TOP) and EFLAGS after each operation.  Then stack
 * shapes: TOP wrapping around, a full stack, pops to empty, FNINIT,
 * FFREE, FINCSTP/FDECSTP, transcendental helpers and MMX in the middle
 * of x87 code, a loop whose blocks leave the stack deeper or shallower
 * than they found it.  The oracle is the same program run natively.
 *
 * CFLAGS: -O1 -mmmx
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct { unsigned char b[10]; } F80;

static F80 f80(uint64_t mant, uint16_t se)
{
    F80 r;
    memcpy(r.b, &mant, 8);
    memcpy(r.b + 8, &se, 2);
    return r;
}

static void put80(const char *tag, const F80 *v)
{
    uint64_t m;
    uint16_t se;
    memcpy(&m, v->b, 8);
    memcpy(&se, v->b + 8, 2);
    printf(" %s=%04x:%016llx", tag, se, (unsigned long long)m);
}

static F80 operands[20];
static int nops;

static void init_operands(void)
{
    operands[nops++] = f80(0, 0);                           /* +0 */
    operands[nops++] = f80(0, 0x8000);                      /* -0 */
    operands[nops++] = f80(1ull << 63, 0x3fff);             /* 1 */
    operands[nops++] = f80(3ull << 62, 0xbfff);             /* -1.5 */
    operands[nops++] = f80(0xaaaaaaaaaaaaaaabull, 0x3ffd);  /* 1/3 */
    operands[nops++] = f80(0xffffffffffffffffull, 0x7ffe);  /* max */
    operands[nops++] = f80(1ull << 63, 0x0001);             /* min normal */
    operands[nops++] = f80(0x0000000000000123ull, 0x0000);  /* denormal */
    operands[nops++] = f80(1ull << 63, 0x0000);             /* pseudo-den. */
    operands[nops++] = f80(1ull << 63, 0x7fff);             /* +inf */
    operands[nops++] = f80(1ull << 63, 0xffff);             /* -inf */
    operands[nops++] = f80(0xc000000000000000ull, 0x7fff);  /* qNaN */
    operands[nops++] = f80(0xa000000000000001ull, 0xffff);  /* sNaN */
    operands[nops++] = f80(0xc000000000000123ull, 0xffff);  /* qNaN big */
    operands[nops++] = f80(0x8000000000000800ull, 0x403d);  /* 2^62+2^51 */
    operands[nops++] = f80(0xfffffffffffff800ull, 0x3ffe);  /* 1 - 2^-53 */
    operands[nops++] = f80(0x8000000000000001ull, 0x3c01);  /* tiny dbl */
    operands[nops++] = f80(0xcccccccccccccccdull, 0x4002);  /* 12.8 */
}

static const uint16_t cws[] = {
    0x037f, 0x027f, 0x007f, 0x077f, 0x0b7f, 0x0f7f, 0x047f, 0x0c7f,
};

static uint16_t sw_now(void)
{
    uint16_t sw;
    __asm__ volatile("fnstsw %0" : "=m"(sw));
    return sw;
}

/* ---- register arithmetic: D8, DC and DE forms ---- */
#define REG_OP(name, insn)                                                  \
    static uint16_t name(const F80 *a, const F80 *b, F80 *r)               \
    {                                                                      \
        uint16_t sw;                                                       \
        __asm__ volatile("fldt %3\n\tfldt %2\n\t" insn "\n\t"              \
                         "fnstsw %1\n\tfstpt %0\n\tfstp %%st(0)"           \
                         : "=m"(*r), "=m"(sw) : "m"(*a), "m"(*b));         \
        return sw;                                                         \
    }
REG_OP(r_fadd, "fadd %%st(1), %%st")
REG_OP(r_fmul, "fmul %%st(1), %%st")
REG_OP(r_fsub, "fsub %%st(1), %%st")
REG_OP(r_fsubr, "fsubr %%st(1), %%st")
REG_OP(r_fdiv, "fdiv %%st(1), %%st")
REG_OP(r_fdivr, "fdivr %%st(1), %%st")
/* DC forms: ST(1) = ST(1) op ST(0), then swap so ST(0) is the result. */
REG_OP(r_dc_add, ".byte 0xdc, 0xc1\n\tfxch")
REG_OP(r_dc_sub, ".byte 0xdc, 0xe9\n\tfxch")
REG_OP(r_dc_subr, ".byte 0xdc, 0xe1\n\tfxch")
REG_OP(r_dc_div, ".byte 0xdc, 0xf9\n\tfxch")
REG_OP(r_dc_divr, ".byte 0xdc, 0xf1\n\tfxch")
/* DE forms pop: push a copy of the result to keep two entries. */
REG_OP(r_de_sub, ".byte 0xde, 0xe9\n\tfld %%st(0)")
REG_OP(r_de_divr, ".byte 0xde, 0xf1\n\tfld %%st(0)")
REG_OP(r_de_mul, "fmulp\n\tfld %%st(0)")
REG_OP(r_sqrt, "fsqrt")
REG_OP(r_chs_abs, "fchs\n\tfxch\n\tfabs\n\tfxch")

typedef uint16_t RegFn(const F80 *, const F80 *, F80 *);
static const struct { const char *name; RegFn *fn; } reg_ops[] = {
    { "fadd", r_fadd }, { "fmul", r_fmul }, { "fsub", r_fsub },
    { "fsubr", r_fsubr }, { "fdiv", r_fdiv }, { "fdivr", r_fdivr },
    { "dc-add", r_dc_add }, { "dc-sub", r_dc_sub }, { "dc-subr", r_dc_subr },
    { "dc-div", r_dc_div }, { "dc-divr", r_dc_divr },
    { "de-sub", r_de_sub }, { "de-divr", r_de_divr }, { "de-mul", r_de_mul },
    { "fsqrt", r_sqrt }, { "fchs-fabs", r_chs_abs },
};

static void test_reg_arith(void)
{
    for (unsigned o = 0; o < sizeof(reg_ops) / sizeof(reg_ops[0]); o++)
        for (unsigned c = 0; c < sizeof(cws) / sizeof(cws[0]); c++)
            for (int i = 0; i < nops; i++)
                for (int j = 0; j < nops; j += (c ? 3 : 1)) {
                    F80 r;
                    uint16_t cw = cws[c], sw;
                    __asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw));
                    sw = reg_ops[o].fn(&operands[i], &operands[j], &r);
                    printf("%s cw=%04x %d %d: sw=%04x", reg_ops[o].name, cw,
                           i, j, sw);
                    put80("r", &r);
                    printf(" after=%04x\n", sw_now());
                }
}

/* ---- memory operands: m32, m64 real, m16, m32 integer ---- */
static void test_mem_arith(void)
{
    static const float f32s[] = { 0.0f, -0.0f, 1.0f, 0.1f, 1e-45f,
                                  3.4e38f, 1.0f / 0.0f };
    static const double f64s[] = { 0.0, -2.5, 0.1, 5e-324, 1.7e308,
                                   -1.0 / 0.0, 1e-310 };
    static const int16_t i16s[] = { 0, 1, -1, 32767, -32768, 12345, -7 };
    static const int32_t i32s[] = { 0, 1, -1, 2147483647,
                                    (int32_t)0x80000000, 123456789, -99 };
    uint32_t qnan32 = 0x7fc00001, snan32 = 0x7f800001;
    uint64_t snan64 = 0x7ff0000000000001ull;

    for (unsigned c = 0; c < sizeof(cws) / sizeof(cws[0]); c++)
        for (int i = 0; i < nops; i++)
            for (int k = 0; k < 9; k++) {
                uint16_t cw = cws[c], sw;
                F80 r[8];
                float f = k < 7 ? f32s[k] : 0;
                double d = k < 7 ? f64s[k] : 0;
                int16_t h = k < 7 ? i16s[k] : 3;
                int32_t w = k < 7 ? i32s[k] : 5;
                if (k == 7) {
                    memcpy(&f, &qnan32, 4);
                    memcpy(&d, &snan64, 8);
                } else if (k == 8) {
                    memcpy(&f, &snan32, 4);
                }
                __asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw));
                __asm__ volatile(
                    "fldt %2\n\tfadds %3\n\tfstpt %0\n\t"
                    "fldt %2\n\tfmull %4\n\tfstpt 10%0\n\t"
                    "fldt %2\n\tfisubs %5\n\tfstpt 20%0\n\t"
                    "fldt %2\n\tfidivrl %6\n\tfstpt 30%0\n\t"
                    "fldt %2\n\tfsubrs %3\n\tfstpt 40%0\n\t"
                    "fldt %2\n\tfdivl %4\n\tfstpt 50%0\n\t"
                    "fldt %2\n\tfimuls %5\n\tfstpt 60%0\n\t"
                    "fldt %2\n\tfiaddl %6\n\tfstpt 70%0\n\t"
                    "fnstsw %1"
                    : "=m"(r), "=m"(sw)
                    : "m"(operands[i]), "m"(f), "m"(d), "m"(h), "m"(w));
                printf("mem cw=%04x %d %d: sw=%04x", cw, i, k, sw);
                for (int n = 0; n < 8; n++)
                    put80("r", &r[n]);
                putchar('\n');
            }
}

/* ---- loads and stores ---- */
static void test_load_store(void)
{
    for (unsigned c = 0; c < sizeof(cws) / sizeof(cws[0]); c++)
        for (int i = 0; i < nops; i++) {
            uint16_t cw = cws[c], sw[8];
            float f;
            double d;
            int16_t h = 0;
            int32_t w = 0, wt = 0;
            int64_t q = 0, qt = 0;
            F80 back[3], m80;
            __asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw));
            __asm__ volatile(
                "fldt %[a]\n\tfsts %[f]\n\tfnstsw %[sw0]\n\t"
                "fstl %[d]\n\tfnstsw %[sw1]\n\t"
                "fists %[h]\n\tfnstsw %[sw2]\n\t"
                "fld %%st(0)\n\tfistpl %[w]\n\tfnstsw %[sw3]\n\t"
                "fld %%st(0)\n\tfistpll %[q]\n\tfnstsw %[sw4]\n\t"
                "fld %%st(0)\n\tfisttpl %[wt]\n\t"
                "fld %%st(0)\n\tfisttpll %[qt]\n\tfnstsw %[sw5]\n\t"
                "fld %%st(0)\n\tfstpt %[m80]\n\t"
                "fstp %%st(0)\n\t"
                "flds %[f]\n\tfnstsw %[sw6]\n\tfstpt %[b0]\n\t"
                "fldl %[d]\n\tfnstsw %[sw7]\n\tfstpt %[b1]\n\t"
                "fildll %[q]\n\tfstpt %[b2]"
                : [f] "=m"(f), [d] "=m"(d), [h] "+m"(h), [w] "+m"(w),
                  [q] "+m"(q), [wt] "+m"(wt), [qt] "+m"(qt), [m80] "=m"(m80),
                  [b0] "=m"(back[0]), [b1] "=m"(back[1]), [b2] "=m"(back[2]),
                  [sw0] "=m"(sw[0]), [sw1] "=m"(sw[1]), [sw2] "=m"(sw[2]),
                  [sw3] "=m"(sw[3]), [sw4] "=m"(sw[4]), [sw5] "=m"(sw[5]),
                  [sw6] "=m"(sw[6]), [sw7] "=m"(sw[7])
                : [a] "m"(operands[i]));
            uint32_t fb;
            uint64_t db;
            memcpy(&fb, &f, 4);
            memcpy(&db, &d, 8);
            printf("ldst cw=%04x %d: f=%08x d=%016llx h=%d w=%d q=%lld "
                   "wt=%d qt=%lld", cw, i, fb, (unsigned long long)db, h, w,
                   (long long)q, wt, (long long)qt);
            for (int n = 0; n < 8; n++)
                printf(" %04x", sw[n]);
            put80("m80", &m80);
            for (int n = 0; n < 3; n++)
                put80("b", &back[n]);
            putchar('\n');
        }
}

/* ---- compares: status word and EFLAGS ---- */
static void test_compares(void)
{
    for (int i = 0; i < nops; i++)
        for (int j = 0; j < nops; j++) {
            uint16_t sw[5], ax;
            uint32_t fl[4];
            double d = 0.5;
            int32_t w = -3;
            __asm__ volatile("fninit");
            __asm__ volatile(
                "fldt %[b]\n\tfldt %[a]\n\t"
                "fcom %%st(1)\n\tfnstsw %[sw0]\n\t"
                "fucom %%st(1)\n\tfnstsw %%ax\n\tmovw %%ax, %[ax]\n\t"
                "fcomi %%st(1), %%st\n\tpushfl\n\tpopl %[fl0]\n\t"
                "fucomi %%st(1), %%st\n\tpushfl\n\tpopl %[fl1]\n\t"
                "fcoml %[d]\n\tfnstsw %[sw1]\n\t"
                "ficoml %[w]\n\tfnstsw %[sw2]\n\t"
                "fld %%st(1)\n\tfld %%st(1)\n\t"
                "fcomip %%st(1), %%st\n\tpushfl\n\tpopl %[fl2]\n\t"
                "fucomip %%st(1), %%st\n\tpushfl\n\tpopl %[fl3]\n\t"
                "fld %%st(1)\n\tfld %%st(1)\n\t"
                "fucompp\n\tfnstsw %[sw3]\n\t"
                "fcompp\n\tfnstsw %[sw4]"
                : [sw0] "=m"(sw[0]), [sw1] "=m"(sw[1]), [sw2] "=m"(sw[2]),
                  [sw3] "=m"(sw[3]), [sw4] "=m"(sw[4]), [ax] "=m"(ax),
                  [fl0] "=r"(fl[0]), [fl1] "=r"(fl[1]), [fl2] "=r"(fl[2]),
                  [fl3] "=r"(fl[3])
                : [a] "m"(operands[i]), [b] "m"(operands[j]), [d] "m"(d),
                  [w] "m"(w)
                : "eax", "cc");
            printf("cmp %d %d: %04x %04x %04x %04x %04x %04x", i, j, sw[0], ax,
                   sw[1], sw[2], sw[3], sw[4]);
            for (int n = 0; n < 4; n++)
                printf(" %03x", fl[n] & 0x8d5);
            putchar('\n');
        }
}

/* ---- stack shapes ---- */
static void dump_env(const char *what)
{
    unsigned char env[28];
    F80 regs[8];
    unsigned char save[108];
    __asm__ volatile("fnstenv %0\n\tfldenv %0" : "=m"(env));
    __asm__ volatile("fnsave %0\n\tfrstor %0" : "=m"(save));
    memcpy(regs, save + 28, sizeof(regs));
    printf("%s: cw=%02x%02x sw=%02x%02x tags=%02x%02x", what, env[1], env[0],
           env[5], env[4], env[9], env[8]);
    for (int i = 0; i < 8; i++)
        put80("st", &regs[i]);
    putchar('\n');
}

static void test_shapes(void)
{
    static const double vals[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    double out[4];

    /* TOP wraps: eight pushes fill the stack, a ninth overflows. */
    __asm__ volatile("fninit");
    for (int n = 0; n < 9; n++) {
        __asm__ volatile("fldl %0" : : "m"(vals[n]));
        dump_env("push");
    }
    __asm__ volatile("fninit\n\tfldl %0\n\tfldl %1\n\tfldl %2\n\t"
                     "fxch %%st(2)\n\tfaddp %%st, %%st(1)\n\t"
                     "fld1\n\tfldz\n\tfdivr %%st(1), %%st\n\t"
                     "fstp %%st(3)\n\tfcmovb %%st(1), %%st"
                     : : "m"(vals[0]), "m"(vals[1]), "m"(vals[2]) : "cc");
    dump_env("mix");
    /* Underflow: arithmetic and stores on empty registers (helpers). */
    __asm__ volatile("fninit\n\tfldl %[v]\n\tfadd %%st(3), %%st\n\t"
                     "fstpl %[o0]\n\tfstpl %[o1]\n\tfldl %[v]\n\tfldl %[v]"
                     : [o0] "=m"(out[0]), [o1] "=m"(out[1])
                     : [v] "m"(vals[3]));
    dump_env("underflow");
    /* FFREE, FINCSTP, FDECSTP, transcendental helpers mid-block. */
    __asm__ volatile("fninit\n\tfldl %0\n\tfldl %1\n\tfldl %2\n\t"
                     "ffree %%st(1)\n\tfincstp\n\tfsin\n\tfdecstp\n\t"
                     "fpatan\n\tfld1\n\tfadd %%st(1), %%st\n\tfldpi\n\t"
                     "fxtract\n\tfmulp\n\tfstpl %3"
                     : : "m"(vals[4]), "m"(vals[5]), "m"(vals[6]),
                         "m"(out[2]) : "memory");
    dump_env("helpers");
    /* MMX between x87 instructions: TOP 0, then EMMS frees all. */
    __asm__ volatile("fninit\n\tfldl %0\n\tfldl %1\n\t"
                     "pxor %%mm1, %%mm1\n\tfldl %0\n\tfstpl %2"
                     : : "m"(vals[7]), "m"(vals[8]), "m"(out[3]) : "memory");
    dump_env("mmx");
    __asm__ volatile("emms\n\tfldl %0\n\tfadd %%st(0), %%st" : : "m"(vals[1]));
    dump_env("emms");
    __asm__ volatile("fninit");
    printf("out: %g %g %g %g\n", out[0], out[1], out[2], out[3]);
}

/* A loop whose blocks leave the stack at other depths than they found it
 * (as compiled x87 code does): an accumulator and a compare per pass. */
static void test_loop(void)
{
    double sum = 0, x;
    int below = 0;

    for (int i = 1; i <= 2000; i++) {
        x = 1.0 / i;
        __asm__ volatile("fldl %2\n\tfldl %1\n\tfadd %%st(1), %%st\n\t"
                         "fsqrt\n\tfcomi %%st(1), %%st\n\tfstpl %1\n\t"
                         "fstp %%st(0)\n\tjnc 1f\n\tincl %0\n1:"
                         : "+r"(below), "+m"(sum) : "m"(x) : "cc");
    }
    printf("loop: %.17g %d sw=%04x\n", sum, below, sw_now());
}

/* ---- FXAM: every class, the unsupported encodings too; FTST ---- */
static void test_fxam(void)
{
    static const F80 odd[] = {
        { { 0, 0, 0, 0, 0, 0, 0, 0x40, 0xff, 0x3f } },     /* unnormal */
        { { 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0x7f } },        /* pseudo-inf */
        { { 1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff } },        /* pseudo-NaN */
        { { 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x80 } },        /* unnormal 0 */
    };
    for (int i = 0; i < nops + 4; i++) {
        const F80 *v = i < nops ? &operands[i] : &odd[i - nops];
        uint16_t sw;
        __asm__ volatile("fninit\n\tfld1\n\tfldt %1\n\tfxam\n\t"
                         "fnstsw %0\n\tfstp %%st(0)\n\tfstp %%st(0)"
                         : "=m"(sw) : "m"(*v));
        printf("fxam %d: sw=%04x\n", i, sw);
    }
    for (int i = 0; i < nops; i++) {
        uint16_t sw;
        __asm__ volatile("fninit\n\tfldt %1\n\tftst\n\t"
                         "fnstsw %0\n\tfstp %%st(0)"
                         : "=m"(sw) : "m"(operands[i]));
        printf("ftst %d: sw=%04x\n", i, sw);
    }
    /* the constants, rounded under each control word */
    for (unsigned c = 0; c < sizeof(cws) / sizeof(cws[0]); c++) {
        F80 r[5];
        uint16_t sw;
        __asm__ volatile("fninit\n\tfldcw %6\n\tfldl2t\n\tfldl2e\n\t"
                         "fldpi\n\tfldlg2\n\tfldln2\n\tfnstsw %5\n\t"
                         "fstpt %0\n\tfstpt %1\n\tfstpt %2\n\t"
                         "fstpt %3\n\tfstpt %4"
                         : "=m"(r[0]), "=m"(r[1]), "=m"(r[2]), "=m"(r[3]),
                           "=m"(r[4]), "=m"(sw) : "m"(cws[c]));
        printf("constants cw=%04x: sw=%04x", cws[c], sw);
        for (int k = 0; k < 5; k++)
            put80("c", &r[k]);
        printf("\n");
    }
    /* an empty ST(0) */
    {
        uint16_t sw;
        __asm__ volatile("fninit\n\tfxam\n\tfnstsw %0" : "=m"(sw));
        printf("fxam empty: sw=%04x\n", sw);
    }
}

/* ---- the functions F2XM1, FRNDINT, FSCALE, FYL2X, FPATAN, FYL2XP1,
 * FSIN, FCOS ----
 * After a compare left C0..C3 set, so that whatever the function does to
 * them shows; under every control word. */
#define FUNC_OP(name, insn)                                                 \
    static uint16_t name(const F80 *a, const F80 *b, F80 *r)               \
    {                                                                      \
        uint16_t sw;                                                       \
        __asm__ volatile("fldt %3\n\tfldt %2\n\tfld1\n\tfldz\n\t"          \
                         "fucompp\n\t" insn "\n\tfnstsw %1\n\tfstpt %0\n\t"  \
                         "fninit"                                          \
                         : "=m"(*r), "=m"(sw) : "m"(*a), "m"(*b));         \
        return sw;                                                         \
    }                                                                      \
    static uint16_t name##_cc(const F80 *a, const F80 *b, F80 *r)          \
    {                                                                      \
        uint16_t sw;                                                       \
        __asm__ volatile("fldt %3\n\tfldt %2\n\tfldz\n\tfldz\n\t"          \
                         "fdiv %%st(1), %%st\n\tfucompp\n\t" insn "\n\t"     \
                         "fnstsw %1\n\tfstpt %0\n\tfninit"                  \
                         : "=m"(*r), "=m"(sw) : "m"(*a), "m"(*b));         \
        return sw;                                                         \
    }
FUNC_OP(f_f2xm1, "f2xm1")
FUNC_OP(f_frndint, "frndint")
FUNC_OP(f_fscale, "fscale")
FUNC_OP(f_fyl2x, "fyl2x")
FUNC_OP(f_fpatan, "fpatan")
FUNC_OP(f_fyl2xp1, "fyl2xp1")
FUNC_OP(f_fsin, "fsin")
FUNC_OP(f_fcos, "fcos")

static void test_functions(void)
{
    static const struct { const char *name; RegFn *fn; } fns[] = {
        { "f2xm1", f_f2xm1 }, { "frndint", f_frndint },
        { "fscale", f_fscale }, { "fyl2x", f_fyl2x },
        { "fpatan", f_fpatan }, { "fyl2xp1", f_fyl2xp1 },
        { "fsin", f_fsin }, { "fcos", f_fcos },
        /* C0 C2 C3 set before */
        { "f2xm1/cc", f_f2xm1_cc }, { "frndint/cc", f_frndint_cc },
        { "fscale/cc", f_fscale_cc }, { "fyl2x/cc", f_fyl2x_cc },
        { "fpatan/cc", f_fpatan_cc }, { "fyl2xp1/cc", f_fyl2xp1_cc },
        { "fsin/cc", f_fsin_cc }, { "fcos/cc", f_fcos_cc },
    };
    for (unsigned o = 0; o < sizeof(fns) / sizeof(fns[0]); o++)
        for (unsigned c = 0; c < sizeof(cws) / sizeof(cws[0]); c += 2)
            for (int i = 0; i < nops; i++)
                for (int j = 0; j < nops; j += 2) {
                    F80 r;
                    uint16_t cw = cws[c], sw;
                    __asm__ volatile("fninit\n\tfldcw %0" : : "m"(cw));
                    sw = fns[o].fn(&operands[i], &operands[j], &r);
                    printf("%s cw=%04x %d %d: sw=%04x", fns[o].name, cw, i,
                           j, sw);
                    put80("r", &r);
                    printf("\n");
                }
}

int main(void)
{
    init_operands();
    test_fxam();
    test_functions();
    test_reg_arith();
    test_mem_arith();
    test_load_store();
    test_compares();
    test_shapes();
    test_loop();
    return 0;
}
