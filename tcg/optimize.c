/*
 * optimize.c: one forward pass over the op list doing copy propagation,
 * constant folding (with the evaluator the interpreter runs, tcg-eval.h),
 * algebraic simplification, and removal of code that cannot be reached.
 *
 * Copy tracking: a temp that was last written by "mov d, s" is a copy of s
 * for as long as s is not written again.  Each temp carries a write version;
 * a copy records the version of its source, so writing the source ends
 * every copy of it without a search.  All copy facts belong to an epoch that
 * is bumped at each label (where control flow merges), which forgets
 * everything in O(1).
 *
 * The same versions date a second fact about I64 temps: "bits 32..63 are
 * zero" (z32), so that the zero-extensions an x86-64 guest's 32-bit
 * operations write after every result become moves when the value is
 * already extended (a load of 32 bits or less, a 32-bit rotate, the xor of
 * two extended values, ...).
 */
#include <stdlib.h>
#include <string.h>

#include "tcg/tcg-eval.h"
#include "tcg/tcg.h"

typedef struct CopyInfo {
    uint32_t epoch;   /* valid only if equal to the current epoch */
    uint32_t src;     /* the temp this one equals (never itself a copy) */
    uint32_t src_ver; /* version of src when the copy was made */
} CopyInfo;

typedef struct OptState {
    TCGContext *s;
    CopyInfo copies[TCG_MAX_TEMPS];
    uint32_t version[TCG_MAX_TEMPS];
    uint32_t epoch;
    uint32_t z32_epoch[TCG_MAX_TEMPS]; /* z32 fact valid in this epoch */
    uint32_t z32_ver[TCG_MAX_TEMPS];   /* ... for this version */
} OptState;

static __thread OptState *opt_state;

static bool is_const(const TCGContext *s, TCGArg t)
{
    return s->temps[t].kind == TEMP_CONST;
}

static uint64_t const_val(const TCGContext *s, TCGArg t)
{
    return (uint64_t)s->temps[t].val;
}

static bool is_const_val(const TCGContext *s, TCGArg t, int64_t v)
{
    return is_const(s, t) && s->temps[t].val == v;
}

/* The temp holding the same value as t that was written longest ago. */
static TCGArg resolve(OptState *st, TCGArg t)
{
    const CopyInfo *c = &st->copies[t];
    if (c->epoch == st->epoch && st->version[c->src] == c->src_ver) {
        return c->src;
    }
    return t;
}

static void note_write(OptState *st, TCGArg t)
{
    st->version[t]++;
    st->copies[t].epoch = 0;
}

static void note_copy(OptState *st, TCGArg d, TCGArg src)
{
    st->copies[d] = (CopyInfo){ st->epoch, (uint32_t)src, st->version[src] };
}

static bool is_z32(const OptState *st, TCGArg t)
{
    const TCGTemp *tp = &st->s->temps[t];
    if (tp->kind == TEMP_CONST) {
        return tp->type == TCG_TYPE_I32 || (uint64_t)tp->val <= UINT32_MAX;
    }
    return st->z32_epoch[t] == st->epoch && st->z32_ver[t] == st->version[t];
}

/* After the writes of op are noted: its I64 output d is z32. */
static void note_z32(OptState *st, TCGArg d)
{
    st->z32_epoch[d] = st->epoch;
    st->z32_ver[d] = st->version[d];
}

/* Is the I64 result of op (inputs already resolved) zero above bit 31? */
static bool result_is_z32(const OptState *st, const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_ext8u:
    case INDEX_op_ext16u:
    case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_bswap16:
    case INDEX_op_bswap32:
    case INDEX_op_setcond:
        return true;
    case INDEX_op_and:
        return is_z32(st, op->args[1]) || is_z32(st, op->args[2]);
    case INDEX_op_or:
    case INDEX_op_xor:
        return is_z32(st, op->args[1]) && is_z32(st, op->args[2]);
    case INDEX_op_movcond:
        return is_z32(st, op->args[3]) && is_z32(st, op->args[4]);
    case INDEX_op_shr:
        return is_z32(st, op->args[1]) ||
               (is_const(st->s, op->args[2]) &&
                (const_val(st->s, op->args[2]) & 63) >= 32);
    case INDEX_op_ld_env:
    case INDEX_op_qemu_ld:
        return (op->args[2] & MO_SIZE) <= MO_32 && !(op->args[2] & MO_SIGN);
    default:
        return false;
    }
}

static void forget_globals(OptState *st)
{
    for (uint32_t g = 1; g <= st->s->nb_globals; g++) {
        note_write(st, g);
    }
}

/* Forget every copy fact (epoch 0 marks "no fact", so skip it). */
static void new_epoch(OptState *st)
{
    if (++st->epoch == 0) {
        memset(st->copies, 0, sizeof(st->copies));
        memset(st->z32_epoch, 0, sizeof(st->z32_epoch));
        st->epoch = 1;
    }
}

static void make_mov(TCGOp *op, TCGArg d, TCGArg src)
{
    op->opc = INDEX_op_mov;
    op->args[0] = d;
    op->args[1] = src;
}

/* Turn op into d = v.  Folding needs a constant temp; when the TB has used
 * them all up, op is left as it is (still correct, just not folded). */
static bool make_movi(TCGContext *s, TCGOp *op, TCGArg d, uint64_t v)
{
    if (s->nb_temps >= TCG_MAX_TEMPS) {
        return false;
    }
    TCGType t = (TCGType)s->temps[d].type;
    make_mov(op, d, tcg_constant(t, (int64_t)v).idx);
    return true;
}

static bool op_is_commutative(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_add:
    case INDEX_op_mul:
    case INDEX_op_mulhs:
    case INDEX_op_mulhu:
    case INDEX_op_and:
    case INDEX_op_or:
    case INDEX_op_xor:
        return true;
    default:
        return false;
    }
}

/* Simplify a binary op whose inputs are not both constant.  Returns true if
 * it became a mov. */
static bool simplify_binary(TCGContext *s, TCGOp *op)
{
    TCGArg d = op->args[0], a = op->args[1], b = op->args[2];

    if (op_is_commutative(op->opc) && is_const(s, a)) {
        op->args[1] = b;
        op->args[2] = a;
        a = op->args[1];
        b = op->args[2];
    }
    switch (op->opc) {
    case INDEX_op_add:
    case INDEX_op_sub:
    case INDEX_op_or:
    case INDEX_op_xor:
    case INDEX_op_shl:
    case INDEX_op_shr:
    case INDEX_op_sar:
    case INDEX_op_rotl:
    case INDEX_op_rotr:
        if (is_const_val(s, b, 0)) {
            make_mov(op, d, a);
            return true;
        }
        break;
    case INDEX_op_mul:
        if (is_const_val(s, b, 1)) {
            make_mov(op, d, a);
            return true;
        }
        if (is_const_val(s, b, 0)) {
            return make_movi(s, op, d, 0);
        }
        break;
    case INDEX_op_and:
        if (is_const_val(s, b, -1)) {
            make_mov(op, d, a);
            return true;
        }
        if (is_const_val(s, b, 0)) {
            return make_movi(s, op, d, 0);
        }
        break;
    case INDEX_op_andc:
        if (is_const_val(s, b, 0)) {
            make_mov(op, d, a);
            return true;
        }
        break;
    case INDEX_op_orc:
        if (is_const_val(s, b, -1)) {
            make_mov(op, d, a);
            return true;
        }
        break;
    case INDEX_op_divs:
    case INDEX_op_divu:
        if (is_const_val(s, b, 1)) {
            make_mov(op, d, a);
            return true;
        }
        break;
    default:
        break;
    }
    if (a == b) {
        switch (op->opc) {
        case INDEX_op_sub:
        case INDEX_op_xor:
        case INDEX_op_andc:
            return make_movi(s, op, d, 0);
        case INDEX_op_and:
        case INDEX_op_or:
            make_mov(op, d, a);
            return true;
        default:
            break;
        }
    }
    return false;
}

/* Outcome of a comparison known at translation time: 1, 0, or -1. */
static int fold_cond(TCGContext *s, TCGType t, TCGCond c, TCGArg a, TCGArg b)
{
    if (c == TCG_COND_ALWAYS) {
        return 1;
    }
    if (c == TCG_COND_NEVER) {
        return 0;
    }
    if (is_const(s, a) && is_const(s, b)) {
        return tcg_cond_holds(t, c, const_val(s, a), const_val(s, b));
    }
    if (a == b) {
        switch (c) {
        case TCG_COND_EQ: case TCG_COND_GE: case TCG_COND_LE:
        case TCG_COND_GEU: case TCG_COND_LEU:
            return 1;
        case TCG_COND_NE: case TCG_COND_LT: case TCG_COND_GT:
        case TCG_COND_LTU: case TCG_COND_GTU:
            return 0;
        default:
            break;
        }
    }
    return -1;
}

/* Put a constant operand of a comparison second. */
static void canonicalize_cmp(TCGContext *s, TCGArg *a, TCGArg *b, TCGArg *c)
{
    if (is_const(s, *a) && !is_const(s, *b)) {
        TCGArg t = *a;
        *a = *b;
        *b = t;
        *c = tcg_swap_cond((TCGCond)*c);
    }
}

/* Fold and simplify op in place; returns true if control never passes it. */
static bool optimize_op(OptState *st, TCGOp *op)
{
    TCGContext *s = st->s;
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    TCGType type = (TCGType)op->type;
    int nb_o = def->nb_oargs, nb_i = def->nb_iargs, first_in = nb_o;

    if (op->opc == INDEX_op_call) {
        nb_o = op->args[0] ? 1 : 0;
        nb_i = (int)op->args[1];
        first_in = 2;
    }
    for (int k = first_in; k < first_in + nb_i; k++) {
        op->args[k] = resolve(st, op->args[k]);
    }

    switch (op->opc) {
    case INDEX_op_set_label:
        new_epoch(st);
        return false;
    case INDEX_op_br:
    case INDEX_op_exit_tb:
    case INDEX_op_goto_ptr:
        return true;
    case INDEX_op_brcond: {
        canonicalize_cmp(s, &op->args[0], &op->args[1], &op->args[2]);
        int r = fold_cond(s, type, (TCGCond)op->args[2], op->args[0],
                          op->args[1]);
        if (r == 1) {
            TCGArg label = op->args[3];
            op->opc = INDEX_op_br;
            op->type = TCG_TYPE_I32;
            op->args[0] = label;
            return true;
        }
        if (r == 0) {
            op->opc = INDEX_op_nop;
        }
        return false;
    }
    case INDEX_op_setcond: {
        canonicalize_cmp(s, &op->args[1], &op->args[2], &op->args[3]);
        int r = fold_cond(s, type, (TCGCond)op->args[3], op->args[1],
                          op->args[2]);
        if (r >= 0) {
            make_movi(s, op, op->args[0], (uint64_t)r);
        }
        break;
    }
    case INDEX_op_movcond: {
        TCGType ct = (TCGType)s->temps[op->args[1]].type;
        int r = fold_cond(s, ct, (TCGCond)op->args[5], op->args[1],
                          op->args[2]);
        if (r >= 0) {
            make_mov(op, op->args[0], r ? op->args[3] : op->args[4]);
        } else if (op->args[3] == op->args[4]) {
            make_mov(op, op->args[0], op->args[3]);
        }
        break;
    }
    case INDEX_op_call: {
        unsigned flags = (unsigned)op->args[3 + op->args[1]];
        if (!(flags & TCG_CALL_NO_WRITE_GLOBALS)) {
            forget_globals(st);
        }
        break;
    }
    default:
        if (tcg_op_is_binary((TCGOpcode)op->opc)) {
            if (is_const(s, op->args[1]) && is_const(s, op->args[2])) {
                make_movi(s, op, op->args[0],
                          tcg_eval_binary((TCGOpcode)op->opc, type,
                                          const_val(s, op->args[1]),
                                          const_val(s, op->args[2])));
            } else {
                simplify_binary(s, op);
            }
        } else if (op->opc == INDEX_op_ext32u && is_z32(st, op->args[1])) {
            make_mov(op, op->args[0], op->args[1]);
        } else if (op->opc != INDEX_op_mov &&
                   tcg_op_is_unary((TCGOpcode)op->opc) &&
                   is_const(s, op->args[1])) {
            make_movi(s, op, op->args[0],
                      tcg_eval_unary((TCGOpcode)op->opc, type,
                                     const_val(s, op->args[1])));
        }
        break;
    }

    /* Record what the outputs now hold. */
    if (op->opc == INDEX_op_mov) {
        TCGArg d = op->args[0], src = resolve(st, op->args[1]);
        op->args[1] = src;
        if (src == d) {
            op->opc = INDEX_op_nop;
            return false;
        }
        bool z32 = is_z32(st, src);
        note_write(st, d);
        note_copy(st, d, src);
        if (z32) {
            note_z32(st, d);
        }
        return false;
    }
    bool z32 = nb_o == 1 && op->opc != INDEX_op_call &&
               s->temps[op->args[0]].type == TCG_TYPE_I64 &&
               result_is_z32(st, op);
    for (int k = 0; k < nb_o; k++) {
        note_write(st, op->args[k]);
    }
    if (z32) {
        note_z32(st, op->args[0]);
    }
    return false;
}

void tcg_optimize_cleanup(void)
{
    free(opt_state);
    opt_state = NULL;
}

void tcg_optimize(TCGContext *s)
{
    if (!opt_state) {
        opt_state = calloc(1, sizeof(*opt_state));
        if (!opt_state) {
            fprintf(stderr, "mimic: out of memory\n");
            exit(1);
        }
    }
    OptState *st = opt_state;
    st->s = s;
    new_epoch(st);
    bool unreachable = false;

    for (uint32_t i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        if (unreachable) {
            if (op->opc == INDEX_op_set_label) {
                unreachable = false;
            } else {
                /* insn_start stays: tb.c counted it before optimizing. */
                if (op->opc != INDEX_op_insn_start) {
                    op->opc = INDEX_op_nop;
                }
                continue;
            }
        }
        unreachable = optimize_op(st, op);
    }
}
