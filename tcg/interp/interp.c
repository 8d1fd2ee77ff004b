/*
 * interp.c: the portable backend.  gen_code serializes the op list into a
 * compact bytecode of 32-bit words with every operand pre-decoded, and exec
 * runs it with one switch per op.
 *
 * Layout of a TB's bytecode (at tb->code, 8-byte aligned):
 *   word 0            byte offset of the first instruction
 *   bytes 8..         constant pool, 8 bytes per constant
 *   instructions      [opcode, operand words..., constant words...]
 *
 * The opcode word is opc * 2 + type.  An operand word names a temp by where
 * its value lives: (byte offset << 2) | base, base 0 = the frame of locals
 * (slot 0 holds the env pointer, tcg_env), 1 = env (globals, read and written
 * in place, so CPU state is always exact), 2 = the bytecode (constants).
 * Every temp is always accessed with its own width, so a frame slot or pool
 * entry of an I32 temp only ever holds a uint32_t.
 * Constant arguments take one word each, except the 64-bit exit_tb value
 * (two words) and the call target (two words).  Branch targets are word
 * offsets from the start of the bytecode.
 */
#include <fenv.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "tcg/exec.h"
#include "tcg/interp/f80.h"
#include "tcg/tcg-eval.h"
#include "util/f64-bits.h"

enum { BASE_FRAME, BASE_ENV, BASE_CODE };

#define IOP(name, t) (INDEX_op_##name * 2 + (t))
#define I32 TCG_TYPE_I32
#define I64 TCG_TYPE_I64

/* Extra bits in constant words: the compare type of movcond and the address
 * type of qemu_ld/qemu_st (the op type is the value type). */
#define MOVCOND_CMP64 0x100
#define MEMOP_ADDR64 0x100

/* call info word: nargs | has_ret << 8 | (bit i: argument i is I64) << 16 */
#define CALL_HAS_RET 0x100
#define CALL_ARG64(i) (1u << (16 + (i)))

/* ---- code generation --------------------------------------------------- */

typedef struct InterpGen {
    uint32_t *code;
    size_t pos, limit;     /* in words */
    uint32_t *const_ofs;   /* per temp: byte offset in the pool, 0: none */
    uint32_t nb_globals;
} InterpGen;

static __thread uint32_t gen_const_ofs[TCG_MAX_TEMPS];
static __thread uint32_t label_pos[TCG_MAX_LABELS]; /* word offset */
static __thread uint32_t label_chain[TCG_MAX_LABELS]; /* pending fixups */
static __thread bool label_set[TCG_MAX_LABELS];

static uint32_t operand(const InterpGen *g, TCGArg a)
{
    const TCGTemp *t = &tcg_ctx->temps[a];
    switch (t->kind) {
    case TEMP_FIXED:
        return BASE_FRAME;
    case TEMP_GLOBAL:
        return ((uint32_t)t->mem_offset << 2) | BASE_ENV;
    case TEMP_CONST:
        return (g->const_ofs[a] << 2) | BASE_CODE;
    default:
        return ((uint32_t)(a - g->nb_globals) * 8 << 2) | BASE_FRAME;
    }
}

/* The temp arguments of op: args[first .. first+n), plus, for calls, the
 * return temp in args[0]. */
static int op_nb_temps(const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    if (op->opc == INDEX_op_call) {
        return (int)op->args[1];
    }
    return def->nb_oargs + def->nb_iargs;
}

static int op_first_temp(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? 2 : 0;
}

/* Give every constant used by a live op a pool entry; returns pool bytes. */
static uint32_t layout_pool(TCGContext *s, uint32_t *pool, size_t pool_cap,
                            uint32_t *const_ofs)
{
    uint32_t bytes = 0;
    for (uint32_t i = s->nb_globals + 1; i < s->nb_temps; i++) {
        const_ofs[i] = 0;
    }
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        int first = op_first_temp(op), n = op_nb_temps(op);
        for (int k = first; k < first + n; k++) {
            TCGArg a = op->args[k];
            const TCGTemp *t = &s->temps[a];
            if (t->kind != TEMP_CONST || const_ofs[a]) {
                continue;
            }
            const_ofs[a] = 8 + bytes;
            if (8 + bytes + 8 <= pool_cap) {
                uint8_t *slot = (uint8_t *)pool + 8 + bytes;
                if (t->type == TCG_TYPE_I32) {
                    uint32_t v = (uint32_t)t->val;
                    memcpy(slot, &v, 4);
                    memset(slot + 4, 0, 4);
                } else {
                    uint64_t v = (uint64_t)t->val;
                    memcpy(slot, &v, 8);
                }
            }
            bytes += 8;
        }
    }
    return bytes;
}

static void put(InterpGen *g, uint32_t w)
{
    g->code[g->pos++] = w;
}

static void put_label_ref(InterpGen *g, uint32_t label)
{
    if (label_set[label]) {
        put(g, label_pos[label]);
    } else {
        put(g, label_chain[label]);
        label_chain[label] = (uint32_t)(g->pos - 1);
    }
}

static void define_label(InterpGen *g, uint32_t label)
{
    uint32_t here = (uint32_t)g->pos;
    for (uint32_t p = label_chain[label]; p; ) {
        uint32_t next = g->code[p];
        g->code[p] = here;
        p = next;
    }
    label_chain[label] = 0;
    label_set[label] = true;
    label_pos[label] = here;
}

static void gen_call(InterpGen *g, const TCGOp *op)
{
    uint32_t n = (uint32_t)op->args[1];
    uint32_t info = n;
    uintptr_t fn = (uintptr_t)op->args[2 + n];

    if (op->args[0]) {
        info |= CALL_HAS_RET;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (tcg_ctx->temps[op->args[2 + i]].type == TCG_TYPE_I64) {
            info |= CALL_ARG64(i);
        }
    }
    put(g, IOP(call, op->type));
    put(g, info);
    put(g, op->args[0] ? operand(g, op->args[0]) : 0);
    put(g, (uint32_t)fn);
    put(g, (uint32_t)((uint64_t)fn >> 32));
    for (uint32_t i = 0; i < n; i++) {
        put(g, operand(g, op->args[2 + i]));
    }
}

static void gen_op(InterpGen *g, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    int nt = def->nb_oargs + def->nb_iargs;

    switch (op->opc) {
    case INDEX_op_call:
        gen_call(g, op);
        return;
    case INDEX_op_br:
        put(g, IOP(br, I32));
        put_label_ref(g, (uint32_t)op->args[0]);
        return;
    case INDEX_op_brcond:
        put(g, IOP(brcond, op->type));
        put(g, operand(g, op->args[0]));
        put(g, operand(g, op->args[1]));
        put(g, (uint32_t)op->args[2]);
        put_label_ref(g, (uint32_t)op->args[3]);
        return;
    case INDEX_op_exit_tb:
        put(g, IOP(exit_tb, I64));
        put(g, (uint32_t)op->args[0]);
        put(g, (uint32_t)(op->args[0] >> 32));
        return;
    case INDEX_op_call_if:
        put(g, IOP(call_if, I64));
        for (int i = 0; i < nt; i++) {
            put(g, operand(g, op->args[i]));
        }
        put(g, (uint32_t)op->args[nt]);
        put(g, (uint32_t)(op->args[nt] >> 32));
        return;
    default:
        break;
    }
    put(g, (uint32_t)(op->opc * 2 + op->type));
    for (int i = 0; i < nt; i++) {
        put(g, operand(g, op->args[i]));
    }
    for (int i = nt; i < nt + def->nb_cargs; i++) {
        uint32_t w = (uint32_t)op->args[i];
        if (op->opc == INDEX_op_movcond &&
            tcg_ctx->temps[op->args[1]].type == TCG_TYPE_I64) {
            w |= MOVCOND_CMP64;
        } else if ((op->opc == INDEX_op_qemu_ld ||
                    op->opc == INDEX_op_qemu_st ||
                    op->opc == INDEX_op_atomic_cmpxchg) && i == nt &&
                   tcg_ctx->temps[op->args[1]].type == TCG_TYPE_I64) {
            w |= MEMOP_ADDR64;
        }
        put(g, w);
    }
}

/* Upper bound of the words one op takes. */
#define MAX_INSN_WORDS (5 + TCG_MAX_CALL_ARGS)

static long interp_gen_code(TCGContext *s, TranslationBlock *tb, uint8_t *buf,
                            size_t avail)
{
    InterpGen g = { .code = (uint32_t *)buf, .limit = avail / 4,
                    .const_ofs = gen_const_ofs, .nb_globals = s->nb_globals };
    uint32_t pool = layout_pool(s, (uint32_t *)buf, avail, gen_const_ofs);
    uint32_t ninsns = 0;

    if (8 + (size_t)pool + MAX_INSN_WORDS * 4 > avail) {
        return -1;
    }
    g.pos = (8 + pool) / 4;
    g.code[0] = (uint32_t)(g.pos * 4);
    g.code[1] = 0;
    memset(label_set, 0, s->nb_labels * sizeof(label_set[0]));
    memset(label_chain, 0, s->nb_labels * sizeof(label_chain[0]));

    for (uint32_t i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (g.pos + MAX_INSN_WORDS > g.limit) {
            return -1;
        }
        switch (op->opc) {
        case INDEX_op_nop:
            break;
        case INDEX_op_insn_start:
            tb->insn_pc_ofs[ninsns] = (uint16_t)(op->args[0] - tb->pc);
            tb->insn_host_ofs[ninsns] = (uint32_t)(g.pos * 4);
            ninsns++;
            break;
        case INDEX_op_set_label:
            define_label(&g, (uint32_t)op->args[0]);
            break;
        case INDEX_op_goto_tb:
            tb->jmp_insn_offset[op->args[0] & 1] = (uint32_t)(g.pos * 4);
            tb->jmp_reset_offset[op->args[0] & 1] = (uint32_t)(g.pos * 4 + 8);
            gen_op(&g, op);
            break;
        default:
            gen_op(&g, op);
            break;
        }
    }
    for (uint32_t l = 0; l < s->nb_labels; l++) {
        if (label_chain[l]) {
            fprintf(stderr, "mimic: branch to undefined label L%u\n", l);
            exit(1);
        }
    }
    /* Instructions a frontend counted but did not mark start at the end. */
    for (uint32_t i = ninsns; i < tb->icount; i++) {
        tb->insn_pc_ofs[i] = ninsns ? tb->insn_pc_ofs[ninsns - 1] : 0;
        tb->insn_host_ofs[i] = (uint32_t)(g.pos * 4);
    }
    return (long)(g.pos * 4);
}

/* ---- execution --------------------------------------------------------- */

/* For find_guest_pc: the TB being interpreted and the instruction that may
 * fault (stored before every guest memory access and helper call).  After a
 * cpu_loop_exit these go stale until the next exec; only faults inside
 * interpretation consult them. */
static __thread const TranslationBlock *cur_tb;
static __thread const uint32_t *cur_pos;

static inline uint64_t load_host(const void *p, unsigned mop)
{
    uint64_t v;
    switch (mop & MO_SIZE) {
    case MO_8: {
        v = *(const uint8_t *)p;
        return mop & MO_SIGN ? (uint64_t)(int64_t)(int8_t)v : v;
    }
    case MO_16: {
        uint16_t x;
        memcpy(&x, p, 2);
        if (mop & MO_BSWAP) {
            x = __builtin_bswap16(x);
        }
        return mop & MO_SIGN ? (uint64_t)(int64_t)(int16_t)x : x;
    }
    case MO_32: {
        uint32_t x;
        memcpy(&x, p, 4);
        if (mop & MO_BSWAP) {
            x = __builtin_bswap32(x);
        }
        return mop & MO_SIGN ? (uint64_t)(int64_t)(int32_t)x : x;
    }
    default:
        memcpy(&v, p, 8);
        return mop & MO_BSWAP ? __builtin_bswap64(v) : v;
    }
}

/* Host compare-and-swap at p of the memop's size and byte order; the old
 * value comes back as load_host returns it.  cmp and newv are compared
 * and stored in their low memop-size bytes. */
static uint64_t atomic_cmpxchg_host(void *p, uint64_t cmp, uint64_t newv,
                                    unsigned mop)
{
    bool swap = mop & MO_BSWAP;
    switch (mop & MO_SIZE) {
    case MO_8: {
        uint8_t c = (uint8_t)cmp;
        __atomic_compare_exchange_n((uint8_t *)p, &c, (uint8_t)newv, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return load_host(&c, mop);
    }
    case MO_16: {
        uint16_t c = (uint16_t)cmp, n = (uint16_t)newv;
        if (swap) {
            c = __builtin_bswap16(c);
            n = __builtin_bswap16(n);
        }
        __atomic_compare_exchange_n((uint16_t *)p, &c, n, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return load_host(&c, mop);
    }
    case MO_32: {
        uint32_t c = (uint32_t)cmp, n = (uint32_t)newv;
        if (swap) {
            c = __builtin_bswap32(c);
            n = __builtin_bswap32(n);
        }
        __atomic_compare_exchange_n((uint32_t *)p, &c, n, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return load_host(&c, mop);
    }
    default: {
        uint64_t c = cmp, n = newv;
        if (swap) {
            c = __builtin_bswap64(c);
            n = __builtin_bswap64(n);
        }
        __atomic_compare_exchange_n((uint64_t *)p, &c, n, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return load_host(&c, mop);
    }
    }
}

static inline void store_host(void *p, uint64_t v, unsigned mop)
{
    switch (mop & MO_SIZE) {
    case MO_8:
        *(uint8_t *)p = (uint8_t)v;
        break;
    case MO_16: {
        uint16_t x = (uint16_t)v;
        if (mop & MO_BSWAP) {
            x = __builtin_bswap16(x);
        }
        memcpy(p, &x, 2);
        break;
    }
    case MO_32: {
        uint32_t x = (uint32_t)v;
        if (mop & MO_BSWAP) {
            x = __builtin_bswap32(x);
        }
        memcpy(p, &x, 4);
        break;
    }
    default:
        if (mop & MO_BSWAP) {
            v = __builtin_bswap64(v);
        }
        memcpy(p, &v, 8);
        break;
    }
}

/*
 * Helpers are called through one generic type with six uint64_t parameters
 * and a uint64_t result.  On the SysV x86-64 and AAPCS64 ABIs the first six
 * integer arguments travel in registers whatever the prototype, a callee
 * reading a uint32_t parameter reads the low half of its register, unused
 * argument registers are ignored, and the result comes back in rax / x0 (we
 * truncate it for I32 and ignore it for void helpers).  So calling a helper
 * with fewer or narrower integer parameters this way is well defined there.
 */
typedef uint64_t (*GenericHelper)(uint64_t, uint64_t, uint64_t, uint64_t,
                                  uint64_t, uint64_t);

/* The IR's NaN result (tcg/README.md) of an f64 op whose result r the
 * host computed: a quieted if a NaN, else b quieted, else the default NaN.
 * Bit tests only: no floating-point instruction, no host flag. */
static uint64_t f64_nan_rule(uint64_t r, uint64_t a, uint64_t b)
{
    const uint64_t quiet = 1ull << 51, inf2 = 0xffe0000000000000ull;

    if ((r << 1) <= inf2)
        return r;
    if ((a << 1) > inf2)
        return a | quiet;
    if ((b << 1) > inf2)
        return b | quiet;
    return 0xfff8000000000000ull;
}

/* fcmp_f64 with the host's compare instruction (its flags are the
 * operation's): 0 equal, 1 less, 2 greater, 3 unordered. */
static uint64_t f64_cmp(uint64_t a, uint64_t b, bool signaling)
{
    double x = f64_of(a), y = f64_of(b);
#ifdef __x86_64__
    uint8_t lt, gt, un;

    if (signaling)
        __asm__ volatile("comisd %4, %3"
                         : "=@ccb"(lt), "=@cca"(gt), "=@ccp"(un)
                         : "x"(x), "x"(y));
    else
        __asm__ volatile("ucomisd %4, %3"
                         : "=@ccb"(lt), "=@cca"(gt), "=@ccp"(un)
                         : "x"(x), "x"(y));
    return un ? TCG_FCMP_UN : lt ? TCG_FCMP_LT : gt ? TCG_FCMP_GT
                                                : TCG_FCMP_EQ;
#else
    if (signaling && (isnan(x) || isnan(y)))
        feraiseexcept(FE_INVALID);
    return isunordered(x, y) ? TCG_FCMP_UN : isless(x, y) ? TCG_FCMP_LT
           : isgreater(x, y) ? TCG_FCMP_GT : TCG_FCMP_EQ;
#endif
}

/* The host's square root instruction alone: sqrt() with errno compares
 * and calls libm first, which raises host flags the operation does not
 * (x86 guests keep theirs there: target-x86/README.md). */
static double f64_sqrt(double x)
{
#ifdef __SSE2__
    return _mm_cvtsd_f64(_mm_sqrt_sd(_mm_set_sd(x), _mm_set_sd(x)));
#else
    return sqrt(x);
#endif
}

static uintptr_t interp_exec(CPUCommon *env, TranslationBlock *tb)
{
    uint64_t frame[TCG_MAX_TEMPS];
    uint8_t *base[4] = { (uint8_t *)frame, (uint8_t *)env, tb->code, NULL };
    const uint32_t *code = (const uint32_t *)tb->code;
    const uint32_t *pc = code + code[0] / 4;

    frame[0] = (uintptr_t)env;
    cur_tb = tb;
    cur_pos = NULL;

#define ADDR(w) (base[(w) & 3] + ((int32_t)(w) >> 2))
#define R32(i) (*(const uint32_t *)ADDR(pc[i]))
#define R64(i) (*(const uint64_t *)ADDR(pc[i]))
#define W32(i, v) (*(uint32_t *)ADDR(pc[i]) = (uint32_t)(v))
#define W64(i, v) (*(uint64_t *)ADDR(pc[i]) = (uint64_t)(v))
#define GUEST(i) ((void *)(tcg_guest_base + (pc[3] & MEMOP_ADDR64 ? R64(i) : R32(i))))
#define ENTER(t)                                                            \
    do {                                                                    \
        tb = (t);                                                           \
        env->current_tb = tb;                                               \
        cur_tb = tb;                                                        \
        cur_pos = NULL;                                                     \
        base[BASE_CODE] = tb->code;                                         \
        code = (const uint32_t *)tb->code;                                  \
        pc = code + code[0] / 4;                                            \
    } while (0)

#define CASE_UNARY(name, in)                                                \
    case IOP(name, I32):                                                    \
        W32(1, tcg_eval_unary(INDEX_op_##name, I32, in(2)));                \
        pc += 3;                                                            \
        continue;                                                           \
    case IOP(name, I64):                                                    \
        W64(1, tcg_eval_unary(INDEX_op_##name, I64, in(2)));                \
        pc += 3;                                                            \
        continue;
#define CASE_UNARY_SAME(name)                                               \
    case IOP(name, I32):                                                    \
        W32(1, tcg_eval_unary(INDEX_op_##name, I32, R32(2)));               \
        pc += 3;                                                            \
        continue;                                                           \
    case IOP(name, I64):                                                    \
        W64(1, tcg_eval_unary(INDEX_op_##name, I64, R64(2)));               \
        pc += 3;                                                            \
        continue;
#define CASE_BINARY(name)                                                   \
    case IOP(name, I32):                                                    \
        W32(1, tcg_eval_binary(INDEX_op_##name, I32, R32(2), R32(3)));      \
        pc += 4;                                                            \
        continue;                                                           \
    case IOP(name, I64):                                                    \
        W64(1, tcg_eval_binary(INDEX_op_##name, I64, R64(2), R64(3)));      \
        pc += 4;                                                            \
        continue;

    for (;;) {
        switch (pc[0]) {
        CASE_UNARY_SAME(mov)
        CASE_BINARY(add)
        CASE_BINARY(sub)
        CASE_BINARY(mul)
        CASE_BINARY(mulhs)
        CASE_BINARY(mulhu)
        CASE_BINARY(divs)
        CASE_BINARY(divu)
        CASE_BINARY(rems)
        CASE_BINARY(remu)
        CASE_BINARY(and)
        CASE_BINARY(or)
        CASE_BINARY(xor)
        CASE_BINARY(andc)
        CASE_BINARY(orc)
        CASE_BINARY(shl)
        CASE_BINARY(shr)
        CASE_BINARY(sar)
        CASE_BINARY(rotl)
        CASE_BINARY(rotr)
        CASE_UNARY_SAME(neg)
        CASE_UNARY_SAME(not)
        CASE_UNARY_SAME(clz)
        CASE_UNARY_SAME(ctz)
        CASE_UNARY_SAME(ctpop)
        CASE_UNARY_SAME(bswap16)
        CASE_UNARY_SAME(bswap32)
        CASE_UNARY_SAME(bswap64)
        CASE_UNARY_SAME(ext8s)
        CASE_UNARY_SAME(ext8u)
        CASE_UNARY_SAME(ext16s)
        CASE_UNARY_SAME(ext16u)
        CASE_UNARY_SAME(ext32s)
        CASE_UNARY_SAME(ext32u)
        CASE_UNARY(ext_i32_i64, R32)
        CASE_UNARY(extu_i32_i64, R32)
        CASE_UNARY(extrl_i64_i32, R64)
        CASE_UNARY(extrh_i64_i32, R64)

        case IOP(setcond, I32):
            W32(1, tcg_cond_holds(I32, (TCGCond)pc[4], R32(2), R32(3)));
            pc += 5;
            continue;
        case IOP(setcond, I64):
            W64(1, tcg_cond_holds(I64, (TCGCond)pc[4], R64(2), R64(3)));
            pc += 5;
            continue;
        case IOP(movcond, I32):
        case IOP(movcond, I64): {
            bool c = pc[6] & MOVCOND_CMP64
                         ? tcg_cond_holds(I64, (TCGCond)(pc[6] & 0xff), R64(2), R64(3))
                         : tcg_cond_holds(I32, (TCGCond)(pc[6] & 0xff), R32(2), R32(3));
            if (pc[0] == IOP(movcond, I32)) {
                W32(1, c ? R32(4) : R32(5));
            } else {
                W64(1, c ? R64(4) : R64(5));
            }
            pc += 7;
            continue;
        }

        case IOP(br, I32):
            pc = code + pc[1];
            continue;
        case IOP(brcond, I32):
            pc = tcg_cond_holds(I32, (TCGCond)pc[3], R32(1), R32(2))
                     ? code + pc[4] : pc + 5;
            continue;
        case IOP(brcond, I64):
            pc = tcg_cond_holds(I64, (TCGCond)pc[3], R64(1), R64(2))
                     ? code + pc[4] : pc + 5;
            continue;

        case IOP(ld_env, I32):
            W32(1, load_host((uint8_t *)env + (int32_t)pc[2], pc[3]));
            pc += 4;
            continue;
        case IOP(ld_env, I64):
            W64(1, load_host((uint8_t *)env + (int32_t)pc[2], pc[3]));
            pc += 4;
            continue;
        case IOP(st_env, I32):
            store_host((uint8_t *)env + (int32_t)pc[2], R32(1), pc[3]);
            pc += 4;
            continue;
        case IOP(st_env, I64):
            store_host((uint8_t *)env + (int32_t)pc[2], R64(1), pc[3]);
            pc += 4;
            continue;

        case IOP(qemu_ld, I32):
            cur_pos = pc;
            W32(1, load_host(GUEST(2), pc[3]));
            pc += 5;
            continue;
        case IOP(qemu_ld, I64):
            cur_pos = pc;
            W64(1, load_host(GUEST(2), pc[3]));
            pc += 5;
            continue;
        case IOP(qemu_st, I32):
            cur_pos = pc;
            store_host(GUEST(2), R32(1), pc[3]);
            pc += 5;
            continue;
        case IOP(qemu_st, I64):
            cur_pos = pc;
            store_host(GUEST(2), R64(1), pc[3]);
            pc += 5;
            continue;
        case IOP(atomic_cmpxchg, I32):
        case IOP(atomic_cmpxchg, I64): {
            cur_pos = pc;
            void *p = (void *)(tcg_guest_base +
                               (pc[5] & MEMOP_ADDR64 ? R64(2) : R32(2)));
            if ((pc[0] & 1) == TCG_TYPE_I64) {
                W64(1, atomic_cmpxchg_host(p, R64(3), R64(4), pc[5]));
            } else {
                W32(1, atomic_cmpxchg_host(p, R32(3), R32(4), pc[5]));
            }
            pc += 7;
            continue;
        }
        case IOP(mb, I32):
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            pc += 2;
            continue;

        case IOP(call, I32):
        case IOP(call, I64): {
            uint32_t info = pc[1];
            uint32_t n = info & 0xff;
            uint64_t a[TCG_MAX_CALL_ARGS] = { 0 };
            for (uint32_t i = 0; i < n; i++) {
                const uint8_t *p = ADDR(pc[5 + i]);
                a[i] = info & CALL_ARG64(i) ? *(const uint64_t *)p
                                            : *(const uint32_t *)p;
            }
            GenericHelper fn = (GenericHelper)(uintptr_t)(pc[3] | (uint64_t)pc[4] << 32);
            cur_pos = pc;
            uint64_t r = fn(a[0], a[1], a[2], a[3], a[4], a[5]);
            if (info & CALL_HAS_RET) {
                if (pc[0] == IOP(call, I32)) {
                    W32(2, r);
                } else {
                    W64(2, r);
                }
            }
            pc += 5 + n;
            continue;
        }

        case IOP(call_if, I64): {
            if (R64(2)) {
                GenericHelper fn =
                    (GenericHelper)(uintptr_t)(pc[9] | (uint64_t)pc[10] << 32);
                cur_pos = pc;
                W64(1, fn(R64(4), R64(5), R64(6), R64(7), R64(8), 0));
            } else {
                W64(1, R64(3));
            }
            pc += 11;
            continue;
        }

        /* The host's C arithmetic runs in its default mode: binary64,
         * round to nearest even; its flags are the operation's (one host
         * instruction each). */
        case IOP(fadd_f64, I64):
            W64(1, f64_nan_rule(f64_bits(f64_of(R64(2)) + f64_of(R64(3))),
                                R64(2), R64(3)));
            pc += 4;
            continue;
        case IOP(fsub_f64, I64):
            W64(1, f64_nan_rule(f64_bits(f64_of(R64(2)) - f64_of(R64(3))),
                                R64(2), R64(3)));
            pc += 4;
            continue;
        case IOP(fmul_f64, I64):
            W64(1, f64_nan_rule(f64_bits(f64_of(R64(2)) * f64_of(R64(3))),
                                R64(2), R64(3)));
            pc += 4;
            continue;
        case IOP(fdiv_f64, I64):
            W64(1, f64_nan_rule(f64_bits(f64_of(R64(2)) / f64_of(R64(3))),
                                R64(2), R64(3)));
            pc += 4;
            continue;
        case IOP(frsp_f64, I64):
            W64(1, f64_bits((double)(float)f64_of(R64(2))));
            pc += 3;
            continue;
        case IOP(fsqrt_f64, I64):
            W64(1, f64_nan_rule(f64_bits(f64_sqrt(f64_of(R64(2)))), R64(2),
                                R64(2)));
            pc += 3;
            continue;
        case IOP(fcvt_i64_f64, I64):
            W64(1, f64_bits((double)(int64_t)R64(2)));
            pc += 3;
            continue;
        case IOP(fcmp_f64, I64):
            W64(1, f64_cmp(R64(2), R64(3), pc[4]));
            pc += 5;
            continue;
        case IOP(fma_f64, I64):
            W64(1, f64_bits(fma(f64_of(R64(2)), f64_of(R64(3)),
                                f64_of(R64(4)))));
            pc += 5;
            continue;

        /* f80: x87 values in env (f80.c) */
#define ENVP(w) ((uint8_t *)env + (int32_t)(w))
        case IOP(f80_load, I64):
            W64(1, f80_load(pc[3], ENVP(pc[4]), R64(2)));
            pc += 5;
            continue;
        case IOP(f80_store, I64):
            W64(1, f80_store(pc[2], ENVP(pc[3])));
            pc += 4;
            continue;
        case IOP(f80_status, I64):
            W64(1, f80_status());
            pc += 2;
            continue;
        case IOP(f80_arith, I64):
            W64(1, f80_arith(pc[2], ENVP(pc[3]), ENVP(pc[4]), ENVP(pc[5])));
            pc += 6;
            continue;
        case IOP(f80_arith_mem, I64):
            W64(1, f80_arith_mem(pc[3], pc[4], ENVP(pc[5]), ENVP(pc[6]),
                                 R64(2)));
            pc += 7;
            continue;
        case IOP(f80_cmp, I64):
            W64(1, f80_cmp(pc[2], ENVP(pc[3]), ENVP(pc[4])));
            pc += 5;
            continue;
        case IOP(f80_cmp_mem, I64):
            W64(1, f80_cmp_mem(pc[3], ENVP(pc[4]), R64(2)));
            pc += 5;
            continue;
        case IOP(f80_func, I64):
            W64(1, f80_func(pc[2], ENVP(pc[3]), ENVP(pc[4]), ENVP(pc[5])));
            pc += 6;
            continue;
        case IOP(f80_move, I64):
            memmove(ENVP(pc[1]), ENVP(pc[2]), 10);
            pc += 3;
            continue;
        case IOP(f80_xchg, I64): {
            uint8_t t[10];
            memcpy(t, ENVP(pc[1]), 10);
            memmove(ENVP(pc[1]), ENVP(pc[2]), 10);
            memcpy(ENVP(pc[2]), t, 10);
            pc += 3;
            continue;
        }
        case IOP(f80_set_cw, I64):
            f80_set_cw(R64(1));
            pc += 2;
            continue;
#undef ENVP

        case IOP(goto_tb, I64): {
            TranslationBlock *dest = tb->jmp_dest[pc[1] & 1];
            if (dest) {
                ENTER(dest);
            } else {
                pc += 2;
            }
            continue;
        }
        case IOP(exit_tb, I64):
            cur_tb = NULL;
            return (uintptr_t)(pc[1] | (uint64_t)pc[2] << 32);
        case IOP(goto_ptr, I64): {
            TranslationBlock *dest = tb_lookup_for_env(env);
            if (!dest) {
                cur_tb = NULL;
                return 0;
            }
            ENTER(dest);
            continue;
        }
        default:
            fprintf(stderr, "mimic: interpreter: bad bytecode %u\n", pc[0]);
            exit(1);
        }
    }
#undef CASE_UNARY
#undef CASE_UNARY_SAME
#undef CASE_BINARY
#undef ENTER
#undef GUEST
#undef W64
#undef W32
#undef R64
#undef R32
#undef ADDR
}

static void interp_set_jmp(TranslationBlock *tb, int slot,
                           TranslationBlock *dest)
{
    tb->jmp_dest[slot & 1] = dest;
}

static bool interp_find_guest_pc(uintptr_t host_pc, uint64_t *guest_pc)
{
    const TranslationBlock *tb = cur_tb;
    if (!tb || !cur_pos) {
        return false;
    }
    uint32_t ofs = (uint32_t)((const uint8_t *)cur_pos - tb->code);
    if (ofs >= tb->code_size) {
        return false;
    }
    *guest_pc = tb_guest_pc_at(tb, ofs);
    return true;
}

/* ---- -d out_asm -------------------------------------------------------- */

static void dump_operand(FILE *out, const TranslationBlock *tb, uint32_t w)
{
    int32_t ofs = (int32_t)w >> 2;
    switch (w & 3) {
    case BASE_FRAME:
        if (ofs == 0) {
            fprintf(out, "env");
        } else {
            fprintf(out, "f%d", ofs / 8);
        }
        break;
    case BASE_ENV:
        fprintf(out, "[env+0x%x]", (unsigned)ofs);
        break;
    default: {
        uint64_t v;
        memcpy(&v, tb->code + ofs, 8);
        fprintf(out, "$0x%" PRIx64, v);
        break;
    }
    }
}

static void interp_dump_code(FILE *out, TranslationBlock *tb)
{
    const uint32_t *code = (const uint32_t *)tb->code;
    uint32_t end = tb->code_size / 4;

    for (uint32_t p = code[0] / 4; p < end;) {
        const uint32_t *w = code + p;
        unsigned opc = w[0] / 2, type = w[0] & 1;
        if (opc >= NB_OPS) {
            fprintf(out, "  %04x: .word 0x%x\n", p * 4, w[0]);
            p++;
            continue;
        }
        const TCGOpDef *def = &tcg_op_defs[opc];
        fprintf(out, "  %04x: %s_%s", p * 4, def->name, type ? "i64" : "i32");
        uint32_t len;
        if (opc == INDEX_op_call) {
            uint32_t n = w[1] & 0xff;
            fprintf(out, " 0x%" PRIx64, w[3] | (uint64_t)w[4] << 32);
            if (w[1] & CALL_HAS_RET) {
                fprintf(out, " -> ");
                dump_operand(out, tb, w[2]);
            }
            for (uint32_t i = 0; i < n; i++) {
                fprintf(out, i ? "," : " (");
                dump_operand(out, tb, w[5 + i]);
            }
            fprintf(out, n ? ")\n" : "\n");
            len = 5 + n;
        } else if (opc == INDEX_op_exit_tb) {
            fprintf(out, " $0x%" PRIx64 "\n", w[1] | (uint64_t)w[2] << 32);
            len = 3;
        } else {
            uint32_t nt = def->nb_oargs + def->nb_iargs;
            /* call_if's helper address takes two words */
            len = 1 + nt + def->nb_cargs + (opc == INDEX_op_call_if);
            for (uint32_t i = 1; i < len; i++) {
                fputs(i == 1 ? " " : ",", out);
                if (i <= nt) {
                    dump_operand(out, tb, w[i]);
                } else if (opc == INDEX_op_br || (opc == INDEX_op_brcond && i == 4)) {
                    fprintf(out, "@%04x", w[i] * 4);
                } else {
                    fprintf(out, "#0x%x", w[i]);
                }
            }
            fputc('\n', out);
        }
        p += len;
    }
}

const TCGBackend tcg_backend_interp = {
    .name = "interp",
    .gen_code = interp_gen_code,
    .exec = interp_exec,
    .set_jmp = interp_set_jmp,
    .find_guest_pc = interp_find_guest_pc,
    .dump_code = interp_dump_code,
};
