/*
 * f80.c: the interpreter's f80 ops (tcg/README.md), each one host x87
 * sequence, the same instructions the x86-64 backend emits, so the two
 * backends agree bit for bit (results, status words, NaN choices) and
 * both follow the host control word the frontend set with f80_set_cw.
 * The host x87 stack is empty again when each returns.
 */
#include "tcg/interp/f80.h"

/* x87 memory forms by TCGF80Kind, for "op m" (D8 m32real, DC m64real,
 * DE m16int, DA m32int). */
#define MEM_FORMS(name, pre, post, ...)                                     \
    switch (kind) {                                                        \
    case F80_M32: __asm__ volatile(pre "f" name "s %[m]\n\t" post          \
                                   : __VA_ARGS__, [m] "m"(m32)); break;    \
    case F80_M64: __asm__ volatile(pre "f" name "l %[m]\n\t" post          \
                                   : __VA_ARGS__, [m] "m"(v)); break;      \
    case F80_I16: __asm__ volatile(pre "fi" name "s %[m]\n\t" post         \
                                   : __VA_ARGS__, [m] "m"(i16)); break;    \
    default: __asm__ volatile(pre "fi" name "l %[m]\n\t" post              \
                              : __VA_ARGS__, [m] "m"(i32)); break;         \
    }

uint64_t f80_load(unsigned kind, void *dst, uint64_t v)
{
    uint32_t m32 = (uint32_t)v;
    int16_t i16 = (int16_t)v;
    int32_t i32 = (int32_t)v;
    uint16_t sw;

    switch (kind) {
    case F80_M32:
        __asm__ volatile("flds %2\n\tfnstsw %1\n\tfstpt %0"
                         : "=m"(*(char (*)[10])dst), "=m"(sw) : "m"(m32));
        break;
    case F80_M64:
        __asm__ volatile("fldl %2\n\tfnstsw %1\n\tfstpt %0"
                         : "=m"(*(char (*)[10])dst), "=m"(sw) : "m"(v));
        break;
    case F80_I16:
        __asm__ volatile("filds %2\n\tfnstsw %1\n\tfstpt %0"
                         : "=m"(*(char (*)[10])dst), "=m"(sw) : "m"(i16));
        break;
    case F80_I32:
        __asm__ volatile("fildl %2\n\tfnstsw %1\n\tfstpt %0"
                         : "=m"(*(char (*)[10])dst), "=m"(sw) : "m"(i32));
        break;
    default:
        __asm__ volatile("fildll %2\n\tfnstsw %1\n\tfstpt %0"
                         : "=m"(*(char (*)[10])dst), "=m"(sw) : "m"(v));
        break;
    }
    return sw;
}

uint64_t f80_store(unsigned kind, const void *src)
{
    uint64_t out = 0;
    const char (*s)[10] = src;

    switch (kind) {
    case F80_M32:
        __asm__ volatile("fldt %1\n\tfstps %0" : "=m"(*(uint32_t *)&out)
                         : "m"(*s));
        break;
    case F80_M64:
        __asm__ volatile("fldt %1\n\tfstpl %0" : "=m"(out) : "m"(*s));
        break;
    case F80_I16:
        __asm__ volatile("fldt %1\n\tfistps %0" : "=m"(*(uint16_t *)&out)
                         : "m"(*s));
        break;
    case F80_I32:
        __asm__ volatile("fldt %1\n\tfistpl %0" : "=m"(*(uint32_t *)&out)
                         : "m"(*s));
        break;
    case F80_I64:
        __asm__ volatile("fldt %1\n\tfistpll %0" : "=m"(out) : "m"(*s));
        break;
    case F80_I16_TRUNC:
        __asm__ volatile("fldt %1\n\tfisttps %0" : "=m"(*(uint16_t *)&out)
                         : "m"(*s));
        break;
    case F80_I32_TRUNC:
        __asm__ volatile("fldt %1\n\tfisttpl %0" : "=m"(*(uint32_t *)&out)
                         : "m"(*s));
        break;
    default:
        __asm__ volatile("fldt %1\n\tfisttpll %0" : "=m"(out) : "m"(*s));
        break;
    }
    return out;
}

uint64_t f80_status(void)
{
    uint16_t sw;

    __asm__ volatile("fnstsw %0" : "=m"(sw));
    return sw;
}

/* fldt a; fldt b; op'p st(1), st(0) (so a stays the x87 destination);
 * the DE ModRM bytes, whose sub/subr and div/divr are the swapped ones. */
#define ARITH(modrm)                                                        \
    __asm__ volatile("fldt %2\n\tfldt %3\n\t.byte 0xde, " #modrm "\n\t"     \
                     "fnstsw %1\n\tfstpt %0"                                \
                     : "=m"(*(char (*)[10])dst), "=m"(sw)                   \
                     : "m"(*(const char (*)[10])a),                         \
                       "m"(*(const char (*)[10])b))

uint64_t f80_arith(unsigned op, void *dst, const void *a, const void *b)
{
    uint16_t sw;

    switch (op) {
    case F80_ADD: ARITH(0xc1); break;
    case F80_MUL: ARITH(0xc9); break;
    case F80_SUB: ARITH(0xe9); break;
    case F80_SUBR: ARITH(0xe1); break;
    case F80_DIV: ARITH(0xf9); break;
    default: ARITH(0xf1); break;
    }
    return sw;
}
#undef ARITH

uint64_t f80_arith_mem(unsigned op, unsigned kind, void *dst, const void *a,
                       uint64_t v)
{
    uint32_t m32 = (uint32_t)v;
    int16_t i16 = (int16_t)v;
    int32_t i32 = (int32_t)v;
    uint16_t sw;

#define ARITH_MEM(name)                                                     \
    MEM_FORMS(name, "fldt %[a]\n\t", "fnstsw %[sw]\n\tfstpt %[d]",          \
              [d] "=m"(*(char (*)[10])dst), [sw] "=m"(sw)                   \
              : [a] "m"(*(const char (*)[10])a))
    switch (op) {
    case F80_ADD: ARITH_MEM("add"); break;
    case F80_MUL: ARITH_MEM("mul"); break;
    case F80_SUB: ARITH_MEM("sub"); break;
    case F80_SUBR: ARITH_MEM("subr"); break;
    case F80_DIV: ARITH_MEM("div"); break;
    default: ARITH_MEM("divr"); break;
    }
#undef ARITH_MEM
    return sw;
}

uint64_t f80_cmp(bool unordered, const void *a, const void *b)
{
    uint16_t sw;

    if (unordered)
        __asm__ volatile("fldt %2\n\tfldt %1\n\tfucompp\n\tfnstsw %0"
                         : "=m"(sw) : "m"(*(const char (*)[10])a),
                           "m"(*(const char (*)[10])b));
    else
        __asm__ volatile("fldt %2\n\tfldt %1\n\tfcompp\n\tfnstsw %0"
                         : "=m"(sw) : "m"(*(const char (*)[10])a),
                           "m"(*(const char (*)[10])b));
    return sw;
}

uint64_t f80_cmp_mem(unsigned kind, const void *a, uint64_t v)
{
    uint32_t m32 = (uint32_t)v;
    int16_t i16 = (int16_t)v;
    int32_t i32 = (int32_t)v;
    uint16_t sw;

    MEM_FORMS("comp", "fldt %[a]\n\t", "fnstsw %[sw]", [sw] "=m"(sw)
              : [a] "m"(*(const char (*)[10])a))
    return sw;
}

/* ST(1) = b, ST(0) = a, the instruction, ST(0) to dst; whatever is left
 * of b is popped. */
#define F80_FUNC(insn, tail)                                               \
    __asm__ volatile("fldt %3\n\tfldt %2\n\t" insn "\n\tfnstsw %1\n\t"     \
                     "fstpt %0" tail                                       \
                     : "=m"(*(char (*)[10])dst), "=m"(sw)                  \
                     : "m"(*(const char (*)[10])a),                        \
                       "m"(*(const char (*)[10])b))

/* A constant to dst. */
#define F80_CONST(insn)                                                    \
    __asm__ volatile(insn "\n\tfnstsw %1\n\tfstpt %0"                     \
                     : "=m"(*(char (*)[10])dst), "=m"(sw))

uint64_t f80_func(unsigned fn, void *dst, const void *a, const void *b)
{
    uint16_t sw = 0;

    switch ((TCGF80Fn)fn) {
    case F80_FLDL2T: F80_CONST("fldl2t"); break;
    case F80_FLDL2E: F80_CONST("fldl2e"); break;
    case F80_FLDPI: F80_CONST("fldpi"); break;
    case F80_FLDLG2: F80_CONST("fldlg2"); break;
    case F80_FLDLN2: F80_CONST("fldln2"); break;
    case F80_F2XM1: F80_FUNC("f2xm1", "\n\tfstp %%st(0)"); break;
    case F80_FYL2X: F80_FUNC("fyl2x", ""); break;
    case F80_FPATAN: F80_FUNC("fpatan", ""); break;
    case F80_FYL2XP1: F80_FUNC("fyl2xp1", ""); break;
    case F80_FSQRT: F80_FUNC("fsqrt", "\n\tfstp %%st(0)"); break;
    case F80_FRNDINT: F80_FUNC("frndint", "\n\tfstp %%st(0)"); break;
    case F80_FSCALE: F80_FUNC("fscale", "\n\tfstp %%st(0)"); break;
    case F80_FSIN: F80_FUNC("fsin", "\n\tfstp %%st(0)"); break;
    case F80_FCOS: F80_FUNC("fcos", "\n\tfstp %%st(0)"); break;
    }
    return sw;
}

void f80_set_cw(uint64_t cw)
{
    uint16_t w = (uint16_t)cw, now;

    __asm__ volatile("fnstcw %0" : "=m"(now));
    if (now != w)
        __asm__ volatile("fldcw %0" : : "m"(w));
}
