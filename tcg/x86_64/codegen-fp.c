/*
 * codegen-fp.c: the x86-64 backend's lowering of the floating-point ops:
 * f64 ops on SSE2 (and FMA3), f80 ops on the host's x87.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcg/x86_64/codegen.h"

/* ---- double-precision floating point ----
 * The register allocator knows only general registers; f64 values also
 * live in xmm registers, which nothing else in generated code uses.
 * f64_start_tb plans each TB before its code is made: every f64 op, and
 * every 64-bit ld_env whose value only f64 ops and 64-bit st_envs read,
 * gets a home, one of xmm3..xmm15 in turn, where its code leaves the
 * value.  An op reading a value takes it from its home when the backward
 * scan of f64_find_xmm finds it intact there: the temp not written since
 * (a mov from it is followed), no op in between that left its value in
 * the same home, no call (C code may clobber every xmm register) and no
 * label (another path joins there) in between.  A value all of whose
 * readers take it so (f64_result_xmm_only) never goes to a general
 * register.  xmm0..xmm2 are scratch within one op. */

#define F64_FIRST_HOME 3
#define F64_HOMES 13
/* How far back a value is looked for. */
#define F64_SCAN 160

typedef struct F64Plan {
    bool active;     /* the TB has f64 ops; else nothing below is set */
    uint32_t cap;
    int8_t *home;    /* per op: the xmm register it leaves its value in, -1 */
    bool *xmm_only;  /* ... and in no general register */
} F64Plan;

static __thread F64Plan plan;

static bool fma_inline(void)
{
    return (x86_features & X86_FEAT_FMA) != 0;
}

_Static_assert(INDEX_op_fcmp_f64 - INDEX_op_fadd_f64 == 8,
               "the f64 ops are fadd_f64 .. fcmp_f64");

static bool is_f64_op(unsigned opc)
{
    return opc - INDEX_op_fadd_f64 <= INDEX_op_fcmp_f64 - INDEX_op_fadd_f64;
}

/* Ops that compute their result in an xmm register. */
static bool computes_f64(const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_fadd_f64:
    case INDEX_op_fsub_f64:
    case INDEX_op_fmul_f64:
    case INDEX_op_fdiv_f64:
    case INDEX_op_fsqrt_f64:
    case INDEX_op_frsp_f64:
    case INDEX_op_fcvt_i64_f64:
        return true;
    case INDEX_op_fma_f64:
        return fma_inline();
    default:
        return false;
    }
}

/* A load that may go straight to an xmm register. */
static bool f64_load_candidate(const TCGContext *s, const TCGOp *op)
{
    return op->opc == INDEX_op_ld_env && op->type == TCG_TYPE_I64 &&
           op->args[2] == MO_64 &&
           s->temps[op->args[0]].kind == TEMP_LOCAL;
}

/* May op's code change xmm registers other than its own home and
 * scratch, or may control reach its code from elsewhere? */
static bool clobbers_xmm(const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_set_label:
        return true;
    case INDEX_op_fma_f64:
        return !fma_inline();           /* calls libm */
    case INDEX_op_st_env:
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st:
    case INDEX_op_atomic_cmpxchg:
    case INDEX_op_mb:
    case INDEX_op_brcond:
    case INDEX_op_br:
    case INDEX_op_goto_tb:
        return false;
    default:                            /* calls, call_if, the f80 ops */
        return (tcg_op_defs[op->opc].flags &
                (TCG_OPF_CALL | TCG_OPF_SIDE_EFFECTS)) != 0;
    }
}

static bool writes_temp(const TCGOp *op, TCGArg t)
{
    int nb_o = tcg_op_defs[op->opc].nb_oargs;

    for (int k = 0; k < nb_o; k++) {
        if (op->args[k] == t) {
            return true;
        }
    }
    return false;
}

/* ... or changes it through an st_env of its field (a global's). */
static bool changes_temp(const TCGContext *s, const TCGOp *op, TCGArg t)
{
    const TCGTemp *tp = &s->temps[t];

    if (op->opc == INDEX_op_st_env && tp->kind == TEMP_GLOBAL) {
        int32_t ofs = (int32_t)op->args[1];
        int32_t size = 1 << (op->args[2] & MO_SIZE);
        return ofs < tp->mem_offset + 8 && tp->mem_offset < ofs + size;
    }
    return writes_temp(op, t);
}

/* The input arguments of op that its lowering takes from xmm registers
 * when it finds them there (a mask of argument numbers); any other read
 * needs a general register. */
static unsigned f64_xmm_inputs(const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_fadd_f64:
    case INDEX_op_fsub_f64:
    case INDEX_op_fmul_f64:
    case INDEX_op_fdiv_f64:
    case INDEX_op_fcmp_f64:
        return 1u << 1 | 1u << 2;
    case INDEX_op_fsqrt_f64:
    case INDEX_op_frsp_f64:
        return 1u << 1;
    case INDEX_op_fma_f64:
        return fma_inline() ? 1u << 1 | 1u << 2 | 1u << 3 : 0;
    case INDEX_op_st_env:               /* f64_gen_st_env */
        return op->args[2] == MO_64 ? 1u << 0 : 0;
    default:
        return 0;
    }
}

/* Does every read of the value op i leaves in its home take it from
 * there, up to where the value dies on the straight path (no branch
 * before that)? */
static bool f64_result_xmm_only(const TCGContext *s, uint32_t i)
{
    const TCGOp *op = &s->ops[i];
    TCGArg d = op->args[0];
    int h = plan.home[i];

    if (s->temps[d].kind != TEMP_LOCAL || (op->life & TCG_LIFE_DEAD(0))) {
        return false;
    }
    for (uint32_t j = i + 1; j < s->nb_ops && j <= i + F64_SCAN; j++) {
        const TCGOp *u = &s->ops[j];
        const TCGOpDef *def = &tcg_op_defs[u->opc];
        if (clobbers_xmm(u)) {
            return false;
        }
        unsigned via_xmm = f64_xmm_inputs(u);
        bool dies = false;
        for (int k = def->nb_oargs; k < def->nb_oargs + def->nb_iargs; k++) {
            if (u->args[k] != d) {
                continue;
            }
            if (!(via_xmm & (1u << k))) {
                return false;
            }
            dies |= (u->life & TCG_LIFE_DEAD(k)) != 0;
        }
        if (dies || writes_temp(u, d)) {
            return true;
        }
        /* a branch: the value may be read where it goes */
        if (plan.home[j] == h || (def->flags & TCG_OPF_BB_END)) {
            return false;
        }
    }
    return false;
}

/* Where the value op i computes stops mattering to xmm registers: the
 * op after which it is dead, overwritten, or lost at a call or label
 * (at most F64_SCAN ops on, past which no reader looks for it). */
static uint32_t f64_value_end(const TCGContext *s, uint32_t i)
{
    TCGArg d = s->ops[i].args[0];
    uint32_t last = i + F64_SCAN < s->nb_ops ? i + F64_SCAN : s->nb_ops - 1;

    for (uint32_t j = i + 1; j <= last; j++) {
        const TCGOp *u = &s->ops[j];
        const TCGOpDef *def = &tcg_op_defs[u->opc];
        if (clobbers_xmm(u) || writes_temp(u, d)) {
            return j;
        }
        for (int k = def->nb_oargs; k < def->nb_oargs + def->nb_iargs; k++) {
            if (u->args[k] == d && (u->life & TCG_LIFE_DEAD(k))) {
                return j;
            }
        }
    }
    return last;
}

/* Is every read of the temp ld_env op i loads, up to where it dies, one
 * that can take it from an xmm register? */
static bool f64_read_as_f64(const TCGContext *s, uint32_t i)
{
    TCGArg d = s->ops[i].args[0];
    uint32_t end = f64_value_end(s, i);

    for (uint32_t j = i + 1; j <= end; j++) {
        const TCGOp *u = &s->ops[j];
        const TCGOpDef *def = &tcg_op_defs[u->opc];
        for (int k = def->nb_oargs; k < def->nb_oargs + def->nb_iargs; k++) {
            if (u->args[k] == d && !(f64_xmm_inputs(u) & (1u << k))) {
                return false;
            }
        }
    }
    return true;
}

static int f64_find_home(const TCGContext *s, uint32_t i, TCGArg t);

/* The home of op i: the register of its first operand when that dies here
 * (the op then works in place), else a register whose value is dead, else
 * the one whose value stops mattering last (Belady's choice, roughly). */
static int f64_pick_home(const TCGContext *s, uint32_t i,
                         const uint32_t *busy_until)
{
    const TCGOp *op = &s->ops[i];
    int best = F64_FIRST_HOME;

    switch (op->opc) {
    case INDEX_op_fadd_f64:
    case INDEX_op_fsub_f64:
    case INDEX_op_fmul_f64:
    case INDEX_op_fdiv_f64:
        if ((op->life & TCG_LIFE_DEAD(1)) && op->args[1] != op->args[2]) {
            int x = f64_find_home(s, i, op->args[1]);
            if (x >= 0 && busy_until[x] <= i) {
                return x;
            }
        }
        break;
    default:
        break;
    }
    for (int h = F64_FIRST_HOME; h < F64_FIRST_HOME + F64_HOMES; h++) {
        if (busy_until[h] < i) {
            return h;
        }
        if (busy_until[h] > busy_until[best]) {
            best = h;
        }
    }
    return best;
}

void f64_start_tb(const TCGContext *s)
{
    uint32_t busy_until[F64_FIRST_HOME + F64_HOMES] = { 0 };

    plan.active = false;
    for (uint32_t i = 0; i < s->nb_ops && !plan.active; i++) {
        plan.active = is_f64_op(s->ops[i].opc);
    }
    if (!plan.active) {
        return;
    }
    if (plan.cap < s->nb_ops) {
        uint32_t cap = s->nb_ops * 2;
        int8_t *home = realloc(plan.home, cap);
        bool *xmm_only = realloc(plan.xmm_only, cap * sizeof(bool));
        if (!home || !xmm_only) {
            fprintf(stderr, "mimic: out of memory\n");
            exit(1);
        }
        plan = (F64Plan){ true, cap, home, xmm_only };
    }
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        plan.home[i] = -1;
        plan.xmm_only[i] = false;
        if (clobbers_xmm(op)) {
            memset(busy_until, 0, sizeof(busy_until));
        }
        if (computes_f64(op) ||
            (f64_load_candidate(s, op) && f64_read_as_f64(s, i))) {
            int h = f64_pick_home(s, i, busy_until);
            plan.home[i] = (int8_t)h;
            busy_until[h] = f64_value_end(s, i);
        }
    }
    /* a load keeps its home only if it goes to no general register;
     * dropping a home only makes the other decisions safer */
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        if (plan.home[i] < 0) {
            continue;
        }
        plan.xmm_only[i] = f64_result_xmm_only(s, i);
        if (s->ops[i].opc == INDEX_op_ld_env && !plan.xmm_only[i]) {
            plan.home[i] = -1;
        }
    }
}

/* op's index in the TB, or UINT32_MAX for an op lowered from a copy
 * (which the plan does not cover). */
static uint32_t op_index(const CodeGen *g, const TCGOp *op)
{
    const TCGContext *s = g->ra.s;

    if (!plan.active || op < s->ops || op >= s->ops + s->nb_ops) {
        return UINT32_MAX;
    }
    return (uint32_t)(op - s->ops);
}

/* The xmm register that holds the value temp t has when op i starts, or
 * -1 (see the top).  Only homes of ops before i are looked at. */
static int f64_find_home(const TCGContext *s, uint32_t i, TCGArg t)
{
    uint32_t stop = i > F64_SCAN ? i - F64_SCAN : 0;
    uint32_t overwritten = 0;   /* homes written after the value was */

    for (uint32_t j = i; j-- > stop;) {
        const TCGOp *op = &s->ops[j];
        int h = plan.home[j];
        if (clobbers_xmm(op)) {
            return -1;
        }
        if (h >= 0) {
            if (op->args[0] == t) {
                return overwritten & (1u << h) ? -1 : h;
            }
            overwritten |= 1u << h;
        } else if (changes_temp(s, op, t)) {
            if (op->opc != INDEX_op_mov) {
                return -1;
            }
            t = op->args[1];
        }
    }
    return -1;
}

static int f64_find_xmm(const CodeGen *g, uint32_t i, TCGArg t)
{
    return i == UINT32_MAX ? -1 : f64_find_home(g->ra.s, i, t);
}

/* Input argument k of op in an xmm register: where it is already
 * (f64_find_xmm), else -1. */
static int f64_held(CodeGen *g, const TCGOp *op, int k)
{
    return f64_find_xmm(g, op_index(g, op), op->args[k]);
}

/* Input argument k of op into xmm register x: from x0, the register
 * already holding it (-1: none), else from its general register. */
static void f64_move_in(CodeGen *g, const TCGOp *op, int k, int x0, int x)
{
    if (x0 < 0) {
        x86_movq_xr(A(g), x, ra_in(&g->ra, op->args[k], REGS_ALL));
    } else if (x0 != x) {
        x86_sse_sd(A(g), X86_MOVSD, x, x0);
    }
}

/* Input argument k of op in some xmm register: where it is, else in
 * scratch. */
static int f64_in(CodeGen *g, const TCGOp *op, int k, int scratch)
{
    int x = f64_held(g, op, k);

    if (x < 0) {
        f64_move_in(g, op, k, -1, scratch);
        x = scratch;
    }
    return x;
}

/* Where op's result goes: its home, or scratch xmm0 for an op the plan
 * does not cover. */
static int f64_home(const CodeGen *g, const TCGOp *op)
{
    uint32_t i = op_index(g, op);

    return i == UINT32_MAX ? 0 : plan.home[i];
}

/* The result, in its home h, also to the output's general register
 * unless every reader takes it from h. */
static void f64_out(CodeGen *g, const TCGOp *op, int h)
{
    uint32_t i = op_index(g, op);

    if (i == UINT32_MAX || !plan.xmm_only[i]) {
        x86_movq_rx(A(g), ra_out(&g->ra, op->args[0], REGS_ALL), h);
    }
}

bool f64_gen_ld_env(CodeGen *g, const TCGOp *op)
{
    int32_t ofs = (int32_t)op->args[1];
    uint32_t i = op_index(g, op);
    int h;

    if (i == UINT32_MAX || (h = plan.home[i]) < 0) {
        return false;
    }
    ra_env_access(&g->ra, ofs, 8, false);
    x86_movsd_xm(A(g), h, x86_mem(REG_ENV, ofs));
    return true;
}

bool f64_gen_st_env(CodeGen *g, const TCGOp *op)
{
    int32_t ofs = (int32_t)op->args[1];
    int x;

    if (!f64_xmm_inputs(op) ||
        (x = f64_find_xmm(g, op_index(g, op), op->args[0])) < 0) {
        return false;
    }
    ra_env_access(&g->ra, ofs, 8, true);
    x86_movsd_mx(A(g), x86_mem(REG_ENV, ofs), x);
    return true;
}

/* h = a op b, where h is the op's home. */
static void gen_fp_binary(CodeGen *g, const TCGOp *op, X86SseOp sse)
{
    int h = f64_home(g, op);
    int xa = f64_held(g, op, 1);
    int xb = f64_held(g, op, 2);

    if (xb < 0 && op->args[2] == op->args[1]) {
        f64_move_in(g, op, 1, xa, h);   /* a op a */
        xa = xb = h;
    } else if (xb < 0 || (xb == h && xa != h)) {   /* not where a goes */
        f64_move_in(g, op, 2, xb, 1);
        xb = 1;
    }
    f64_move_in(g, op, 1, xa, h);
    x86_sse_sd(A(g), sse, h, xb);
    f64_out(g, op, h);
}

/* cvtsd2ss rounds per MXCSR (nearest: generated code runs in the host's
 * default mode); cvtss2sd widens exactly. */
static void gen_frsp(CodeGen *g, const TCGOp *op)
{
    int h = f64_home(g, op);
    int xa = f64_in(g, op, 1, h);

    x86_sse_sd(A(g), X86_CVTSD2SS, h, xa);
    x86_cvtss2sd(A(g), h, h);
    f64_out(g, op, h);
}

static void gen_fsqrt(CodeGen *g, const TCGOp *op)
{
    int h = f64_home(g, op);
    int xa = f64_in(g, op, 1, h);

    x86_sse_sd(A(g), X86_SQRTSD, h, xa);
    f64_out(g, op, h);
}

static void gen_fcvt_i64(CodeGen *g, const TCGOp *op)
{
    int h = f64_home(g, op);

    x86_cvtsi2sd(A(g), h, ra_in(&g->ra, op->args[1], REGS_ALL));
    f64_out(g, op, h);
}

/* (u)comisd's ZF PF CF to 0 equal, 1 less, 2 greater, 3 unordered
 * (CF: less or unordered; PF: unordered). */
static void gen_fcmp(CodeGen *g, const TCGOp *op)
{
    int xa = f64_in(g, op, 1, 0);
    int xb = f64_in(g, op, 2, 1);
    int t = ra_scratch(&g->ra, REGS_ALL);
    int rd = ra_out(&g->ra, op->args[0], REGS_ALL);

    x86_alu_rr(A(g), X86_XOR, 0, rd, rd);       /* before the flags */
    x86_alu_rr(A(g), X86_XOR, 0, t, t);
    x86_ucomisd(A(g), op->args[3] != 0, xa, xb);
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
    if (!fma_inline()) {
        ValueLoc locs[3];
        for (int i = 0; i < 3; i++) {
            locs[i] = value_loc(&g->ra, op->args[1 + i]);
        }
        int rd = ra_out(&g->ra, op->args[0], REGS_ALL);
        emit_preserving_call(A(g), (uintptr_t)fma_f64_fallback, locs, 3, rd);
        return;
    }
    int h = f64_home(g, op);
    int xc = f64_held(g, op, 3);
    int xa = f64_held(g, op, 1);
    int xb = f64_held(g, op, 2);

    /* h receives c: a and b elsewhere */
    if (xa < 0 || (xa == h && xc != h)) {
        f64_move_in(g, op, 1, xa, 1);
        xa = 1;
    }
    if (xb < 0 || (xb == h && xc != h)) {
        f64_move_in(g, op, 2, xb, 2);
        xb = 2;
    }
    f64_move_in(g, op, 3, xc, h);
    x86_vfmadd231sd(A(g), h, xa, xb);
    f64_out(g, op, h);
}

/* ---- f80 ops: x87 values in env on the host x87 ----
 * The host x87 stack keeps the values the ops used last (g->x87), so
 * that a dependent chain (sum += a * b) takes its operands from host
 * registers instead of reloading the 80-bit value it has just stored
 * (a store-forwarding stall per op).  Results go to env before anything
 * but straight-line code without calls (f80_before_op), where the stack
 * is emptied: labels, branches, TB exits and calls (which the ABI enters
 * with an empty x87 stack) see it empty, as does the next TB.  A guest
 * access that faults finds them through its restore records (restore.h),
 * which take them from the signal frame's x87 registers.  A host signal
 * left by siglongjmp leaves the stack empty (the kernel gives handlers a
 * clean x87).
 *
 * The status word: an op whose status word the frontend only stores to
 * env ("f80_arith sw, ...; st_env sw, ofs" with sw dying there) leaves it
 * in the host's status word instead, and the fnstsw to env is deferred
 * (g->x87.sw_ofs) until an x87 instruction would change C1 (the only
 * non-sticky bit the frontend keeps; the sticky bits only accumulate) or
 * something may read env: the next such op makes it dead.  fnstsw waits
 * for the x87 to finish, so one per op serialised a loop of them.
 * fnstcw and fldcw leave the status word alone (the manuals call C0..C3
 * undefined after them; no x87 changes them).
 * Memory operands and the status word pass through the red zone below
 * rsp, which signal delivery leaves alone. */

#define F80_SCRATCH x86_mem(X86_RSP, -8)
#define F80_SW x86_mem(X86_RSP, -16)

static X86Mem f80_env(int32_t ofs)
{
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

/* fnstsw right after the operation (the stores that follow change C1),
 * then d = sw. */
static void f80_fnstsw(CodeGen *g)
{
    x86_x87_mem(A(g), 0xdd, 7, F80_SW);
}
static void f80_sw_out(CodeGen *g, const TCGOp *op)
{
    x86_ld(A(g), X86_LD_U16, ra_out(&g->ra, op->args[0], REGS_ALL), F80_SW);
}

/* ---- the host stack as a cache of env slots ---- */

/* env gets the host status word deferred to it (before an x87
 * instruction that changes C1, or a read of env). */
static void x87_sw_sync(CodeGen *g)
{
    if (g->x87.sw_ofs >= 0) {
        x86_x87_mem(A(g), 0xdd, 7, f80_env(g->x87.sw_ofs));    /* fnstsw */
        g->x87.sw_ofs = -1;
    }
}

static void x87_push_entry(F80Stack *st, int32_t slot)
{
    memmove(&st->slot[1], &st->slot[0], (size_t)st->n * sizeof st->slot[0]);
    memmove(&st->dirty[1], &st->dirty[0], (size_t)st->n);
    st->slot[0] = slot;
    st->dirty[0] = false;
    st->n++;
}

/* The host popped ST(0) itself: forget its entry. */
static void x87_drop_top(CodeGen *g)
{
    F80Stack *st = &g->x87;

    st->n--;
    memmove(&st->slot[0], &st->slot[1], (size_t)st->n * sizeof st->slot[0]);
    memmove(&st->dirty[0], &st->dirty[1], (size_t)st->n);
}

/* Pops ST(0), into env if env does not have it yet. */
static void x87_pop(CodeGen *g)
{
    F80Stack *st = &g->x87;

    x87_sw_sync(g);
    if (st->dirty[0]) {
        x86_x87_mem(A(g), 0xdb, 7, f80_env(st->slot[0]));   /* fstpt */
    } else {
        x86_x87_op(A(g), 0xdd, 0xd8);                       /* fstp st(0) */
    }
    x87_drop_top(g);
}

/* env gets ST(k)'s value (fld st(k); fstpt). */
static void x87_write_back(CodeGen *g, int k)
{
    F80Stack *st = &g->x87;

    if (st->dirty[k]) {
        x87_sw_sync(g);
        x86_x87_op(A(g), 0xd9, 0xc0 + (unsigned)k);
        x86_x87_mem(A(g), 0xdb, 7, f80_env(st->slot[k]));
        st->dirty[k] = false;
    }
}

static void x87_write_back_all(CodeGen *g)
{
    for (int k = 0; k < g->x87.n; k++) {
        x87_write_back(g, k);
    }
}

static void x87_flush(CodeGen *g)
{
    x87_sw_sync(g);
    while (g->x87.n) {
        x87_pop(g);
    }
}

/* An op pushes at most three entries (two operands, a copy), and a
 * write-back needs one more. */
static void x87_make_room(CodeGen *g)
{
    if (g->x87.n > 4) {
        x87_flush(g);
    }
}

static int x87_find(const F80Stack *st, int32_t slot)
{
    for (int k = 0; k < st->n; k++) {
        if (st->slot[k] == slot) {
            return k;
        }
    }
    return -1;
}

/* Where slot's value is on the host stack, loading it from env first if
 * it is not there. */
static int x87_ensure(CodeGen *g, int32_t slot)
{
    int k = x87_find(&g->x87, slot);

    if (k >= 0) {
        return k;
    }
    x87_sw_sync(g);
    x86_x87_mem(A(g), 0xdb, 5, f80_env(slot));  /* fldt */
    x87_push_entry(&g->x87, slot);
    return 0;
}

static void x87_fxch(CodeGen *g, int k)
{
    F80Stack *st = &g->x87;
    int32_t t;
    bool d;

    if (k == 0) {
        return;
    }
    x87_sw_sync(g);
    x86_x87_op(A(g), 0xd9, 0xc8 + (unsigned)k);
    t = st->slot[0];
    st->slot[0] = st->slot[k];
    st->slot[k] = t;
    d = st->dirty[0];
    st->dirty[0] = st->dirty[k];
    st->dirty[k] = d;
}

/* ST(0) := a value the op may overwrite with dst's: a itself when dst is
 * a, else a copy of a. */
static void x87_dst_on_top(CodeGen *g, int32_t dst, int32_t a)
{
    int k = x87_ensure(g, a);

    if (dst == a) {
        x87_fxch(g, k);
    } else {
        x87_sw_sync(g);
        x86_x87_op(A(g), 0xd9, 0xc0 + (unsigned)k);     /* fld st(k) */
        x87_push_entry(&g->x87, F80_STALE);
    }
}

/* ST(0) now holds dst's new value, which env does not have yet; other
 * copies of dst are stale. */
static void x87_result(CodeGen *g, int32_t dst)
{
    F80Stack *st = &g->x87;

    for (int k = 1; k < st->n; k++) {
        if (st->slot[k] == dst) {
            st->slot[k] = F80_STALE;
            st->dirty[k] = false;
        }
    }
    st->slot[0] = dst;
    st->dirty[0] = true;
}

/* Code other than the f80 ops reads (or, write: writes) env bytes
 * [ofs, ofs + size): env gets the values there first, and a write makes
 * the copies stale. */
static void x87_env_access(CodeGen *g, int32_t ofs, int size, bool write)
{
    F80Stack *st = &g->x87;

    if (st->sw_ofs >= 0 && st->sw_ofs < ofs + size && ofs < st->sw_ofs + 2) {
        if (write && ofs <= st->sw_ofs && st->sw_ofs + 2 <= ofs + size) {
            st->sw_ofs = -1;        /* overwritten whole */
        } else {
            x87_sw_sync(g);
        }
    }

    for (int k = 0; k < st->n; k++) {
        int32_t slot = st->slot[k];
        if (slot != F80_STALE && slot < ofs + size && ofs < slot + 10) {
            x87_write_back(g, k);
            if (write) {
                st->slot[k] = F80_STALE;
            }
        }
    }
}

/* Ops whose code neither calls nor jumps nor touches the x87. */
static bool x87_stays_across(const TCGOp *op)
{
    switch ((TCGOpcode)op->opc) {
    case INDEX_op_nop: case INDEX_op_insn_start:
    case INDEX_op_mov: case INDEX_op_add: case INDEX_op_sub:
    case INDEX_op_mul: case INDEX_op_mulhs: case INDEX_op_mulhu:
    case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor:
    case INDEX_op_andc: case INDEX_op_orc:
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_rotl: case INDEX_op_rotr:
    case INDEX_op_neg: case INDEX_op_not:
    case INDEX_op_bswap16: case INDEX_op_bswap32: case INDEX_op_bswap64:
    case INDEX_op_ext8s: case INDEX_op_ext8u: case INDEX_op_ext16s:
    case INDEX_op_ext16u: case INDEX_op_ext32s: case INDEX_op_ext32u:
    case INDEX_op_ext_i32_i64: case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32: case INDEX_op_extrh_i64_i32:
    case INDEX_op_setcond: case INDEX_op_movcond:
    case INDEX_op_ld_env: case INDEX_op_st_env:
    case INDEX_op_qemu_ld: case INDEX_op_qemu_st:
    case INDEX_op_f80_load: case INDEX_op_f80_store:
    case INDEX_op_f80_status: case INDEX_op_f80_arith:
    case INDEX_op_f80_arith_mem: case INDEX_op_f80_cmp:
    case INDEX_op_f80_cmp_mem: case INDEX_op_f80_func:
    case INDEX_op_f80_move: case INDEX_op_f80_xchg:
    case INDEX_op_f80_set_cw:
        return true;
    default:
        return false;
    }
}

void f80_before_op(CodeGen *g, const TCGContext *s, uint32_t i)
{
    const TCGOp *op = &s->ops[i];

    if (!g->x87.n && g->x87.sw_ofs < 0) {
        return;
    }
    if (op->opc == INDEX_op_insn_start) {
        /* the whole instruction: codegen.c lowers some op sequences as
         * one, which this hook does not see op by op */
        for (uint32_t j = i + 1; j < s->nb_ops; j++) {
            const TCGOp *o = &s->ops[j];
            if (o->opc == INDEX_op_insn_start) {
                break;
            }
            if (!x87_stays_across(o)) {
                x87_flush(g);
                return;
            }
        }
        return;
    }
    if (!x87_stays_across(op) ||
        (i + 1 < s->nb_ops && !x87_stays_across(&s->ops[i + 1]))) {
        x87_flush(g);
    } else if (op->opc == INDEX_op_st_env || op->opc == INDEX_op_ld_env) {
        x87_env_access(g, (int32_t)op->args[1],
                       1 << (op->args[2] & MO_SIZE),
                       op->opc == INDEX_op_st_env);
    }
}

void f80_sync_env(CodeGen *g)
{
    x87_write_back_all(g);
    x87_sw_sync(g);
}

/* ---- the ops ---- */

/* The status word of the op just emitted: into its output, or (sw_ofs
 * >= 0) left in the host's, to go to env at sw_ofs. */
static void f80_status_out(CodeGen *g, const TCGOp *op, int32_t sw_ofs)
{
    if (sw_ofs >= 0) {
        g->x87.sw_ofs = sw_ofs;
    } else if (!(op->life & TCG_LIFE_DEAD(0))) {
        f80_fnstsw(g);
        f80_sw_out(g, op);
    }
}

/* The memory operand of f80_load, f80_arith_mem or f80_cmp_mem: its
 * value input through the red zone, or (guest) guest memory itself, whose
 * fault records are made here, just before the x87 instruction. */
static X86Mem f80_operand(CodeGen *g, const TCGOp *op, const X86Mem *guest)
{
    if (guest) {
        access_commit(g, access_snapshot(g));
        return *guest;
    }
    return F80_SCRATCH;
}

/* sw_ofs: see f80_status_out (-1 for ops without a status output);
 * guest: see f80_operand. */
static void gen_f80(CodeGen *g, const TCGOp *op, int32_t sw_ofs,
                    const X86Mem *guest)
{
    static const X86Load store_load[8] = {
        X86_LD_U32, X86_LD_64, X86_LD_U16, X86_LD_U32, X86_LD_64,
        X86_LD_U16, X86_LD_U32, X86_LD_64,
    };
    unsigned kind;
    int32_t dst, a, b;
    int k;

    if (sw_ofs >= 0 && sw_ofs == g->x87.sw_ofs) {
        /* the op's status word supersedes it; a fault at a guest operand
         * must still find it (f80_guest_operand_user saw to it that no
         * x87 instruction comes before the access) */
        if (!guest) {
            g->x87.sw_ofs = -1;
        }
    } else if (op->opc != INDEX_op_f80_xchg &&
               op->opc != INDEX_op_f80_set_cw) {
        x87_sw_sync(g);
    }
    switch (op->opc) {
    case INDEX_op_f80_load:             /* sw, v; kind, dst */
        kind = (unsigned)op->args[2];
        x87_make_room(g);
        if (!guest) {
            f80_value_to_scratch(g, op);
        }
        f80_fld(g, kind, f80_operand(g, op, guest));
        x87_push_entry(&g->x87, F80_STALE);
        x87_result(g, (int32_t)op->args[3]);
        f80_status_out(g, op, sw_ofs);
        break;
    case INDEX_op_f80_store:            /* v; kind, src */
        kind = (unsigned)op->args[1];
        x87_make_room(g);
        k = x87_ensure(g, (int32_t)op->args[2]);
        x86_x87_op(A(g), 0xd9, 0xc0 + (unsigned)k);     /* fld st(k) */
        f80_fstp(g, kind, F80_SCRATCH);
        x86_ld(A(g), store_load[kind],
               ra_out(&g->ra, op->args[0], REGS_ALL), F80_SCRATCH);
        break;
    case INDEX_op_f80_status:           /* sw */
        f80_fnstsw(g);
        f80_sw_out(g, op);
        break;
    case INDEX_op_f80_arith:            /* sw; op, dst, a, b */
        dst = (int32_t)op->args[2];
        a = (int32_t)op->args[3];
        b = (int32_t)op->args[4];
        x87_make_room(g);
        if (b != a) {
            x87_ensure(g, b);
        }
        x87_dst_on_top(g, dst, a);
        k = x87_find(&g->x87, b);
        /* D8 C0+i.. F8+i: st(0) = st(0) op st(i) */
        x86_x87_op(A(g), 0xd8,
                   0xc0 | (unsigned)(op->args[1] & 7) << 3 | (unsigned)k);
        x87_result(g, dst);
        f80_status_out(g, op, sw_ofs);
        break;
    case INDEX_op_f80_arith_mem:        /* sw, v; op, kind, dst, a */
        dst = (int32_t)op->args[4];
        x87_make_room(g);
        if (!guest) {
            f80_value_to_scratch(g, op);
        }
        x87_dst_on_top(g, dst, (int32_t)op->args[5]);
        x86_x87_mem(A(g), f80_mem_opcode((unsigned)op->args[3]),
                    (int)op->args[2], f80_operand(g, op, guest));
        x87_result(g, dst);
        f80_status_out(g, op, sw_ofs);
        break;
    case INDEX_op_f80_cmp:              /* sw; unordered, a, b */
        a = (int32_t)op->args[2];
        b = (int32_t)op->args[3];
        x87_make_room(g);
        if (b != a) {
            x87_ensure(g, b);
        }
        x87_fxch(g, x87_ensure(g, a));
        k = x87_find(&g->x87, b);
        if (op->args[1]) {
            x86_x87_op(A(g), 0xdd, 0xe0 + (unsigned)k);  /* fucom st(k) */
        } else {
            x86_x87_op(A(g), 0xd8, 0xd0 + (unsigned)k);  /* fcom st(k) */
        }
        f80_fnstsw(g);
        f80_sw_out(g, op);
        break;
    case INDEX_op_f80_cmp_mem:          /* sw, v; kind, a */
        x87_make_room(g);
        if (!guest) {
            f80_value_to_scratch(g, op);
        }
        x87_fxch(g, x87_ensure(g, (int32_t)op->args[3]));
        x86_x87_mem(A(g), f80_mem_opcode((unsigned)op->args[2]), 2,
                    f80_operand(g, op, guest));        /* fcom m */
        f80_fnstsw(g);
        f80_sw_out(g, op);
        break;
    case INDEX_op_f80_func: {           /* sw; fn, dst, a, b */
        unsigned fn = (unsigned)op->args[1];
        dst = (int32_t)op->args[2];
        a = (int32_t)op->args[3];
        b = (int32_t)op->args[4];
        if (fn >= F80_FLDL2T && fn <= F80_FLDLN2) {
            x87_make_room(g);
            x87_sw_sync(g);
            x86_x87_op(A(g), 0xd9, fn);
            x87_push_entry(&g->x87, F80_STALE);
            x87_result(g, dst);
            f80_status_out(g, op, sw_ofs);
            break;
        }
        if (fn == F80_F2XM1 || fn == F80_FSQRT || fn == F80_FRNDINT ||
            fn == F80_FSIN || fn == F80_FCOS) {
            x87_make_room(g);
            x87_dst_on_top(g, dst, a);
            x86_x87_op(A(g), 0xd9, fn);
            x87_result(g, dst);
            f80_status_out(g, op, sw_ofs);
            break;
        }
        /* copies: ST(1) = b, ST(0) = a */
        if (g->x87.n > 3) {
            x87_flush(g);
        }
        x87_ensure(g, a);
        x87_ensure(g, b);
        x87_sw_sync(g);
        x86_x87_op(A(g), 0xd9, 0xc0 + (unsigned)x87_find(&g->x87, b));
        x87_push_entry(&g->x87, F80_STALE);
        x86_x87_op(A(g), 0xd9, 0xc0 + (unsigned)x87_find(&g->x87, a));
        x87_push_entry(&g->x87, F80_STALE);
        x86_x87_op(A(g), 0xd9, fn);
        if (fn == F80_FYL2X || fn == F80_FPATAN || fn == F80_FYL2XP1) {
            x87_drop_top(g);
        }
        x87_result(g, dst);
        f80_status_out(g, op, sw_ofs);
        break;
    }
    case INDEX_op_f80_move:             /* dst, src */
        dst = (int32_t)op->args[0];
        if (dst == (int32_t)op->args[1]) {
            break;
        }
        x87_make_room(g);
        k = x87_ensure(g, (int32_t)op->args[1]);
        x86_x87_op(A(g), 0xd9, 0xc0 + (unsigned)k);     /* fld st(k) */
        x87_push_entry(&g->x87, F80_STALE);
        x87_result(g, dst);
        break;
    case INDEX_op_f80_xchg: {           /* a, b: the copies change names */
        F80Stack *st = &g->x87;
        int ka;
        a = (int32_t)op->args[0];
        b = (int32_t)op->args[1];
        if (a == b) {
            break;
        }
        x87_make_room(g);
        x87_ensure(g, a);
        x87_ensure(g, b);
        ka = x87_find(st, a);
        k = x87_find(st, b);
        st->slot[ka] = b;
        st->slot[k] = a;
        st->dirty[ka] = st->dirty[k] = true;
        break;
    }
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
        gen_f80(g, op, -1, NULL);
        break;
    }
}

/* ---- f80 ops lowered with the ops after them ---- */

/* Is ops[i] "st_env sw, ofs" of the 16-bit status word sw, which dies
 * there?  Its offset, else -1. */
static int32_t sw_store_ofs(const TCGContext *s, uint32_t i, TCGArg sw)
{
    const TCGOp *st;

    if (i >= s->nb_ops) {
        return -1;
    }
    st = &s->ops[i];
    if (st->opc != INDEX_op_st_env || st->args[0] != sw ||
        (st->args[2] & MO_SIZE) != MO_16 || !(st->life & TCG_LIFE_DEAD(0)) ||
        (int64_t)st->args[1] < 0) {
        return -1;
    }
    return (int32_t)st->args[1];
}

/* The memory size of each store kind (F80_M32..F80_I64_TRUNC). */
static const uint8_t kind_size[8] = {
    MO_32, MO_64, MO_16, MO_32, MO_64, MO_16, MO_32, MO_64,
};

/*
 * "f80_store v, kind, src; f80_status sw; qemu_st v, addr; st_env sw,
 * ofs" (FST m, FIST m): the host x87 stores to guest memory itself.  A
 * fault there changes neither the x87 nor memory, so the status word of
 * the op before may stay deferred across it, and the store's own goes to
 * ofs deferred.  Non-popping FST/FIST when src is ST(0), else a copy is
 * pushed and stored with the popping form.
 */
static uint32_t gen_store_to_guest(CodeGen *g, const TCGContext *s,
                                   uint32_t i)
{
    /* non-popping FST m32, FST m64, FIST m16, FIST m32: opcode, /2 */
    static const uint8_t fst_opc[4] = { 0xd9, 0xdd, 0xdf, 0xdb };
    const TCGOp *op = &s->ops[i], *status, *st;
    unsigned kind = (unsigned)op->args[1];
    int32_t src = (int32_t)op->args[2], sw_ofs;
    int k, rin;
    bool recorded;

    if (i + 3 >= s->nb_ops) {
        return 0;
    }
    status = &s->ops[i + 1];
    st = &s->ops[i + 2];
    if (status->opc != INDEX_op_f80_status || st->opc != INDEX_op_qemu_st ||
        st->args[0] != op->args[0] || !(st->life & TCG_LIFE_DEAD(0)) ||
        st->args[1] == op->args[0] ||
        (st->args[2] & MO_BSWAP) || (st->args[2] & MO_SIZE) != kind_size[kind]) {
        return 0;
    }
    sw_ofs = sw_store_ofs(s, i + 3, status->args[0]);
    if (sw_ofs < 0) {
        return 0;
    }
    g->prev_flags = g->flags;
    g->flags.valid = false;
    if (g->x87.sw_ofs != sw_ofs) {
        x87_sw_sync(g);         /* another word: only this one defers */
    }
    k = x87_find(&g->x87, src);
    X86Mem m = guest_mem(g, st->args[1], &rin);
    if (k == 0 && kind <= F80_I32) {
        recorded = access_snapshot(g);
        access_commit(g, recorded);
        x86_x87_mem(A(g), fst_opc[kind], 2, m);
    } else {
        x87_sw_sync(g);
        x87_make_room(g);
        k = x87_ensure(g, src);
        x86_x87_op(A(g), 0xd9, 0xc0 + (unsigned)k);     /* fld st(k) */
        x87_push_entry(&g->x87, F80_STALE);
        recorded = access_snapshot(g);
        access_commit(g, recorded);
        f80_fstp(g, kind, m);
        x87_drop_top(g);
    }
    g->x87.sw_ofs = sw_ofs;
    for (uint32_t j = i; j < i + 4; j++) {
        end_op(g, &s->ops[j]);
    }
    return 4;
}

uint32_t f80_gen_fused(CodeGen *g, const TCGContext *s, uint32_t i)
{
    const TCGOp *op = &s->ops[i];
    int32_t sw_ofs;

    switch (op->opc) {
    case INDEX_op_f80_store:
        return gen_store_to_guest(g, s, i);
    case INDEX_op_f80_load: case INDEX_op_f80_arith:
    case INDEX_op_f80_arith_mem: case INDEX_op_f80_func:
        sw_ofs = sw_store_ofs(s, i + 1, op->args[0]);
        if (sw_ofs < 0) {
            return 0;
        }
        g->prev_flags = g->flags;
        g->flags.valid = false;
        gen_f80(g, op, sw_ofs, NULL);
        end_op(g, op);
        end_op(g, &s->ops[i + 1]);
        return 2;
    default:
        return 0;
    }
}

/* The memory size of each load kind (F80_M32..F80_I64). */
static const uint8_t load_size[5] = { MO_32, MO_64, MO_16, MO_32, MO_64 };

uint32_t f80_guest_operand_user(const CodeGen *g, const TCGContext *s,
                                uint32_t i)
{
    const TCGOp *ld = &s->ops[i];
    TCGArg v = ld->args[0];
    MemOp mop = (MemOp)ld->args[2];

    if ((mop & MO_BSWAP) || s->temps[v].kind == TEMP_GLOBAL) {
        return 0;
    }
    for (uint32_t j = i + 1; j < s->nb_ops && j <= i + 4; j++) {
        const TCGOp *op = &s->ops[j];
        unsigned kind;
        switch (op->opc) {
        case INDEX_op_st_env:
            /* the x87 stack shape: constants to other fields */
            if (s->temps[op->args[0]].kind != TEMP_CONST) {
                return 0;
            }
            continue;
        case INDEX_op_f80_load:
            kind = (unsigned)op->args[2];
            break;
        case INDEX_op_f80_arith_mem:
            kind = (unsigned)op->args[3];
            break;
        case INDEX_op_f80_cmp_mem:
            kind = (unsigned)op->args[2];
            break;
        default:
            return 0;
        }
        if (op->args[1] != v || !(op->life & TCG_LIFE_DEAD(1)) ||
            kind > F80_I64 || load_size[kind] != (mop & MO_SIZE)) {
            return 0;
        }
        /* a deferred status word must stay in the host's across the
         * access: no x87 instruction may come before it (an operand not
         * on top would need one) */
        if (g->x87.sw_ofs >= 0 &&
            (g->x87.n > 4 ||
             (op->opc == INDEX_op_f80_arith_mem &&
              (op->args[4] != op->args[5] ||
               x87_find(&g->x87, (int32_t)op->args[5]) != 0)))) {
            return 0;
        }
        /* the stores between must not touch what the op reads or writes */
        for (uint32_t k = i + 1; k < j; k++) {
            int32_t ofs = (int32_t)s->ops[k].args[1];
            for (int a = 2; a < 6; a++) {
                int32_t slot = (int32_t)op->args[a];
                if (a < 2 + tcg_op_defs[op->opc].nb_cargs &&
                    slot < ofs + 8 && ofs < slot + 10) {
                    return 0;
                }
            }
        }
        return j;
    }
    return 0;
}

void f80_gen_guest_op(CodeGen *g, const TCGContext *s, uint32_t j, X86Mem m)
{
    const TCGOp *op = &s->ops[j];
    int32_t sw_ofs = -1;

    if (op->opc != INDEX_op_f80_cmp_mem) {
        sw_ofs = sw_store_ofs(s, j + 1, op->args[0]);
    }
    gen_f80(g, op, sw_ofs, &m);
    end_op(g, op);
    g->skip[0] = j;
    if (sw_ofs >= 0) {
        end_op(g, &s->ops[j + 1]);
        g->skip[1] = j + 1;
    }
}
