/*
 * int_helper.c: integer instructions done in C because they are rare or
 * awkward in IR: DIV/IDIV (with #DE), RCL/RCR, CPUID, RDTSC, segment
 * loads, the i386 BCD adjustments, CRC32.
 */
#include <time.h>

#include "target-x86/helper.h"

static _Noreturn void raise_exception(CPUX86State *env, int excp)
{
    env->common.exception_index = excp;
    cpu_loop_exit(&env->common);
}

/* Merge the low bits of v into a register, as a 8/16-bit write does. */
static void set_reg_part(CPUX86State *env, int reg, uint64_t v, int ot)
{
    switch (ot) {
    case MO_8:
        env->regs[reg] = (env->regs[reg] & ~0xffull) | (v & 0xff);
        break;
    case MO_16:
        env->regs[reg] = (env->regs[reg] & ~0xffffull) | (v & 0xffff);
        break;
    case MO_32:
        env->regs[reg] = (uint32_t)v;
        break;
    default:
        env->regs[reg] = v;
        break;
    }
}

/* hi:lo / d, with hi < d (the quotient fits 64 bits): an x86-64 host
 * divides it in one instruction, where the compiler's 128-bit division
 * is a long library routine (glibc's multi-precision printf divides so). */
static void udiv128(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *q,
                    uint64_t *rem)
{
#if defined(__x86_64__)
    __asm__("divq %4" : "=a"(*q), "=d"(*rem) : "a"(lo), "d"(hi), "rm"(d));
#else
    unsigned __int128 n = (unsigned __int128)hi << 64 | lo;
    *q = (uint64_t)(n / d);
    *rem = (uint64_t)(n % d);
#endif
}

void x86_helper_div(CPUX86State *env, uint64_t divisor, uint32_t ot)
{
    uint64_t *r = env->regs;
    switch (ot) {
    case MO_8: {
        uint32_t n = r[R_EAX] & 0xffff, d = divisor & 0xff;
        if (d == 0 || n / d > 0xff) {
            raise_exception(env, EXCP_X86_DE);
        }
        set_reg_part(env, R_EAX, (n % d) << 8 | n / d, MO_16);
        break;
    }
    case MO_16: {
        uint32_t n = (r[R_EDX] & 0xffff) << 16 | (r[R_EAX] & 0xffff);
        uint32_t d = divisor & 0xffff;
        if (d == 0 || n / d > 0xffff) {
            raise_exception(env, EXCP_X86_DE);
        }
        set_reg_part(env, R_EAX, n / d, MO_16);
        set_reg_part(env, R_EDX, n % d, MO_16);
        break;
    }
    case MO_32: {
        uint64_t n = (r[R_EDX] & 0xffffffffull) << 32 | (uint32_t)r[R_EAX];
        uint64_t d = (uint32_t)divisor;
        if (d == 0 || n / d > 0xffffffffull) {
            raise_exception(env, EXCP_X86_DE);
        }
        set_reg_part(env, R_EAX, n / d, MO_32);
        set_reg_part(env, R_EDX, n % d, MO_32);
        break;
    }
    default: {
        if (divisor == 0 || r[R_EDX] >= divisor) {
            raise_exception(env, EXCP_X86_DE);
        }
        udiv128(r[R_EDX], r[R_EAX], divisor, &r[R_EAX], &r[R_EDX]);
        break;
    }
    }
}

void x86_helper_idiv(CPUX86State *env, uint64_t divisor, uint32_t ot)
{
    uint64_t *r = env->regs;
    switch (ot) {
    case MO_8: {
        int32_t n = (int16_t)r[R_EAX], d = (int8_t)divisor;
        if (d == 0 || n / d != (int8_t)(n / d)) {
            raise_exception(env, EXCP_X86_DE);
        }
        set_reg_part(env, R_EAX, (uint32_t)(uint8_t)(n % d) << 8
                                 | (uint8_t)(n / d), MO_16);
        break;
    }
    case MO_16: {
        int32_t n = (int32_t)((uint32_t)(r[R_EDX] & 0xffff) << 16
                              | (r[R_EAX] & 0xffff));
        int32_t d = (int16_t)divisor;
        if (d == 0 || (n == INT32_MIN && d == -1)
            || n / d != (int16_t)(n / d)) {
            raise_exception(env, EXCP_X86_DE);
        }
        set_reg_part(env, R_EAX, (uint32_t)(n / d), MO_16);
        set_reg_part(env, R_EDX, (uint32_t)(n % d), MO_16);
        break;
    }
    case MO_32: {
        int64_t n = (int64_t)((r[R_EDX] & 0xffffffffull) << 32
                              | (uint32_t)r[R_EAX]);
        int64_t d = (int32_t)divisor;
        if (d == 0 || (n == INT64_MIN && d == -1)
            || n / d != (int32_t)(n / d)) {
            raise_exception(env, EXCP_X86_DE);
        }
        set_reg_part(env, R_EAX, (uint64_t)(n / d), MO_32);
        set_reg_part(env, R_EDX, (uint64_t)(n % d), MO_32);
        break;
    }
    default: {
        __int128 n = (__int128)((unsigned __int128)r[R_EDX] << 64 | r[R_EAX]);
        __int128 d = (int64_t)divisor;
        __int128 min128 = (__int128)((unsigned __int128)1 << 127);
        if (d == 0 || (n == min128 && d == -1)) {
            raise_exception(env, EXCP_X86_DE);
        }
        __int128 q = n / d;
        if (q != (int64_t)q) {
            raise_exception(env, EXCP_X86_DE);
        }
        r[R_EAX] = (uint64_t)q;
        r[R_EDX] = (uint64_t)(n % d);
        break;
    }
    }
}

static uint32_t current_flags(const CPUX86State *env)
{
    return (uint32_t)x86_helper_cc_compute_all(env->cc_op, env->cc_dst,
                                               env->cc_src, env->cc_src2);
}

static void set_flags(CPUX86State *env, uint32_t flags)
{
    env->cc_src = flags & CC_ARITH;
    env->cc_op = CC_OP_EFLAGS;
}

/* Rotate through carry: a (bits+1)-bit rotation of CF:val. */
static uint64_t rotate_carry(CPUX86State *env, uint64_t val, uint64_t count,
                             uint32_t ot, bool left)
{
    int bits = 8 << ot;
    unsigned __int128 m = ((unsigned __int128)1 << bits) - 1;
    unsigned __int128 wmask = ((unsigned __int128)1 << (bits + 1)) - 1;
    uint32_t flags = current_flags(env);
    unsigned c = (unsigned)(count % (uint64_t)(bits + 1));

    val &= (uint64_t)m;
    if (count == 0) {
        set_flags(env, flags);
        return val;
    }
    unsigned __int128 w = (unsigned __int128)(flags & CC_C) << bits | val;
    if (c) {
        w = left ? (w << c | w >> (bits + 1 - c)) : (w >> c | w << (bits + 1 - c));
        w &= wmask;
    }
    uint64_t res = (uint64_t)(w & m);
    uint32_t cf = (uint32_t)(w >> bits) & 1;
    uint64_t msb = res >> (bits - 1) & 1;
    uint32_t of = left ? (uint32_t)(msb ^ cf)
                       : (uint32_t)(msb ^ (res >> (bits - 2) & 1));
    set_flags(env, (flags & ~(CC_C | CC_O)) | cf | (of ? CC_O : 0));
    return res;
}

uint64_t x86_helper_rcl(CPUX86State *env, uint64_t val, uint64_t count,
                        uint32_t ot)
{
    return rotate_carry(env, val, count, ot, true);
}

uint64_t x86_helper_rcr(CPUX86State *env, uint64_t val, uint64_t count,
                        uint32_t ot)
{
    return rotate_carry(env, val, count, ot, false);
}

uint64_t x86_helper_cmpxchg16b(CPUX86State *env, uint64_t addr)
{
    void *p = (void *)(tcg_guest_base + addr);
    uint64_t lo = env->regs[R_EAX], hi = env->regs[R_EDX];
    uint8_t eq;
    __asm__ volatile("lock cmpxchg16b %1\n\tsete %0"
                     : "=q"(eq), "+m"(*(volatile unsigned __int128 *)p),
                       "+a"(lo), "+d"(hi)
                     : "b"(env->regs[R_EBX]), "c"(env->regs[R_ECX])
                     : "memory", "cc");
    env->regs[R_EAX] = lo;
    env->regs[R_EDX] = hi;
    return eq;
}

void x86_helper_cpuid(CPUX86State *env)
{
    uint32_t out[4];
    x86_cpuid(env, (uint32_t)env->regs[R_EAX], (uint32_t)env->regs[R_ECX],
              out);
    env->regs[R_EAX] = out[0];
    env->regs[R_EBX] = out[1];
    env->regs[R_ECX] = out[2];
    env->regs[R_EDX] = out[3];
}

void x86_helper_rdtsc(CPUX86State *env)
{
#if defined(__x86_64__) || defined(__i386__)
    uint64_t t = __builtin_ia32_rdtsc();
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t t = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
    t += env->tsc_offset;
    env->regs[R_EAX] = (uint32_t)t;
    env->regs[R_EDX] = t >> 32;
}

void x86_helper_load_seg(CPUX86State *env, uint32_t seg, uint64_t selector)
{
    if (!x86_load_seg(env, (int)seg, (uint32_t)selector & 0xffff)) {
        env->error_code = (uint32_t)selector & 0xfffc;
        raise_exception(env, EXCP_X86_GP);
    }
}

/* ---- BCD (i386) ---------------------------------------------------------- */

static uint32_t al_flags(uint32_t al)
{
    al &= 0xff;
    return (al == 0 ? CC_Z : 0) | (al & 0x80 ? CC_S : 0)
           | (__builtin_parity(al) ? 0 : CC_P);
}

void x86_helper_daa(CPUX86State *env)
{
    uint32_t flags = current_flags(env);
    uint32_t al = env->regs[R_EAX] & 0xff, old_al = al;
    uint32_t cf = 0, af = 0;
    bool old_cf = flags & CC_C;

    if ((al & 0xf) > 9 || (flags & CC_A)) {
        cf = old_cf || al + 6 > 0xff;
        al = (al + 6) & 0xff;
        af = CC_A;
    }
    if (old_al > 0x99 || old_cf) {
        al = (al + 0x60) & 0xff;
        cf = 1;
    } else {
        cf = 0;
    }
    set_reg_part(env, R_EAX, al, MO_8);
    set_flags(env, cf | af | al_flags(al));
}

void x86_helper_das(CPUX86State *env)
{
    uint32_t flags = current_flags(env);
    uint32_t al = env->regs[R_EAX] & 0xff, old_al = al;
    uint32_t cf = 0, af = 0;
    bool old_cf = flags & CC_C;

    if ((al & 0xf) > 9 || (flags & CC_A)) {
        cf = old_cf || al < 6;
        al = (al - 6) & 0xff;
        af = CC_A;
    }
    if (old_al > 0x99 || old_cf) {
        al = (al - 0x60) & 0xff;
        cf = 1;
    }
    set_reg_part(env, R_EAX, al, MO_8);
    set_flags(env, cf | af | al_flags(al));
}

void x86_helper_aaa(CPUX86State *env)
{
    uint32_t flags = current_flags(env);
    uint32_t ax = env->regs[R_EAX] & 0xffff;
    uint32_t cf = 0;

    if ((ax & 0xf) > 9 || (flags & CC_A)) {
        ax += 0x106;
        cf = CC_C | CC_A;
    }
    ax = (ax & 0xff00) | (ax & 0x0f);
    set_reg_part(env, R_EAX, ax, MO_16);
    set_flags(env, cf | al_flags(ax));
}

void x86_helper_aas(CPUX86State *env)
{
    uint32_t flags = current_flags(env);
    uint32_t ax = env->regs[R_EAX] & 0xffff;
    uint32_t cf = 0;

    if ((ax & 0xf) > 9 || (flags & CC_A)) {
        /* AX - 6 may borrow from AH, which then drops once more. */
        ax = (ax - 6) & 0xffff;
        ax = (ax - 0x100) & 0xffff;
        cf = CC_C | CC_A;
    }
    ax = (ax & 0xff00) | (ax & 0x0f);
    set_reg_part(env, R_EAX, ax, MO_16);
    set_flags(env, cf | al_flags(ax));
}

void x86_helper_aam(CPUX86State *env, uint32_t base)
{
    uint32_t al = env->regs[R_EAX] & 0xff;
    base &= 0xff;
    if (base == 0) {
        raise_exception(env, EXCP_X86_DE);
    }
    uint32_t ax = (al / base) << 8 | (al % base);
    set_reg_part(env, R_EAX, ax, MO_16);
    set_flags(env, al_flags(ax));
}

void x86_helper_aad(CPUX86State *env, uint32_t base)
{
    uint32_t ax = env->regs[R_EAX] & 0xffff;
    uint32_t al = ((ax & 0xff) + (ax >> 8) * (base & 0xff)) & 0xff;
    set_reg_part(env, R_EAX, al, MO_16);
    set_flags(env, al_flags(al));
}

uint64_t x86_helper_crc32(uint64_t crc, uint64_t val, uint32_t bytes)
{
    uint32_t c = (uint32_t)crc;
    for (uint32_t i = 0; i < bytes; i++) {
        c ^= (uint8_t)(val >> (8 * i));
        for (int k = 0; k < 8; k++) {
            c = (c >> 1) ^ (c & 1 ? 0x82f63b78u : 0);
        }
    }
    return c;
}
