/*
 * tcg.h: the intermediate representation (IR) shared by every frontend and
 * every backend.  A frontend builds a list of ops for one translation block
 * (TB) with the generators in tcg-op.h; tcg_optimize() and tcg_liveness()
 * rewrite and annotate the list; a backend (tcg/x86_64, tcg/interp) turns it
 * into something executable.  The op reference is tcg/README.md.
 *
 * This header knows nothing about any guest.
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- types, temps ------------------------------------------------------ */

typedef enum TCGType {
    TCG_TYPE_I32,
    TCG_TYPE_I64,
} TCGType;

/* Handle to a temp: index into tcg_ctx.temps.  Index 0 is never valid. */
typedef struct TCGv {
    uint32_t idx;
} TCGv;

typedef enum TCGTempKind {
    TEMP_FIXED,  /* lives permanently in a host register (only tcg_env) */
    TEMP_GLOBAL, /* mirrors a CPU-state field at env + mem_offset, all TBs */
    TEMP_LOCAL,  /* scratch value of one TB; survives labels and branches */
    TEMP_CONST,  /* constant; never written */
} TCGTempKind;

typedef struct TCGTemp {
    uint8_t type;       /* TCGType */
    uint8_t kind;       /* TCGTempKind */
    int32_t mem_offset; /* TEMP_GLOBAL: offset in env */
    int64_t val;        /* TEMP_CONST: value (I32 constants sign-extended) */
    const char *name;   /* globals: name for dumps */
    uint8_t home;       /* TEMP_GLOBAL: 1 + its rank among the globals a
                         * backend should keep in host registers across
                         * TBs (tcg_global_set_home), 0: none */
} TCGTemp;

/* ---- conditions, memory operations, call flags ------------------------- */

typedef enum TCGCond {
    TCG_COND_NEVER,
    TCG_COND_ALWAYS,
    TCG_COND_EQ,
    TCG_COND_NE,
    TCG_COND_LT,  /* signed */
    TCG_COND_GE,
    TCG_COND_LE,
    TCG_COND_GT,
    TCG_COND_LTU, /* unsigned */
    TCG_COND_GEU,
    TCG_COND_LEU,
    TCG_COND_GTU,
    TCG_COND_TSTEQ, /* (a & b) == 0 */
    TCG_COND_TSTNE, /* (a & b) != 0 */
} TCGCond;

TCGCond tcg_invert_cond(TCGCond c);  /* !(a c b)  ==  a inv(c) b */
TCGCond tcg_swap_cond(TCGCond c);    /* a c b     ==  b swap(c) a */
bool tcg_eval_cond(TCGType t, TCGCond c, uint64_t a, uint64_t b);

/*
 * Memory operation descriptor for guest loads/stores and env loads/stores.
 * MO_BE/MO_LE are absolute byte orders; MO_BSWAP means "differs from the
 * host".  Backends only look at MO_BSWAP.
 */
typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 4,
    MO_BSWAP = 8,
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    MO_BE = 0,
    MO_LE = MO_BSWAP,
#else
    MO_LE = 0,
    MO_BE = MO_BSWAP,
#endif
    MO_UB = MO_8,
    MO_SB = MO_8 | MO_SIGN,
    MO_UW = MO_16,
    MO_SW = MO_16 | MO_SIGN,
    MO_UL = MO_32,
    MO_SL = MO_32 | MO_SIGN,
    MO_UQ = MO_64,
} MemOp;

typedef enum TCGCallFlags {
    TCG_CALL_NO_READ_GLOBALS = 1,  /* helper does not read guest globals */
    TCG_CALL_NO_WRITE_GLOBALS = 2, /* helper does not write guest globals */
    TCG_CALL_NO_SIDE_EFFECTS = 4,  /* no stores, cannot raise: removable */
    TCG_CALL_NO_RWG = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    TCG_CALL_NO_WG = TCG_CALL_NO_WRITE_GLOBALS,
    TCG_CALL_PURE = TCG_CALL_NO_RWG | TCG_CALL_NO_SIDE_EFFECTS,
} TCGCallFlags;

/* ---- ops ---------------------------------------------------------------
 * Argument order in op->args: outputs, then inputs (temp indices), then
 * constant parameters.  op->type is the type the op computes in.  See
 * tcg/README.md for the semantics of each.
 */
#define TCG_OPCODES(X)                                                      \
    /*  name            out in const flags */                             \
    X(nop,              0, 0, 0, 0)                                         \
    X(insn_start,       0, 0, 1, TCG_OPF_NOT_PRESENT) /* c: guest pc */     \
    X(set_label,        0, 0, 1, TCG_OPF_BB_END)      /* c: label */        \
    X(br,               0, 0, 1, TCG_OPF_BB_END)      /* c: label */        \
    X(brcond,           0, 2, 2, TCG_OPF_BB_END)      /* c: cond, label */  \
    X(mov,              1, 1, 0, 0)                                         \
    X(add,              1, 2, 0, 0)                                         \
    X(sub,              1, 2, 0, 0)                                         \
    X(mul,              1, 2, 0, 0)                                         \
    X(mulhs,            1, 2, 0, 0)  /* high half of signed product */     \
    X(mulhu,            1, 2, 0, 0)  /* high half of unsigned product */   \
    X(divs,             1, 2, 0, 0)  /* frontend guards 0 and MIN/-1 */    \
    X(divu,             1, 2, 0, 0)  /* frontend guards 0 */               \
    X(rems,             1, 2, 0, 0)                                         \
    X(remu,             1, 2, 0, 0)                                         \
    X(and,              1, 2, 0, 0)                                         \
    X(or,               1, 2, 0, 0)                                         \
    X(xor,              1, 2, 0, 0)                                         \
    X(andc,             1, 2, 0, 0)  /* a & ~b */                          \
    X(orc,              1, 2, 0, 0)  /* a | ~b */                          \
    X(shl,              1, 2, 0, 0)  /* count masked to width-1 */         \
    X(shr,              1, 2, 0, 0)                                         \
    X(sar,              1, 2, 0, 0)                                         \
    X(rotl,             1, 2, 0, 0)                                         \
    X(rotr,             1, 2, 0, 0)                                         \
    X(neg,              1, 1, 0, 0)                                         \
    X(not,              1, 1, 0, 0)                                         \
    X(clz,              1, 1, 0, 0)  /* clz(0) = width */                  \
    X(ctz,              1, 1, 0, 0)  /* ctz(0) = width */                  \
    X(ctpop,            1, 1, 0, 0)                                         \
    X(bswap16,          1, 1, 0, 0)  /* swap low 2 bytes, zero-extend */   \
    X(bswap32,          1, 1, 0, 0)  /* swap low 4 bytes, zero-extend */   \
    X(bswap64,          1, 1, 0, 0)                                         \
    X(ext8s,            1, 1, 0, 0)                                         \
    X(ext8u,            1, 1, 0, 0)                                         \
    X(ext16s,           1, 1, 0, 0)                                         \
    X(ext16u,           1, 1, 0, 0)                                         \
    X(ext32s,           1, 1, 0, 0)  /* I64 only */                        \
    X(ext32u,           1, 1, 0, 0)  /* I64 only */                        \
    X(ext_i32_i64,      1, 1, 0, 0)  /* I64 out = sign-extend(I32 in) */   \
    X(extu_i32_i64,     1, 1, 0, 0)  /* I64 out = zero-extend(I32 in) */   \
    X(extrl_i64_i32,    1, 1, 0, 0)  /* I32 out = low half of I64 */       \
    X(extrh_i64_i32,    1, 1, 0, 0)  /* I32 out = high half of I64 */      \
    X(setcond,          1, 2, 1, 0)  /* d = (a cond b); c: cond */         \
    X(movcond,          1, 4, 1, 0)  /* d = (c1 cond c2) ? v1 : v2 */      \
    X(ld_env,           1, 0, 2, 0)  /* c: env offset, memop */            \
    X(st_env,           0, 1, 2, TCG_OPF_SIDE_EFFECTS) /* c: ofs, memop */ \
    X(qemu_ld,          1, 1, 2, TCG_OPF_SIDE_EFFECTS) /* c: memop, mmu */ \
    X(qemu_st,          0, 2, 2, TCG_OPF_SIDE_EFFECTS) /* in: val, addr */ \
    /* d = old value; in: addr, expected, new; c: memop, mmu */            \
    X(atomic_cmpxchg,   1, 3, 2, TCG_OPF_SIDE_EFFECTS)                      \
    X(mb,               0, 0, 1, TCG_OPF_SIDE_EFFECTS) /* c: barrier */    \
    /* x87 extended values in env, on the host's x87 (TCGF80Kind/Op);      \
     * d = the host status word after the operation */                     \
    X(f80_load,         1, 1, 2, TCG_OPF_SIDE_EFFECTS) /* c: kind, dst */  \
    X(f80_store,        1, 0, 2, TCG_OPF_SIDE_EFFECTS) /* d = value */     \
    X(f80_status,       1, 0, 0, TCG_OPF_SIDE_EFFECTS) /* after a store */ \
    X(f80_arith,        1, 0, 4, TCG_OPF_SIDE_EFFECTS) /* op, dst, a, b */ \
    X(f80_arith_mem,    1, 1, 4, TCG_OPF_SIDE_EFFECTS) /* op,kind,dst,a */ \
    X(f80_cmp,          1, 0, 3, TCG_OPF_SIDE_EFFECTS) /* unord, a, b */   \
    X(f80_cmp_mem,      1, 1, 2, TCG_OPF_SIDE_EFFECTS) /* kind, a */       \
    X(f80_func,         1, 0, 4, TCG_OPF_SIDE_EFFECTS) /* fn, dst, a, b */ \
    X(f80_move,         0, 0, 2, TCG_OPF_SIDE_EFFECTS) /* dst, src */      \
    X(f80_xchg,         0, 0, 2, TCG_OPF_SIDE_EFFECTS) /* a, b */          \
    X(f80_set_cw,       0, 1, 0, TCG_OPF_SIDE_EFFECTS) /* host FPU CW */   \
    /* IEEE binary64 on I64 bit patterns, rounded to nearest even */        \
    X(fadd_f64,         1, 2, 0, 0)                                         \
    X(fsub_f64,         1, 2, 0, 0)                                         \
    X(fmul_f64,         1, 2, 0, 0)                                         \
    X(fdiv_f64,         1, 2, 0, 0)                                         \
    X(fma_f64,          1, 3, 0, 0)  /* d = a * b + c, one rounding */     \
    X(frsp_f64,         1, 1, 0, 0)  /* d = a rounded to binary32 */      \
    X(fsqrt_f64,        1, 1, 0, 0)  /* d = square root of a */           \
    X(fcvt_i64_f64,     1, 1, 0, 0)  /* d = double of signed integer a */ \
    /* d = 0 a == b, 1 a < b, 2 a > b, 3 unordered; c: signaling */         \
    X(fcmp_f64,         1, 2, 1, 0)                                         \
    X(call,             0, 0, 0, TCG_OPF_CALL)         /* see below */     \
    /* d = cond != 0 ? fn(x1..x5) : v; in: cond, v, x1..x5; c: fn */        \
    X(call_if,          1, 7, 1, TCG_OPF_SIDE_EFFECTS)                      \
    X(goto_tb,          0, 0, 1, TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS)     \
    X(exit_tb,          0, 0, 1, TCG_OPF_BB_END | TCG_OPF_BB_EXIT)          \
    X(goto_ptr,         0, 0, 0, TCG_OPF_BB_END | TCG_OPF_BB_EXIT)

enum {
    TCG_OPF_BB_END = 1,       /* ends a basic block (label, branch, exit) */
    TCG_OPF_BB_EXIT = 2,      /* leaves the TB: all globals must be synced */
    TCG_OPF_SIDE_EFFECTS = 4, /* never removed; may fault (sync globals) */
    TCG_OPF_CALL = 8,         /* variable argument layout */
    TCG_OPF_NOT_PRESENT = 16, /* emits no code */
};

typedef enum TCGOpcode {
#define TCG_OPC_ENUM(name, o, i, c, f) INDEX_op_##name,
    TCG_OPCODES(TCG_OPC_ENUM)
#undef TCG_OPC_ENUM
    NB_OPS
} TCGOpcode;

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs, flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];

typedef uint64_t TCGArg;

/*
 * call layout: args[0] = return temp or 0 (void), args[1] = number of
 * inputs n (<= TCG_MAX_CALL_ARGS), args[2..2+n) = input temps,
 * args[2+n] = helper address, args[3+n] = TCGCallFlags.
 * Helpers are ordinary C functions whose parameters are uint32_t for I32
 * temps and uint64_t (or a pointer, for tcg_env) for I64 temps; a void
 * return when args[0] is 0.
 */
#define TCG_MAX_CALL_ARGS 6
#define TCG_MAX_OP_ARGS (TCG_MAX_CALL_ARGS + 4)

/* fcmp_f64 results. */
enum { TCG_FCMP_EQ, TCG_FCMP_LT, TCG_FCMP_GT, TCG_FCMP_UN };

/* Barrier kinds for mb. */
enum { TCG_MB_FULL = 0 };

/* goto_tb/exit_tb protocol: exit_tb's constant is returned to the exec loop.
 * To request chaining of slot n, a frontend emits goto_tb(n) followed by
 * exit_tb(TCG_EXIT_CHAIN | n); to leave without chaining, exit_tb(0).
 * Before optimization, tb.c rewrites each exit_tb(TCG_EXIT_CHAIN | n) into
 * exit_tb((uintptr_t)tb | n) (TBs are 16-byte aligned) so the exec loop
 * knows which TB asked; backends treat exit_tb values as opaque. */
#define TCG_EXIT_CHAIN 0x10
#define TCG_EXIT_SLOT_MASK 1

/* f80 ops (tcg/README.md): the format of a memory operand (TRUNC: stores
 * rounding toward zero, as FISTTP), and the arithmetic, numbered as the
 * x87's own /digit: d = a op b, a being the x87 destination operand. */
typedef enum TCGF80Kind {
    F80_M32, F80_M64, F80_I16, F80_I32, F80_I64,
    F80_I16_TRUNC, F80_I32_TRUNC, F80_I64_TRUNC,
} TCGF80Kind;
typedef enum TCGF80Op {
    F80_ADD = 0, F80_MUL = 1, F80_SUB = 4, F80_SUBR = 5, F80_DIV = 6,
    F80_DIVR = 7,
} TCGF80Op;
/* f80_func: the x87 function D9 <fn> on ST(0) (and ST(1)); those marked
 * "pops" leave their result in the new ST(0) after popping ST(0). */
typedef enum TCGF80Fn {
    F80_F2XM1 = 0xf0,   /* 2^a - 1 */
    F80_FYL2X = 0xf1,   /* b * log2(a), pops */
    F80_FPATAN = 0xf3,  /* atan(b / a), pops */
    F80_FYL2XP1 = 0xf9, /* b * log2(a + 1), pops */
    F80_FSQRT = 0xfa,   /* square root of a */
    F80_FRNDINT = 0xfc, /* a rounded to an integer */
    F80_FSCALE = 0xfd,  /* a * 2^trunc(b) */
    F80_FLDL2T = 0xe9,  /* the constants (rounded as the control word
                         * says): log2(10), */
    F80_FLDL2E = 0xea,  /* log2(e), */
    F80_FLDPI = 0xeb,   /* pi, */
    F80_FLDLG2 = 0xec,  /* log10(2), */
    F80_FLDLN2 = 0xed,  /* ln(2); a and b unused */
    F80_FSIN = 0xfe,    /* sine (C2: a out of range, unchanged) */
    F80_FCOS = 0xff,    /* cosine (as FSIN) */
} TCGF80Fn;

typedef struct TCGOp {
    uint16_t opc;  /* TCGOpcode */
    uint8_t type;  /* TCGType */
    uint8_t pad;
    /*
     * Filled by tcg_liveness(): bit i set means input/output argument i
     * (index into args) is dead after this op (for an output: the value
     * written is never read, the register may be reused at once).
     * TCG_LIFE_SYNC(i) set for an input global means the backend must
     * write it back to env at this op (it is live in env afterwards).
     */
    uint32_t life;
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

#define TCG_LIFE_DEAD(i) (1u << (i))
#define TCG_LIFE_SYNC(i) (1u << ((i) + 16))

/* ---- the translation context (one per thread) --------------------------- */

#define TCG_MAX_TEMPS 1024
#define TCG_MAX_LABELS 512

typedef struct TCGContext {
    TCGTemp temps[TCG_MAX_TEMPS];
    uint32_t nb_globals; /* temps [1, nb_globals] are globals/fixed */
    uint32_t nb_temps;   /* first free temp index */
    uint32_t nb_labels;
    TCGOp *ops;          /* ops of the TB being built */
    uint32_t nb_ops, max_ops;
    uint64_t tb_pc;      /* pc of the TB being built, for dumps */
} TCGContext;

extern __thread TCGContext *tcg_ctx;

/* The CPU-state pointer, in a fixed host register while a TB runs. */
extern TCGv tcg_env;

static inline TCGTemp *tcg_temp(TCGv v) { return &tcg_ctx->temps[v.idx]; }
static inline TCGv tcg_arg_temp(TCGArg a) { return (TCGv){ (uint32_t)a }; }

/* Set up tcg_ctx for the calling thread (first call also creates tcg_env). */
void tcg_context_init(void);
/* Free the calling thread's context and pass scratch (at thread exit). */
void tcg_thread_cleanup(void);
/* Start a new TB: drop ops, locals, constants and labels; keep globals. */
void tcg_func_start(uint64_t pc);

/* Registered once, before the first TB; visible in every TB. */
TCGv tcg_global_mem_new(TCGType type, int32_t env_offset, const char *name);
/* Hint: keep global v in a host register across TBs ("home" global), rank
 * 0 first; a backend takes as many as it has registers for (x86-64: 8). */
void tcg_global_set_home(TCGv v, unsigned rank);

TCGv tcg_temp_new(TCGType type);              /* TEMP_LOCAL */
/* Scratch temps for one guest instruction: handed out again after
 * tcg_scratch_next_insn(), so a long TB does not run out of temps. */
TCGv tcg_temp_scratch(TCGType type);
void tcg_scratch_next_insn(void);
TCGv tcg_constant(TCGType type, int64_t val); /* interned per TB */
uint32_t tcg_new_label(void);

/* Append an op; returns it for the caller to fill. */
TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type);

/* ---- passes --------------------------------------------------------------- */

void tcg_optimize(TCGContext *s);  /* constant folding, copy propagation */
void tcg_liveness(TCGContext *s);  /* dead code elimination + op->life */
void tcg_optimize_cleanup(void);   /* free the calling thread's pass state */
void tcg_liveness_cleanup(void);
/* Text dump of the op list, one op per line (for -d op / op_opt). */
void tcg_dump_ops(TCGContext *s, FILE *out);

#endif
