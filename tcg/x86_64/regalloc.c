/*
 * regalloc.c: register state of the x86-64 backend (see regalloc.h).
 */
#include "tcg/x86_64/regalloc.h"

#include <assert.h>

/* Order in which free registers are handed out: callee-saved ones first
 * (they survive helper calls), rax/rdx/rcx last (mul, div and shifts
 * need them). */
static const uint8_t alloc_order[] = {
    X86_RBX, X86_R12, X86_R13, X86_R15, X86_RSI, X86_RDI, X86_R8,
    X86_R9,  X86_R10, X86_R11, X86_RAX, X86_RDX, X86_RCX,
};

static void assume_assign(RegAlloc *ra, const RegAssign *to);

const uint8_t ra_home_order[RA_MAX_HOMES] = {
    X86_RBX, X86_R12, X86_R13, X86_R15, X86_RDI, X86_R8, X86_R9, X86_R10,
};

void ra_start(RegAlloc *ra, TCGContext *s, uint8_t *code)
{
    ra->a.ptr = code;
    ra->s = s;
    for (int r = 0; r < 16; r++) {
        ra->reg_temp[r] = 0;
        ra->reg_stamp[r] = 0;
    }
    ra->clock = 0;
    ra->locked = 0;
    ra->nb_const_temps = 0;
    for (uint32_t t = 1; t < s->nb_temps; t++) {
        ra->ts[t].loc = s->temps[t].kind == TEMP_GLOBAL ? LOC_MEM : LOC_NONE;
        ra->ts[t].mem_ok = true;
        ra->ts[t].listed = false;
    }
    ra->entry.regs = 0;
    for (int r = 0; r < 16; r++) {
        ra->entry.temp[r] = 0;
    }
    for (uint32_t t = 1; t <= s->nb_globals; t++) {
        int h = ra_home_of(ra, t);
        if (h >= 0) {
            ra->entry.temp[h] = t;
            ra->entry.regs |= REG_MASK(h);
        }
    }
    ra->labels = ra->entry;
    ra->canonical_for = NULL;
    assume_assign(ra, &ra->entry);
}

bool ra_const_imm(const RegAlloc *ra, TCGArg t, TCGType ty, int32_t *imm)
{
    int64_t v;

    if (!ra_const_value(ra, t, &v) ||
        (ty == TCG_TYPE_I64 && v != (int32_t)v)) {
        return false;
    }
    *imm = (int32_t)v;
    return true;
}

static X86Mem temp_mem(const RegAlloc *ra, uint32_t t)
{
    const TCGTemp *tp = &ra->s->temps[t];

    if (tp->kind == TEMP_GLOBAL) {
        return x86_mem(REG_ENV, tp->mem_offset);
    }
    return x86_mem(X86_RSP, (int32_t)(t * 8));
}

static inline int temp_w(const RegAlloc *ra, uint32_t t)
{
    return ra->s->temps[t].type == TCG_TYPE_I64;
}

/* Emit into a the store of t's stale memory copy from its register or
 * constant; false if there is nothing to store. */
static bool emit_store(const RegAlloc *ra, X86Asm *a, uint32_t t)
{
    const TempState *ts = &ra->ts[t];
    X86Mem m = temp_mem(ra, t);

    if (ts->mem_ok) {
        return false;
    }
    if (ts->loc == LOC_REG) {
        x86_st(a, temp_w(ra, t) ? 3 : 2, ts->reg, m);
    } else if (ts->loc == LOC_CONST) {
        if (!temp_w(ra, t) || ts->val == (int32_t)ts->val) {
            x86_st_imm(a, temp_w(ra, t) ? 3 : 2, m, (int32_t)ts->val);
        } else {
            /* no register needed: two halves */
            x86_st_imm(a, 2, m, (int32_t)ts->val);
            m.disp += 4;
            x86_st_imm(a, 2, m, (int32_t)(ts->val >> 32));
        }
    } else {
        return false;
    }
    return true;
}

/* Write t's register or constant back to memory if memory is stale. */
static void temp_store(RegAlloc *ra, uint32_t t)
{
    if (emit_store(ra, &ra->a, t)) {
        ra->ts[t].mem_ok = true;
    }
}

/* t loses its register or constant (its memory copy, if any, stays
 * valid). */
static void temp_release(RegAlloc *ra, uint32_t t)
{
    TempState *ts = &ra->ts[t];

    if (ts->loc == LOC_REG) {
        ra->reg_temp[ts->reg] = 0;
    }
    if (ts->loc == LOC_REG || ts->loc == LOC_CONST) {
        ts->loc = ts->mem_ok ? LOC_MEM : LOC_NONE;
    }
}

void ra_set_const(RegAlloc *ra, TCGArg arg, int64_t v)
{
    ra->canonical_for = NULL;
    uint32_t t = (uint32_t)arg;
    TempState *ts = &ra->ts[t];

    if (ts->loc == LOC_REG) {
        ra->reg_temp[ts->reg] = 0;
    }
    ts->loc = LOC_CONST;
    ts->val = v;
    ts->mem_ok = false;
    if (!ts->listed) {
        ts->listed = true;
        ra->const_temps[ra->nb_const_temps++] = t;
    }
}

/* Apply fn to every temp in LOC_CONST (optionally only globals), dropping
 * list entries that are no longer constant. */
static void for_each_const(RegAlloc *ra, bool globals_only,
                           void (*fn)(RegAlloc *, uint32_t))
{
    uint32_t n = 0;

    for (uint32_t i = 0; i < ra->nb_const_temps; i++) {
        uint32_t t = ra->const_temps[i];
        if (ra->ts[t].loc != LOC_CONST) {
            ra->ts[t].listed = false;
            continue;
        }
        ra->const_temps[n++] = t;
        if (!globals_only || ra->s->temps[t].kind == TEMP_GLOBAL) {
            fn(ra, t);
        }
    }
    ra->nb_const_temps = n; /* entries fn made non-constant go next time */
}

static void temp_spill(RegAlloc *ra, uint32_t t)
{
    temp_store(ra, t);
    temp_release(ra, t);
}

/* t's value is no longer needed.  Liveness only kills a global that is
 * overwritten before anything (a sync point, a fault, a helper) can read
 * env, so a dead global is dropped without a store, like a local. */
static void temp_kill(RegAlloc *ra, uint32_t t)
{
    temp_release(ra, t);
    if (ra->s->temps[t].kind != TEMP_GLOBAL) {
        ra->ts[t].loc = LOC_NONE;
    }
}

static void reg_assign(RegAlloc *ra, int r, uint32_t t)
{
    ra->reg_temp[r] = t;
    ra->reg_stamp[r] = ++ra->clock;
    ra->locked |= REG_MASK(r);
    if (t) {
        ra->ts[t].loc = LOC_REG;
        ra->ts[t].reg = (uint8_t)r;
    }
}

/* An unlocked register from allowed: a free one if any, else the least
 * recently used one, spilled.  Not assigned to any temp yet. */
static int reg_pick(RegAlloc *ra, uint16_t allowed)
{
    uint16_t cand = allowed & ~ra->locked;
    int best = -1;

    assert(cand != 0);
    /* a free register that is nobody's home first: a home global that
     * comes back wants its own */
    for (size_t i = 0; i < sizeof(alloc_order); i++) {
        int r = alloc_order[i];
        if ((cand & ~ra->labels.regs & REG_MASK(r)) && ra->reg_temp[r] == 0) {
            return r;
        }
    }
    for (size_t i = 0; i < sizeof(alloc_order); i++) {
        int r = alloc_order[i];
        if (!(cand & REG_MASK(r))) {
            continue;
        }
        if (ra->reg_temp[r] == 0) {
            return r;
        }
        if (best < 0 || ra->reg_stamp[r] < ra->reg_stamp[best]) {
            best = r;
        }
    }
    temp_spill(ra, ra->reg_temp[best]);
    return best;
}

/* The register of global t in assignment a, or -1. */
static int assign_reg_of(const RegAssign *a, uint32_t t)
{
    for (uint16_t m = a->regs; m; m &= (uint16_t)(m - 1)) {
        int r = __builtin_ctz(m);
        if (a->temp[r] == t) {
            return r;
        }
    }
    return -1;
}

/* The register assignment a keeps temp t in, or -1 (always for a
 * temp that is not a global). */
static int assigned_reg(const RegAlloc *ra, const RegAssign *a, uint32_t t)
{
    return ra->s->temps[t].kind == TEMP_GLOBAL ? assign_reg_of(a, t) : -1;
}

/* A register for temp t: its register in the label assignment when that
 * is free and allowed, else one reg_pick gives. */
static int reg_pick_for(RegAlloc *ra, uint16_t allowed, uint32_t t)
{
    int h = assigned_reg(ra, &ra->labels, t);

    if (h >= 0 && (allowed & ~ra->locked & REG_MASK(h)) &&
        ra->reg_temp[h] == 0) {
        return h;
    }
    return reg_pick(ra, allowed);
}

int ra_label_reg(const RegAlloc *ra, TCGArg t)
{
    return assigned_reg(ra, &ra->labels, (uint32_t)t);
}

void ra_rename(RegAlloc *ra, TCGArg arg, int r)
{
    uint32_t t = (uint32_t)arg;
    TempState *ts = &ra->ts[t];

    ra->canonical_for = NULL;
    assert(ts->loc == LOC_REG && ra->reg_temp[r] == 0);
    ra->reg_temp[ts->reg] = 0;
    ra->reg_temp[r] = t;
    ts->reg = (uint8_t)r;
}

int ra_scratch(RegAlloc *ra, uint16_t allowed)
{
    ra->canonical_for = NULL;
    int r = reg_pick(ra, allowed);
    reg_assign(ra, r, 0);
    return r;
}

void ra_reserve(RegAlloc *ra, int r)
{
    ra->canonical_for = NULL;
    assert(!(ra->locked & REG_MASK(r)));
    if (ra->reg_temp[r]) {
        temp_spill(ra, ra->reg_temp[r]);
    }
    reg_assign(ra, r, 0);
}

static void load_value(RegAlloc *ra, uint32_t t, int r)
{
    const TCGTemp *tp = &ra->s->temps[t];
    int64_t v;

    if (ra_const_value(ra, t, &v)) {
        x86_movi(&ra->a, tp->type == TCG_TYPE_I64, r, (uint64_t)v);
    } else if (tp->kind == TEMP_FIXED) {
        x86_mov_rr(&ra->a, 1, r, REG_ENV);
    } else if (ra->ts[t].loc == LOC_REG) {
        x86_mov_rr(&ra->a, temp_w(ra, t), r, ra->ts[t].reg);
    } else {
        x86_ld(&ra->a, temp_w(ra, t) ? X86_LD_64 : X86_LD_U32, r,
               temp_mem(ra, t));
    }
}

int ra_in(RegAlloc *ra, TCGArg arg, uint16_t allowed)
{
    ra->canonical_for = NULL;
    uint32_t t = (uint32_t)arg;
    const TCGTemp *tp = &ra->s->temps[t];
    TempState *ts = &ra->ts[t];

    if (tp->kind == TEMP_FIXED && (allowed & REG_MASK(REG_ENV))) {
        return REG_ENV;
    }
    if (tp->kind == TEMP_CONST || tp->kind == TEMP_FIXED) {
        int r = ra_scratch(ra, allowed);
        load_value(ra, t, r);
        return r;
    }
    if (ts->loc == LOC_REG) {
        int old = ts->reg;
        if (allowed & REG_MASK(old)) {
            ra->reg_stamp[old] = ++ra->clock;
            ra->locked |= REG_MASK(old);
            return old;
        }
        int r = reg_pick(ra, allowed);
        x86_mov_rr(&ra->a, temp_w(ra, t), r, old);
        if ((ra->locked & REG_MASK(old)) || ra_home_of(ra, t) == old) {
            /* old serves another operand of this op: copy */
            reg_assign(ra, r, 0);
        } else {
            ra->reg_temp[old] = 0;
            reg_assign(ra, r, t);
        }
        return r;
    }
    int r = reg_pick_for(ra, allowed, t);
    load_value(ra, t, r);
    if (ts->loc != LOC_CONST) {
        ts->mem_ok = true;
    }
    reg_assign(ra, r, t);
    return r;
}

int ra_out(RegAlloc *ra, TCGArg arg, uint16_t allowed)
{
    ra->canonical_for = NULL;
    uint32_t t = (uint32_t)arg;
    TempState *ts = &ra->ts[t];
    int r;

    if (ts->loc == LOC_REG) {
        r = ts->reg;
        if ((allowed & REG_MASK(r)) && !(ra->locked & REG_MASK(r))) {
            ra->reg_stamp[r] = ++ra->clock;
            ra->locked |= REG_MASK(r);
            ts->mem_ok = false;
            return r;
        }
        /* the old value may still be an input of this op: the register
         * stays locked, only forgets t */
        ra->reg_temp[r] = 0;
    }
    r = reg_pick_for(ra, allowed, t);
    reg_assign(ra, r, t);
    ts->mem_ok = false;
    return r;
}

void ra_out_take(RegAlloc *ra, TCGArg arg, int r)
{
    ra->canonical_for = NULL;
    uint32_t t = (uint32_t)arg;
    TempState *ts = &ra->ts[t];
    uint32_t holder = ra->reg_temp[r];

    assert(ra->locked & REG_MASK(r));
    if (holder != t) {
        if (holder) {
            /* a dying input: its last value goes where it belongs */
            temp_kill(ra, holder);
        }
        if (ts->loc == LOC_REG) {
            ra->reg_temp[ts->reg] = 0;
        }
        reg_assign(ra, r, t);
    }
    ts->mem_ok = false;
}

bool ra_input_clobberable(const RegAlloc *ra, const TCGOp *op, int k, int r)
{
    uint32_t holder = ra->reg_temp[r];

    if (holder == 0) {
        return r != REG_ENV; /* scratch copy */
    }
    if (holder == (uint32_t)op->args[0] && tcg_op_defs[op->opc].nb_oargs) {
        return true; /* the op overwrites this very temp */
    }
    return (op->life & TCG_LIFE_DEAD(k)) != 0;
}

void ra_kill_dead_inputs(RegAlloc *ra, const TCGOp *op, int nb_out,
                         int first_in, int nb_in)
{
    ra->canonical_for = NULL;
    for (int k = first_in; k < first_in + nb_in; k++) {
        uint32_t t = (uint32_t)op->args[k];
        uint8_t kind = ra->s->temps[t].kind;
        bool is_out = false;

        if (!(op->life & TCG_LIFE_DEAD(k)) || kind == TEMP_CONST ||
            kind == TEMP_FIXED) {
            continue;
        }
        for (int o = 0; o < nb_out; o++) {
            is_out |= (uint32_t)op->args[o] == t;
        }
        if (!is_out) {
            temp_kill(ra, t);
        }
    }
}

void ra_end_op(RegAlloc *ra, const TCGOp *op, int nb_out, int first_in,
               int nb_in)
{
    ra->canonical_for = NULL;
    ra_kill_dead_inputs(ra, op, nb_out, first_in, nb_in);
    for (int o = 0; o < nb_out; o++) {
        if (op->life & TCG_LIFE_DEAD(o)) {
            temp_kill(ra, (uint32_t)op->args[o]);
        }
    }
    ra->locked = 0;
}

void ra_load_into(RegAlloc *ra, TCGArg t, int r)
{
    load_value(ra, (uint32_t)t, r);
}

void ra_sync_globals(RegAlloc *ra)
{
    ra->canonical_for = NULL;
    for (int r = 0; r < 16; r++) {
        uint32_t t = ra->reg_temp[r];
        if (t && ra->s->temps[t].kind == TEMP_GLOBAL) {
            temp_store(ra, t);
        }
    }
    for_each_const(ra, true, temp_store);
}

void ra_forget_globals(RegAlloc *ra)
{
    ra->canonical_for = NULL;
    for (int r = 0; r < 16; r++) {
        uint32_t t = ra->reg_temp[r];
        if (t && ra->s->temps[t].kind == TEMP_GLOBAL) {
            temp_release(ra, t);
        }
    }
    for_each_const(ra, true, temp_release);
}

void ra_spill_regs(RegAlloc *ra, uint16_t regs)
{
    ra->canonical_for = NULL;
    for (int r = 0; r < 16; r++) {
        if ((regs & REG_MASK(r)) && ra->reg_temp[r]) {
            temp_spill(ra, ra->reg_temp[r]);
        }
    }
}

/* The env access ra_env_access is looking at. */
static __thread int32_t access_ofs, access_size;
static __thread bool access_is_store;

static void env_access_one(RegAlloc *ra, uint32_t t)
{
    const TCGTemp *tp = &ra->s->temps[t];
    int32_t gsize = tp->type == TCG_TYPE_I64 ? 8 : 4;

    if (tp->kind == TEMP_GLOBAL && tp->mem_offset < access_ofs + access_size &&
        access_ofs < tp->mem_offset + gsize) {
        temp_store(ra, t);
        if (access_is_store) {
            temp_release(ra, t);
        }
    }
}

void ra_env_access(RegAlloc *ra, int32_t ofs, int size, bool is_store)
{
    ra->canonical_for = NULL;
    access_ofs = ofs;
    access_size = size;
    access_is_store = is_store;
    for (int r = 0; r < 16; r++) {
        if (ra->reg_temp[r]) {
            env_access_one(ra, ra->reg_temp[r]);
        }
    }
    for_each_const(ra, true, env_access_one);
}

/* ---- canonical states (see regalloc.h) ---- */

/*
 * Every value the assignment does not place goes to memory first; then
 * the globals it places that sit in other registers move there (a
 * parallel move: a move waits while its destination is still to be read,
 * a cycle goes through a free register, or else through env); then its
 * globals not in any register are loaded from env or set to their
 * constant.
 */
bool ra_emit_assign(const RegAlloc *ra, X86Asm *out, const RegAssign *to)
{
    uint8_t *start = out->ptr;
    int8_t src[16];         /* register r's global is now in src[r] */
    uint16_t sources = 0;   /* registers holding such displaced globals */
    uint16_t in_place = 0;  /* registers holding their own global */
    uint16_t via_env = 0;   /* registers whose global went through env */

    if (ra->canonical_for == to) {
        return false;
    }
    for (int r = 0; r < 16; r++) {
        uint32_t t = ra->reg_temp[r];
        int h;
        if (!t) {
            continue;
        }
        if (to->temp[r] == t) {
            in_place |= REG_MASK(r);
        } else if ((h = assigned_reg(ra, to, t)) >= 0) {
            src[h] = (int8_t)r;
            sources |= REG_MASK(r);
        } else {
            emit_store(ra, out, t);
        }
    }
    for (uint32_t i = 0; i < ra->nb_const_temps; i++) {
        uint32_t t = ra->const_temps[i];
        if (ra->ts[t].loc == LOC_CONST && assigned_reg(ra, to, t) < 0) {
            emit_store(ra, out, t);
        }
    }
    uint16_t moves = 0; /* registers still to receive their global */
    for (uint16_t m = sources; m; m &= (uint16_t)(m - 1)) {
        moves |= REG_MASK(assign_reg_of(to, ra->reg_temp[__builtin_ctz(m)]));
    }
    while (moves) {
        bool progress = false;
        for (uint16_t m = moves; m; m &= (uint16_t)(m - 1)) {
            int h = __builtin_ctz(m);
            if (sources & REG_MASK(h)) {
                continue; /* h still holds a value to move */
            }
            x86_mov_rr(out, temp_w(ra, to->temp[h]), h, src[h]);
            sources &= (uint16_t)~REG_MASK(src[h]);
            moves &= (uint16_t)~REG_MASK(h);
            progress = true;
        }
        if (progress || !moves) {
            continue;
        }
        /* a cycle: the value in one destination moves to a register
         * nobody reads or writes, or else to env */
        int busy_h = __builtin_ctz(moves); /* holds another's global */
        uint32_t held = ra->reg_temp[busy_h];
        int hh = assign_reg_of(to, held);
        /* not a register holding a value either: an exit may still need
         * it (goto_ptr's pc in rax) */
        uint16_t busy = sources | to->regs | REG_MASK(X86_RSP) |
                        REG_MASK(REG_ENV) | REG_MASK(REG_GUEST_BASE);
        for (int r = 0; r < 16; r++) {
            if (ra->reg_temp[r] || (ra->locked & REG_MASK(r))) {
                busy |= REG_MASK(r);
            }
        }
        if (busy != 0xffff) {
            int spare = __builtin_ctz((unsigned)(uint16_t)~busy);
            x86_mov_rr(out, 1, spare, busy_h);
            src[hh] = (int8_t)spare;
            sources |= REG_MASK(spare);
        } else {
            emit_store(ra, out, held);
            via_env |= REG_MASK(hh);
            moves &= (uint16_t)~REG_MASK(hh);
        }
        sources &= (uint16_t)~REG_MASK(busy_h);
    }
    for (uint16_t m = to->regs & ~in_place; m; m &= (uint16_t)(m - 1)) {
        int h = __builtin_ctz(m);
        uint32_t t = to->temp[h];
        if (ra->ts[t].loc == LOC_REG && !(via_env & REG_MASK(h))) {
            continue; /* moved above */
        }
        if (ra->ts[t].loc == LOC_CONST) {
            x86_movi(out, temp_w(ra, t), h, (uint64_t)ra->ts[t].val);
        } else {
            x86_ld(out, temp_w(ra, t) ? X86_LD_64 : X86_LD_U32, h,
                   temp_mem(ra, t));
        }
    }
    return out->ptr != start;
}

size_t ra_assign_size(const RegAlloc *ra)
{
    /* a store per register and two per constant, a move or load per
     * assigned register and cycle */
    return 16 * 8 + (size_t)ra->nb_const_temps * 16 + 16 * 18;
}

void ra_to_assign(RegAlloc *ra, const RegAssign *to)
{
    if (ra->canonical_for == to) {
        return;
    }
    ra_emit_assign(ra, &ra->a, to);
    /* what went to memory is clean there now */
    for (int r = 0; r < 16; r++) {
        uint32_t t = ra->reg_temp[r];
        if (t && assigned_reg(ra, to, t) < 0) {
            ra->ts[t].mem_ok = true;
        }
    }
    for (uint32_t i = 0; i < ra->nb_const_temps; i++) {
        uint32_t t = ra->const_temps[i];
        if (ra->ts[t].loc == LOC_CONST && assigned_reg(ra, to, t) < 0) {
            ra->ts[t].mem_ok = true;
        }
    }
    assume_assign(ra, to);
}

void ra_to_assign_dropping(RegAlloc *ra, const RegAssign *to,
                           const uint32_t *dead, int n)
{
    RegAssign live = *to;

    for (int i = 0; i < n; i++) {
        uint32_t t = dead[i];
        TempState *ts = &ra->ts[t];
        int h = assign_reg_of(to, t);
        if (h >= 0) {
            live.temp[h] = 0;
            live.regs &= (uint16_t)~REG_MASK(h);
        }
        if (ts->loc == LOC_REG) {
            ra->reg_temp[ts->reg] = 0;
        }
        ts->loc = LOC_MEM;
        ts->mem_ok = true; /* not true, but nothing reads it */
    }
    ra->canonical_for = NULL;
    ra_to_assign(ra, &live);
    assume_assign(ra, to);
}

void ra_assume_label(RegAlloc *ra, const RegAssign *to)
{
    /* whatever unreachable code before the label did to the state, the
     * branches to it left every value in memory but to's */
    for (int r = 0; r < 16; r++) {
        ra->reg_temp[r] = 0;
    }
    for (uint32_t t = 1; t < ra->s->nb_temps; t++) {
        uint8_t kind = ra->s->temps[t].kind;
        if (kind == TEMP_GLOBAL || kind == TEMP_LOCAL) {
            ra->ts[t].loc = LOC_MEM;
            ra->ts[t].mem_ok = true;
        }
    }
    assume_assign(ra, to);
}

static void assume_assign(RegAlloc *ra, const RegAssign *to)
{
    for (int r = 0; r < 16; r++) {
        uint32_t t = ra->reg_temp[r];
        if (t) {
            ra->reg_temp[r] = 0;
            ra->ts[t].loc = ra->ts[t].mem_ok ? LOC_MEM : LOC_NONE;
        }
    }
    for_each_const(ra, false, temp_release);
    for (uint16_t m = to->regs; m; m &= (uint16_t)(m - 1)) {
        int h = __builtin_ctz(m);
        uint32_t t = to->temp[h];
        ra->reg_temp[h] = t;
        ra->reg_stamp[h] = 0;
        ra->ts[t].loc = LOC_REG;
        ra->ts[t].reg = (uint8_t)h;
        ra->ts[t].mem_ok = false;
    }
    ra->canonical_for = to;
}
