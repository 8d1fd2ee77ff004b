/*
 * codegen.h: state shared by the files of the x86-64 backend's op
 * lowering: codegen.c (integer ops, memory, calls, control flow, TB
 * chaining) and codegen-fp.c (the f64 and f80 floating-point ops).
 */
#ifndef TCG_X86_64_CODEGEN_H
#define TCG_X86_64_CODEGEN_H

#include "tcg/tb.h"
#include "tcg/x86_64/emit.h"
#include "tcg/x86_64/regalloc.h"
#include "tcg/x86_64/restore.h"

/* A brcond whose taken path first writes back dirty values: offsets of its
 * jcc's rel32 in the code, of the stub in stub_code and of the stub's jmp
 * rel32 in stub_code; the label. */
typedef struct BranchStub {
    uint32_t jcc_field, stub_ofs, jmp_field, label;
} BranchStub;

/* BranchStub.label of a stub that jumps back into the code (call_if) at
 * the code offset in stub_resume[]; of one that leaves through the
 * shared exit_request path (jmp_field: its jmp's rel32, or none). */
#define STUB_RESUMES UINT32_MAX
#define STUB_EXIT_REQUESTED (UINT32_MAX - 1)

#define MAX_STUBS 1024
/* Globals a self-looping TB keeps in registers across iterations. */
#define LOOP_MAX_GLOBALS 8
#define STUB_CODE_SIZE (64 * 1024)

/* What the host flags hold after a movcond: a comparison (cmp, or test
 * for the tst conditions) of temps a and b in registers ra and rb (rb < 0:
 * with imm), made by the op with output out. */
typedef struct FlagsState {
    bool valid, tst;
    int w, ra, rb;
    int32_t imm;
    TCGArg a, b, out;
} FlagsState;

typedef struct CodeGen {
    RegAlloc ra;
    uint8_t *buf;
    TranslationBlock *tb;
    uint32_t insn;
    int32_t label_ofs[TCG_MAX_LABELS];   /* bound offset, or -1 */
    int32_t label_chain[TCG_MAX_LABELS]; /* last unpatched rel32, or -1 */
    RestoreRecorder restore;
    /* Branch stubs, emitted aside and appended after the last op. */
    uint32_t nb_stubs;
    BranchStub stubs[MAX_STUBS];
    uint32_t stub_len;
    uint8_t stub_code[STUB_CODE_SIZE];
    uint32_t stub_resume[MAX_STUBS]; /* STUB_RESUMES: code offset */
    /* Self-loop (see the top): the pc global, the loop's assignment of
     * globals to registers, where the loop body starts (-1: not yet). */
    bool loop;
    uint32_t pc_temp;
    bool pc_set_at_exits; /* pc is written only right before leaving */
    RegAssign loop_assign;
    int32_t loop_head;
    /* Globals the loop body overwrites before anything may read them
     * (loop_find_dead): the back edge leaves them behind. */
    uint32_t loop_dead[LOOP_MAX_GLOBALS];
    int nb_loop_dead;
    /* flags left by the previous op that emits code, and by this one */
    FlagsState prev_flags, flags;
    uint32_t pc_global; /* the pc global's temp (0: none) */
    F80Stack x87;
    /* Ops already lowered with an earlier one (f80_gen_guest_op): the
     * main loop passes over them. */
    uint32_t skip[2];
    bool unreachable;   /* after a TB exit or br, until the next label */
} CodeGen;

static inline X86Asm *A(CodeGen *g)
{
    return &g->ra.a;
}

static inline int op_w(const TCGOp *op)
{
    return op->type == TCG_TYPE_I64;
}

/* Where an argument's value is when the call starts. */
typedef struct ValueLoc {
    enum { VAL_REG, VAL_ENV, VAL_FRAME, VAL_CONST } kind;
    int reg;
    int32_t ofs;
    int64_t val;
} ValueLoc;

ValueLoc value_loc(const RegAlloc *ra, TCGArg t);

/*
 * rd = fn(args at locs[0..n)), with every other register as it was (for
 * rarely taken paths; see codegen.c).
 */
void emit_preserving_call(X86Asm *a, uintptr_t fn, const ValueLoc *locs,
                          int n, int rd);

/* Output register of an instruction that writes its destination after
 * reading rin (input argument k): rin when allowed, else any. */
int dst_3addr(CodeGen *g, const TCGOp *op, int k, int rin);

/* Applies op->life to its arguments and unlocks (after lowering it). */
void end_op(CodeGen *g, const TCGOp *op);

/* Host address of a guest access (guest_base + address); *rin: the
 * address input's register, or -1. */
X86Mem guest_mem(CodeGen *g, TCGArg addr, int *rin);
/* Just before the instruction that touches guest memory: record where
 * the dirty globals and f80 values are (restore.h), then commit the
 * record to the instruction about to be emitted. */
bool access_snapshot(CodeGen *g);
void access_commit(CodeGen *g, bool recorded);

/* Lowers an f64 or f80 op (codegen-fp.c). */
void gen_fp_op(CodeGen *g, const TCGOp *op);

/* Before the code of op i of s: stores the host x87 stack's values env
 * must have there, and empties the stack unless it may stay across op
 * (codegen-fp.c). */
void f80_before_op(CodeGen *g, const TCGContext *s, uint32_t i);

/* env gets every f80 value and the status word the host x87 holds for
 * it (before an access whose fault records are full). */
void f80_sync_env(CodeGen *g);

/* An f80 op and the ops after it lowered together (codegen-fp.c):
 * returns the ops consumed, 0 when ops[i] starts no such pattern. */
uint32_t f80_gen_fused(CodeGen *g, const TCGContext *s, uint32_t i);

/* qemu_ld ops[i] whose value only an f80 op j > i of the same guest
 * instruction reads (FLD m, FADD m...): j, else 0. */
uint32_t f80_guest_operand_user(const CodeGen *g, const TCGContext *s,
                                uint32_t i);
/* Lower f80 op j with its memory operand read by the x87 from guest
 * memory at m, in place of qemu_ld ops[i]; j (and the status store it
 * defers) are then skipped. */
void f80_gen_guest_op(CodeGen *g, const TCGContext *s, uint32_t j, X86Mem m);

/* Plans where the TB's f64 values live (codegen-fp.c): before its code. */
void f64_start_tb(const TCGContext *s);
/* ld_env / st_env of a value the plan keeps in an xmm register: lowers
 * op and returns true, else returns false. */
bool f64_gen_ld_env(CodeGen *g, const TCGOp *op);
bool f64_gen_st_env(CodeGen *g, const TCGOp *op);

#endif
