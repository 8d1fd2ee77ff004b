/*
 * tcg.c: the translation context: op table, temps, constants, labels, the
 * op buffer, and condition arithmetic.
 */
#include "tcg/tcg.h"

#include <stdlib.h>
#include <string.h>

#include "tcg/tcg-eval.h"

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define TCG_OPC_DEF(nm, o, i, c, f) \
    [INDEX_op_##nm] = { .name = #nm, .nb_oargs = o, .nb_iargs = i,          \
                        .nb_cargs = c, .flags = f },
    TCG_OPCODES(TCG_OPC_DEF)
#undef TCG_OPC_DEF
};

__thread TCGContext *tcg_ctx;

/* Index 1 in every thread's context (globals are registered per thread). */
TCGv tcg_env = { 1 };

/*
 * Constant interning: an open-addressing table from (type, value) to temp
 * index.  Entries carry the generation of the TB that made them, so starting
 * a TB empties the table in O(1).  Twice TCG_MAX_TEMPS keeps it at most half
 * full.
 */
#define CONST_TABLE_SIZE (2 * TCG_MAX_TEMPS)

typedef struct ConstEntry {
    uint32_t gen;
    uint32_t idx;
} ConstEntry;

static __thread ConstEntry const_table[CONST_TABLE_SIZE];
static __thread uint32_t const_gen;

static _Noreturn void tcg_fatal(const char *what)
{
    fprintf(stderr, "mimic: translation block too large: %s\n", what);
    exit(1);
}

void tcg_context_init(void)
{
    if (__builtin_expect(tcg_ctx != NULL, 1)) {
        return;
    }
    TCGContext *s = calloc(1, sizeof(*s));
    if (!s) {
        fprintf(stderr, "mimic: out of memory\n");
        exit(1);
    }
    s->max_ops = 256;
    s->ops = malloc(s->max_ops * sizeof(TCGOp));
    if (!s->ops) {
        fprintf(stderr, "mimic: out of memory\n");
        exit(1);
    }
    TCGTemp *env = &s->temps[1];
    env->type = TCG_TYPE_I64;
    env->kind = TEMP_FIXED;
    env->name = "env";
    s->nb_globals = 1;
    s->nb_temps = 2;
    tcg_ctx = s;
    const_gen = 1;
}

void tcg_thread_cleanup(void)
{
    tcg_optimize_cleanup();
    tcg_liveness_cleanup();
    if (tcg_ctx) {
        free(tcg_ctx->ops);
        free(tcg_ctx);
        tcg_ctx = NULL;
    }
}

/* Scratch temps reused from one guest instruction to the next. */
#define SCRATCH_POOL_SIZE 48

typedef struct ScratchPool {
    TCGv temps[SCRATCH_POOL_SIZE];
    unsigned count; /* allocated in this TB */
    unsigned used;  /* handed out for this instruction */
} ScratchPool;

static __thread ScratchPool scratch_i32, scratch_i64;

TCGv tcg_temp_scratch(TCGType type)
{
    ScratchPool *p = type == TCG_TYPE_I32 ? &scratch_i32 : &scratch_i64;
    if (p->used < p->count) {
        return p->temps[p->used++];
    }
    TCGv t = tcg_temp_new(type);
    if (p->count < SCRATCH_POOL_SIZE) {
        p->temps[p->count++] = t;
        p->used++;
    }
    return t;
}

void tcg_scratch_next_insn(void)
{
    scratch_i32.used = scratch_i64.used = 0;
}

void tcg_func_start(uint64_t pc)
{
    tcg_context_init();
    TCGContext *s = tcg_ctx;
    s->nb_temps = s->nb_globals + 1;
    scratch_i32.count = scratch_i32.used = 0;
    scratch_i64.count = scratch_i64.used = 0;
    s->nb_labels = 0;
    s->nb_ops = 0;
    s->tb_pc = pc;
    if (++const_gen == 0) {
        memset(const_table, 0, sizeof(const_table));
        const_gen = 1;
    }
}

static TCGv tcg_temp_alloc(TCGType type, TCGTempKind kind)
{
    TCGContext *s = tcg_ctx;
    if (s->nb_temps >= TCG_MAX_TEMPS) {
        tcg_fatal("too many temps");
    }
    uint32_t idx = s->nb_temps++;
    TCGTemp *t = &s->temps[idx];
    memset(t, 0, sizeof(*t));
    t->type = type;
    t->kind = kind;
    return (TCGv){ idx };
}

TCGv tcg_global_mem_new(TCGType type, int32_t env_offset, const char *name)
{
    tcg_context_init(); /* a target's tcg_init may run first */
    TCGContext *s = tcg_ctx;
    /* Globals are registered before the first TB: no locals exist yet. */
    if (s->nb_temps != s->nb_globals + 1) {
        fprintf(stderr, "mimic: global %s registered after a TB\n", name);
        exit(1);
    }
    TCGv v = tcg_temp_alloc(type, TEMP_GLOBAL);
    tcg_temp(v)->mem_offset = env_offset;
    tcg_temp(v)->name = name;
    s->nb_globals++;
    return v;
}

void tcg_global_set_home(TCGv v, unsigned rank)
{
    tcg_temp(v)->home = (uint8_t)(rank + 1);
}

TCGv tcg_temp_new(TCGType type)
{
    return tcg_temp_alloc(type, TEMP_LOCAL);
}

TCGv tcg_constant(TCGType type, int64_t val)
{
    if (type == TCG_TYPE_I32) {
        val = (int32_t)val;
    }
    uint64_t h = ((uint64_t)val * 0x9e3779b97f4a7c15ull) ^ type;
    uint32_t i = (uint32_t)(h >> 40) & (CONST_TABLE_SIZE - 1);
    for (;; i = (i + 1) & (CONST_TABLE_SIZE - 1)) {
        ConstEntry *e = &const_table[i];
        if (e->gen != const_gen) {
            TCGv v = tcg_temp_alloc(type, TEMP_CONST);
            tcg_temp(v)->val = val;
            e->gen = const_gen;
            e->idx = v.idx;
            return v;
        }
        TCGTemp *t = &tcg_ctx->temps[e->idx];
        if (t->val == val && t->type == type) {
            return (TCGv){ e->idx };
        }
    }
}

uint32_t tcg_new_label(void)
{
    if (tcg_ctx->nb_labels >= TCG_MAX_LABELS) {
        tcg_fatal("too many labels");
    }
    return tcg_ctx->nb_labels++;
}

TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type)
{
    TCGContext *s = tcg_ctx;
    if (s->nb_ops == s->max_ops) {
        uint32_t n = s->max_ops * 2;
        TCGOp *ops = realloc(s->ops, n * sizeof(TCGOp));
        if (!ops) {
            fprintf(stderr, "mimic: out of memory\n");
            exit(1);
        }
        s->ops = ops;
        s->max_ops = n;
    }
    TCGOp *op = &s->ops[s->nb_ops++];
    memset(op, 0, sizeof(*op));
    op->opc = opc;
    op->type = type;
    return op;
}

TCGCond tcg_invert_cond(TCGCond c)
{
    switch (c) {
    case TCG_COND_NEVER: return TCG_COND_ALWAYS;
    case TCG_COND_ALWAYS: return TCG_COND_NEVER;
    case TCG_COND_EQ: return TCG_COND_NE;
    case TCG_COND_NE: return TCG_COND_EQ;
    case TCG_COND_LT: return TCG_COND_GE;
    case TCG_COND_GE: return TCG_COND_LT;
    case TCG_COND_LE: return TCG_COND_GT;
    case TCG_COND_GT: return TCG_COND_LE;
    case TCG_COND_LTU: return TCG_COND_GEU;
    case TCG_COND_GEU: return TCG_COND_LTU;
    case TCG_COND_LEU: return TCG_COND_GTU;
    case TCG_COND_GTU: return TCG_COND_LEU;
    case TCG_COND_TSTEQ: return TCG_COND_TSTNE;
    case TCG_COND_TSTNE: return TCG_COND_TSTEQ;
    }
    return c;
}

TCGCond tcg_swap_cond(TCGCond c)
{
    switch (c) {
    case TCG_COND_LT: return TCG_COND_GT;
    case TCG_COND_GT: return TCG_COND_LT;
    case TCG_COND_LE: return TCG_COND_GE;
    case TCG_COND_GE: return TCG_COND_LE;
    case TCG_COND_LTU: return TCG_COND_GTU;
    case TCG_COND_GTU: return TCG_COND_LTU;
    case TCG_COND_LEU: return TCG_COND_GEU;
    case TCG_COND_GEU: return TCG_COND_LEU;
    default: return c; /* symmetric: NEVER, ALWAYS, EQ, NE, TSTEQ, TSTNE */
    }
}

bool tcg_eval_cond(TCGType t, TCGCond c, uint64_t a, uint64_t b)
{
    return tcg_cond_holds(t, c, a, b);
}
