/*
 * codegen-fp.c: the x86-64 backend's lowering of the floating-point ops:
 * f64 ops on SSE2 (and FMA3), f80 ops on the host's x87.
 */
#include <math.h>
#include <string.h>

#include "tcg/x86_64/codegen.h"

/* ---- double-precision floating point: operands in general registers,
 *      the arithmetic in xmm0..xmm2 (nothing else uses xmm registers) ---- */

static void gen_fp_binary(CodeGen *g, const TCGOp *op, X86SseOp sse)
{
    int ra_ = ra_in(&g->ra, op->args[1], REGS_ALL);
    int rb = ra_in(&g->ra, op->args[2], REGS_ALL);

    x86_movq_xr(A(g), 0, ra_);
    x86_movq_xr(A(g), 1, rb);
    x86_sse_sd(A(g), sse, 0, 1);
    x86_movq_rx(A(g), dst_3addr(g, op, 1, ra_), 0);
}

/* cvtsd2ss rounds per MXCSR (nearest: generated code runs in the host's
 * default mode); cvtss2sd widens exactly. */
static void gen_frsp(CodeGen *g, const TCGOp *op)
{
    int ra_ = ra_in(&g->ra, op->args[1], REGS_ALL);

    x86_movq_xr(A(g), 0, ra_);
    x86_sse_sd(A(g), X86_CVTSD2SS, 0, 0);
    x86_cvtss2sd(A(g), 0, 0);
    x86_movq_rx(A(g), ra_out(&g->ra, op->args[0], REGS_ALL), 0);
}

static void gen_fsqrt(CodeGen *g, const TCGOp *op)
{
    int ra_ = ra_in(&g->ra, op->args[1], REGS_ALL);

    x86_movq_xr(A(g), 0, ra_);
    x86_sse_sd(A(g), X86_SQRTSD, 0, 0);
    x86_movq_rx(A(g), ra_out(&g->ra, op->args[0], REGS_ALL), 0);
}

static void gen_fcvt_i64(CodeGen *g, const TCGOp *op)
{
    int ra_ = ra_in(&g->ra, op->args[1], REGS_ALL);

    x86_cvtsi2sd(A(g), 0, ra_);
    x86_movq_rx(A(g), ra_out(&g->ra, op->args[0], REGS_ALL), 0);
}

/* (u)comisd's ZF PF CF to 0 equal, 1 less, 2 greater, 3 unordered
 * (CF: less or unordered; PF: unordered). */
static void gen_fcmp(CodeGen *g, const TCGOp *op)
{
    int ra_ = ra_in(&g->ra, op->args[1], REGS_ALL);
    int rb = ra_in(&g->ra, op->args[2], REGS_ALL);

    x86_movq_xr(A(g), 0, ra_);
    x86_movq_xr(A(g), 1, rb);
    int t = ra_scratch(&g->ra, REGS_ALL);
    int rd = ra_out(&g->ra, op->args[0], REGS_ALL);
    x86_alu_rr(A(g), X86_XOR, 0, rd, rd);       /* before the flags */
    x86_alu_rr(A(g), X86_XOR, 0, t, t);
    x86_ucomisd(A(g), op->args[3] != 0, 0, 1);
    x86_setcc(A(g), X86_CC_A, t);
    x86_setcc(A(g), X86_CC_B, rd);
    x86_lea(A(g), 0, rd, x86_mem_index(rd, t, 1, 0));
    x86_movi(A(g), 0, t, TCG_FCMP_UN);
    x86_cmov(A(g), X86_CC_P, 0, rd, t);
}

static uint64_t fma_f64_fallback(uint64_t a, uint64_t b, uint64_t c)
{
    double da, db, dc, r;
    uint64_t bits;

    memcpy(&da, &a, 8);
    memcpy(&db, &b, 8);
    memcpy(&dc, &c, 8);
    r = fma(da, db, dc);
    memcpy(&bits, &r, 8);
    return bits;
}

/* FMA3 when the host has it, else libm's fma (exact) without giving up
 * the register state. */
static void gen_fma(CodeGen *g, const TCGOp *op)
{
    if (!(x86_features & X86_FEAT_FMA)) {
        ValueLoc locs[3];
        for (int i = 0; i < 3; i++) {
            locs[i] = value_loc(&g->ra, op->args[1 + i]);
        }
        int rd = ra_out(&g->ra, op->args[0], REGS_ALL);
        emit_preserving_call(A(g), (uintptr_t)fma_f64_fallback, locs, 3, rd);
        return;
    }
    int ra_ = ra_in(&g->ra, op->args[1], REGS_ALL);
    int rb = ra_in(&g->ra, op->args[2], REGS_ALL);
    int rc = ra_in(&g->ra, op->args[3], REGS_ALL);

    x86_movq_xr(A(g), 1, ra_);
    x86_movq_xr(A(g), 2, rb);
    x86_movq_xr(A(g), 0, rc);
    x86_vfmadd231sd(A(g), 0, 1, 2);
    x86_movq_rx(A(g), dst_3addr(g, op, 3, rc), 0);
}

/* ---- f80 ops: x87 values in env on the host x87 ----
 * Each op is one self-contained x87 sequence (the host stack is empty
 * after it); memory operands and the status word pass through the red
 * zone below rsp, which signal delivery leaves alone. */

#define F80_SCRATCH x86_mem(X86_RSP, -8)
#define F80_SW x86_mem(X86_RSP, -16)

static X86Mem f80_env(const TCGOp *op, int k)
{
    int32_t ofs = (int32_t)op->args[k];
    return x86_mem(REG_ENV, ofs);
}

/* x87 load of kind (F80_M32..F80_I64) from m: opcode, /digit. */
static void f80_fld(CodeGen *g, unsigned kind, X86Mem m)
{
    static const uint8_t opc[5] = { 0xd9, 0xdd, 0xdf, 0xdb, 0xdf };
    static const uint8_t digit[5] = { 0, 0, 0, 0, 5 };
    x86_x87_mem(A(g), opc[kind], digit[kind], m);
}

/* The popping store of kind to m (FSTP, FISTP, FISTTP). */
static void f80_fstp(CodeGen *g, unsigned kind, X86Mem m)
{
    static const uint8_t opc[8] = { 0xd9, 0xdd, 0xdf, 0xdb, 0xdf,
                                    0xdf, 0xdb, 0xdd };
    static const uint8_t digit[8] = { 3, 3, 3, 3, 7, 1, 1, 1 };
    x86_x87_mem(A(g), opc[kind], digit[kind], m);
}

/* The memory-operand escape of "op m" for kind F80_M32..F80_I32. */
static unsigned f80_mem_opcode(unsigned kind)
{
    static const uint8_t opc[4] = { 0xd8, 0xdc, 0xde, 0xda };
    return opc[kind];
}

/* The value input (args[1]) to the scratch slot. */
static void f80_value_to_scratch(CodeGen *g, const TCGOp *op)
{
    int rv = ra_in(&g->ra, op->args[1], REGS_ALL);
    x86_st(A(g), 3, rv, F80_SCRATCH);
}

/* fnstsw, then a store the status word must precede, then d = sw. */
static void f80_fnstsw(CodeGen *g)
{
    x86_x87_mem(A(g), 0xdd, 7, F80_SW);
}
static void f80_sw_out(CodeGen *g, const TCGOp *op)
{
    x86_ld(A(g), X86_LD_U16, ra_out(&g->ra, op->args[0], REGS_ALL), F80_SW);
}
static void f80_fstpt(CodeGen *g, X86Mem m)
{
    x86_x87_mem(A(g), 0xdb, 7, m);
}
static void f80_fldt(CodeGen *g, X86Mem m)
{
    x86_x87_mem(A(g), 0xdb, 5, m);
}

static void gen_f80(CodeGen *g, const TCGOp *op)
{
    static const uint8_t op_popping[8] = {
        [F80_ADD] = 0xc1, [F80_MUL] = 0xc9, [F80_SUB] = 0xe9,
        [F80_SUBR] = 0xe1, [F80_DIV] = 0xf9, [F80_DIVR] = 0xf1,
    };
    static const X86Load store_load[8] = {
        X86_LD_U32, X86_LD_64, X86_LD_U16, X86_LD_U32, X86_LD_64,
        X86_LD_U16, X86_LD_U32, X86_LD_64,
    };
    unsigned kind;

    switch (op->opc) {
    case INDEX_op_f80_load:             /* sw, v; kind, dst */
        kind = (unsigned)op->args[2];
        f80_value_to_scratch(g, op);
        f80_fld(g, kind, F80_SCRATCH);
        f80_fnstsw(g);
        f80_fstpt(g, f80_env(op, 3));
        f80_sw_out(g, op);
        break;
    case INDEX_op_f80_store:            /* v; kind, src */
        kind = (unsigned)op->args[1];
        f80_fldt(g, f80_env(op, 2));
        f80_fstp(g, kind, F80_SCRATCH);
        x86_ld(A(g), store_load[kind],
               ra_out(&g->ra, op->args[0], REGS_ALL), F80_SCRATCH);
        break;
    case INDEX_op_f80_status:           /* sw */
        f80_fnstsw(g);
        f80_sw_out(g, op);
        break;
    case INDEX_op_f80_arith:            /* sw; op, dst, a, b */
        f80_fldt(g, f80_env(op, 3));
        f80_fldt(g, f80_env(op, 4));
        x86_x87_op(A(g), 0xde, op_popping[op->args[1] & 7]);
        f80_fnstsw(g);
        f80_fstpt(g, f80_env(op, 2));
        f80_sw_out(g, op);
        break;
    case INDEX_op_f80_arith_mem:        /* sw, v; op, kind, dst, a */
        f80_value_to_scratch(g, op);
        f80_fldt(g, f80_env(op, 5));
        x86_x87_mem(A(g), f80_mem_opcode((unsigned)op->args[3]),
                    (int)op->args[2], F80_SCRATCH);
        f80_fnstsw(g);
        f80_fstpt(g, f80_env(op, 4));
        f80_sw_out(g, op);
        break;
    case INDEX_op_f80_cmp:              /* sw; unordered, a, b */
        f80_fldt(g, f80_env(op, 3));
        f80_fldt(g, f80_env(op, 2));
        if (op->args[1]) {
            x86_x87_op(A(g), 0xda, 0xe9);   /* fucompp */
        } else {
            x86_x87_op(A(g), 0xde, 0xd9);   /* fcompp */
        }
        f80_fnstsw(g);
        f80_sw_out(g, op);
        break;
    case INDEX_op_f80_cmp_mem:          /* sw, v; kind, a */
        f80_value_to_scratch(g, op);
        f80_fldt(g, f80_env(op, 3));
        x86_x87_mem(A(g), f80_mem_opcode((unsigned)op->args[2]), 3,
                    F80_SCRATCH);        /* fcomp m */
        f80_fnstsw(g);
        f80_sw_out(g, op);
        break;
    case INDEX_op_f80_sqrt:             /* sw; dst, a */
        f80_fldt(g, f80_env(op, 2));
        x86_x87_op(A(g), 0xd9, 0xfa);
        f80_fnstsw(g);
        f80_fstpt(g, f80_env(op, 1));
        f80_sw_out(g, op);
        break;
    default: {                          /* f80_set_cw: cw */
        /* fldcw costs more than a look: skip it when the host has cw
         * already (a loop's next pass, the next TB) */
        int rcw = ra_in(&g->ra, op->args[0], REGS_ALL);
        int rnow = ra_scratch(&g->ra, REGS_ALL);
        uint8_t *jcc_end;
        x86_st(A(g), 1, rcw, F80_SCRATCH);
        x86_x87_mem(A(g), 0xd9, 7, F80_SW);         /* fnstcw */
        x86_ld(A(g), X86_LD_U16, rnow, F80_SW);
        x86_alu_rr(A(g), X86_CMP, 0, rnow, rcw);
        x86_jcc8(A(g), X86_CC_E, 0);
        jcc_end = A(g)->ptr;
        x86_x87_mem(A(g), 0xd9, 5, F80_SCRATCH);    /* fldcw */
        jcc_end[-1] = (uint8_t)(A(g)->ptr - jcc_end);
        break;
    }
    }
}

void gen_fp_op(CodeGen *g, const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_fadd_f64:
        gen_fp_binary(g, op, X86_ADDSD);
        break;
    case INDEX_op_fsub_f64:
        gen_fp_binary(g, op, X86_SUBSD);
        break;
    case INDEX_op_fmul_f64:
        gen_fp_binary(g, op, X86_MULSD);
        break;
    case INDEX_op_fdiv_f64:
        gen_fp_binary(g, op, X86_DIVSD);
        break;
    case INDEX_op_fma_f64:
        gen_fma(g, op);
        break;
    case INDEX_op_frsp_f64:
        gen_frsp(g, op);
        break;
    case INDEX_op_fsqrt_f64:
        gen_fsqrt(g, op);
        break;
    case INDEX_op_fcmp_f64:
        gen_fcmp(g, op);
        break;
    case INDEX_op_fcvt_i64_f64:
        gen_fcvt_i64(g, op);
        break;
    default:
        gen_f80(g, op);
        break;
    }
}
