/*
 * tcg-op.c: the generators that are not inline in tcg-op.h.  In debug builds
 * every op is checked for operand types as it is emitted, so a frontend bug
 * shows up at the generator that caused it rather than in a backend.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcg/tcg-op.h"

#include <assert.h>

#include "tcg/exec.h"

#ifndef NDEBUG
static bool temp_has_type(TCGArg a, TCGType t)
{
    return a > 0 && a < tcg_ctx->nb_temps &&
           tcg_ctx->temps[a].type == (uint8_t)t;
}

static bool temp_is_valid(TCGArg a)
{
    return a > 0 && a < tcg_ctx->nb_temps;
}

/* Every temp argument has the op's type, except the documented mixes. */
static void check_op_types(const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    TCGType t = (TCGType)op->type;
    const TCGArg *a = op->args;

    switch (op->opc) {
    case INDEX_op_ext_i32_i64:
    case INDEX_op_extu_i32_i64:
        assert(t == TCG_TYPE_I64);
        assert(temp_has_type(a[0], TCG_TYPE_I64));
        assert(temp_has_type(a[1], TCG_TYPE_I32));
        return;
    case INDEX_op_extrl_i64_i32:
    case INDEX_op_extrh_i64_i32:
        assert(t == TCG_TYPE_I32);
        assert(temp_has_type(a[0], TCG_TYPE_I32));
        assert(temp_has_type(a[1], TCG_TYPE_I64));
        return;
    case INDEX_op_ext32s:
    case INDEX_op_ext32u:
        assert(t == TCG_TYPE_I64);
        break;
    case INDEX_op_movcond:
        /* The compared pair has its own type. */
        assert(temp_has_type(a[0], t));
        assert(temp_is_valid(a[1]));
        assert(temp_has_type(a[2], (TCGType)tcg_ctx->temps[a[1]].type));
        assert(temp_has_type(a[3], t));
        assert(temp_has_type(a[4], t));
        return;
    case INDEX_op_qemu_ld:
        /* The address may be I32 or I64 whatever the value type. */
        assert(temp_has_type(a[0], t));
        assert(temp_is_valid(a[1]));
        return;
    case INDEX_op_qemu_st:
        assert(temp_has_type(a[0], t));
        assert(temp_is_valid(a[1]));
        return;
    case INDEX_op_atomic_cmpxchg:
        assert(temp_has_type(a[0], t));
        assert(temp_is_valid(a[1]));
        assert(temp_has_type(a[2], t));
        assert(temp_has_type(a[3], t));
        return;
    default:
        break;
    }
    for (int i = 0; i < def->nb_oargs + def->nb_iargs; i++) {
        assert(temp_has_type(a[i], t));
    }
}
#else
static inline void check_op_types(const TCGOp *op)
{
    (void)op;
}
#endif

static TCGOp *gen_op(TCGOpcode opc, TCGType t, int n, const TCGArg *args)
{
    TCGOp *op = tcg_emit_op(opc, t);
    for (int i = 0; i < n; i++) {
        op->args[i] = args[i];
    }
    return op;
}

void tcg_gen_op1(TCGOpcode opc, TCGType t, TCGArg a0)
{
    check_op_types(gen_op(opc, t, 1, (TCGArg[]){ a0 }));
}

void tcg_gen_op2(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1)
{
    check_op_types(gen_op(opc, t, 2, (TCGArg[]){ a0, a1 }));
}

void tcg_gen_op3(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1, TCGArg a2)
{
    check_op_types(gen_op(opc, t, 3, (TCGArg[]){ a0, a1, a2 }));
}

void tcg_gen_op4(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1, TCGArg a2,
                 TCGArg a3)
{
    check_op_types(gen_op(opc, t, 4, (TCGArg[]){ a0, a1, a2, a3 }));
}

void tcg_gen_op6(TCGOpcode opc, TCGType t, TCGArg a0, TCGArg a1, TCGArg a2,
                 TCGArg a3, TCGArg a4, TCGArg a5)
{
    check_op_types(gen_op(opc, t, 6, (TCGArg[]){ a0, a1, a2, a3, a4, a5 }));
}

void tcg_gen_call(void *fn, unsigned flags, TCGv ret, int nargs,
                  const TCGv *args)
{
    assert(nargs >= 0 && nargs <= TCG_MAX_CALL_ARGS);
    TCGType t = ret.idx ? tcg_type(ret) : TCG_TYPE_I64;
    TCGOp *op = tcg_emit_op(INDEX_op_call, t);
    op->args[0] = ret.idx;
    op->args[1] = (TCGArg)nargs;
    for (int i = 0; i < nargs; i++) {
        assert(args[i].idx > 0 && args[i].idx < tcg_ctx->nb_temps);
        op->args[2 + i] = args[i].idx;
    }
    op->args[2 + nargs] = (TCGArg)(uintptr_t)fn;
    op->args[3 + nargs] = flags;
}

void tcg_gen_call_if(TCGv d, TCGv cond, TCGv v, void *fn, const TCGv x[5])
{
    TCGOp *op = tcg_emit_op(INDEX_op_call_if, TCG_TYPE_I64);

    op->args[0] = d.idx;
    op->args[1] = cond.idx;
    op->args[2] = v.idx;
    for (int i = 0; i < 5; i++) {
        op->args[3 + i] = x[i].idx;
    }
    op->args[8] = (TCGArg)(uintptr_t)fn;
    check_op_types(op);
}

void tcg_gen_goto_tb(int slot)
{
    tcg_gen_op1(INDEX_op_goto_tb, TCG_TYPE_I64, (TCGArg)slot);
    tcg_gen_exit_tb(TCG_EXIT_CHAIN | (unsigned)slot);
}

void tcg_move_ops_to_end(uint32_t start, uint32_t end)
{
    TCGContext *s = tcg_ctx;
    uint32_t n = end - start, after = s->nb_ops - end;
    TCGOp moved[64];

    if (n > sizeof(moved) / sizeof(moved[0])) {
        fprintf(stderr, "mimic: tcg_move_ops_to_end: %u ops\n", n);
        abort();
    }
    memcpy(moved, &s->ops[start], n * sizeof(TCGOp));
    memmove(&s->ops[start], &s->ops[end], after * sizeof(TCGOp));
    memcpy(&s->ops[start + after], moved, n * sizeof(TCGOp));
}

void tcg_gen_lookup_and_goto_ptr(void)
{
    tcg_emit_op(INDEX_op_goto_ptr, TCG_TYPE_I64);
}

void tcg_gen_tb_start(void)
{
    TCGv req = tcg_temp_new(TCG_TYPE_I32);
    uint32_t run = tcg_new_label();
    tcg_gen_ld_env(req, offsetof(CPUCommon, exit_request), MO_SL);
    tcg_gen_brcondi(TCG_COND_EQ, req, 0, run);
    tcg_gen_exit_tb(TCG_EXIT_REQUESTED);
    tcg_gen_set_label(run);
}
