/*
 * cc_helper.c: the six arithmetic flags from a lazy flag state (see CCOp in
 * cpu.h).  Called from TBs when a reader needs a flag the translator could
 * not derive inline, and by C code (PUSHF, signal frames, -d cpu).
 *
 * Flags the architecture leaves undefined follow the host this was checked
 * on (AMD Zen 4) where cheap: AF = 1 after shifts.
 */
#include "target-x86/helper.h"

static uint64_t size_mask(int ot)
{
    return ot == MO_64 ? ~0ull : (1ull << (8 << ot)) - 1;
}

static uint32_t zsp_flags(uint64_t v, uint64_t sign)
{
    return (v == 0 ? CC_Z : 0) | (v & sign ? CC_S : 0)
           | (__builtin_parity((unsigned)(v & 0xff)) ? 0 : CC_P);
}

uint64_t x86_helper_cc_compute_all(uint32_t cc_op, uint64_t dst, uint64_t src,
                                   uint64_t src2)
{
    if (cc_op == CC_OP_EFLAGS) {
        return src & CC_ARITH;
    }
    if (cc_op & CC_OP_CO_CF_ONLY) {
        return (x86_helper_cc_compute_all(CC_OP_CO_BASE(cc_op), dst, src, 0) &
                ~(uint64_t)CC_C) | (src2 & 1 ? CC_C : 0);
    }
    if (cc_op & CC_OP_CO) {
        int bits = 8 << ((cc_op >> CC_OP_CO_SIZE_SHIFT) & 3);
        uint64_t top = (src2 >> (bits - 1)) & 1, cf, of;
        if (cc_op & CC_OP_CO_LEFT) {
            cf = src2 & 1;
            of = top ^ cf;
        } else {
            cf = top;
            of = top ^ ((src2 >> (bits - 2)) & 1);
        }
        return (x86_helper_cc_compute_all(CC_OP_CO_BASE(cc_op), dst, src, 0) &
                ~(uint64_t)(CC_C | CC_O)) | (cf ? CC_C : 0) | (of ? CC_O : 0);
    }
    if (cc_op == CC_OP_POPCNT) {
        return dst == 0 ? CC_Z : 0;
    }
    int kind = (int)((cc_op - 1) & ~3u) + 1;
    int ot = (int)((cc_op - 1) & 3);
    uint64_t m = size_mask(ot);
    uint64_t sign = m ^ (m >> 1);
    uint64_t a;
    uint32_t cf = 0, of = 0, af = 0;

    dst &= m;
    src &= m;
    src2 &= m;
    switch (kind) {
    case CC_OP_ADDB:
        a = (dst - src) & m;
        cf = dst < src;
        of = ((a ^ ~src) & (a ^ dst) & sign) != 0;
        af = (a ^ src ^ dst) & CC_A;
        break;
    case CC_OP_ADCB:
        a = (dst - src - src2) & m;
        cf = src2 ? dst <= src : dst < src;
        of = ((a ^ ~src) & (a ^ dst) & sign) != 0;
        af = (a ^ src ^ dst) & CC_A;
        break;
    case CC_OP_SUBB:
        a = (dst + src) & m;
        cf = a < src;
        of = ((a ^ src) & (a ^ dst) & sign) != 0;
        af = (a ^ src ^ dst) & CC_A;
        break;
    case CC_OP_SBBB:
        a = (dst + src + src2) & m;
        cf = src2 ? a <= src : a < src;
        of = ((a ^ src) & (a ^ dst) & sign) != 0;
        af = (a ^ src ^ dst) & CC_A;
        break;
    case CC_OP_LOGICB:
        break;
    case CC_OP_INCB:
        cf = src != 0;
        of = dst == sign;
        af = (dst & 0xf) == 0 ? CC_A : 0;
        break;
    case CC_OP_DECB:
        cf = src != 0;
        of = dst == sign - 1;
        af = (dst & 0xf) == 0xf ? CC_A : 0;
        break;
    case CC_OP_SHLB:
        cf = (src & sign) != 0;
        of = cf ^ ((dst & sign) != 0);
        af = CC_A;
        break;
    case CC_OP_SHRB:
        cf = src & 1;
        of = ((src ^ dst) & sign) != 0;
        af = CC_A;
        break;
    case CC_OP_MULB:
        cf = of = src != 0;
        break;
    case CC_OP_BMIB:
        cf = src != 0;
        break;
    default:
        break;
    }
    return (cf ? CC_C : 0) | (of ? CC_O : 0) | af | zsp_flags(dst, sign);
}

uint64_t x86_helper_cc_compute_c(uint32_t cc_op, uint64_t dst, uint64_t src,
                                 uint64_t src2)
{
    return x86_helper_cc_compute_all(cc_op, dst, src, src2) & CC_C;
}

uint64_t x86_helper_cc_cond(uint32_t cc_op, uint64_t dst, uint64_t src,
                            uint64_t src2, uint32_t jcc)
{
    uint64_t f = x86_helper_cc_compute_all(cc_op, dst, src, src2);
    bool sf_ne_of = !(f & CC_S) != !(f & CC_O);

    switch (jcc & 7) {
    case 0: return (f & CC_O) != 0;
    case 1: return (f & CC_C) != 0;
    case 2: return (f & CC_Z) != 0;
    case 3: return (f & (CC_C | CC_Z)) != 0;
    case 4: return (f & CC_S) != 0;
    case 5: return (f & CC_P) != 0;
    case 6: return sf_ne_of;
    default: return (f & CC_Z) || sf_ne_of;
    }
}
