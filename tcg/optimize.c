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
 *
 * Env fields (ld_env/st_env: CPU state that is not a global, such as x86's
 * XMM registers) get facts of their own, which matter to frontends that
 * keep a register file there and load it again for each instruction:
 * - "env[ofs] holds temp t" after st_env t or ld_env t, so a later ld_env
 *   of the same bytes becomes a mov (or an extension) of t, while t keeps
 *   that version and nothing may have written env since: a call, an f80
 *   op and a label end every fact;
 * - a store is dead when a later store writes the same bytes and nothing
 *   could have seen env in between: only arithmetic, movs, insn_start and
 *   env accesses of other bytes may come between (a guest memory access
 *   may fault, and the fault's handler reads env).
 */
#include <stdlib.h>
#include <string.h>

#include "tcg/tcg-eval.h"
#include "tcg/tcg.h"

typedef struct CopyInfo {
    uint32_t epoch;   /* valid only if equal to the current epoch */
    uint32_t src;     /* the temp this one equals (never itself a copy) */
    uint32_t src_ver; /* version of src when the copy was made */
    bool to_global;   /* made by "mov src, this" of a global src: the
                         value is in this temp as well (see below) */
} CopyInfo;

/* What env bytes [ofs, ofs + size) hold; see the top. */
typedef struct EnvFact {
    int32_t ofs;
    uint8_t memop;       /* of the load or store that made the fact */
    uint8_t type;        /* of that op */
    bool from_store;
    uint32_t temp, ver;  /* the value, and its version at the time */
    bool store_unseen;   /* the st_env that wrote the bytes (store_op) */
    uint32_t store_op;   /* may be dead: nothing read them since, ... */
    uint32_t store_seen; /* ... and nothing that may observe env either */
} EnvFact;

#define ENV_FACTS 32

typedef struct OptState {
    TCGContext *s;
    EnvFact env[ENV_FACTS]; /* env[0 .. nb_env) */
    uint32_t nb_env;
    uint32_t env_next;   /* the fact a new one replaces when full */
    uint32_t seen;       /* bumped when something may observe env */
    uint32_t op_index;   /* of the op being optimized */
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
    st->copies[d] = (CopyInfo){ st->epoch, (uint32_t)src, st->version[src],
                                false };
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

/* Forget every env fact. */
static void forget_env(OptState *st)
{
    st->nb_env = 0;
}

/* Forget every copy fact (epoch 0 marks "no fact", so skip it). */
static void new_epoch(OptState *st)
{
    if (++st->epoch == 0) {
        memset(st->copies, 0, sizeof(st->copies));
        memset(st->z32_epoch, 0, sizeof(st->z32_epoch));
        st->epoch = 1;
    }
    forget_env(st);
}

/* ---- env facts (see the top) ---- */

static void make_mov(TCGOp *op, TCGArg d, TCGArg src)
{
    op->opc = INDEX_op_mov;
    op->args[0] = d;
    op->args[1] = src;
}

static uint32_t memop_bytes(unsigned memop)
{
    return 1u << (memop & MO_SIZE);
}

static bool env_fact_valid(const OptState *st, const EnvFact *f)
{
    return st->version[f->temp] == f->ver;
}

static bool env_store_unseen(const OptState *st, const EnvFact *f)
{
    return f->store_unseen && f->store_seen == st->seen;
}

static void drop_env_fact(OptState *st, uint32_t i)
{
    st->env[i] = st->env[--st->nb_env];
}

static bool env_fact_overlaps(const EnvFact *f, int32_t ofs, uint32_t n)
{
    return f->ofs < ofs + (int32_t)n &&
           ofs < f->ofs + (int32_t)memop_bytes(f->memop);
}

static void add_env_fact(OptState *st, EnvFact fact)
{
    uint32_t i = st->nb_env;

    if (i == ENV_FACTS) {
        /* full: replace a fact worth nothing, else any */
        for (i = 0; i < ENV_FACTS; i++) {
            if (!env_fact_valid(st, &st->env[i]) &&
                !env_store_unseen(st, &st->env[i])) {
                break;
            }
        }
        if (i == ENV_FACTS) {
            i = st->env_next++ % ENV_FACTS;
        }
    } else {
        st->nb_env++;
    }
    st->env[i] = fact;
}

/* The extension that turns a value stored with a memop of size bytes into
 * what a load with memop of a type-wide temp gives; nop: a plain mov. */
static TCGOpcode env_reload_op(TCGType type, unsigned memop)
{
    bool sign = memop & MO_SIGN;
    switch (memop & MO_SIZE) {
    case MO_8:
        return sign ? INDEX_op_ext8s : INDEX_op_ext8u;
    case MO_16:
        return sign ? INDEX_op_ext16s : INDEX_op_ext16u;
    case MO_32:
        if (type == TCG_TYPE_I64) {
            return sign ? INDEX_op_ext32s : INDEX_op_ext32u;
        }
        return INDEX_op_nop;
    default:
        return INDEX_op_nop;
    }
}

/* ld_env d, ofs, memop: a mov or an extension of a temp holding those
 * bytes (returns true), else the load, which may see pending stores. */
static bool forward_env_load(OptState *st, TCGOp *op)
{
    int32_t ofs = (int32_t)op->args[1];
    unsigned memop = (unsigned)op->args[2];
    uint32_t n = memop_bytes(memop);

    for (uint32_t i = 0; i < st->nb_env; i++) {
        EnvFact *f = &st->env[i];
        if (!env_fact_valid(st, f) || f->ofs != ofs ||
            memop_bytes(f->memop) != n || f->type != op->type ||
            ((memop | f->memop) & MO_BSWAP)) {
            continue;
        }
        if (!f->from_store) {
            if (f->memop != memop) {
                continue;
            }
            make_mov(op, op->args[0], f->temp);
            return true;
        }
        TCGOpcode ext = env_reload_op((TCGType)op->type, memop);
        if (ext == INDEX_op_nop) {
            make_mov(op, op->args[0], f->temp);
        } else {
            op->opc = ext;
            op->args[1] = f->temp;
        }
        return true;
    }
    for (uint32_t i = 0; i < st->nb_env; i++) {
        EnvFact *f = &st->env[i];
        if (env_fact_overlaps(f, ofs, n)) {
            f->store_unseen = false;
        }
    }
    return false;
}

/* After ld_env d (written): env[ofs] holds d. */
static void note_env_load(OptState *st, const TCGOp *op)
{
    TCGArg d = op->args[0];
    add_env_fact(st, (EnvFact){ .ofs = (int32_t)op->args[1],
                                .memop = (uint8_t)op->args[2],
                                .type = op->type, .temp = (uint32_t)d,
                                .ver = st->version[d] });
}

/* st_env a, ofs, memop: drops an unseen store of the same bytes, and env
 * [ofs] holds a from now. */
static void note_env_store(OptState *st, const TCGOp *op)
{
    TCGArg a = op->args[0];
    int32_t ofs = (int32_t)op->args[1];
    unsigned memop = (unsigned)op->args[2];
    uint32_t n = memop_bytes(memop);

    for (uint32_t i = 0; i < st->nb_env; i++) {
        EnvFact *f = &st->env[i];
        if (!env_fact_overlaps(f, ofs, n)) {
            continue;
        }
        if (f->from_store && env_store_unseen(st, f) && f->ofs == ofs &&
            memop_bytes(f->memop) == n) {
            st->s->ops[f->store_op].opc = INDEX_op_nop;
        }
        drop_env_fact(st, i--);
    }
    add_env_fact(st, (EnvFact){ .ofs = ofs, .memop = (uint8_t)memop,
                                .type = op->type, .from_store = true,
                                .temp = (uint32_t)a, .ver = st->version[a],
                                .store_unseen = true,
                                .store_op = st->op_index,
                                .store_seen = st->seen });
}

/* Ops other than the env accesses that may read env (a fault handler, a
 * helper, the next TB, a branch target) or write it. */
static void note_env_effects(OptState *st, const TCGOp *op, unsigned flags)
{
    if (!(flags & (TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS | TCG_OPF_CALL)) ||
        op->opc == INDEX_op_st_env) {
        return;
    }
    st->seen++;
    switch (op->opc) {
    case INDEX_op_qemu_ld:          /* guest memory and control flow only */
    case INDEX_op_qemu_st:
    case INDEX_op_atomic_cmpxchg:
    case INDEX_op_mb:
    case INDEX_op_set_label:        /* new_epoch forgets */
    case INDEX_op_br:
    case INDEX_op_brcond:
    case INDEX_op_goto_tb:
    case INDEX_op_exit_tb:
    case INDEX_op_goto_ptr:
        break;
    default:                        /* calls, the f80 ops, ... */
        forget_env(st);
        break;
    }
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
    /* the first input before resolving, for an op that becomes a mov */
    TCGArg in0 = nb_i > 0 ? op->args[first_in] : 0;
    for (int k = first_in; k < first_in + nb_i; k++) {
        op->args[k] = resolve(st, op->args[k]);
    }
    note_env_effects(st, op, def->flags);

    switch (op->opc) {
    case INDEX_op_ld_env:
        if (forward_env_load(st, op)) {
            break;
        }
        note_write(st, op->args[0]);
        if (type == TCG_TYPE_I64 && result_is_z32(st, op)) {
            note_z32(st, op->args[0]);
        }
        note_env_load(st, op);
        return false;
    case INDEX_op_st_env:
        note_env_store(st, op);
        return false;
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
        bool d_global = s->temps[d].kind == TEMP_GLOBAL;
        TCGArg t = d_global && in0 && resolve(st, in0) == src ? in0 : src;
        /* "mov global, t" of a temp: later reads of t read the global
         * instead, so t dies here and the backend computes the global in
         * t's register rather than copying it.  t is not written, so when
         * the global is, t is its own value again.  Of several globals
         * given t, the last is the one reads go to (x86: the register
         * written after the flags). */
        bool to_global = d_global && s->temps[t].kind == TEMP_LOCAL &&
                         (src == t || st->copies[t].to_global);
        if (to_global) {
            src = t;
        }
        op->args[1] = src;
        if (src == d) {
            op->opc = INDEX_op_nop;
            return false;
        }
        bool z32 = is_z32(st, src);
        note_write(st, d);
        if (to_global) {
            note_copy(st, t, d);
            st->copies[t].to_global = true;
        } else {
            note_copy(st, d, src);
        }
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
        st->op_index = i;
        unreachable = optimize_op(st, op);
    }
}
