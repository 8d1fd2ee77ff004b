/*
 * regalloc.h: the register allocator of the x86-64 backend.  One forward
 * pass over the op list: temps get host registers on demand, globals are
 * loaded lazily from env and written back when dirty at sync points, dead
 * values free their register at once, and the least recently used register
 * is spilled when none is free.
 *
 * Per op, the lowering code (codegen.c) asks for its inputs in registers
 * (ra_in), which locks them for the op; then for an output register
 * (ra_out, or ra_out_take to write the result into an input's register);
 * and ends with ra_end_op, which applies op->life (dead inputs and outputs
 * lose their registers) and unlocks.
 */
#ifndef TCG_X86_64_REGALLOC_H
#define TCG_X86_64_REGALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "tcg/tcg.h"
#include "tcg/x86_64/emit.h"

/* Fixed registers while generated code runs. */
#define REG_ENV X86_RBP
#define REG_GUEST_BASE X86_R14

#define REG_MASK(r) ((uint16_t)(1u << (r)))
#define REGS_ALL ((uint16_t)(0xffff & ~REG_MASK(X86_RSP) & \
                             ~REG_MASK(REG_ENV) & ~REG_MASK(REG_GUEST_BASE)))
/* SysV: clobbered by calls. */
#define REGS_CALL_CLOBBERED                                                   \
    ((uint16_t)(REG_MASK(X86_RAX) | REG_MASK(X86_RCX) | REG_MASK(X86_RDX) |   \
                REG_MASK(X86_RSI) | REG_MASK(X86_RDI) | REG_MASK(X86_R8) |    \
                REG_MASK(X86_R9) | REG_MASK(X86_R10) | REG_MASK(X86_R11)))

/* Registers that hold the "home" globals (tcg_global_set_home), in rank
 * order, whenever generated code enters or leaves a TB: neither rax, rcx
 * and rdx (mul, div, shifts, the jump cache probe) nor rsi and r11
 * (scratch of TB exits). */
#define RA_MAX_HOMES 8
extern const uint8_t ra_home_order[RA_MAX_HOMES];

/* Spill slot of temp i: [rsp + 8 * i]; the prologue reserves them all. */
#define FRAME_SLOTS_SIZE (TCG_MAX_TEMPS * 8)

/* Where a temp's value is: nowhere yet (or dead), in memory only, in a
 * register, or known to be a constant (ts.val, not in any register). */
enum { LOC_NONE, LOC_MEM, LOC_REG, LOC_CONST };

typedef struct TempState {
    uint8_t loc;   /* LOC_*; constants and env are never tracked */
    uint8_t reg;   /* LOC_REG: the register */
    bool mem_ok;   /* the env field / spill slot holds the current value */
    bool listed;   /* in RegAlloc.const_temps */
    int64_t val;   /* LOC_CONST: the value */
} TempState;

/* Which global each host register holds in a canonical state. */
typedef struct RegAssign {
    uint32_t temp[16]; /* 0: none */
    uint16_t regs;     /* registers with a global */
} RegAssign;

typedef struct RegAlloc {
    X86Asm a;
    TCGContext *s;
    uint32_t reg_temp[16];  /* temp held by each register, 0: none */
    uint32_t reg_stamp[16]; /* last use, for least-recently-used spills */
    uint32_t clock;
    uint16_t locked;        /* registers the current op uses */
    uint32_t nb_const_temps;
    uint32_t const_temps[TCG_MAX_TEMPS]; /* may be LOC_CONST (superset) */
    /* The canonical state at TB entries and exits (the home globals),
     * and the one at labels: the same, except inside a self-looping TB
     * (see codegen.c), whose loop keeps its own choice of globals. */
    RegAssign entry, labels;
    /* The state is known to be canonical for this assignment (set by
     * ra_to_assign and ra_assume_label, cleared by every function below
     * that may change the state), or NULL. */
    const RegAssign *canonical_for;
    TempState ts[TCG_MAX_TEMPS];
} RegAlloc;

void ra_start(RegAlloc *ra, TCGContext *s, uint8_t *code);

static inline TCGTemp *ra_temp(const RegAlloc *ra, TCGArg t)
{
    return &ra->s->temps[t];
}

/* If t's value is a known constant (a constant temp, or a temp last set
 * from one), store it in *val and return true. */
static inline bool ra_const_value(const RegAlloc *ra, TCGArg t, int64_t *val)
{
    const TCGTemp *tp = ra_temp(ra, t);

    if (tp->kind == TEMP_CONST) {
        *val = tp->val;
        return true;
    }
    if (ra->ts[t].loc == LOC_CONST) {
        *val = ra->ts[t].val;
        return true;
    }
    return false;
}
static inline bool ra_is_const(const RegAlloc *ra, TCGArg t)
{
    int64_t v;
    return ra_const_value(ra, t, &v);
}
/* If t is a constant usable as a sign-extended imm32 for an op of type ty,
 * store it in *imm and return true. */
bool ra_const_imm(const RegAlloc *ra, TCGArg t, TCGType ty, int32_t *imm);
/* Output t gets the value v without computing it in a register. */
void ra_set_const(RegAlloc *ra, TCGArg t, int64_t v);

/* Input t in a register of the allowed set, locked for this op.  A
 * constant lands in a scratch register (held by no temp). */
int ra_in(RegAlloc *ra, TCGArg t, uint16_t allowed);
/* A free register of the allowed set, locked, held by no temp. */
int ra_scratch(RegAlloc *ra, uint16_t allowed);
/* Evict whatever lives in register r and lock it as scratch. */
void ra_reserve(RegAlloc *ra, int r);
/* A register for a new value of output t, not one the op has locked
 * unless it already holds t.  Marks t dirty. */
int ra_out(RegAlloc *ra, TCGArg t, uint16_t allowed);
/* Make locked register r hold the new value of output t (r held input
 * arg k of op, which dies here or is t itself, or r is scratch). */
void ra_out_take(RegAlloc *ra, TCGArg t, int r);
/* May the op overwrite register r, which holds its input argument k? */
bool ra_input_clobberable(const RegAlloc *ra, const TCGOp *op, int k, int r);
/* Inputs [first_in, first_in + nb_in) that die at op, other than its
 * outputs [0, nb_out), give up their registers (which stay locked). */
void ra_kill_dead_inputs(RegAlloc *ra, const TCGOp *op, int nb_out,
                         int first_in, int nb_in);
/* Apply op->life to the temp arguments and unlock. */
void ra_end_op(RegAlloc *ra, const TCGOp *op, int nb_out, int first_in,
               int nb_in);

/* The register the label assignment keeps global t in, or -1. */
int ra_label_reg(const RegAlloc *ra, TCGArg t);
/* t (in a register) is now in locked, empty register r: the caller has
 * copied it there. */
void ra_rename(RegAlloc *ra, TCGArg t, int r);

/* Load the value of t into register r without giving r to t (call
 * arguments; r must be free). */
void ra_load_into(RegAlloc *ra, TCGArg t, int r);

/*
 * A canonical state for an assignment: each of its globals in its
 * register (counted dirty: env may be stale), every other global in env,
 * locals in their spill slots, no other register holding anything.  TB
 * entries and exits are canonical for ra->entry, labels for ra->labels.
 */
void ra_to_assign(RegAlloc *ra, const RegAssign *to); /* emit, take state */
/* ra_to_assign, except that the n globals in dead, whose values nothing
 * reads any more, are neither stored nor moved: their registers in to
 * hold whatever is left there. */
void ra_to_assign_dropping(RegAlloc *ra, const RegAssign *to,
                           const uint32_t *dead, int n);
/* Emit into out what ra_to_assign would, leaving the state as it is
 * (for a branch that leaves it); false if there is nothing to emit. */
bool ra_emit_assign(const RegAlloc *ra, X86Asm *out, const RegAssign *to);
/* Worst-case bytes of ra_emit_assign. */
size_t ra_assign_size(const RegAlloc *ra);
/* The state at a label only branches reach, in the canonical state for
 * to, after unreachable code. */
void ra_assume_label(RegAlloc *ra, const RegAssign *to);

static inline void ra_to_canonical(RegAlloc *ra)
{
    ra_to_assign(ra, &ra->labels);
}
static inline void ra_to_exit(RegAlloc *ra)
{
    ra_to_assign(ra, &ra->entry);
}
/* Home register of temp t (tcg_global_set_home), or -1. */
static inline int ra_home_of(const RegAlloc *ra, uint32_t t)
{
    const TCGTemp *tp = &ra->s->temps[t];
    return tp->kind == TEMP_GLOBAL && tp->home && tp->home <= RA_MAX_HOMES
               ? ra_home_order[tp->home - 1]
               : -1;
}

/* Sync points. */
void ra_sync_globals(RegAlloc *ra);   /* store dirty globals, keep regs */
void ra_forget_globals(RegAlloc *ra); /* drop registers of (synced) globals */
void ra_spill_regs(RegAlloc *ra, uint16_t regs);
/* Before an env access at [ofs, ofs+size): write back a dirty global that
 * overlaps it; for a store also drop the global's register. */
void ra_env_access(RegAlloc *ra, int32_t ofs, int size, bool is_store);

#endif
