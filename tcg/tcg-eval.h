/*
 * tcg-eval.h: the value semantics of the arithmetic IR ops, written once and
 * used both by the optimizer (constant folding) and by the interpreter
 * backend (which calls these with constant opcodes, so each switch folds
 * away).  Values are passed and returned in uint64_t; an I32 op looks only
 * at the low 32 bits of its inputs and returns its result zero-extended.
 */
#ifndef TCG_TCG_EVAL_H
#define TCG_TCG_EVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "tcg/tcg.h"

static inline uint64_t tcg_eval_bswap16(uint64_t a)
{
    return ((a >> 8) & 0xff) | ((a & 0xff) << 8);
}

static inline uint64_t tcg_eval_bswap32(uint64_t a)
{
    return __builtin_bswap32((uint32_t)a);
}

/* True if (a cond b) holds for values of type t. */
static inline bool tcg_cond_holds(TCGType t, TCGCond c, uint64_t a, uint64_t b)
{
    if (t == TCG_TYPE_I32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    }
    int64_t sa = t == TCG_TYPE_I32 ? (int32_t)a : (int64_t)a;
    int64_t sb = t == TCG_TYPE_I32 ? (int32_t)b : (int64_t)b;
    switch (c) {
    case TCG_COND_NEVER: return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ: return a == b;
    case TCG_COND_NE: return a != b;
    case TCG_COND_LT: return sa < sb;
    case TCG_COND_GE: return sa >= sb;
    case TCG_COND_LE: return sa <= sb;
    case TCG_COND_GT: return sa > sb;
    case TCG_COND_LTU: return a < b;
    case TCG_COND_GEU: return a >= b;
    case TCG_COND_LEU: return a <= b;
    case TCG_COND_GTU: return a > b;
    case TCG_COND_TSTEQ: return (a & b) == 0;
    case TCG_COND_TSTNE: return (a & b) != 0;
    }
    return false;
}

/* Ops with one input and one output (including the type conversions, whose
 * op type is the type of the output). */
static inline uint64_t tcg_eval_unary(TCGOpcode opc, TCGType t, uint64_t a)
{
    bool is32 = t == TCG_TYPE_I32;
    uint64_t r;

    switch (opc) {
    case INDEX_op_mov: r = a; break;
    case INDEX_op_neg: r = -a; break;
    case INDEX_op_not: r = ~a; break;
    case INDEX_op_clz:
        if (is32) {
            r = (uint32_t)a ? (uint64_t)__builtin_clz((uint32_t)a) : 32;
        } else {
            r = a ? (uint64_t)__builtin_clzll(a) : 64;
        }
        break;
    case INDEX_op_ctz:
        if (is32) {
            r = (uint32_t)a ? (uint64_t)__builtin_ctz((uint32_t)a) : 32;
        } else {
            r = a ? (uint64_t)__builtin_ctzll(a) : 64;
        }
        break;
    case INDEX_op_ctpop:
        r = is32 ? (uint64_t)__builtin_popcount((uint32_t)a)
                 : (uint64_t)__builtin_popcountll(a);
        break;
    case INDEX_op_bswap16: r = tcg_eval_bswap16(a); break;
    case INDEX_op_bswap32: r = tcg_eval_bswap32(a); break;
    case INDEX_op_bswap64:
        r = is32 ? tcg_eval_bswap32(a) : __builtin_bswap64(a);
        break;
    case INDEX_op_ext8s: r = (uint64_t)(int64_t)(int8_t)a; break;
    case INDEX_op_ext8u: r = (uint8_t)a; break;
    case INDEX_op_ext16s: r = (uint64_t)(int64_t)(int16_t)a; break;
    case INDEX_op_ext16u: r = (uint16_t)a; break;
    case INDEX_op_ext32s: r = (uint64_t)(int64_t)(int32_t)a; break;
    case INDEX_op_ext32u: r = (uint32_t)a; break;
    case INDEX_op_ext_i32_i64: return (uint64_t)(int64_t)(int32_t)a;
    case INDEX_op_extu_i32_i64: return (uint32_t)a;
    case INDEX_op_extrl_i64_i32: return (uint32_t)a;
    case INDEX_op_extrh_i64_i32: return a >> 32;
    default: r = 0; break;
    }
    return is32 ? (uint32_t)r : r;
}

/*
 * Ops with two inputs and one output.  Shift and rotate counts are masked to
 * width-1.  Division never traps: x/0 = 0, x%0 = 0, MIN/-1 = MIN,
 * MIN%-1 = 0 (frontends guard these cases anyway).
 */
static inline uint64_t tcg_eval_binary(TCGOpcode opc, TCGType t, uint64_t a,
                                       uint64_t b)
{
    bool is32 = t == TCG_TYPE_I32;
    unsigned width = is32 ? 32 : 64;
    unsigned sh = (unsigned)b & (width - 1);
    uint64_t r;

    if (is32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    }
    switch (opc) {
    case INDEX_op_add: r = a + b; break;
    case INDEX_op_sub: r = a - b; break;
    case INDEX_op_mul: r = a * b; break;
    case INDEX_op_mulhs:
        if (is32) {
            r = (uint64_t)(((int64_t)(int32_t)a * (int32_t)b) >> 32);
        } else {
            r = (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64);
        }
        break;
    case INDEX_op_mulhu:
        if (is32) {
            r = (a * b) >> 32;
        } else {
            r = (uint64_t)(((unsigned __int128)a * b) >> 64);
        }
        break;
    case INDEX_op_divs:
    case INDEX_op_rems: {
        int64_t sa = is32 ? (int32_t)a : (int64_t)a;
        int64_t sb = is32 ? (int32_t)b : (int64_t)b;
        int64_t min = is32 ? INT32_MIN : INT64_MIN;
        bool div = opc == INDEX_op_divs;
        if (sb == 0) {
            r = 0;
        } else if (sb == -1 && sa == min) {
            r = div ? (uint64_t)min : 0;
        } else {
            r = (uint64_t)(div ? sa / sb : sa % sb);
        }
        break;
    }
    case INDEX_op_divu: r = b ? a / b : 0; break;
    case INDEX_op_remu: r = b ? a % b : 0; break;
    case INDEX_op_and: r = a & b; break;
    case INDEX_op_or: r = a | b; break;
    case INDEX_op_xor: r = a ^ b; break;
    case INDEX_op_andc: r = a & ~b; break;
    case INDEX_op_orc: r = a | ~b; break;
    case INDEX_op_shl: r = a << sh; break;
    case INDEX_op_shr: r = a >> sh; break;
    case INDEX_op_sar:
        r = is32 ? (uint64_t)((int32_t)a >> sh) : (uint64_t)((int64_t)a >> sh);
        break;
    case INDEX_op_rotl:
        r = sh ? (a << sh) | (a >> (width - sh)) : a;
        break;
    case INDEX_op_rotr:
        r = sh ? (a >> sh) | (a << (width - sh)) : a;
        break;
    default: r = 0; break;
    }
    return is32 ? (uint32_t)r : r;
}

/* True for the opcodes tcg_eval_unary / tcg_eval_binary compute. */
static inline bool tcg_op_is_unary(TCGOpcode opc)
{
    return (opc >= INDEX_op_neg && opc <= INDEX_op_extrh_i64_i32) ||
           opc == INDEX_op_mov;
}

static inline bool tcg_op_is_binary(TCGOpcode opc)
{
    return opc >= INDEX_op_add && opc <= INDEX_op_rotr;
}

#endif
