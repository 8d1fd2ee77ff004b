/*
 * codegen.c: the x86-64 backend.  Lowers each IR op of a TB to host code in
 * one forward pass, with the register allocator of regalloc.c, and provides
 * the prologue/epilogue, TB chaining and fault lookup (tcg_backend_x86_64).
 *
 * Invariant: an I32 value in a host register has bits 32..63 clear (every
 * 32-bit x86 instruction zeroes them), so I32 guest addresses index memory
 * directly and zero-extension to I64 is free.
 *
 * Home globals (tcg_global_set_home) live in fixed host registers
 * whenever control passes between TBs: the prologue loads them from env,
 * the epilogue stores them, and every TB is entered and left in the
 * "canonical state" of regalloc.h (home globals in their registers, all
 * else in memory), so a chained jump moves no guest register.  Inside a
 * TB they are ordinary globals the allocator may spill and reload.
 *
 * Control flow: at set_label, br and TB exits the state becomes canonical.
 * A brcond jumps to a stub placed after the TB's code that makes it
 * canonical and goes on to the label, so the fall-through path keeps its
 * values in registers unsynced.
 *
 * A TB that jumps back to its own start (a goto_tb while the guest pc
 * global holds tb->pc: the same key, since frontends only chain when the
 * key bits did not change) loops inside its code with its own canonical
 * state for labels: its most used globals in registers (the home globals
 * among them in their homes).  The loop head moves from the entry state
 * to it, the back edge checks exit_request and jumps to the top, and its
 * exits move back to the entry state.
 */
#include <math.h>
#include <stddef.h>
#include <assert.h>
#include <string.h>

#include "tcg/exec.h"
#include "tcg/tb.h"
#include "tcg/tcg-op.h" /* TCG_EXIT_REQUESTED */
#include "tcg/x86_64/codegen.h"
#include "util/disas.h"

/* Prologue: 6 pushes + return address = 56 bytes; the frame brings rsp
 * back to a multiple of 16 for helper calls. */
#define FRAME_SIZE (FRAME_SLOTS_SIZE + 8)
/* Never start an op with less room than this left. */
#define OP_ROOM 4096

#define REGS_ANY ((uint16_t)(REGS_ALL | REG_MASK(REG_ENV)))

static const uint8_t *prologue; /* uintptr_t prologue(env, code) */
static const uint8_t *epilogue; /* returns rax to exec's caller */
/* rax = TCG_EXIT_REQUESTED, then the epilogue: where the exit_request
 * checks of TB starts go. */
static const uint8_t *exit_requested;
static void write_entry_exit(const RegAlloc *ra);

static __thread CodeGen codegen;

static const X86Cond cond_cc[] = {
    [TCG_COND_EQ] = X86_CC_E,   [TCG_COND_NE] = X86_CC_NE,
    [TCG_COND_LT] = X86_CC_L,   [TCG_COND_GE] = X86_CC_GE,
    [TCG_COND_LE] = X86_CC_LE,  [TCG_COND_GT] = X86_CC_G,
    [TCG_COND_LTU] = X86_CC_B,  [TCG_COND_GEU] = X86_CC_AE,
    [TCG_COND_LEU] = X86_CC_BE, [TCG_COND_GTU] = X86_CC_A,
    [TCG_COND_TSTEQ] = X86_CC_E, [TCG_COND_TSTNE] = X86_CC_NE,
};

/* Constant into a register; flags are dead between ops, so xor is fine. */
static void movi(CodeGen *g, int w, int r, uint64_t v)
{
    if ((w ? v : (uint32_t)v) == 0) {
        x86_alu_rr(A(g), X86_XOR, 0, r, r);
    } else {
        x86_movi(A(g), w, r, v);
    }
}

/* Output register of a two-address instruction whose first source is rin
 * (input argument k): rin itself when the op may overwrite it, else a copy
 * made with a w-sized move. */
static int dst_2addr(CodeGen *g, const TCGOp *op, int k, int rin, int w,
                     uint16_t allowed)
{
    if ((allowed & REG_MASK(rin)) &&
        ra_input_clobberable(&g->ra, op, k, rin)) {
        ra_out_take(&g->ra, op->args[0], rin);
        return rin;
    }
    int r = ra_out(&g->ra, op->args[0], allowed);
    x86_mov_rr(A(g), w, r, rin);
    return r;
}

/* Output register of an instruction that writes its destination after
 * reading rin (input argument k): rin when allowed, else any. */
int dst_3addr(CodeGen *g, const TCGOp *op, int k, int rin)
{
    if (ra_input_clobberable(&g->ra, op, k, rin)) {
        ra_out_take(&g->ra, op->args[0], rin);
        return rin;
    }
    return ra_out(&g->ra, op->args[0], REGS_ALL);
}

void end_op(CodeGen *g, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    ra_end_op(&g->ra, op, def->nb_oargs, def->nb_oargs, def->nb_iargs);
}

/* ---- labels ---- */

/* Point the rel32 field at label l, now or when l is bound.  Unbound
 * fields form a chain through their own contents. */
static void jump_to_label(CodeGen *g, uint8_t *field, uint32_t l)
{
    if (g->label_ofs[l] >= 0) {
        x86_patch_rel32(field, g->buf + g->label_ofs[l]);
    } else {
        memcpy(field, &g->label_chain[l], 4);
        g->label_chain[l] = (int32_t)(field - g->buf);
    }
}

static void bind_label(CodeGen *g, uint32_t l)
{
    int32_t f = g->label_chain[l];

    while (f >= 0) {
        int32_t next;
        memcpy(&next, g->buf + f, 4);
        x86_patch_rel32(g->buf + f, A(g)->ptr);
        f = next;
    }
    g->label_chain[l] = -1;
    g->label_ofs[l] = (int32_t)(A(g)->ptr - g->buf);
}

/* env's pc = pc, on a path where rax is free (TB exits). */
static void store_pc(X86Asm *a, uint64_t pc)
{
    X86Mem m = x86_mem(REG_ENV, offsetof(CPUCommon, pc));

    if (pc == (uint64_t)(int64_t)(int32_t)pc) {
        x86_st_imm(a, 3, m, (int32_t)pc);
    } else {
        x86_movi(a, 1, X86_RAX, pc);
        x86_st(a, 3, X86_RAX, m);
    }
}

static void jump_to_epilogue(CodeGen *g)
{
    uint8_t *field = x86_jmp32(A(g));

    if (x86_rel32_reaches(field, epilogue)) {
        x86_patch_rel32(field, epilogue);
    } else {
        A(g)->ptr -= 5;
        x86_movabs(A(g), X86_R11, (uintptr_t)epilogue);
        x86_jmp_reg(A(g), X86_R11);
    }
}

/* ---- comparisons ---- */

typedef struct Cmp {
    int ra, rb; /* rb < 0: compare with imm */
    int32_t imm;
    int w;
    TCGCond cond;
} Cmp;

static void cmp_prepare(CodeGen *g, Cmp *c, TCGType ty, TCGArg a, TCGArg b,
                        TCGCond cond)
{
    if (ra_is_const(&g->ra, a) && !ra_is_const(&g->ra, b)) {
        TCGArg t = a;
        a = b;
        b = t;
        cond = tcg_swap_cond(cond);
    }
    c->w = ty == TCG_TYPE_I64;
    c->cond = cond;
    c->ra = ra_in(&g->ra, a, REGS_ANY);
    int64_t mask;
    if ((cond == TCG_COND_TSTEQ || cond == TCG_COND_TSTNE) && c->w &&
        ra_const_value(&g->ra, b, &mask) && mask == 0xffffffff) {
        c->w = 0; /* test r32, r32 */
        c->rb = c->ra;
        return;
    }
    c->rb = ra_const_imm(&g->ra, b, ty, &c->imm) ? -1
                                                 : ra_in(&g->ra, b, REGS_ANY);
}

static X86Cond cmp_emit(CodeGen *g, const Cmp *c)
{
    bool tst = c->cond == TCG_COND_TSTEQ || c->cond == TCG_COND_TSTNE;

    if (c->rb >= 0) {
        if (tst) {
            x86_test_rr(A(g), c->w, c->ra, c->rb);
        } else {
            x86_alu_rr(A(g), X86_CMP, c->w, c->ra, c->rb);
        }
    } else if (tst) {
        x86_test_ri(A(g), c->w, c->ra, c->imm);
    } else if (c->imm == 0) {
        x86_test_rr(A(g), c->w, c->ra, c->ra); /* same flags as cmp r, 0 */
    } else {
        x86_alu_ri(A(g), X86_CMP, c->w, c->ra, c->imm);
    }
    return cond_cc[c->cond];
}

/* ---- moves and arithmetic ---- */

static void gen_mov_from(CodeGen *g, const TCGOp *op, int k)
{
    TCGArg a = op->args[k];
    int w = op_w(op);
    int64_t v;

    if (ra_const_value(&g->ra, a, &v)) {
        /* materialized only where a register or a store needs it */
        ra_set_const(&g->ra, op->args[0], v);
        return;
    }
    int rin = ra_in(&g->ra, a, REGS_ANY);
    if (ra_input_clobberable(&g->ra, op, k, rin)) {
        ra_out_take(&g->ra, op->args[0], rin);
    } else if (ra_label_reg(&g->ra, op->args[0]) == rin &&
               g->ra.s->temps[a].kind != TEMP_GLOBAL) {
        /* "add t, eax, edx; mov eax, t" with t read later, t having
         * taken eax's own register: t moves, eax keeps its register, and
         * the next label or exit moves nothing back */
        int r = ra_scratch(&g->ra, REGS_ALL & ~REG_MASK(rin));
        x86_mov_rr(A(g), w, r, rin);
        ra_rename(&g->ra, a, r);
        ra_out_take(&g->ra, op->args[0], rin);
    } else {
        x86_mov_rr(A(g), w, ra_out(&g->ra, op->args[0], REGS_ALL), rin);
    }
}

/* add and sub: two-address form when the input may be overwritten, else
 * lea, which takes three operands. */
static void gen_add_sub(CodeGen *g, const TCGOp *op, bool is_sub)
{
    RegAlloc *ra = &g->ra;
    TCGArg a = op->args[1], b = op->args[2];
    int ka = 1, kb = 2, w = op_w(op);
    int32_t imm;

    if (!is_sub && ra_is_const(ra, a) && !ra_is_const(ra, b)) {
        a = op->args[2], b = op->args[1], ka = 2, kb = 1;
    }
    int rx = ra_in(ra, a, REGS_ANY);
    if (ra_const_imm(ra, b, op->type, &imm) &&
        !(is_sub && imm == INT32_MIN && w)) {
        if (is_sub) {
            imm = (int32_t)(0u - (uint32_t)imm);
        }
        if (ra_input_clobberable(ra, op, ka, rx)) {
            ra_out_take(ra, op->args[0], rx);
            x86_alu_ri(A(g), X86_ADD, w, rx, imm);
        } else {
            int r = ra_out(ra, op->args[0], REGS_ALL);
            x86_lea(A(g), w, r, x86_mem(rx, imm));
        }
        return;
    }
    int ry = ra_in(ra, b, REGS_ANY);
    if (ra_input_clobberable(ra, op, ka, rx)) {
        ra_out_take(ra, op->args[0], rx);
        x86_alu_rr(A(g), is_sub ? X86_SUB : X86_ADD, w, rx, ry);
    } else if (!is_sub) {
        if (ra_input_clobberable(ra, op, kb, ry)) {
            ra_out_take(ra, op->args[0], ry);
            x86_alu_rr(A(g), X86_ADD, w, ry, rx);
        } else {
            int r = ra_out(ra, op->args[0], REGS_ALL);
            x86_lea(A(g), w, r, x86_mem_index(rx, ry, 0, 0));
        }
    } else {
        int r = ra_out(ra, op->args[0], REGS_ALL);
        x86_mov_rr(A(g), w, r, rx);
        x86_alu_rr(A(g), X86_SUB, w, r, ry);
    }
}

/* and, or, xor (commutative two-address ops with imm32 forms). */
static void gen_logic(CodeGen *g, const TCGOp *op, X86Alu alu)
{
    RegAlloc *ra = &g->ra;
    TCGArg a = op->args[1], b = op->args[2];
    int ka = 1, kb = 2, w = op_w(op);
    int32_t imm;

    if (ra_is_const(ra, a) && !ra_is_const(ra, b)) {
        a = op->args[2], b = op->args[1], ka = 2, kb = 1;
    }
    int rx = ra_in(ra, a, REGS_ANY);
    if (alu == X86_AND && ra_is_const(ra, b)) {
        /* masks that are zero extensions take any output register */
        int64_t v;
        ra_const_value(ra, b, &v);
        uint64_t m = w ? (uint64_t)v : (uint32_t)v;
        X86Load ext = m == 0xff ? X86_LD_U8 : m == 0xffff ? X86_LD_U16
                    : m == 0xffffffffu && w ? X86_LD_U32 : X86_LD_64;
        if (ext != X86_LD_64) {
            x86_ext(A(g), ext, dst_3addr(g, op, ka, rx), rx);
            return;
        }
    }
    if (ra_const_imm(ra, b, op->type, &imm)) {
        int r = dst_2addr(g, op, ka, rx, w, REGS_ALL);
        x86_alu_ri(A(g), alu, w, r, imm);
        return;
    }
    int ry = ra_in(ra, b, REGS_ANY);
    if (!ra_input_clobberable(ra, op, ka, rx) &&
        ra_input_clobberable(ra, op, kb, ry)) {
        int t = rx;
        rx = ry, ry = t, ka = kb;
    }
    int r = dst_2addr(g, op, ka, rx, w, REGS_ALL);
    x86_alu_rr(A(g), alu, w, r, ry);
}

/* andc (a & ~b) and orc (a | ~b). */
static void gen_logic_not(CodeGen *g, const TCGOp *op, X86Alu alu)
{
    RegAlloc *ra = &g->ra;
    TCGArg a = op->args[1], b = op->args[2];
    int w = op_w(op);
    int32_t imm;

    if (ra_const_imm(ra, b, op->type, &imm)) {
        int rx = ra_in(ra, a, REGS_ANY);
        int r = dst_2addr(g, op, 1, rx, w, REGS_ALL);
        x86_alu_ri(A(g), alu, w, r, ~imm);
        return;
    }
    if (a == b) {
        /* a & ~a = 0, a | ~a = -1 */
        movi(g, w, ra_out(ra, op->args[0], REGS_ALL),
             alu == X86_AND ? 0 : ~(uint64_t)0);
        return;
    }
    int rx = ra_in(ra, a, REGS_ANY);
    int ry = ra_in(ra, b, REGS_ANY);
    if (alu == X86_AND && (x86_features & X86_FEAT_BMI1)) {
        int r = ra_input_clobberable(ra, op, 1, rx) ? dst_3addr(g, op, 1, rx)
                                                    : dst_3addr(g, op, 2, ry);
        x86_andn(A(g), w, r, ry, rx);
        return;
    }
    int r = dst_2addr(g, op, 2, ry, w, REGS_ALL & ~REG_MASK(rx));
    x86_unary(A(g), X86_NOT, w, r);
    x86_alu_rr(A(g), alu, w, r, rx);
}

static void gen_mul(CodeGen *g, const TCGOp *op)
{
    RegAlloc *ra = &g->ra;
    TCGArg a = op->args[1], b = op->args[2];
    int ka = 1, kb = 2, w = op_w(op);
    int32_t imm;

    if (ra_is_const(ra, a) && !ra_is_const(ra, b)) {
        a = op->args[2], b = op->args[1], ka = 2, kb = 1;
    }
    int rx = ra_in(ra, a, REGS_ANY);
    if (ra_const_imm(ra, b, op->type, &imm)) {
        if (imm > 0 && (imm & (imm - 1)) == 0) {
            int r = dst_2addr(g, op, ka, rx, w, REGS_ALL);
            x86_shift_ri(A(g), X86_SHL, w, r, __builtin_ctz((unsigned)imm));
        } else {
            x86_imul_rri(A(g), w, dst_3addr(g, op, ka, rx), rx, imm);
        }
        return;
    }
    int ry = ra_in(ra, b, REGS_ANY);
    if (!ra_input_clobberable(ra, op, ka, rx) &&
        ra_input_clobberable(ra, op, kb, ry)) {
        int t = rx;
        rx = ry, ry = t, ka = kb;
    }
    int r = dst_2addr(g, op, ka, rx, w, REGS_ALL);
    x86_imul_rr(A(g), w, r, ry);
}

/* High half of a product.  I32: a 64-bit imul of the extended inputs.
 * I64: one-operand mul/imul, rdx:rax = rax * operand. */
static void gen_mulh(CodeGen *g, const TCGOp *op, bool is_signed)
{
    RegAlloc *ra = &g->ra;

    if (!op_w(op)) {
        int rx = ra_in(ra, op->args[1], REGS_ANY);
        int ry = ra_in(ra, op->args[2], REGS_ANY);
        int r = dst_2addr(g, op, 1, rx, 0, REGS_ALL);
        if (is_signed) {
            x86_ext(A(g), X86_LD_S32_64, r, r);
            if (ry != r) {
                int t = ra_scratch(ra, REGS_ALL);
                x86_ext(A(g), X86_LD_S32_64, t, ry);
                ry = t;
            }
        }
        x86_imul_rr(A(g), 1, r, ry);
        x86_shift_ri(A(g), X86_SHR, 1, r, 32);
        return;
    }
    ra_reserve(ra, X86_RAX);
    ra_reserve(ra, X86_RDX);
    int ry = ra_in(ra, op->args[2],
                   REGS_ANY & ~REG_MASK(X86_RAX) & ~REG_MASK(X86_RDX));
    ra_load_into(ra, op->args[1], X86_RAX);
    x86_unary(A(g), is_signed ? X86_IMUL1 : X86_MUL, 1, ry);
    ra_out_take(ra, op->args[0], X86_RDX);
}

/* divs/divu/rems/remu: rdx:rax / operand -> rax quotient, rdx remainder.
 * The frontend guarantees no divide error. */
static void gen_div(CodeGen *g, const TCGOp *op, bool is_signed, bool rem)
{
    RegAlloc *ra = &g->ra;
    int w = op_w(op);

    ra_reserve(ra, X86_RAX);
    ra_reserve(ra, X86_RDX);
    int ry = ra_in(ra, op->args[2],
                   REGS_ANY & ~REG_MASK(X86_RAX) & ~REG_MASK(X86_RDX));
    ra_load_into(ra, op->args[1], X86_RAX);
    if (is_signed) {
        x86_sign_extend_ax(A(g), w);
        x86_unary(A(g), X86_IDIV, w, ry);
    } else {
        x86_alu_rr(A(g), X86_XOR, 0, X86_RDX, X86_RDX);
        x86_unary(A(g), X86_DIV, w, ry);
    }
    ra_out_take(ra, op->args[0], rem ? X86_RDX : X86_RAX);
}

/* "divX q, a, b; remX r, a, b": one division gives both (rax, rdx).
 * Returns the ops consumed (0: not this pattern). */
static uint32_t gen_divrem(CodeGen *g, const TCGContext *s, uint32_t i)
{
    const TCGOp *op = &s->ops[i], *rem;
    bool is_signed;

    if (i + 1 >= s->nb_ops) {
        return 0;
    }
    rem = &s->ops[i + 1];
    if (op->opc == INDEX_op_divs && rem->opc == INDEX_op_rems) {
        is_signed = true;
    } else if (op->opc == INDEX_op_divu && rem->opc == INDEX_op_remu) {
        is_signed = false;
    } else {
        return 0;
    }
    if (rem->type != op->type || rem->args[1] != op->args[1] ||
        rem->args[2] != op->args[2] || op->args[0] == op->args[1] ||
        op->args[0] == op->args[2]) {
        return 0;
    }
    g->prev_flags = g->flags;
    g->flags.valid = false;
    gen_div(g, op, is_signed, false);
    end_op(g, op);
    /* rdx still holds the remainder: nothing was emitted since */
    ra_reserve(&g->ra, X86_RDX);
    ra_out_take(&g->ra, rem->args[0], X86_RDX);
    end_op(g, rem);
    return 2;
}

static void gen_shift(CodeGen *g, const TCGOp *op, X86Shift sh)
{
    RegAlloc *ra = &g->ra;
    int w = op_w(op), bits = w ? 64 : 32;
    bool rot = sh == X86_ROL || sh == X86_ROR;
    bool bmi2 = (x86_features & X86_FEAT_BMI2) != 0;

    int64_t count;
    if (ra_const_value(ra, op->args[2], &count)) {
        int c = (int)(count & (bits - 1));
        int rx = ra_in(ra, op->args[1], REGS_ANY);
        if (rot && bmi2) {
            int r = dst_3addr(g, op, 1, rx);
            x86_rorx(A(g), w, r, rx, sh == X86_ROR ? c : (bits - c) & (bits - 1));
            return;
        }
        int r = dst_2addr(g, op, 1, rx, w, REGS_ALL);
        if (c) {
            x86_shift_ri(A(g), sh, w, r, c);
        }
        return;
    }
    if (!rot && bmi2) {
        int rx = ra_in(ra, op->args[1], REGS_ANY);
        int ry = ra_in(ra, op->args[2], REGS_ANY);
        int r = ra_input_clobberable(ra, op, 1, rx) ? dst_3addr(g, op, 1, rx)
                                                    : dst_3addr(g, op, 2, ry);
        x86_shiftx(A(g), sh, w, r, rx, ry);
        return;
    }
    uint16_t not_cl = REGS_ALL & ~REG_MASK(X86_RCX);
    ra_in(ra, op->args[2], REG_MASK(X86_RCX));
    int rx = ra_in(ra, op->args[1], REGS_ANY & ~REG_MASK(X86_RCX));
    int r = dst_2addr(g, op, 1, rx, w, not_cl);
    x86_shift_cl(A(g), sh, w, r);
}

static void gen_unary(CodeGen *g, const TCGOp *op, X86Unary u)
{
    int rx = ra_in(&g->ra, op->args[1], REGS_ANY);
    x86_unary(A(g), u, op_w(op), dst_2addr(g, op, 1, rx, op_w(op), REGS_ALL));
}

/* clz/ctz: lzcnt/tzcnt when present; else bsr/bsf, whose result for a
 * zero input is replaced by cmov. */
static void gen_count_zeros(CodeGen *g, const TCGOp *op, bool leading)
{
    RegAlloc *ra = &g->ra;
    int w = op_w(op), bits = w ? 64 : 32;
    int rx = ra_in(ra, op->args[1], REGS_ANY);

    if (x86_features & (leading ? X86_FEAT_LZCNT : X86_FEAT_BMI1)) {
        x86_bitop(A(g), leading ? X86_LZCNT : X86_TZCNT, w,
                  dst_3addr(g, op, 1, rx), rx);
        return;
    }
    int t = ra_scratch(ra, REGS_ALL);
    /* clz = bsr ^ (bits - 1); for zero: (2 * bits - 1) ^ (bits - 1) */
    x86_movi(A(g), 0, t, leading ? 2 * bits - 1 : bits);
    int r = dst_3addr(g, op, 1, rx);
    x86_bitop(A(g), leading ? X86_BSR : X86_BSF, w, r, rx);
    x86_cmov(A(g), X86_CC_E, w, r, t);
    if (leading) {
        x86_alu_ri(A(g), X86_XOR, w, r, bits - 1);
    }
}

/* ctpop: popcnt when present, else the classic SWAR sum of bits. */
static void gen_ctpop(CodeGen *g, const TCGOp *op)
{
    RegAlloc *ra = &g->ra;
    int w = op_w(op);
    int rx = ra_in(ra, op->args[1], REGS_ANY);

    if (x86_features & X86_FEAT_POPCNT) {
        x86_bitop(A(g), X86_POPCNT, w, dst_3addr(g, op, 1, rx), rx);
        return;
    }
    int r = dst_2addr(g, op, 1, rx, w, REGS_ALL);
    int t = ra_scratch(ra, REGS_ALL);
    int m = w ? ra_scratch(ra, REGS_ALL) : -1;
    X86Asm *a = A(g);
#define AND_MASK(reg, mask)                                                    \
    do {                                                                       \
        if (w) {                                                               \
            x86_movabs(a, m, (mask));                                          \
            x86_alu_rr(a, X86_AND, 1, (reg), m);                               \
        } else {                                                               \
            x86_alu_ri(a, X86_AND, 0, (reg), (int32_t)(uint32_t)(mask));       \
        }                                                                      \
    } while (0)
    x86_mov_rr(a, w, t, r);
    x86_shift_ri(a, X86_SHR, w, t, 1);
    AND_MASK(t, 0x5555555555555555ull);
    x86_alu_rr(a, X86_SUB, w, r, t);
    x86_mov_rr(a, w, t, r);
    x86_shift_ri(a, X86_SHR, w, t, 2);
    AND_MASK(t, 0x3333333333333333ull);
    AND_MASK(r, 0x3333333333333333ull);
    x86_alu_rr(a, X86_ADD, w, r, t);
    x86_mov_rr(a, w, t, r);
    x86_shift_ri(a, X86_SHR, w, t, 4);
    x86_alu_rr(a, X86_ADD, w, r, t);
    AND_MASK(r, 0x0f0f0f0f0f0f0f0full);
#undef AND_MASK
    if (w) {
        x86_movabs(a, m, 0x0101010101010101ull);
        x86_imul_rr(a, 1, r, m);
        x86_shift_ri(a, X86_SHR, 1, r, 56);
    } else {
        x86_imul_rri(a, 0, r, r, 0x01010101);
        x86_shift_ri(a, X86_SHR, 0, r, 24);
    }
}

static void gen_bswap(CodeGen *g, const TCGOp *op, int size_log2)
{
    int rx = ra_in(&g->ra, op->args[1], REGS_ANY);
    int r = dst_2addr(g, op, 1, rx, op_w(op), REGS_ALL);

    if (size_log2 == 1) {
        x86_rolw8(A(g), r);
        x86_ext(A(g), X86_LD_U16, r, r);
    } else {
        x86_bswap(A(g), size_log2 == 3, r);
    }
}

/* Extensions and conversions: one instruction from any register. */
static void gen_ext(CodeGen *g, const TCGOp *op, X86Load kind)
{
    int rx = ra_in(&g->ra, op->args[1], REGS_ANY);
    x86_ext(A(g), kind, dst_3addr(g, op, 1, rx), rx);
}

static void gen_extu_i32_i64(CodeGen *g, const TCGOp *op)
{
    int rx = ra_in(&g->ra, op->args[1], REGS_ANY);

    if (ra_input_clobberable(&g->ra, op, 1, rx)) {
        ra_out_take(&g->ra, op->args[0], rx); /* already zero-extended */
    } else {
        x86_mov_rr(A(g), 0, ra_out(&g->ra, op->args[0], REGS_ALL), rx);
    }
}

static void gen_extrh(CodeGen *g, const TCGOp *op)
{
    int rx = ra_in(&g->ra, op->args[1], REGS_ANY);
    int r = dst_2addr(g, op, 1, rx, 1, REGS_ALL);
    x86_shift_ri(A(g), X86_SHR, 1, r, 32);
}

static void gen_setcond(CodeGen *g, const TCGOp *op)
{
    TCGCond cond = (TCGCond)op->args[3];
    Cmp c;

    if (cond == TCG_COND_NEVER || cond == TCG_COND_ALWAYS) {
        movi(g, 0, ra_out(&g->ra, op->args[0], REGS_ALL),
             cond == TCG_COND_ALWAYS);
        return;
    }
    cmp_prepare(g, &c, op->type, op->args[1], op->args[2], cond);
    int r = ra_out(&g->ra, op->args[0], REGS_ALL);
    x86_alu_rr(A(g), X86_XOR, 0, r, r); /* before the flags are set */
    x86_setcc(A(g), cmp_emit(g, &c), r);
}

static void gen_movcond(CodeGen *g, const TCGOp *op)
{
    RegAlloc *ra = &g->ra;
    TCGCond cond = (TCGCond)op->args[5];
    int w = op_w(op);
    Cmp c;

    if (cond == TCG_COND_NEVER || cond == TCG_COND_ALWAYS) {
        gen_mov_from(g, op, cond == TCG_COND_ALWAYS ? 3 : 4);
        return;
    }
    TCGArg a = op->args[1], b = op->args[2];
    bool swapped = ra_is_const(ra, a) && !ra_is_const(ra, b); /* as below */
    cmp_prepare(g, &c, (TCGType)ra_temp(ra, a)->type, a, b, cond);
    if (swapped) {
        a = op->args[2], b = op->args[1];
    }
    int r1 = ra_in(ra, op->args[3], REGS_ANY);
    int r2 = ra_in(ra, op->args[4], REGS_ANY);
    int r;
    X86Cond cc;
    /* Only flag-preserving moves, loads and stores come before the
     * compare, so an identical compare just made by the previous op (the
     * pairs of movconds of PowerPC CR fields) need not be repeated. */
    FlagsState now = {
        .valid = true, .tst = cond == TCG_COND_TSTEQ || cond == TCG_COND_TSTNE,
        .w = c.w, .ra = c.ra, .rb = c.rb, .imm = c.rb < 0 ? c.imm : 0,
        .a = a, .b = b, .out = op->args[0],
    };
    const FlagsState *p = &g->prev_flags;
    bool reuse = p->valid && p->tst == now.tst && p->w == now.w &&
                 p->ra == now.ra && p->rb == now.rb && p->imm == now.imm &&
                 p->a == a && p->b == b && p->out != a && p->out != b;

    if (ra_input_clobberable(ra, op, 4, r2)) {
        ra_out_take(ra, op->args[0], r2);
        cc = reuse ? cond_cc[c.cond] : cmp_emit(g, &c);
        x86_cmov(A(g), cc, w, r2, r1);
    } else if (ra_input_clobberable(ra, op, 3, r1)) {
        ra_out_take(ra, op->args[0], r1);
        cc = reuse ? cond_cc[c.cond] : cmp_emit(g, &c);
        x86_cmov(A(g), (X86Cond)(cc ^ 1), w, r1, r2);
    } else {
        r = ra_out(ra, op->args[0], REGS_ALL);
        x86_mov_rr(A(g), w, r, r2);
        cc = reuse ? cond_cc[c.cond] : cmp_emit(g, &c);
        x86_cmov(A(g), cc, w, r, r1);
    }
    g->flags = now;
}

/* ---- memory ---- */

static X86Load load_kind(MemOp mop, int w)
{
    bool sign = (mop & MO_SIGN) != 0;

    switch (mop & MO_SIZE) {
    case MO_8:
        return sign ? (w ? X86_LD_S8_64 : X86_LD_S8_32) : X86_LD_U8;
    case MO_16:
        return sign ? (w ? X86_LD_S16_64 : X86_LD_S16_32) : X86_LD_U16;
    case MO_32:
        return sign && w ? X86_LD_S32_64 : X86_LD_U32;
    default:
        return X86_LD_64;
    }
}

static void gen_ld_env(CodeGen *g, const TCGOp *op)
{
    int32_t ofs = (int32_t)op->args[1];
    MemOp mop = (MemOp)op->args[2];

    if (f64_gen_ld_env(g, op)) {
        return;
    }
    ra_env_access(&g->ra, ofs, 1 << (mop & MO_SIZE), false);
    int r = ra_out(&g->ra, op->args[0], REGS_ALL);
    x86_ld(A(g), load_kind(mop, op_w(op)), r, x86_mem(REG_ENV, ofs));
}

static void gen_st_env(CodeGen *g, const TCGOp *op)
{
    int32_t ofs = (int32_t)op->args[1];
    int size = (int)(op->args[2] & MO_SIZE);
    TCGType imm_type = size == 3 ? TCG_TYPE_I64 : TCG_TYPE_I32;
    int32_t imm;
    int rv = -1;

    if (f64_gen_st_env(g, op)) {
        return;
    }
    if (!ra_const_imm(&g->ra, op->args[0], imm_type, &imm)) {
        rv = ra_in(&g->ra, op->args[0], REGS_ANY);
    }
    /* after loading the value: it may be the very global overwritten */
    ra_env_access(&g->ra, ofs, 1 << size, true);
    if (rv < 0) {
        x86_st_imm(A(g), size, x86_mem(REG_ENV, ofs), imm);
    } else {
        x86_st(A(g), size, rv, x86_mem(REG_ENV, ofs));
    }
}

/*
 * Precise faults without syncing: just before the instruction that touches
 * guest memory, record where the dirty globals are (restore.h).  Between
 * snapshot and access only stores to env may be emitted, so the registers
 * still hold what the snapshot says when the access faults.  When the
 * records are full, sync the old way.
 */
bool access_snapshot(CodeGen *g)
{
    if (rs_snapshot(&g->restore, &g->ra, &g->x87)) {
        return true;
    }
    ra_sync_globals(&g->ra);
    f80_sync_env(g);
    return false;
}

void access_commit(CodeGen *g, bool recorded)
{
    if (recorded) {
        rs_commit(&g->restore, (uint32_t)(A(g)->ptr - g->buf));
    }
}

/*
 * Address folding.  With guest base 0 (the guest address is the host
 * address), "add t, a, b" and "shl t, a, 1..3" ops whose result is only
 * the address of the guest access right after them are not emitted: they
 * become the access's addressing mode, [base + index << scale + disp].
 * An I32 address uses a 32-bit effective address (0x67 prefix), whose sum
 * wraps at 4 GiB exactly as the guest's does; an I64 sum wraps at 2^64 as
 * the guest's does.  The folded ops write no global, so the fault state
 * (restore data, the faulting address) is that of the access alone.
 */
typedef struct AddrForm {
    TCGArg base, index; /* temps, 0: none */
    int scale;
    int64_t disp;
    uint32_t first, last; /* the folded ops [first, last) */
} AddrForm;

/* Folded ops per access: an i386 [base + index * scale + disp] is three. */
#define MAX_FOLDED_OPS 3

/* The form of the access being lowered, or NULL. */
static __thread const AddrForm *folded_addr;

static void gen_op(CodeGen *g, const TCGOp *op);

static bool is_guest_access(const TCGOp *op)
{
    return op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st ||
           op->opc == INDEX_op_atomic_cmpxchg;
}

/* Add temp x (or constant) to the form; false if it has no room. */
static bool form_add(const TCGContext *s, AddrForm *f, TCGArg x)
{
    const TCGTemp *tp = &s->temps[x];

    if (tp->kind == TEMP_CONST) {
        f->disp += tp->val;
    } else if (!f->base) {
        f->base = x;
    } else if (!f->index) {
        f->index = x;
    } else {
        return false;
    }
    return true;
}

/* Does op (add or shl of the address type) take its place in the form?
 * t: the previous folded op's output (0 for the first op), which must be
 * one input of op and die there. */
static bool form_step(const TCGContext *s, AddrForm *f, const TCGOp *op,
                      TCGArg t, TCGType type)
{
    if ((op->opc != INDEX_op_add && op->opc != INDEX_op_shl) ||
        op->type != type || s->temps[op->args[0]].kind == TEMP_GLOBAL) {
        return false;
    }
    TCGArg a = op->args[1], b = op->args[2];
    if (op->opc == INDEX_op_shl) {
        const TCGTemp *c = &s->temps[b];
        if (t || c->kind != TEMP_CONST || c->val < 1 || c->val > 3 ||
            s->temps[a].kind == TEMP_CONST) {
            return false;
        }
        f->index = a;
        f->scale = (int)c->val;
        return true;
    }
    if (!t) {
        return form_add(s, f, a) && form_add(s, f, b);
    }
    if ((a == t) == (b == t)) {
        return false;
    }
    int k = a == t ? 1 : 2;
    return (op->life & TCG_LIFE_DEAD(k)) && form_add(s, f, k == 1 ? b : a);
}

/* Is ops[i..] a chain of add/shl ops computing the address of the access
 * that follows, each result read only by the next op?  Fills *f. */
static bool find_folded_address(const TCGContext *s, uint32_t i, AddrForm *f)
{
    const TCGOp *op = &s->ops[i];
    TCGType type = (TCGType)op->type;
    TCGArg t = 0;

    *f = (AddrForm){ .first = i };
    for (uint32_t j = i; j < s->nb_ops && j <= i + MAX_FOLDED_OPS; j++) {
        op = &s->ops[j];
        if (j > i && is_guest_access(op)) {
            const TCGOpDef *def = &tcg_op_defs[op->opc];
            if (op->args[1] != t || !(op->life & TCG_LIFE_DEAD(1)) ||
                s->temps[t].type != type) {
                return false;
            }
            for (int k = def->nb_oargs; k < def->nb_oargs + def->nb_iargs;
                 k++) {
                if (k != 1 && op->args[k] == t) {
                    return false;
                }
            }
            f->last = j;
            /* a lone shift needs a base register or a constant disp */
            return f->base || f->index || f->disp;
        }
        if (j == i + MAX_FOLDED_OPS || !form_step(s, f, op, t, type)) {
            return false;
        }
        t = op->args[0];
    }
    return false;
}

/* Register (locked) of temp t, or -1 for 0; a temp known to be constant
 * goes into the displacement instead. */
static int form_reg(CodeGen *g, TCGArg t, int scale, int64_t *disp)
{
    int64_t c;

    if (!t) {
        return -1;
    }
    if (ra_const_value(&g->ra, t, &c)) {
        *disp += (int64_t)((uint64_t)c << scale);
        return -1;
    }
    return ra_in(&g->ra, t, REGS_ANY);
}

/* The x86 operand of a folded address; the folded ops' dead inputs
 * give up their registers (still locked for the access). */
static X86Mem folded_mem(CodeGen *g, const AddrForm *f, bool addr32)
{
    RegAlloc *ra = &g->ra;
    int64_t disp = f->disp;
    int base = form_reg(g, f->base, 0, &disp);
    int index = form_reg(g, f->index, f->scale, &disp);
    int scale = f->scale;

    if (addr32) {
        disp = (int32_t)(uint32_t)disp;
    } else if (disp != (int32_t)disp) {
        int r = ra_scratch(ra, REGS_ALL);
        x86_movi(A(g), 1, r, (uint64_t)disp);
        if (base < 0) {
            base = r;
        } else if (index < 0) {
            index = r;
            scale = 0;
        } else {
            x86_alu_rr(A(g), X86_ADD, 1, r, base);
            base = r;
        }
        disp = 0;
    }
    if (base < 0 && index >= 0 && scale == 0) {
        base = index; /* [r + disp]: no SIB byte */
        index = X86_NOREG;
    }
    for (uint32_t k = f->first; k < f->last; k++) {
        ra_kill_dead_inputs(ra, &ra->s->ops[k], 1, 1, 2);
    }
    X86Mem m = x86_mem_index(base, index, index >= 0 ? scale : 0,
                             (int32_t)disp);
    m.addr32 = addr32;
    return m;
}

/* Host address of a guest access: guest_base + (zero-extended) address.
 * *rin is the register of the address input, or -1 (also when the
 * address is a folded form). */
X86Mem guest_mem(CodeGen *g, TCGArg addr, int *rin)
{
    bool addr32 = ra_temp(&g->ra, addr)->type == TCG_TYPE_I32;
    int64_t c;

    *rin = -1;
    if (folded_addr) {
        return folded_mem(g, folded_addr, addr32);
    }
    if (ra_const_value(&g->ra, addr, &c)) {
        uint64_t v = addr32 ? (uint32_t)c : (uint64_t)c;
        if (tcg_guest_base == 0 && (addr32 || v <= INT32_MAX)) {
            X86Mem m = x86_mem(X86_NOREG, (int32_t)v);
            m.addr32 = addr32 && v > INT32_MAX;
            return m;
        }
        if (v <= INT32_MAX) {
            return x86_mem(REG_GUEST_BASE, (int32_t)v);
        }
    }
    *rin = ra_in(&g->ra, addr, REGS_ANY);
    if (tcg_guest_base == 0) {
        return x86_mem(*rin, 0);
    }
    return x86_mem_index(REG_GUEST_BASE, *rin, 0, 0);
}

/* ops[i..] with a folded address (see AddrForm): the access alone is
 * emitted.  Returns the ops consumed (0: not this pattern). */
static uint32_t gen_folded_access(CodeGen *g, const TCGContext *s,
                                  uint32_t i)
{
    AddrForm f;

    if (tcg_guest_base != 0 || !find_folded_address(s, i, &f)) {
        return 0;
    }
    /* the x87 stack sees every op, as if each were lowered alone (the
     * loop showed it ops[i]) */
    for (uint32_t k = i + 1; k <= f.last; k++) {
        f80_before_op(g, s, k);
    }
    folded_addr = &f;
    gen_op(g, &s->ops[f.last]);
    folded_addr = NULL;
    return f.last - i + 1;
}

static void gen_qemu_ld(CodeGen *g, const TCGOp *op)
{
    RegAlloc *ra = &g->ra;
    MemOp mop = (MemOp)op->args[2];
    int size = mop & MO_SIZE, w = op_w(op);
    bool swap = (mop & MO_BSWAP) && size > 0;
    int rin;

    const TCGContext *s = ra->s;
    uint32_t f80_user = f80_guest_operand_user(g, s, (uint32_t)(op - s->ops));
    X86Mem m = guest_mem(g, op->args[1], &rin);
    if (f80_user) {
        f80_gen_guest_op(g, s, f80_user, m);
        return;
    }
    /* Before the output takes a register: the output global's old value
     * is where the snapshot says until the load writes the register. */
    bool recorded = access_snapshot(g);
    int r = rin >= 0 ? dst_3addr(g, op, 1, rin)
                     : ra_out(ra, op->args[0], REGS_ALL);
    access_commit(g, recorded);
    if (!swap) {
        x86_ld(A(g), load_kind(mop, w), r, m);
    } else if (size == 1) {
        x86_ld(A(g), X86_LD_U16, r, m);
        x86_rolw8(A(g), r);
        if (mop & MO_SIGN) {
            x86_ext(A(g), w ? X86_LD_S16_64 : X86_LD_S16_32, r, r);
        }
    } else {
        if (x86_features & X86_FEAT_MOVBE) {
            x86_movbe_ld(A(g), size, r, m);
        } else {
            x86_ld(A(g), size == 3 ? X86_LD_64 : X86_LD_U32, r, m);
            x86_bswap(A(g), size == 3, r);
        }
        if (size == 2 && (mop & MO_SIGN) && w) {
            x86_ext(A(g), X86_LD_S32_64, r, r);
        }
    }
}

static uint64_t swap_bytes(uint64_t v, int size)
{
    switch (size) {
    case 1:
        return __builtin_bswap16((uint16_t)v);
    case 2:
        return __builtin_bswap32((uint32_t)v);
    default:
        return __builtin_bswap64(v);
    }
}

static void gen_qemu_st(CodeGen *g, const TCGOp *op)
{
    RegAlloc *ra = &g->ra;
    MemOp mop = (MemOp)op->args[2];
    int size = mop & MO_SIZE;
    bool swap = (mop & MO_BSWAP) && size > 0;
    int64_t c;
    int rin;

    X86Mem m = guest_mem(g, op->args[1], &rin);
    if (ra_const_value(ra, op->args[0], &c)) {
        uint64_t v = (uint64_t)c;
        if (swap) {
            v = swap_bytes(v, size);
        }
        if (size < 3 || (int64_t)v == (int32_t)v) {
            access_commit(g, access_snapshot(g));
            x86_st_imm(A(g), size, m, (int32_t)v);
            return;
        }
        int t = ra_scratch(ra, REGS_ALL);
        x86_movabs(A(g), t, v);
        access_commit(g, access_snapshot(g));
        x86_st(A(g), size, t, m);
        return;
    }
    int rv = ra_in(ra, op->args[0], REGS_ANY);
    if (!swap) {
        access_commit(g, access_snapshot(g));
        x86_st(A(g), size, rv, m);
    } else if (x86_features & X86_FEAT_MOVBE) {
        access_commit(g, access_snapshot(g));
        x86_movbe_st(A(g), size, rv, m);
    } else {
        int t = ra_scratch(ra, REGS_ALL);
        x86_mov_rr(A(g), size == 3, t, rv);
        if (size == 1) {
            x86_rolw8(A(g), t);
        } else {
            x86_bswap(A(g), size == 3, t);
        }
        access_commit(g, access_snapshot(g));
        x86_st(A(g), size, t, m);
    }
}

/* Byte-swap the low 2, 4 or 8 bytes of r (size 1..3) in place. */
static void swap_reg(CodeGen *g, int size, int r)
{
    if (size == 1) {
        x86_rolw8(A(g), r);
    } else {
        x86_bswap(A(g), size == 3, r);
    }
}

/* d = old value at addr; lock cmpxchg stores newv if it equals cmp.  The
 * comparison and the old value go through rax; values in the guest's byte
 * order are swapped before and after. */
static void gen_atomic_cmpxchg(CodeGen *g, const TCGOp *op)
{
    RegAlloc *ra = &g->ra;
    MemOp mop = (MemOp)op->args[4];
    int size = mop & MO_SIZE, w = op_w(op);
    bool swap = (mop & MO_BSWAP) && size > 0;
    int rin;

    ra_reserve(ra, X86_RAX);
    int rnew = ra_in(ra, op->args[3], REGS_ALL & ~REG_MASK(X86_RAX));
    X86Mem m = guest_mem(g, op->args[1], &rin);
    ra_load_into(ra, op->args[2], X86_RAX);
    if (swap) {
        int t = ra_scratch(ra, REGS_ALL & ~REG_MASK(X86_RAX));
        x86_mov_rr(A(g), size == 3, t, rnew);
        swap_reg(g, size, t);
        rnew = t;
        swap_reg(g, size, X86_RAX);
    }
    access_commit(g, access_snapshot(g));
    x86_lock_cmpxchg(A(g), size, rnew, m);
    if (swap) {
        swap_reg(g, size, X86_RAX);
    }
    /* rax keeps cmp's upper bits when the sizes differ: extend. */
    if (size < 3) {
        x86_ext(A(g), load_kind(mop, w), X86_RAX, X86_RAX);
    }
    ra_out_take(ra, op->args[0], X86_RAX);
}

/* ---- calls and TB exits ---- */

static void gen_call(CodeGen *g, const TCGOp *op)
{
    static const uint8_t arg_regs[TCG_MAX_CALL_ARGS] = {
        X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8, X86_R9,
    };
    RegAlloc *ra = &g->ra;
    TCGArg ret = op->args[0];
    int n = (int)op->args[1];
    uint64_t fn = op->args[2 + n];
    unsigned flags = (unsigned)op->args[3 + n];

    if ((flags & TCG_CALL_NO_RWG) != TCG_CALL_NO_RWG) {
        ra_sync_globals(ra);
    }
    /* Now no value lives in a register the call clobbers, so arguments
     * can be loaded in any order. */
    ra_spill_regs(ra, REGS_CALL_CLOBBERED);
    for (int i = 0; i < n; i++) {
        ra_load_into(ra, op->args[2 + i], arg_regs[i]);
    }
    x86_movabs(A(g), X86_RAX, fn);
    x86_call_reg(A(g), X86_RAX);
    if (!(flags & TCG_CALL_NO_WRITE_GLOBALS)) {
        ra_forget_globals(ra);
    }
    if (ret) {
        ra_reserve(ra, X86_RAX);
        if (ra_temp(ra, ret)->type == TCG_TYPE_I32) {
            x86_mov_rr(A(g), 0, X86_RAX, X86_RAX);
        }
        ra_out_take(ra, ret, X86_RAX);
    }
    ra_end_op(ra, op, ret ? 1 : 0, 2, n);
}

/* ---- calls that keep the register state (call_if, fma fallback) ---- */

ValueLoc value_loc(const RegAlloc *ra, TCGArg t)
{
    const TCGTemp *tp = ra_temp(ra, t);
    int64_t v;

    if (tp->kind == TEMP_FIXED) {
        return (ValueLoc){ .kind = VAL_REG, .reg = REG_ENV };
    }
    if (ra_const_value(ra, t, &v)) {
        return (ValueLoc){ .kind = VAL_CONST, .val = v };
    }
    if (ra->ts[t].loc == LOC_REG) {
        return (ValueLoc){ .kind = VAL_REG, .reg = ra->ts[t].reg };
    }
    if (tp->kind == TEMP_GLOBAL) {
        return (ValueLoc){ .kind = VAL_ENV, .ofs = tp->mem_offset };
    }
    if (ra->ts[t].loc == LOC_MEM) {
        return (ValueLoc){ .kind = VAL_FRAME, .ofs = (int32_t)(8 * t) };
    }
    return (ValueLoc){ .kind = VAL_CONST, .val = 0 }; /* no value yet */
}

static const uint8_t saved_regs[] = {
    X86_RAX, X86_RCX, X86_RDX, X86_RSI, X86_RDI,
    X86_R8,  X86_R9,  X86_R10, X86_R11,
};
#define NB_SAVED_REGS ((int)sizeof(saved_regs))
/* The pushes plus 8 bytes of padding keep rsp 16-byte aligned. */
#define SAVED_BYTES (8 * NB_SAVED_REGS + 8)

/* Stack slot of caller-saved register r after the pushes, or -1. */
static int32_t saved_slot(int r)
{
    for (int i = 0; i < NB_SAVED_REGS; i++) {
        if (saved_regs[i] == r) {
            return 8 * (NB_SAVED_REGS - 1 - i);
        }
    }
    return -1;
}

/*
 * rd = fn(args at locs[0..n)), with every other register as it was: the
 * caller-saved ones are pushed (so arguments are read from their slots,
 * never from an argument register already overwritten) and popped, except
 * that rd's slot gets the result.  For rarely taken paths: no register
 * state has to be given up around the call.
 */
void emit_preserving_call(X86Asm *a, uintptr_t fn, const ValueLoc *locs,
                                 int n, int rd)
{
    static const uint8_t arg_regs[TCG_MAX_CALL_ARGS] = {
        X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8, X86_R9,
    };

    x86_alu_ri(a, X86_SUB, 1, X86_RSP, 8);
    for (int i = 0; i < NB_SAVED_REGS; i++) {
        x86_push(a, saved_regs[i]);
    }
    for (int i = 0; i < n; i++) {
        int dst = arg_regs[i];
        const ValueLoc *l = &locs[i];
        switch (l->kind) {
        case VAL_REG:
            if (saved_slot(l->reg) >= 0) {
                x86_ld(a, X86_LD_64, dst,
                       x86_mem(X86_RSP, saved_slot(l->reg)));
            } else {
                x86_mov_rr(a, 1, dst, l->reg);
            }
            break;
        case VAL_ENV:
            x86_ld(a, X86_LD_64, dst, x86_mem(REG_ENV, l->ofs));
            break;
        case VAL_FRAME:
            x86_ld(a, X86_LD_64, dst,
                   x86_mem(X86_RSP, l->ofs + SAVED_BYTES));
            break;
        case VAL_CONST:
            x86_movi(a, 1, dst, (uint64_t)l->val);
            break;
        }
    }
    x86_movabs(a, X86_RAX, fn);
    x86_call_reg(a, X86_RAX);
    if (saved_slot(rd) >= 0) {
        x86_st(a, 3, X86_RAX, x86_mem(X86_RSP, saved_slot(rd)));
    } else {
        x86_mov_rr(a, 1, rd, X86_RAX);
    }
    for (int i = NB_SAVED_REGS; i-- > 0;) {
        x86_pop(a, saved_regs[i]);
    }
    x86_alu_ri(a, X86_ADD, 1, X86_RSP, 8);
}

/* Room one emit_preserving_call may take. */
#define PRESERVING_CALL_SIZE 160

/*
 * call_if: test cond; jnz to a stub after the code that makes the call
 * (keeping every register) and jumps back; the fall-through moves v into
 * d.  The argument locations are taken before d gets a register: until
 * the jnz nothing but spill stores is emitted, so they still hold.
 */
static void gen_call_if(CodeGen *g, const TCGOp *op)
{
    RegAlloc *ra = &g->ra;
    ValueLoc locs[5];
    int rc = ra_in(ra, op->args[1], REGS_ALL);
    int rv = ra_in(ra, op->args[2], REGS_ALL);
    int rd;

    for (int i = 0; i < 5; i++) {
        locs[i] = value_loc(ra, op->args[3 + i]);
    }
    if (ra_input_clobberable(ra, op, 2, rv)) {
        ra_out_take(ra, op->args[0], rv);
        rd = rv;
    } else {
        rd = ra_out(ra, op->args[0], REGS_ALL);
    }
    x86_test_rr(A(g), 1, rc, rc);
    if (g->nb_stubs < MAX_STUBS &&
        g->stub_len + PRESERVING_CALL_SIZE <= STUB_CODE_SIZE) {
        X86Asm sa = { g->stub_code + g->stub_len };
        BranchStub *st = &g->stubs[g->nb_stubs];
        st->stub_ofs = g->stub_len;
        emit_preserving_call(&sa, (uintptr_t)op->args[8], locs, 5, rd);
        st->jmp_field = (uint32_t)(x86_jmp32(&sa) - g->stub_code);
        st->label = STUB_RESUMES;
        g->stub_len = (uint32_t)(sa.ptr - g->stub_code);
        st->jcc_field = (uint32_t)(x86_jcc32(A(g), X86_CC_NE) - g->buf);
        if (rd != rv) {
            x86_mov_rr(A(g), 1, rd, rv);
        }
        g->stub_resume[g->nb_stubs++] = (uint32_t)(A(g)->ptr - g->buf);
    } else {
        uint8_t *fast = x86_jcc32(A(g), X86_CC_E);
        emit_preserving_call(A(g), (uintptr_t)op->args[8], locs, 5, rd);
        uint8_t *resume = x86_jmp32(A(g));
        x86_patch_rel32(fast, A(g)->ptr);
        if (rd != rv) {
            x86_mov_rr(A(g), 1, rd, rv);
        }
        x86_patch_rel32(resume, A(g)->ptr);
    }
}

/*
 * Chainable exit.  A constant pc is stored only on the path that leaves
 * for the exec loop: generated code never reads the pc global, and a TB
 * entered through a chain stores its own pc where it may leave before
 * setting it (its exit_request check, gen_exit_check).
 */
static void gen_goto_tb(CodeGen *g, const TCGOp *op)
{
    RegAlloc *ra = &g->ra;
    X86Asm *a = A(g);
    int slot = (int)op->args[0];
    TempState *pc = g->pc_global ? &ra->ts[g->pc_global] : NULL;
    bool pc_on_exit = pc && !tb_nochain() && pc->loc == LOC_CONST &&
                      !pc->mem_ok;
    int64_t dest = pc_on_exit ? pc->val : 0;

    if (pc_on_exit) {
        pc->mem_ok = true; /* not by ra_to_exit: below */
    }
    ra_to_exit(ra);
    /* set_jmp patches the rel32 with one aligned 8-byte store: it must
     * not cross an 8-byte boundary */
    unsigned field_mod = (unsigned)(((uintptr_t)a->ptr + 1) % 8);
    x86_nops(a, field_mod > 4 ? (int)(8 - field_mod) : 0);
    g->tb->jmp_insn_offset[slot] = (uint32_t)(a->ptr - g->buf);
    x86_jmp32(a); /* to the next instruction until chained */
    g->tb->jmp_reset_offset[slot] = (uint32_t)(a->ptr - g->buf);
    if (pc_on_exit) {
        store_pc(a, (uint64_t)dest);
    }
}

static void gen_exit_tb(CodeGen *g, uint64_t val)
{
    if (val == TCG_EXIT_REQUESTED && g->insn == 0) {
        /* an exit_request check before the first instruction that
         * gen_exit_check did not fuse: it stores the pc all the same */
        store_pc(A(g), g->tb->pc);
    }
    /* a TB pointer (exit_tb of a slot): RIP-relative, 3 bytes shorter */
    if (val > UINT32_MAX &&
        x86_rel32_reaches(A(g)->ptr + 3, (const uint8_t *)(uintptr_t)val)) {
        x86_lea_rip(A(g), X86_RAX, (const void *)(uintptr_t)val);
    } else {
        movi(g, 1, X86_RAX, val);
    }
    jump_to_epilogue(g);
}

/*
 * Indirect branch (the pc global, if any, in rax): first probe this
 * thread's jump cache inline (the same index as tb_jmp_cache_index),
 * accepting a TB with the guest pc and the flags of the TB being
 * generated; anything else (other flags, a miss, -d exec) goes to
 * tb_lookup_for_env, which computes the real key.
 */
static void gen_goto_ptr(CodeGen *g)
{
    X86Asm *a = A(g);
    uint8_t *miss[4];
    int nmiss = 0;

    if (!tb_nochain()) {
        /* the index only uses pc bits 2 .. 1 + 2 * TB_JMP_CACHE_BITS:
         * 32-bit arithmetic will do */
        _Static_assert(2 + 2 * TB_JMP_CACHE_BITS <= 32, "jump cache index");
        if (!g->pc_global) {
            x86_ld(a, X86_LD_64, X86_RAX,
                   x86_mem(REG_ENV, offsetof(CPUCommon, pc)));
        }
        if (x86_features & X86_FEAT_BMI2) {
            x86_rorx(a, 0, X86_RCX, X86_RAX, 2);
            x86_rorx(a, 0, X86_RDX, X86_RAX, 2 + TB_JMP_CACHE_BITS);
        } else {
            x86_mov_rr(a, 0, X86_RCX, X86_RAX);
            x86_shift_ri(a, X86_SHR, 0, X86_RCX, 2);
            x86_mov_rr(a, 0, X86_RDX, X86_RAX);
            x86_shift_ri(a, X86_SHR, 0, X86_RDX, 2 + TB_JMP_CACHE_BITS);
        }
        x86_alu_rr(a, X86_XOR, 0, X86_RCX, X86_RDX);
        x86_alu_ri(a, X86_AND, 0, X86_RCX, TB_JMP_CACHE_SIZE - 1);
        x86_ld(a, X86_LD_64, X86_RDX,
               x86_mem(REG_ENV, offsetof(CPUCommon, tb_jmp_cache)));
        x86_ld(a, X86_LD_64, X86_RDX, x86_mem_index(X86_RDX, X86_RCX, 3, 0));
        x86_test_rr(a, 1, X86_RDX, X86_RDX);
        miss[nmiss++] = x86_jcc32(a, X86_CC_E);
        x86_alu_rm(a, X86_CMP, 1, X86_RAX,
                   x86_mem(X86_RDX, offsetof(TranslationBlock, pc)));
        miss[nmiss++] = x86_jcc32(a, X86_CC_NE);
        X86Mem flags = x86_mem(X86_RDX, offsetof(TranslationBlock, flags));
        if (g->tb->flags == (uint64_t)(int32_t)g->tb->flags) {
            x86_alu_mi(a, X86_CMP, 1, flags, (int32_t)g->tb->flags);
        } else {
            x86_movi(a, 1, X86_R11, g->tb->flags);
            x86_alu_rm(a, X86_CMP, 1, X86_R11, flags);
        }
        miss[nmiss++] = x86_jcc32(a, X86_CC_NE);
        x86_jmp_mem(a, x86_mem(X86_RDX, offsetof(TranslationBlock, code)));
        for (int i = 0; i < nmiss; i++) {
            x86_patch_rel32(miss[i], a->ptr);
        }
    }
    /* the home globals in registers the call clobbers stay on the stack
     * (keeping rsp 16-byte aligned) */
    uint8_t pushed[RA_MAX_HOMES];
    int npushed = 0;
    for (int r = 0; r < 16; r++) {
        if ((g->ra.entry.regs & REGS_CALL_CLOBBERED & REG_MASK(r))) {
            pushed[npushed++] = (uint8_t)r;
        }
    }
    if (npushed & 1) {
        x86_alu_ri(a, X86_SUB, 1, X86_RSP, 8);
    }
    for (int i = 0; i < npushed; i++) {
        x86_push(a, pushed[i]);
    }
    x86_mov_rr(a, 1, X86_RDI, REG_ENV);
    x86_movabs(a, X86_RAX, (uintptr_t)tb_lookup_for_env);
    x86_call_reg(a, X86_RAX);
    for (int i = npushed; i-- > 0;) {
        x86_pop(a, pushed[i]);
    }
    if (npushed & 1) {
        x86_alu_ri(a, X86_ADD, 1, X86_RSP, 8);
    }
    x86_test_rr(a, 1, X86_RAX, X86_RAX);
    x86_jcc8(a, X86_CC_NE, 0);
    uint8_t *skip = a->ptr;
    jump_to_epilogue(g); /* rax = 0 */
    skip[-1] = (uint8_t)(a->ptr - skip);
    x86_jmp_mem(a, x86_mem(X86_RAX, offsetof(TranslationBlock, code)));
}

/* Conditional branch to a label, where every value must be in memory:
 * through a stub that writes back the dirty ones (see the top), or with
 * the write-back inline when there is nothing dirty or no room left. */
static void gen_brcond(CodeGen *g, const TCGOp *op)
{
    RegAlloc *ra = &g->ra;
    TCGCond cond = (TCGCond)op->args[2];
    uint32_t label = (uint32_t)op->args[3];
    Cmp c;

    if (cond == TCG_COND_NEVER || cond == TCG_COND_ALWAYS) {
        ra_to_canonical(ra);
        if (cond == TCG_COND_ALWAYS) {
            jump_to_label(g, x86_jmp32(A(g)), label);
        }
        return;
    }
    cmp_prepare(g, &c, op->type, op->args[0], op->args[1], cond);
    /* values that die here need no write-back */
    ra_kill_dead_inputs(ra, op, 0, 0, 2);
    size_t worst = ra_assign_size(ra) + 5;
    if (g->nb_stubs < MAX_STUBS && g->stub_len + worst <= STUB_CODE_SIZE) {
        X86Asm sa = { g->stub_code + g->stub_len };
        if (ra_emit_assign(ra, &sa, &ra->labels)) {
            BranchStub *st = &g->stubs[g->nb_stubs++];
            st->stub_ofs = g->stub_len;
            st->jmp_field = (uint32_t)(x86_jmp32(&sa) - g->stub_code);
            st->label = label;
            g->stub_len = (uint32_t)(sa.ptr - g->stub_code);
            X86Cond cc = cmp_emit(g, &c);
            st->jcc_field = (uint32_t)(x86_jcc32(A(g), cc) - g->buf);
            return;
        }
    }
    ra_to_canonical(ra);
    X86Cond cc = cmp_emit(g, &c);
    jump_to_label(g, x86_jcc32(A(g), cc), label);
}

/* ---- self-looping TBs ---- */

static bool is_pc_global(const TCGTemp *tp)
{
    return tp->kind == TEMP_GLOBAL && tp->type == TCG_TYPE_I64 &&
           tp->mem_offset == (int32_t)offsetof(CPUCommon, pc);
}

static void loop_find_dead(CodeGen *g, const TCGContext *s);

/* Does the TB end an iteration with "mov pc, tb->pc; goto_tb"?  If so,
 * pick the globals to carry: the most used ones. */
static void loop_detect(CodeGen *g, TCGContext *s)
{
    static __thread uint32_t uses[TCG_MAX_TEMPS];
    const TCGOp *prev = NULL;

    g->loop = false;
    g->loop_head = -1;
    if (tb_nochain()) {
        return; /* -d exec logs every TB run */
    }
    for (uint32_t i = 0; i < s->nb_ops && !g->loop; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_nop) {
            continue;
        }
        if (op->opc == INDEX_op_goto_tb && prev &&
            g->tb->jmp_flags[op->args[0] & 1] == g->tb->flags &&
            prev->opc == INDEX_op_mov &&
            is_pc_global(&s->temps[prev->args[0]]) &&
            s->temps[prev->args[1]].kind == TEMP_CONST &&
            (uint64_t)s->temps[prev->args[1]].val == g->tb->pc) {
            g->loop = true;
            g->pc_temp = (uint32_t)prev->args[0];
        }
        prev = op;
    }
    if (!g->loop) {
        return;
    }
    /* If every write of the pc global is a move right before a TB exit,
     * env's pc stays tb->pc while the loop runs, and the back edge need
     * not store it. */
    g->pc_set_at_exits = true;
    for (uint32_t i = 0; i + 1 < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i], *next = &s->ops[i + 1];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        bool writes = op->opc == INDEX_op_call
                          ? op->args[0] == g->pc_temp
                          : def->nb_oargs && op->args[0] == g->pc_temp;
        if (writes && !(op->opc == INDEX_op_mov &&
                        (tcg_op_defs[next->opc].flags & TCG_OPF_BB_END) &&
                        next->opc != INDEX_op_set_label &&
                        next->opc != INDEX_op_brcond)) {
            g->pc_set_at_exits = false;
        }
    }
    memset(uses, 0, sizeof(uses[0]) * (s->nb_globals + 1));
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int n = def->nb_oargs + def->nb_iargs, first = 0;
        if (op->opc == INDEX_op_call) {
            first = 2;
            n = (int)op->args[1];
            if (op->args[0] && op->args[0] <= s->nb_globals) {
                uses[op->args[0]]++;
            }
        }
        for (int k = first; k < first + n; k++) {
            if (op->args[k] <= s->nb_globals) {
                uses[op->args[k]]++;
            }
        }
    }
    /* The loop's assignment: the most used globals, a home global in its
     * home register, the others in the home registers left over (or,
     * without home globals, in the allocator's favourite registers). */
    static const uint8_t spare_regs[LOOP_MAX_GLOBALS] = {
        X86_RBX, X86_R12, X86_R13, X86_R15, X86_RSI, X86_RDI, X86_R8, X86_R9,
    };
    const RegAssign *entry = &g->ra.entry;
    RegAssign *l = &g->loop_assign;
    uint32_t chosen[LOOP_MAX_GLOBALS];
    int n = 0;
    memset(l, 0, sizeof(*l));
    while (n < LOOP_MAX_GLOBALS) {
        uint32_t best = 0;
        for (uint32_t t = 1; t <= s->nb_globals; t++) {
            if (s->temps[t].kind == TEMP_GLOBAL && t != g->pc_temp &&
                uses[t] > uses[best]) {
                best = t;
            }
        }
        if (!best) {
            break;
        }
        uses[best] = 0;
        chosen[n++] = best;
    }
    for (int i = 0; i < n; i++) {
        for (uint16_t m = entry->regs; m; m &= (uint16_t)(m - 1)) {
            int r = __builtin_ctz(m);
            if (entry->temp[r] == chosen[i]) {
                l->temp[r] = chosen[i];
                l->regs |= REG_MASK(r);
                chosen[i] = 0;
            }
        }
    }
    for (int i = 0; i < n; i++) {
        if (!chosen[i]) {
            continue;
        }
        int r = -1;
        uint16_t free_homes = entry->regs & ~l->regs;
        if (free_homes) {
            r = __builtin_ctz(free_homes);
        } else {
            for (int k = 0; k < LOOP_MAX_GLOBALS && r < 0; k++) {
                if (!(l->regs & REG_MASK(spare_regs[k])) &&
                    !(entry->regs & REG_MASK(spare_regs[k]))) {
                    r = spare_regs[k];
                }
            }
        }
        if (r < 0) {
            break;
        }
        l->temp[r] = chosen[i];
        l->regs |= REG_MASK(r);
    }
    loop_find_dead(g, s);
}

/* Globals the loop body writes before anything may read them, from its
 * first instruction on: only arithmetic and moves until then (no memory
 * access that may fault, call, env access, branch or label).  Their values
 * at the back edge are dead (x86: the lazy flags of the last compare when
 * the body starts with another). */
static void loop_find_dead(CodeGen *g, const TCGContext *s)
{
    static __thread uint8_t read[TCG_MAX_TEMPS];
    uint32_t i = 0;

    g->nb_loop_dead = 0;
    while (i < s->nb_ops && s->ops[i].opc != INDEX_op_insn_start) {
        i++;
    }
    memset(read, 0, s->nb_globals + 1);
    for (; i < s->nb_ops && g->nb_loop_dead < LOOP_MAX_GLOBALS; i++) {
        const TCGOp *op = &s->ops[i];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        if (op->opc == INDEX_op_nop || op->opc == INDEX_op_insn_start) {
            continue;
        }
        if (def->flags || op->opc == INDEX_op_ld_env) {
            break;
        }
        for (int k = def->nb_oargs; k < def->nb_oargs + def->nb_iargs; k++) {
            if (op->args[k] <= s->nb_globals) {
                read[op->args[k]] = 1;
            }
        }
        for (int k = 0; k < def->nb_oargs; k++) {
            uint32_t t = (uint32_t)op->args[k];
            if (t <= s->nb_globals && !read[t] && t != g->pc_temp &&
                s->temps[t].kind == TEMP_GLOBAL) {
                read[t] = 1; /* listed once */
                g->loop_dead[g->nb_loop_dead++] = t;
            }
        }
    }
}

/* Top of the loop, before the first instruction: from the TB entry's
 * state to the loop's. */
static void loop_head(CodeGen *g)
{
    RegAlloc *ra = &g->ra;

    ra->labels = g->loop_assign;
    ra->canonical_for = NULL;
    ra_to_canonical(ra);
    g->loop_head = (int32_t)(A(g)->ptr - g->buf);
}

/* Leave for the exec loop's exit_request path from the allocator's state
 * as it is, as the TB start would: emitted into out; returns the rel32 of
 * its jmp, to point at the shared exit_requested code. */
static uint8_t *emit_leave_requested(CodeGen *g, X86Asm *out)
{
    ra_emit_assign(&g->ra, out, &g->ra.entry);
    store_pc(out, g->tb->pc);
    return x86_jmp32(out);
}

/* The back edge: the loop's state, a check of exit_request (leaving as
 * the TB start would), the jump to the top. */
static bool loop_back_edge(CodeGen *g)
{
    RegAlloc *ra = &g->ra;
    X86Asm *a = A(g);

    /* env's pc is tb->pc while the loop runs when every write of it is a
     * move right before an exit (the path out below stores it) */
    if (g->pc_set_at_exits) {
        ra->ts[g->pc_temp].mem_ok = true;
    }
    size_t worst = ra_assign_size(ra) + 32;
    if (g->nb_loop_dead && g->nb_stubs < MAX_STUBS &&
        g->stub_len + worst <= STUB_CODE_SIZE) {
        /* Globals dead at the top stay behind: check exit_request first,
         * leaving from the state as it is (a stub), then move only the
         * live ones into the loop's registers. */
        X86Asm sa = { g->stub_code + g->stub_len };
        BranchStub *st = &g->stubs[g->nb_stubs++];
        st->stub_ofs = g->stub_len;
        st->jmp_field =
            (uint32_t)(emit_leave_requested(g, &sa) - g->stub_code);
        st->label = STUB_EXIT_REQUESTED;
        g->stub_len = (uint32_t)(sa.ptr - g->stub_code);
        x86_alu_mi(a, X86_CMP, 0,
                   x86_mem(REG_ENV, offsetof(CPUCommon, exit_request)), 0);
        st->jcc_field = (uint32_t)(x86_jcc32(a, X86_CC_NE) - g->buf);
        ra_to_assign_dropping(ra, &ra->labels, g->loop_dead,
                              g->nb_loop_dead);
        x86_patch_rel32(x86_jmp32(a), g->buf + g->loop_head);
        g->unreachable = true;
        return true;
    }
    ra_to_canonical(ra);
    x86_alu_mi(a, X86_CMP, 0,
               x86_mem(REG_ENV, offsetof(CPUCommon, exit_request)), 0);
    x86_patch_rel32(x86_jcc32(a, X86_CC_E), g->buf + g->loop_head);
    /* asked to leave: as a TB exit, right here (what follows, the
     * frontend's exit_tb, is unreachable) */
    x86_patch_rel32(emit_leave_requested(g, a), exit_requested);
    g->unreachable = true;
    return true;
}

/*
 * "ld_env t, ofs (32 bits); brcond t ==/!= 0, L; exit_tb v; set_label L"
 * (every TB's exit_request check) becomes cmp [env + ofs], 0 and a jcc to
 * a stub that leaves, so the usual path falls through without a taken
 * branch.  Returns the ops consumed (0: not this pattern).
 */
static uint32_t gen_exit_check(CodeGen *g, const TCGContext *s, uint32_t i)
{
    RegAlloc *ra = &g->ra;

    if (i + 3 >= s->nb_ops) {
        return 0;
    }
    const TCGOp *ld = &s->ops[i], *br = &s->ops[i + 1];
    const TCGOp *ex = &s->ops[i + 2], *lb = &s->ops[i + 3];
    int64_t zero;
    if (ld->opc != INDEX_op_ld_env || (ld->args[2] & MO_SIZE) != MO_32 ||
        br->opc != INDEX_op_brcond || br->args[0] != ld->args[0] ||
        !(br->life & TCG_LIFE_DEAD(0)) ||
        !ra_const_value(ra, br->args[1], &zero) || zero != 0 ||
        (br->args[2] != TCG_COND_EQ && br->args[2] != TCG_COND_NE) ||
        ex->opc != INDEX_op_exit_tb || lb->opc != INDEX_op_set_label ||
        lb->args[0] != br->args[3]) {
        return 0;
    }
    size_t worst = ra_assign_size(ra) + 32;
    if (g->nb_stubs == MAX_STUBS || g->stub_len + worst > STUB_CODE_SIZE) {
        return 0;
    }
    int32_t ofs = (int32_t)ld->args[1];
    bool tb_start = A(g)->ptr == g->buf;
    ra_env_access(ra, ofs, 4, false);
    X86Asm sa = { g->stub_code + g->stub_len };
    uint8_t *stub = sa.ptr;
    ra_emit_assign(ra, &sa, &ra->entry);
    if (tb_start) {
        store_pc(&sa, g->tb->pc); /* a chained jump did not (gen_goto_tb) */
    }
    uint32_t jmp_field = UINT32_MAX;
    if (ex->args[0] == TCG_EXIT_REQUESTED) {
        /* to the shared "rax = TCG_EXIT_REQUESTED; epilogue" */
        jmp_field = (uint32_t)(x86_jmp32(&sa) - g->stub_code);
    } else {
        x86_movi(&sa, 1, X86_RAX, ex->args[0]);
        x86_movabs(&sa, X86_R11, (uintptr_t)epilogue);
        x86_jmp_reg(&sa, X86_R11);
    }
    g->stub_len = (uint32_t)(sa.ptr - g->stub_code);
    x86_alu_mi(A(g), X86_CMP, 0, x86_mem(REG_ENV, ofs), 0);
    BranchStub *st = &g->stubs[g->nb_stubs++];
    st->stub_ofs = (uint32_t)(stub - g->stub_code);
    st->jmp_field = jmp_field;
    st->label = STUB_EXIT_REQUESTED;
    X86Cond leave = br->args[2] == TCG_COND_EQ ? X86_CC_NE : X86_CC_E;
    st->jcc_field = (uint32_t)(x86_jcc32(A(g), leave) - g->buf);
    if (tb_start) {
        g->tb->chain_entry = (uint32_t)(A(g)->ptr - g->buf);
    }
    return 3;
}

/* -d stats: one more TB run (entry or loop iteration). */
static void count_run(CodeGen *g)
{
    int r = ra_scratch(&g->ra, REGS_ALL);

    x86_movabs(A(g), r, (uintptr_t)&tcg_stats.tb_runs);
    x86_alu_mi(A(g), X86_ADD, 1, x86_mem(r, 0), 1);
    g->ra.locked = 0;
}

/* Append the branch stubs after the code and link them in. */
static void place_stubs(CodeGen *g)
{
    uint8_t *at = A(g)->ptr;

    memcpy(at, g->stub_code, g->stub_len);
    for (uint32_t i = 0; i < g->nb_stubs; i++) {
        const BranchStub *st = &g->stubs[i];
        x86_patch_rel32(g->buf + st->jcc_field, at + st->stub_ofs);
        if (st->jmp_field == UINT32_MAX) {
            continue;
        }
        if (st->label == STUB_RESUMES) {
            x86_patch_rel32(at + st->jmp_field, g->buf + g->stub_resume[i]);
        } else if (st->label == STUB_EXIT_REQUESTED) {
            x86_patch_rel32(at + st->jmp_field, exit_requested);
        } else {
            jump_to_label(g, at + st->jmp_field, st->label);
        }
    }
    A(g)->ptr += g->stub_len;
}

static void gen_op(CodeGen *g, const TCGOp *op)
{
    RegAlloc *ra = &g->ra;

    if (op->opc != INDEX_op_nop && op->opc != INDEX_op_insn_start) {
        g->prev_flags = g->flags;
        g->flags.valid = false;
    }

    switch ((TCGOpcode)op->opc) {
    case INDEX_op_nop:
        return;
    case INDEX_op_insn_start:
        if (g->insn == 0) {
            if (g->loop) {
                loop_head(g);
            }
            if (log_enabled(LOG_STATS)) {
                count_run(g);
            }
        }
        g->tb->insn_pc_ofs[g->insn] = (uint16_t)(op->args[0] - g->tb->pc);
        g->tb->insn_host_ofs[g->insn] = (uint32_t)(A(g)->ptr - g->buf);
        g->insn++;
        return;
    case INDEX_op_set_label:
        if (g->unreachable) {
            /* only branches come here, all in the labels' state */
            ra_assume_label(ra, &ra->labels);
        } else {
            ra_to_canonical(ra);
        }
        g->unreachable = false;
        bind_label(g, (uint32_t)op->args[0]);
        return;
    case INDEX_op_br:
        ra_to_canonical(ra);
        jump_to_label(g, x86_jmp32(A(g)), (uint32_t)op->args[0]);
        g->unreachable = true;
        return;
    case INDEX_op_brcond:
        gen_brcond(g, op);
        break;
    case INDEX_op_mov:
        gen_mov_from(g, op, 1);
        break;
    case INDEX_op_add:
        gen_add_sub(g, op, false);
        break;
    case INDEX_op_sub:
        gen_add_sub(g, op, true);
        break;
    case INDEX_op_mul:
        gen_mul(g, op);
        break;
    case INDEX_op_mulhs:
        gen_mulh(g, op, true);
        break;
    case INDEX_op_mulhu:
        gen_mulh(g, op, false);
        break;
    case INDEX_op_divs:
        gen_div(g, op, true, false);
        break;
    case INDEX_op_divu:
        gen_div(g, op, false, false);
        break;
    case INDEX_op_rems:
        gen_div(g, op, true, true);
        break;
    case INDEX_op_remu:
        gen_div(g, op, false, true);
        break;
    case INDEX_op_and:
        gen_logic(g, op, X86_AND);
        break;
    case INDEX_op_or:
        gen_logic(g, op, X86_OR);
        break;
    case INDEX_op_xor:
        gen_logic(g, op, X86_XOR);
        break;
    case INDEX_op_andc:
        gen_logic_not(g, op, X86_AND);
        break;
    case INDEX_op_orc:
        gen_logic_not(g, op, X86_OR);
        break;
    case INDEX_op_shl:
        gen_shift(g, op, X86_SHL);
        break;
    case INDEX_op_shr:
        gen_shift(g, op, X86_SHR);
        break;
    case INDEX_op_sar:
        gen_shift(g, op, X86_SAR);
        break;
    case INDEX_op_rotl:
        gen_shift(g, op, X86_ROL);
        break;
    case INDEX_op_rotr:
        gen_shift(g, op, X86_ROR);
        break;
    case INDEX_op_neg:
        gen_unary(g, op, X86_NEG);
        break;
    case INDEX_op_not:
        gen_unary(g, op, X86_NOT);
        break;
    case INDEX_op_clz:
        gen_count_zeros(g, op, true);
        break;
    case INDEX_op_ctz:
        gen_count_zeros(g, op, false);
        break;
    case INDEX_op_ctpop:
        gen_ctpop(g, op);
        break;
    case INDEX_op_bswap16:
        gen_bswap(g, op, 1);
        break;
    case INDEX_op_bswap32:
        gen_bswap(g, op, 2);
        break;
    case INDEX_op_bswap64:
        gen_bswap(g, op, 3);
        break;
    case INDEX_op_ext8s:
        gen_ext(g, op, op_w(op) ? X86_LD_S8_64 : X86_LD_S8_32);
        break;
    case INDEX_op_ext8u:
        gen_ext(g, op, X86_LD_U8);
        break;
    case INDEX_op_ext16s:
        gen_ext(g, op, op_w(op) ? X86_LD_S16_64 : X86_LD_S16_32);
        break;
    case INDEX_op_ext16u:
        gen_ext(g, op, X86_LD_U16);
        break;
    case INDEX_op_ext32s:
    case INDEX_op_ext_i32_i64:
        gen_ext(g, op, X86_LD_S32_64);
        break;
    case INDEX_op_ext32u:
    case INDEX_op_extrl_i64_i32:
        gen_ext(g, op, X86_LD_U32);
        break;
    case INDEX_op_extu_i32_i64:
        gen_extu_i32_i64(g, op);
        break;
    case INDEX_op_extrh_i64_i32:
        gen_extrh(g, op);
        break;
    case INDEX_op_setcond:
        gen_setcond(g, op);
        break;
    case INDEX_op_movcond:
        gen_movcond(g, op);
        break;
    case INDEX_op_ld_env:
        gen_ld_env(g, op);
        break;
    case INDEX_op_st_env:
        gen_st_env(g, op);
        break;
    case INDEX_op_qemu_ld:
        gen_qemu_ld(g, op);
        break;
    case INDEX_op_qemu_st:
        gen_qemu_st(g, op);
        break;
    case INDEX_op_atomic_cmpxchg:
        gen_atomic_cmpxchg(g, op);
        break;
    case INDEX_op_mb:
        x86_mfence(A(g));
        break;
    case INDEX_op_call_if:
        gen_call_if(g, op);
        break;
    case INDEX_op_f80_load: case INDEX_op_f80_store:
    case INDEX_op_f80_status: case INDEX_op_f80_arith:
    case INDEX_op_f80_arith_mem: case INDEX_op_f80_cmp:
    case INDEX_op_f80_cmp_mem: case INDEX_op_f80_func:
    case INDEX_op_f80_move: case INDEX_op_f80_xchg:
    case INDEX_op_f80_set_cw:
    case INDEX_op_fadd_f64: case INDEX_op_fsub_f64:
    case INDEX_op_fmul_f64: case INDEX_op_fdiv_f64:
    case INDEX_op_fma_f64: case INDEX_op_frsp_f64:
    case INDEX_op_fsqrt_f64: case INDEX_op_fcmp_f64:
    case INDEX_op_fcvt_i64_f64:
        gen_fp_op(g, op);
        break;
    case INDEX_op_call:
        gen_call(g, op);
        return;
    case INDEX_op_goto_tb:
        if (g->loop && g->loop_head >= 0 && ra_is_const(ra, g->pc_temp)) {
            int64_t pc;
            ra_const_value(ra, g->pc_temp, &pc);
            if ((uint64_t)pc == g->tb->pc && loop_back_edge(g)) {
                return;
            }
        }
        gen_goto_tb(g, op);
        return;
    case INDEX_op_exit_tb:
        ra_to_exit(ra);
        gen_exit_tb(g, op->args[0]);
        g->unreachable = true;
        return;
    case INDEX_op_goto_ptr:
        /* the probe takes the pc from rax, not from its store to env */
        if (g->pc_global) {
            ra_in(ra, g->pc_global, REG_MASK(X86_RAX));
            ra->locked = 0;
        }
        ra_to_exit(ra);
        gen_goto_ptr(g);
        g->unreachable = true;
        return;
    case NB_OPS:
        return;
    }
    end_op(g, op);
}

/* Can I64 op compute its result in 32 bits when only the low half is
 * used?  (Its low 32 bits depend only on the inputs' low 32 bits.) */
static bool narrowable(const TCGContext *s, const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_add: case INDEX_op_sub: case INDEX_op_mul:
    case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor:
    case INDEX_op_andc: case INDEX_op_orc:
    case INDEX_op_not: case INDEX_op_neg:
        return true;
    case INDEX_op_shl: {
        const TCGTemp *c = &s->temps[op->args[2]];
        return c->kind == TEMP_CONST && (c->val & 63) < 32;
    }
    default:
        return false;
    }
}

/*
 * "op t, ...; ext32u d, t" (an x86-64 guest's 32-bit arithmetic) with t a
 * TB-local temp that dies there or is d itself: op in 32 bits, whose
 * result the host zero-extends, so the extension is at most a move.
 * Returns the ops consumed (0: not this pattern).
 */
static uint32_t gen_narrowed(CodeGen *g, const TCGContext *s, uint32_t i)
{
    if (i + 1 >= s->nb_ops) {
        return 0;
    }
    const TCGOp *op = &s->ops[i], *ext = &s->ops[i + 1];
    if (op->type != TCG_TYPE_I64 || ext->opc != INDEX_op_ext32u ||
        ext->args[1] != op->args[0] || !narrowable(s, op) ||
        s->temps[op->args[0]].kind == TEMP_GLOBAL ||
        (ext->args[0] != ext->args[1] && !(ext->life & TCG_LIFE_DEAD(1)))) {
        return 0;
    }
    TCGOp narrow = *op;
    narrow.type = TCG_TYPE_I32;
    gen_op(g, &narrow);
    g->prev_flags = g->flags;
    g->flags.valid = false;
    if (ext->args[0] != ext->args[1]) {
        gen_extu_i32_i64(g, ext);
    }
    end_op(g, ext);
    return 2;
}

/* ---- the backend interface ---- */

static long x86_gen_code(TCGContext *s, TranslationBlock *tb, uint8_t *buf,
                         size_t avail)
{
    CodeGen *g = &codegen;

    if (avail < OP_ROOM) {
        return -1;
    }
    const uint8_t *limit = buf + avail - OP_ROOM;
    ra_start(&g->ra, s, buf);
    write_entry_exit(&g->ra);
    g->buf = buf;
    g->tb = tb;
    g->insn = 0;
    f64_start_tb(s);
    for (uint32_t l = 0; l < s->nb_labels; l++) {
        g->label_ofs[l] = -1;
        g->label_chain[l] = -1;
    }
    rs_start(&g->restore);
    g->nb_stubs = 0;
    g->stub_len = 0;
    g->flags.valid = false;
    g->prev_flags.valid = false;
    g->unreachable = false;
    g->pc_global = 0;
    g->x87.n = 0;
    g->x87.sw_ofs = -1;
    g->skip[0] = g->skip[1] = UINT32_MAX;
    for (uint32_t t = 1; t <= s->nb_globals; t++) {
        if (is_pc_global(&s->temps[t])) {
            g->pc_global = t;
        }
    }
    loop_detect(g, s);
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        if (A(g)->ptr > limit) {
            return -1;
        }
        if (i == g->skip[0] || i == g->skip[1]) {
            continue;
        }
        f80_before_op(g, s, i);
        uint32_t fused = gen_exit_check(g, s, i);
        if (!fused) {
            fused = gen_narrowed(g, s, i);
        }
        if (!fused) {
            fused = gen_folded_access(g, s, i);
        }
        if (!fused) {
            fused = f80_gen_fused(g, s, i);
        }
        if (!fused) {
            fused = gen_divrem(g, s, i);
        }
        if (fused) {
            i += fused - 1;
            continue;
        }
        gen_op(g, &s->ops[i]);
    }
    if ((size_t)(A(g)->ptr - buf) + g->stub_len > avail) {
        return -1;
    }
    place_stubs(g);
    size_t code_size = (size_t)(A(g)->ptr - buf);
    size_t aux_start = (code_size + 3) & ~(size_t)3;
    size_t aux_size = aux_start - code_size + rs_size(&g->restore);
    if (code_size + aux_size > avail) {
        return -1;
    }
    rs_write(&g->restore, buf + aux_start);
    tb->aux_size = (uint32_t)aux_size;
    return (long)(code_size + aux_size);
}

/*
 * The prologue saves the callee-saved registers, reserves the spill
 * frame, loads env, guest_base and the home globals and jumps to the TB;
 * exit_tb jumps to the epilogue, which stores the home globals, undoes
 * the rest and returns rax.  Both depend on the guests' home globals, so
 * they are written when the first TB is generated (and again whenever
 * the set changes, which only unit tests do), at fixed addresses.
 */
#define ENTRY_AREA_SIZE 512
#define EPILOGUE_OFS 256
#define EXIT_REQUESTED_OFS 480

static uint8_t *entry_area;

/* The home globals the prologue and epilogue were written for. */
static struct {
    bool valid;
    int n;
    uint8_t reg[RA_MAX_HOMES], w[RA_MAX_HOMES];
    int32_t ofs[RA_MAX_HOMES];
} entry_homes;

static void write_entry_exit(const RegAlloc *ra)
{
    static const uint8_t saved[] = { X86_RBP, X86_RBX, X86_R12,
                                     X86_R13, X86_R14, X86_R15 };
    int n = 0;
    uint8_t reg[RA_MAX_HOMES], w[RA_MAX_HOMES];
    int32_t ofs[RA_MAX_HOMES];

    for (int i = 0; i < RA_MAX_HOMES; i++) {
        uint32_t t = ra->entry.temp[ra_home_order[i]];
        if (t) {
            const TCGTemp *tp = &ra->s->temps[t];
            reg[n] = ra_home_order[i];
            w[n] = tp->type == TCG_TYPE_I64;
            ofs[n++] = tp->mem_offset;
        }
    }
    if (entry_homes.valid && entry_homes.n == n &&
        memcmp(entry_homes.reg, reg, (size_t)n) == 0 &&
        memcmp(entry_homes.w, w, (size_t)n) == 0 &&
        memcmp(entry_homes.ofs, ofs, sizeof(ofs[0]) * (size_t)n) == 0) {
        return;
    }
    X86Asm a = { entry_area };
    for (size_t i = 0; i < sizeof(saved); i++) {
        x86_push(&a, saved[i]);
    }
    x86_alu_ri(&a, X86_SUB, 1, X86_RSP, FRAME_SIZE);
    x86_mov_rr(&a, 1, REG_ENV, X86_RDI);
    x86_movabs(&a, REG_GUEST_BASE, (uintptr_t)&tcg_guest_base);
    x86_ld(&a, X86_LD_64, REG_GUEST_BASE, x86_mem(REG_GUEST_BASE, 0));
    for (int i = 0; i < n; i++) {
        x86_ld(&a, w[i] ? X86_LD_64 : X86_LD_U32, reg[i],
               x86_mem(REG_ENV, ofs[i]));
    }
    x86_jmp_reg(&a, X86_RSI);
    a.ptr = entry_area + EPILOGUE_OFS;
    for (int i = 0; i < n; i++) {
        x86_st(&a, w[i] ? 3 : 2, reg[i], x86_mem(REG_ENV, ofs[i]));
    }
    x86_alu_ri(&a, X86_ADD, 1, X86_RSP, FRAME_SIZE);
    for (size_t i = sizeof(saved); i-- > 0;) {
        x86_pop(&a, saved[i]);
    }
    x86_ret(&a);
    assert(a.ptr <= entry_area + EXIT_REQUESTED_OFS);
    a.ptr = entry_area + EXIT_REQUESTED_OFS;
    x86_movi(&a, 0, X86_RAX, TCG_EXIT_REQUESTED);
    x86_patch_rel32(x86_jmp32(&a), epilogue);
    rs_set_homes(n, reg, w, ofs);
    entry_homes.valid = true;
    entry_homes.n = n;
    memcpy(entry_homes.reg, reg, sizeof(reg));
    memcpy(entry_homes.w, w, sizeof(w));
    memcpy(entry_homes.ofs, ofs, sizeof(ofs));
}

static size_t x86_init_code_cache(uint8_t *buf, size_t avail)
{
    x86_detect_features();
    if (avail < ENTRY_AREA_SIZE) {
        return 0;
    }
    entry_area = buf;
    prologue = buf;
    epilogue = buf + EPILOGUE_OFS;
    exit_requested = buf + EXIT_REQUESTED_OFS;
    entry_homes.valid = false;
    return ENTRY_AREA_SIZE;
}

static uintptr_t x86_exec(CPUCommon *env, TranslationBlock *tb)
{
    uintptr_t (*enter)(CPUCommon *, const uint8_t *) =
        (uintptr_t (*)(CPUCommon *, const uint8_t *))(uintptr_t)prologue;
    return enter(env, tb->code);
}

static void x86_set_jmp(TranslationBlock *tb, int slot,
                        TranslationBlock *dest)
{
    uint8_t *field = tb->code + tb->jmp_insn_offset[slot] + 1;
    const uint8_t *target =
        !dest ? tb->code + tb->jmp_reset_offset[slot]
        : dest->pc > tb->pc ? dest->code + dest->chain_entry
                            : dest->code;
    int32_t rel = (int32_t)(target - (field + 4));
    /* one store of the aligned 8 bytes holding the rel32 (gen_goto_tb),
     * so a thread running this code jumps to the old or the new target;
     * the other bytes do not change (patching holds tb_lock) */
    uint64_t *word = (uint64_t *)((uintptr_t)field & ~(uintptr_t)7);
    unsigned shift = (unsigned)((uintptr_t)field & 7) * 8;
    uint64_t v = __atomic_load_n(word, __ATOMIC_RELAXED);
    v = (v & ~((uint64_t)UINT32_MAX << shift)) |
        ((uint64_t)(uint32_t)rel << shift);
    __atomic_store_n(word, v, __ATOMIC_RELEASE);
}

static bool x86_find_guest_pc(uintptr_t host_pc, uint64_t *guest_pc)
{
    TranslationBlock *tb = tb_find_by_host_pc(host_pc);

    if (!tb) {
        return false;
    }
    *guest_pc = tb_guest_pc_at(tb, (uint32_t)(host_pc - (uintptr_t)tb->code));
    return true;
}

static bool x86_restore_state(uintptr_t host_pc, const void *ucontext,
                              CPUCommon *env)
{
    TranslationBlock *tb = tb_find_by_host_pc(host_pc);

    if (!tb) {
        return false;
    }
    uint32_t ofs = (uint32_t)(host_pc - (uintptr_t)tb->code);
    const uint8_t *aux = tb->code + ((tb->code_size + 3) & ~3u);
    rs_apply(aux, ofs, ucontext, env);
    env->pc = tb_guest_pc_at(tb, ofs);
    return true;
}

static void x86_dump_code(FILE *out, TranslationBlock *tb)
{
    disas_dump(out, DISAS_X86_64, tb->code, tb->code_size,
               (uintptr_t)tb->code);
}

const TCGBackend tcg_backend_x86_64 = {
    .name = "x86_64",
    .gen_code = x86_gen_code,
    .exec = x86_exec,
    .set_jmp = x86_set_jmp,
    .find_guest_pc = x86_find_guest_pc,
    .dump_code = x86_dump_code,
    .init_code_cache = x86_init_code_cache,
    .restore_state = x86_restore_state,
};
