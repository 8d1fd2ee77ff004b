/*
 * tcg-op.h: the generator API frontends use to build IR.  Every generator
 * appends one op (the *i forms first intern a constant).  The op's type is
 * the type of its first output (or first input when it has none); mixing
 * I32 and I64 temps in one op is a frontend bug caught by assertions in
 * debug builds, except in the explicit ext/extr conversions.
 */
#ifndef TCG_TCG_OP_H
#define TCG_TCG_OP_H

#include "tcg/tcg.h"

void tcg_gen_op1(TCGOpcode opc, TCGType t, TCGArg a0);
void tcg_gen_op2(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1);
void tcg_gen_op3(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1, TCGArg a2);
void tcg_gen_op4(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1, TCGArg a2,
                 TCGArg a3);
void tcg_gen_op6(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1, TCGArg a2,
                 TCGArg a3, TCGArg a4, TCGArg a5);

static inline TCGType tcg_type(TCGv v) { return (TCGType)tcg_temp(v)->type; }

/* ---- moves and constants ---- */
static inline void tcg_gen_mov(TCGv d, TCGv a)
{
    tcg_gen_op2(INDEX_op_mov, tcg_type(d), d.idx, a.idx);
}
static inline void tcg_gen_movi(TCGv d, int64_t v)
{
    tcg_gen_mov(d, tcg_constant(tcg_type(d), v));
}

/* ---- binary ops: d = a OP b, and d = a OP imm ---- */
#define TCG_GEN_BINARY(name)                                                \
    static inline void tcg_gen_##name(TCGv d, TCGv a, TCGv b)               \
    {                                                                       \
        tcg_gen_op3(INDEX_op_##name, tcg_type(d), d.idx, a.idx, b.idx);     \
    }                                                                       \
    static inline void tcg_gen_##name##i(TCGv d, TCGv a, int64_t imm)       \
    {                                                                       \
        tcg_gen_##name(d, a, tcg_constant(tcg_type(d), imm));               \
    }
TCG_GEN_BINARY(add)
TCG_GEN_BINARY(sub)
TCG_GEN_BINARY(mul)
TCG_GEN_BINARY(mulhs)
TCG_GEN_BINARY(mulhu)
TCG_GEN_BINARY(divs)
TCG_GEN_BINARY(divu)
TCG_GEN_BINARY(rems)
TCG_GEN_BINARY(remu)
TCG_GEN_BINARY(and)
TCG_GEN_BINARY(or)
TCG_GEN_BINARY(xor)
TCG_GEN_BINARY(andc)
TCG_GEN_BINARY(orc)
TCG_GEN_BINARY(shl)
TCG_GEN_BINARY(shr)
TCG_GEN_BINARY(sar)
TCG_GEN_BINARY(rotl)
TCG_GEN_BINARY(rotr)
#undef TCG_GEN_BINARY

static inline void tcg_gen_subfi(TCGv d, int64_t imm, TCGv b)
{
    tcg_gen_sub(d, tcg_constant(tcg_type(d), imm), b);
}

/* ---- unary ops: d = OP a ---- */
#define TCG_GEN_UNARY(name)                                                 \
    static inline void tcg_gen_##name(TCGv d, TCGv a)                       \
    {                                                                       \
        tcg_gen_op2(INDEX_op_##name, tcg_type(d), d.idx, a.idx);            \
    }
TCG_GEN_UNARY(neg)
TCG_GEN_UNARY(not)
TCG_GEN_UNARY(clz)
TCG_GEN_UNARY(ctz)
TCG_GEN_UNARY(ctpop)
TCG_GEN_UNARY(bswap16)
TCG_GEN_UNARY(bswap32)
TCG_GEN_UNARY(bswap64)
TCG_GEN_UNARY(ext8s)
TCG_GEN_UNARY(ext8u)
TCG_GEN_UNARY(ext16s)
TCG_GEN_UNARY(ext16u)
TCG_GEN_UNARY(ext32s)
TCG_GEN_UNARY(ext32u)
TCG_GEN_UNARY(ext_i32_i64)  /* d: I64, a: I32 */
TCG_GEN_UNARY(extu_i32_i64) /* d: I64, a: I32 */
TCG_GEN_UNARY(extrl_i64_i32) /* d: I32, a: I64 */
TCG_GEN_UNARY(extrh_i64_i32) /* d: I32, a: I64 */
#undef TCG_GEN_UNARY

/* Composites kept out of the IR: the optimizer and backends see and/or/xor. */
static inline void tcg_gen_eqv(TCGv d, TCGv a, TCGv b)
{
    tcg_gen_xor(d, a, b);
    tcg_gen_not(d, d);
}
static inline void tcg_gen_nand(TCGv d, TCGv a, TCGv b)
{
    tcg_gen_and(d, a, b);
    tcg_gen_not(d, d);
}
static inline void tcg_gen_nor(TCGv d, TCGv a, TCGv b)
{
    tcg_gen_or(d, a, b);
    tcg_gen_not(d, d);
}

/* ---- conditions ---- */
static inline void tcg_gen_setcond(TCGCond c, TCGv d, TCGv a, TCGv b)
{
    tcg_gen_op4(INDEX_op_setcond, tcg_type(a), d.idx, a.idx, b.idx, c);
}
static inline void tcg_gen_setcondi(TCGCond c, TCGv d, TCGv a, int64_t imm)
{
    tcg_gen_setcond(c, d, a, tcg_constant(tcg_type(a), imm));
}
/* d = (c1 cond c2) ? v1 : v2; c1/c2 may be of another type than d. */
static inline void tcg_gen_movcond(TCGCond c, TCGv d, TCGv c1, TCGv c2,
                                   TCGv v1, TCGv v2)
{
    tcg_gen_op6(INDEX_op_movcond, tcg_type(d), d.idx, c1.idx, c2.idx, v1.idx,
                v2.idx, c);
}

/* ---- control flow inside a TB (labels must be defined after use:
 *      branches go forward only) ---- */
static inline void tcg_gen_set_label(uint32_t label)
{
    tcg_gen_op1(INDEX_op_set_label, TCG_TYPE_I32, label);
}
static inline void tcg_gen_br(uint32_t label)
{
    tcg_gen_op1(INDEX_op_br, TCG_TYPE_I32, label);
}
static inline void tcg_gen_brcond(TCGCond c, TCGv a, TCGv b, uint32_t label)
{
    tcg_gen_op4(INDEX_op_brcond, tcg_type(a), a.idx, b.idx, c, label);
}
static inline void tcg_gen_brcondi(TCGCond c, TCGv a, int64_t imm,
                                   uint32_t label)
{
    tcg_gen_brcond(c, a, tcg_constant(tcg_type(a), imm), label);
}

/* ---- CPU state outside globals (arrays, rarely used fields) ---- */
static inline void tcg_gen_ld_env(TCGv d, int32_t offset, MemOp mop)
{
    tcg_gen_op3(INDEX_op_ld_env, tcg_type(d), d.idx, (TCGArg)(int64_t)offset,
                mop);
}
static inline void tcg_gen_st_env(TCGv v, int32_t offset, MemOp mop)
{
    tcg_gen_op3(INDEX_op_st_env, tcg_type(v), v.idx, (TCGArg)(int64_t)offset,
                mop);
}

/* ---- guest memory: addr is a guest virtual address (I32 or I64) ---- */
static inline void tcg_gen_qemu_ld(TCGv d, TCGv addr, MemOp mop, int mmu_idx)
{
    tcg_gen_op4(INDEX_op_qemu_ld, tcg_type(d), d.idx, addr.idx, mop, mmu_idx);
}
static inline void tcg_gen_qemu_st(TCGv v, TCGv addr, MemOp mop, int mmu_idx)
{
    tcg_gen_op4(INDEX_op_qemu_st, tcg_type(v), v.idx, addr.idx, mop, mmu_idx);
}
/* Atomically: d = the memop-size value at addr; if it equals cmp
 * (compared at that size, after the same extension), store newv there. */
static inline void tcg_gen_atomic_cmpxchg(TCGv d, TCGv addr, TCGv cmp,
                                          TCGv newv, MemOp mop, int mmu_idx)
{
    tcg_gen_op6(INDEX_op_atomic_cmpxchg, tcg_type(d), d.idx, addr.idx,
                cmp.idx, newv.idx, mop, (TCGArg)mmu_idx);
}
static inline void tcg_gen_mb(int kind)
{
    tcg_gen_op1(INDEX_op_mb, TCG_TYPE_I32, kind);
}

/* ---- IEEE binary64 arithmetic on I64 bit patterns (round to nearest
 *      even; the bits of a NaN result are unspecified) ---- */
static inline void tcg_gen_fadd_f64(TCGv d, TCGv a, TCGv b)
{
    tcg_gen_op3(INDEX_op_fadd_f64, TCG_TYPE_I64, d.idx, a.idx, b.idx);
}
static inline void tcg_gen_fsub_f64(TCGv d, TCGv a, TCGv b)
{
    tcg_gen_op3(INDEX_op_fsub_f64, TCG_TYPE_I64, d.idx, a.idx, b.idx);
}
/* d = a rounded to single precision (binary32), as a double. */
static inline void tcg_gen_frsp_f64(TCGv d, TCGv a)
{
    tcg_gen_op2(INDEX_op_frsp_f64, TCG_TYPE_I64, d.idx, a.idx);
}
static inline void tcg_gen_fsqrt_f64(TCGv d, TCGv a)
{
    tcg_gen_op2(INDEX_op_fsqrt_f64, TCG_TYPE_I64, d.idx, a.idx);
}
/* d = TCG_FCMP_EQ/LT/GT/UN for a against b; signaling: invalid for any
 * NaN operand, else only for a signalling NaN. */
static inline void tcg_gen_fcmp_f64(TCGv d, TCGv a, TCGv b, bool signaling)
{
    tcg_gen_op4(INDEX_op_fcmp_f64, TCG_TYPE_I64, d.idx, a.idx, b.idx,
                signaling);
}
/* d = the signed 64-bit integer a as a double (rounded to nearest). */
static inline void tcg_gen_fcvt_i64_f64(TCGv d, TCGv a)
{
    tcg_gen_op2(INDEX_op_fcvt_i64_f64, TCG_TYPE_I64, d.idx, a.idx);
}
static inline void tcg_gen_fmul_f64(TCGv d, TCGv a, TCGv b)
{
    tcg_gen_op3(INDEX_op_fmul_f64, TCG_TYPE_I64, d.idx, a.idx, b.idx);
}
static inline void tcg_gen_fdiv_f64(TCGv d, TCGv a, TCGv b)
{
    tcg_gen_op3(INDEX_op_fdiv_f64, TCG_TYPE_I64, d.idx, a.idx, b.idx);
}
/* d = a * b + c with a single rounding. */
static inline void tcg_gen_fma_f64(TCGv d, TCGv a, TCGv b, TCGv c)
{
    tcg_gen_op4(INDEX_op_fma_f64, TCG_TYPE_I64, d.idx, a.idx, b.idx, c.idx);
}

/* ---- helper calls: ret may be (TCGv){0} for void helpers ---- */
void tcg_gen_call(void *fn, unsigned flags, TCGv ret, int nargs,
                  const TCGv *args);
#define tcg_gen_call0(fn, fl, ret) tcg_gen_call((void *)(fn), fl, ret, 0, NULL)
#define tcg_gen_callN(fn, fl, ret, ...)                                       \
    tcg_gen_call((void *)(fn), fl, ret,                                       \
                 (int)(sizeof((TCGv[]){ __VA_ARGS__ }) / sizeof(TCGv)),       \
                 (TCGv[]){ __VA_ARGS__ })
#define TCG_NO_RET ((TCGv){ 0 })
/* A rarely taken call on a fast path: d = cond != 0 ? fn(x[0..4]) : v, all
 * I64.  fn takes five uint64_t (or tcg_env) and returns uint64_t; like a
 * TCG_CALL_NO_RWG helper it neither reads nor writes globals, and it cannot
 * raise; it may write other CPU state.  Backends keep the fast path's
 * register state intact across the call. */
void tcg_gen_call_if(TCGv d, TCGv cond, TCGv v, void *fn, const TCGv x[5]);

/* ---- x87 extended values in env (f80 ops, tcg/README.md) ----
 * Offsets name 10-byte x87 values in env; temps are I64; sw is the host
 * x87 status word right after the operation. */
static inline void tcg_gen_f80_op(TCGOpcode opc, const TCGArg *args, int n)
{
    TCGOp *op = tcg_emit_op(opc, TCG_TYPE_I64);
    for (int i = 0; i < n; i++) {
        op->args[i] = args[i];
    }
}
/* env[dst] = v (kind F80_M32..F80_I64, the integers sign-extended). */
static inline void tcg_gen_f80_load(TCGv sw, TCGF80Kind kind, int32_t dst,
                                    TCGv v)
{
    tcg_gen_f80_op(INDEX_op_f80_load,
                   (TCGArg[]){ sw.idx, v.idx, kind, (TCGArg)dst }, 4);
}
/* v = env[src] converted to kind, zero-extended; then f80_status. */
static inline void tcg_gen_f80_store(TCGv v, TCGF80Kind kind, int32_t src)
{
    tcg_gen_f80_op(INDEX_op_f80_store,
                   (TCGArg[]){ v.idx, kind, (TCGArg)src }, 3);
}
static inline void tcg_gen_f80_status(TCGv sw)
{
    tcg_gen_f80_op(INDEX_op_f80_status, (TCGArg[]){ sw.idx }, 1);
}
/* env[dst] = env[a] op env[b]. */
static inline void tcg_gen_f80_arith(TCGv sw, TCGF80Op op, int32_t dst,
                                     int32_t a, int32_t b)
{
    tcg_gen_f80_op(INDEX_op_f80_arith,
                   (TCGArg[]){ sw.idx, op, (TCGArg)dst, (TCGArg)a,
                               (TCGArg)b }, 5);
}
/* env[dst] = env[a] op v (kind F80_M32..F80_I32). */
static inline void tcg_gen_f80_arith_mem(TCGv sw, TCGF80Op op,
                                         TCGF80Kind kind, int32_t dst,
                                         int32_t a, TCGv v)
{
    tcg_gen_f80_op(INDEX_op_f80_arith_mem,
                   (TCGArg[]){ sw.idx, v.idx, op, kind, (TCGArg)dst,
                               (TCGArg)a }, 6);
}
/* Compare env[a] with env[b] (FCOM, or FUCOM if unordered): C0 C2 C3. */
static inline void tcg_gen_f80_cmp(TCGv sw, bool unordered, int32_t a,
                                   int32_t b)
{
    tcg_gen_f80_op(INDEX_op_f80_cmp,
                   (TCGArg[]){ sw.idx, unordered, (TCGArg)a, (TCGArg)b }, 4);
}
static inline void tcg_gen_f80_cmp_mem(TCGv sw, TCGF80Kind kind, int32_t a,
                                       TCGv v)
{
    tcg_gen_f80_op(INDEX_op_f80_cmp_mem,
                   (TCGArg[]){ sw.idx, v.idx, kind, (TCGArg)a }, 4);
}
/* env[dst] = fn(env[a], env[b]) (TCGF80Fn; b only for the functions
 * that read ST(1)). */
static inline void tcg_gen_f80_func(TCGv sw, TCGF80Fn fn, int32_t dst,
                                    int32_t a, int32_t b)
{
    tcg_gen_f80_op(INDEX_op_f80_func,
                   (TCGArg[]){ sw.idx, fn, (TCGArg)dst, (TCGArg)a,
                               (TCGArg)b }, 5);
}
/* env[dst] = env[src], exactly (FLD ST(i)); no status. */
static inline void tcg_gen_f80_move(int32_t dst, int32_t src)
{
    tcg_gen_f80_op(INDEX_op_f80_move, (TCGArg[]){ (TCGArg)dst,
                                                  (TCGArg)src }, 2);
}
/* Swap env[a] and env[b] (FXCH); no status. */
static inline void tcg_gen_f80_xchg(int32_t a, int32_t b)
{
    tcg_gen_f80_op(INDEX_op_f80_xchg, (TCGArg[]){ (TCGArg)a, (TCGArg)b },
                   2);
}
/* The host x87 control word for the f80 ops that follow. */
static inline void tcg_gen_f80_set_cw(TCGv cw)
{
    tcg_gen_f80_op(INDEX_op_f80_set_cw, (TCGArg[]){ cw.idx }, 1);
}

/* ---- TB boundaries ---- */
static inline void tcg_gen_insn_start(uint64_t pc)
{
    tcg_gen_op1(INDEX_op_insn_start, TCG_TYPE_I64, pc);
}
/* Chainable exit through slot n (0 or 1): the frontend has stored the
 * destination pc; emits goto_tb(n); exit_tb(TCG_EXIT_CHAIN|n). */
void tcg_gen_goto_tb(int slot);
/* Move ops [start, end) after the last op, keeping their order (a
 * frontend emits a side exit where it knows its state, and puts it out of
 * the straight-line path at the end of the TB).  No insn_start among
 * them. */
void tcg_move_ops_to_end(uint32_t start, uint32_t end);
/* Return to the exec loop. */
static inline void tcg_gen_exit_tb(uint64_t val)
{
    tcg_gen_op1(INDEX_op_exit_tb, TCG_TYPE_I64, val);
}
/* Indirect jump: look up the TB for the pc already stored in env, jump to
 * it from generated code, or return to the exec loop on a miss. */
void tcg_gen_lookup_and_goto_ptr(void);
/* Emitted once at the top of each TB by the frontend: if the exec loop has
 * asked for an exit (signal, flush), leave through exit_tb(TCG_EXIT_REQUESTED)
 * before running the first instruction. */
void tcg_gen_tb_start(void);
#define TCG_EXIT_REQUESTED 0x20

#endif
