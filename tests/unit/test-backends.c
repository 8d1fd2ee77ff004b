/*
 * test-backends.c: the x86-64 backend against the interpreter backend.
 *
 * Random IR programs (seeded; the seed is printed on a mismatch) over a
 * fake CPU with 16 I32 and 16 I64 globals, locals, edge constants, every
 * op kind, branches, env and guest memory accesses and helper calls, go
 * through tcg_optimize/tcg_liveness like tb.c does and run on both
 * backends; env, guest memory and the exit value must be identical.  Each
 * program also runs with the optional host features (BMI1/2, LZCNT,
 * POPCNT, MOVBE) switched off so the fallback sequences are compared too.
 *
 * Reproduce a failure with MIMIC_TEST_FILTER=test_random_optimized (or
 * _unoptimized, or _f64) MIMIC_TEST_SEED=<seed> MIMIC_TEST_ITERATIONS=1.
 *
 * Hand-written cases check what a differential test cannot: chaining,
 * goto_ptr, precise state at a guest fault, and values against plain C.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "tcg/exec.h"
#include "tcg/tb.h"
#include "tcg/tcg-op.h"
#include "tcg/x86_64/emit.h"

/* ---- what tb.c and the mode would provide ------------------------------ */

uintptr_t tcg_guest_base;
TCGStats tcg_stats;
static TranslationBlock *lookup_result;
static TranslationBlock *host_tb; /* the TB whose host code is running */

TranslationBlock *tb_lookup_for_env(CPUCommon *env)
{
    (void)env;
    return lookup_result;
}

TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc)
{
    TranslationBlock *tb = host_tb;
    if (tb && host_pc >= (uintptr_t)tb->code &&
        host_pc < (uintptr_t)tb->code + tb->code_size) {
        return tb;
    }
    return NULL;
}

uint64_t tb_guest_pc_at(const TranslationBlock *tb, uint32_t host_offset)
{
    uint64_t pc = tb->pc;
    for (uint32_t i = 0; i < tb->icount; i++) {
        if (tb->insn_host_ofs[i] > host_offset) {
            break;
        }
        pc = tb->pc + tb->insn_pc_ofs[i];
    }
    return pc;
}

/* ---- the fake CPU and guest memory --------------------------------------- */

#define NR 16
typedef struct TestEnv {
    CPUCommon common;
    uint32_t r[NR];
    uint64_t q[NR];
    uint8_t bytes[32]; /* reached only through ld_env/st_env */
} TestEnv;

static TestEnv env;
static TCGv r[NR], q[NR];
#define GUEST_SIZE 4096
static uint8_t *guest; /* GUEST_SIZE bytes, then a PROT_NONE page */

/* Code: the x86 prologue, then one area per TB. */
#define CODE_SIZE (1 << 20)
#define TB_CODE_SIZE (64 * 1024)
static uint8_t *code_x86;
static size_t code_x86_used;

typedef struct TestTB {
    TranslationBlock tb;
    uint16_t insn_pc_ofs[512];
    uint32_t insn_host_ofs[512];
} TestTB;

static TestTB tbs[4];
static _Alignas(16) uint8_t interp_code[4][TB_CODE_SIZE];

static int setup(void **state)
{
    (void)state;
    static char names[2 * NR][8];
    tcg_context_init();
    for (int i = 0; i < NR; i++) {
        snprintf(names[i], 8, "r%d", i);
        r[i] = tcg_global_mem_new(TCG_TYPE_I32, offsetof(TestEnv, r) + 4 * i,
                                  names[i]);
    }
    for (int i = 0; i < NR; i++) {
        snprintf(names[NR + i], 8, "q%d", i);
        q[i] = tcg_global_mem_new(TCG_TYPE_I64, offsetof(TestEnv, q) + 8 * i,
                                  names[NR + i]);
    }
    /* home globals of both types (the x86-64 backend keeps them in host
     * registers across TBs): its canonical state, the prologue and the
     * epilogue run in every test */
    for (unsigned i = 0; i < 8 && i < NR; i++) {
        tcg_global_set_home(i & 1 ? q[i] : r[i], i);
    }
    code_x86 = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    guest = mmap(NULL, GUEST_SIZE + 4096, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code_x86 == MAP_FAILED || guest == MAP_FAILED) {
        return -1;
    }
    mprotect(guest + GUEST_SIZE, 4096, PROT_NONE);
    tcg_guest_base = (uintptr_t)guest;
    code_x86_used = tcg_backend_x86_64.init_code_cache(code_x86, CODE_SIZE);
    return 0;
}

/* Translate tcg_ctx's ops (already optimized) for backend be into slot. */
static TranslationBlock *gen(const TCGBackend *be, int slot)
{
    TestTB *t = &tbs[slot];
    TranslationBlock *tb = &t->tb;

    memset(tb, 0, sizeof(*tb));
    tb->pc = tcg_ctx->tb_pc;
    for (uint32_t i = 0; i < tcg_ctx->nb_ops; i++) {
        tb->icount += tcg_ctx->ops[i].opc == INDEX_op_insn_start;
    }
    tb->insn_pc_ofs = t->insn_pc_ofs;
    tb->insn_host_ofs = t->insn_host_ofs;
    if (be == &tcg_backend_x86_64) {
        size_t start = (code_x86_used + 63) & ~(size_t)63;
        tb->code = code_x86 + start + (size_t)slot * TB_CODE_SIZE;
    } else {
        tb->code = interp_code[slot];
    }
    long n = be->gen_code(tcg_ctx, tb, tb->code, TB_CODE_SIZE);
    assert_true(n > 0);
    tb->code_size = (uint32_t)n - tb->aux_size;
    return tb;
}

static void prepare(bool optimize)
{
    if (optimize) {
        tcg_optimize(tcg_ctx);
    }
    tcg_liveness(tcg_ctx);
}

/* An always-empty jump cache: goto_ptr's inline probe misses and calls the
 * tb_lookup_for_env above. */
static TranslationBlock *empty_jmp_cache[TB_JMP_CACHE_SIZE];

static uintptr_t run(const TCGBackend *be, TranslationBlock *tb)
{
    env.common.current_tb = tb;
    env.common.tb_jmp_cache = empty_jmp_cache;
    host_tb = tb;
    uintptr_t ret = be->exec(&env.common, tb);
    host_tb = NULL;
    return ret;
}

/* ---- random programs -------------------------------------------------- */

static uint64_t rng;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static unsigned rndn(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static const uint64_t edge[] = {
    0, 1, 2, 3, 7, 8, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x100, 0x7fff,
    0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
    0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0xffffffffffffffffull, 0xfffffffffffffffeull, 0xffffffff80000000ull,
    0x123456789abcdef0ull, 0xdeadbeefcafef00dull, 0x0f0f0f0f0f0f0f0full,
    /* doubles: 1, infinity, signalling NaNs */
    0x3ff0000000000000ull, 0x7ff0000000000000ull, 0x7ff0000000000001ull,
    0xfff4000000000000ull,
};

static uint64_t rnd_value(void)
{
    switch (rndn(4)) {
    case 0:
        return rnd();
    case 1:
        return rnd() & 0xffff;
    default:
        return edge[rndn(sizeof(edge) / sizeof(edge[0]))];
    }
}

#define NL 4
static TCGv l32[NL], l64[NL];

static TCGv src(TCGType t)
{
    unsigned k = rndn(8);
    if (k < 4) {
        return t == TCG_TYPE_I32 ? r[rndn(NR)] : q[rndn(NR)];
    }
    if (k < 6) {
        return t == TCG_TYPE_I32 ? l32[rndn(NL)] : l64[rndn(NL)];
    }
    return tcg_constant(t, (int64_t)rnd_value());
}

static TCGv dst(TCGType t)
{
    if (rndn(5) < 3) {
        return t == TCG_TYPE_I32 ? r[rndn(NR)] : q[rndn(NR)];
    }
    return t == TCG_TYPE_I32 ? l32[rndn(NL)] : l64[rndn(NL)];
}

static TCGType rnd_type(void)
{
    return rndn(2) ? TCG_TYPE_I64 : TCG_TYPE_I32;
}

static uint64_t helper_mix64(uint64_t a, uint64_t b)
{
    return a * 31 + (b ^ (b >> 7));
}

static uint32_t helper_sum6(uint32_t a, uint64_t b, uint32_t c, uint64_t d,
                            uint32_t e, uint64_t f)
{
    return (uint32_t)(a + 3 * b + 5 * c + 7 * d + 11 * e + 13 * f);
}

static void helper_touch_env(void *envp, uint32_t x)
{
    TestEnv *e = envp;
    e->r[3] += x;
    e->q[5] ^= e->r[7];
}

static uint32_t helper_read_env(void *envp)
{
    TestEnv *e = envp;
    return e->r[1] * 3 + (uint32_t)e->q[2];
}

static void gen_random_call(void)
{
    switch (rndn(4)) {
    case 0:
        tcg_gen_callN(helper_mix64, TCG_CALL_PURE, dst(TCG_TYPE_I64),
                      src(TCG_TYPE_I64), src(TCG_TYPE_I64));
        break;
    case 1:
        tcg_gen_callN(helper_sum6, TCG_CALL_NO_RWG, dst(TCG_TYPE_I32),
                      src(TCG_TYPE_I32), src(TCG_TYPE_I64), src(TCG_TYPE_I32),
                      src(TCG_TYPE_I64), src(TCG_TYPE_I32), src(TCG_TYPE_I64));
        break;
    case 2:
        tcg_gen_callN(helper_touch_env, 0, TCG_NO_RET, tcg_env,
                      src(TCG_TYPE_I32));
        break;
    default:
        tcg_gen_callN(helper_read_env, TCG_CALL_NO_WG, dst(TCG_TYPE_I32),
                      tcg_env);
        break;
    }
}

/* call_if's helper: writes CPU state that is not a global. */
static uint64_t helper_mix_env5(void *envp, uint64_t a, uint64_t b,
                                uint64_t c, uint64_t d)
{
    TestEnv *e = envp;
    e->bytes[a & 31] ^= (uint8_t)(b + 1);
    return a * 3 + (b ^ c) * 5 + (d >> 3);
}

static void gen_random_call_if(void)
{
    TCGv x[5] = { tcg_env, src(TCG_TYPE_I64), src(TCG_TYPE_I64),
                  src(TCG_TYPE_I64), src(TCG_TYPE_I64) };
    TCGv cond = src(TCG_TYPE_I64);

    if (rndn(2)) {
        /* mostly not taken, as on a fast path */
        TCGv c = tcg_temp_new(TCG_TYPE_I64);
        tcg_gen_andi(c, cond, 3);
        tcg_gen_setcondi(TCG_COND_EQ, c, c, 0);
        cond = c;
    }
    tcg_gen_call_if(dst(TCG_TYPE_I64), cond, src(TCG_TYPE_I64),
                    helper_mix_env5, x);
}

/* A double-precision op on random bits; a NaN result of fma_f64 or
 * frsp_f64 is made the default NaN, since the IR leaves its bits
 * unspecified (the others' are exact). */
static void gen_random_f64_op(void)
{
    TCGv d = dst(TCG_TYPE_I64), a = src(TCG_TYPE_I64), b = src(TCG_TYPE_I64);
    TCGv mag = tcg_temp_new(TCG_TYPE_I64);

    switch (rndn(9)) {
    case 6: tcg_gen_fcmp_f64(d, a, b, rndn(2)); return;
    case 7: tcg_gen_fcvt_i64_f64(d, a); return;
    case 0: tcg_gen_fadd_f64(d, a, b); return;
    case 1: tcg_gen_fsub_f64(d, a, b); return;
    case 2: tcg_gen_fmul_f64(d, a, b); return;
    case 3: tcg_gen_fdiv_f64(d, a, b); return;
    case 4: tcg_gen_fsqrt_f64(d, a); return;
    case 5: tcg_gen_frsp_f64(d, a); break;
    default: tcg_gen_fma_f64(d, a, b, src(TCG_TYPE_I64)); break;
    }
    tcg_gen_andi(mag, d, INT64_MAX);
    tcg_gen_movcond(TCG_COND_GTU, d, mag,
                    tcg_constant(TCG_TYPE_I64, 0x7ff0000000000000ll),
                    tcg_constant(TCG_TYPE_I64, 0x7ff8000000000000ll), d);
}

/* A memop for a value of type t. */
static MemOp rnd_memop(TCGType t, bool load)
{
    int size = rndn(t == TCG_TYPE_I32 ? 3 : 4);
    MemOp mop = (MemOp)size;
    if (load && rndn(2)) {
        mop |= MO_SIGN;
    }
    if (rndn(2)) {
        mop |= MO_BSWAP;
    }
    return mop;
}

/* A guest address in [0, GUEST_SIZE - 8], as an I32 or I64 temp. */
static TCGv rnd_addr(void)
{
    TCGv a = tcg_temp_new(TCG_TYPE_I32);
    tcg_gen_andi(a, src(TCG_TYPE_I32), 0xff0);
    tcg_gen_addi(a, a, rndn(8));
    if (rndn(2)) {
        TCGv a64 = tcg_temp_new(TCG_TYPE_I64);
        tcg_gen_extu_i32_i64(a64, a);
        return a64;
    }
    return a;
}

static const TCGOpcode binary_ops[] = {
    INDEX_op_add, INDEX_op_sub, INDEX_op_mul, INDEX_op_mulhs, INDEX_op_mulhu,
    INDEX_op_and, INDEX_op_or, INDEX_op_xor, INDEX_op_andc, INDEX_op_orc,
    INDEX_op_shl, INDEX_op_shr, INDEX_op_sar, INDEX_op_rotl, INDEX_op_rotr,
};
static const TCGOpcode div_ops[] = { INDEX_op_divs, INDEX_op_divu,
                                     INDEX_op_rems, INDEX_op_remu };
static const TCGOpcode unary_ops[] = {
    INDEX_op_neg, INDEX_op_not, INDEX_op_clz, INDEX_op_ctz, INDEX_op_ctpop,
    INDEX_op_bswap16, INDEX_op_bswap32, INDEX_op_bswap64, INDEX_op_ext8s,
    INDEX_op_ext8u, INDEX_op_ext16s, INDEX_op_ext16u, INDEX_op_ext32s,
    INDEX_op_ext32u, INDEX_op_mov,
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void gen_random_op(void)
{
    TCGType t = rnd_type();

    switch (rndn(16)) {
    case 0: case 1: case 2: case 3: {
        TCGOpcode opc = binary_ops[rndn(COUNT(binary_ops))];
        tcg_gen_op3(opc, t, dst(t).idx, src(t).idx, src(t).idx);
        break;
    }
    case 4: {
        /* the frontend's duty: no zero divisor, no MIN / -1 */
        TCGOpcode opc = div_ops[rndn(COUNT(div_ops))];
        TCGv d = tcg_temp_new(t);
        tcg_gen_ori(d, src(t), 1);
        tcg_gen_movcond(TCG_COND_EQ, d, d, tcg_constant(t, -1),
                        tcg_constant(t, 3), d);
        tcg_gen_op3(opc, t, dst(t).idx, src(t).idx, d.idx);
        break;
    }
    case 5: case 6: {
        TCGOpcode opc = unary_ops[rndn(COUNT(unary_ops))];
        if (opc == INDEX_op_ext32s || opc == INDEX_op_ext32u ||
            opc == INDEX_op_bswap64) {
            t = TCG_TYPE_I64;
        }
        tcg_gen_op2(opc, t, dst(t).idx, src(t).idx);
        break;
    }
    case 7:
        switch (rndn(4)) {
        case 0:
            tcg_gen_ext_i32_i64(dst(TCG_TYPE_I64), src(TCG_TYPE_I32));
            break;
        case 1:
            tcg_gen_extu_i32_i64(dst(TCG_TYPE_I64), src(TCG_TYPE_I32));
            break;
        case 2:
            tcg_gen_extrl_i64_i32(dst(TCG_TYPE_I32), src(TCG_TYPE_I64));
            break;
        default:
            tcg_gen_extrh_i64_i32(dst(TCG_TYPE_I32), src(TCG_TYPE_I64));
            break;
        }
        break;
    case 8:
        tcg_gen_setcond((TCGCond)rndn(14), dst(t), src(t), src(t));
        break;
    case 9: {
        TCGType ct = rnd_type();
        tcg_gen_movcond((TCGCond)rndn(14), dst(t), src(ct), src(ct), src(t),
                        src(t));
        break;
    }
    case 10: {
        int size = (int)rndn(t == TCG_TYPE_I32 ? 3 : 4);
        MemOp mop = (MemOp)size;
        int32_t ofs;
        bool load = rndn(2);
        if (load || rndn(2)) {
            ofs = (int32_t)(offsetof(TestEnv, bytes) +
                            (rndn(32 >> size) << size));
        } else {
            /* a store into a global's own field: the backend must see the
             * aliasing.  (Loads from one would read a value liveness may
             * have declared dead: outside the IR contract.) */
            ofs = (int32_t)(offsetof(TestEnv, r) + (rndn(4 * NR) & ~0u << size));
        }
        if (load) {
            tcg_gen_ld_env(dst(t), ofs, mop | (rndn(2) ? MO_SIGN : 0));
        } else {
            tcg_gen_st_env(src(t), ofs, mop);
        }
        break;
    }
    case 11:
        if (rndn(2)) {
            tcg_gen_qemu_ld(dst(t), rnd_addr(), rnd_memop(t, true), 0);
        } else {
            tcg_gen_qemu_st(src(t), rnd_addr(), rnd_memop(t, false), 0);
        }
        break;
    case 12:
        switch (rndn(4)) {
        case 0:
            gen_random_call_if();
            break;
        case 1:
            gen_random_f64_op();
            break;
        default:
            gen_random_call();
            break;
        }
        break;
    case 13:
        if (rndn(8) == 0) {
            tcg_gen_mb(TCG_MB_FULL);
        } else {
            tcg_gen_insn_start(0x1000 + 4 * rndn(64));
        }
        break;
    default:
        tcg_gen_mov(dst(t), src(t));
        break;
    }
}

/* Forward branches: each label is set a few ops after its branch. */
static void gen_random_program(int nb_ops)
{
    uint32_t pending[8];
    int due[8], nb_pending = 0;

    tcg_func_start(0x1000);
    tcg_gen_insn_start(0x1000);
    for (int i = 0; i < NL; i++) {
        l32[i] = tcg_temp_new(TCG_TYPE_I32);
        l64[i] = tcg_temp_new(TCG_TYPE_I64);
        tcg_gen_mov(l32[i], r[i]);
        tcg_gen_mov(l64[i], q[i]);
    }
    for (int i = 0; i < nb_ops; i++) {
        for (int k = 0; k < nb_pending; k++) {
            if (--due[k] == 0) {
                tcg_gen_set_label(pending[k]);
                pending[k] = pending[--nb_pending];
                due[k] = due[nb_pending];
                k--;
            }
        }
        if (nb_pending < 8 && rndn(10) == 0) {
            uint32_t l = tcg_new_label();
            TCGType t = rnd_type();
            if (rndn(6) == 0) {
                tcg_gen_br(l);
            } else {
                tcg_gen_brcond((TCGCond)rndn(14), src(t), src(t), l);
            }
            pending[nb_pending] = l;
            due[nb_pending++] = 1 + (int)rndn(6);
        }
        gen_random_op();
    }
    for (int k = 0; k < nb_pending; k++) {
        tcg_gen_set_label(pending[k]);
    }
    /* keep some locals observable */
    for (int i = 0; i < NL; i++) {
        tcg_gen_add(r[NR - 1 - i], r[NR - 1 - i], l32[i]);
        tcg_gen_xor(q[NR - 1 - i], q[NR - 1 - i], l64[i]);
    }
    tcg_gen_exit_tb(rndn(2) ? 0 : 0x5a);
}

/*
 * f64 chains: doubles loaded from and stored to env, combined by f64 ops
 * into fresh temps (as the x86 frontend's SSE code does), between guest
 * stores, helper calls, branches and movs, so that the x86-64 backend's
 * xmm homes (codegen-fp.c) are used, reused and lost in every way.
 */
static void gen_random_f64_program(int nb_ops)
{
    TCGv vals[8], vals_at_branch[8];
    int nv = 0, nv_at_branch = 0, label_due = 0;
    uint32_t label = 0;

    tcg_func_start(0x1000);
    tcg_gen_insn_start(0x1000);
    for (int i = 0; i < NL; i++) {   /* for src, dst, gen_random_call */
        l32[i] = tcg_temp_new(TCG_TYPE_I32);
        l64[i] = tcg_temp_new(TCG_TYPE_I64);
        tcg_gen_mov(l32[i], r[i]);
        tcg_gen_mov(l64[i], q[i]);
    }
    for (int i = 0; i < 4; i++) {
        vals[nv] = tcg_temp_new(TCG_TYPE_I64);
        tcg_gen_ld_env(vals[nv++], (int32_t)(offsetof(TestEnv, bytes) + 8 * i),
                       MO_64);
    }
    for (int i = 0; i < nb_ops; i++) {
        if (label_due && --label_due == 0) {
            /* values made on one path only are not read after it */
            tcg_gen_set_label(label);
            memcpy(vals, vals_at_branch, sizeof(vals));
            nv = nv_at_branch;
        }
        int32_t slot = (int32_t)(offsetof(TestEnv, bytes) + 8 * rndn(4));
        TCGv a = vals[rndn(nv)], b = vals[rndn(nv)];
        TCGv d = rndn(4) ? tcg_temp_new(TCG_TYPE_I64) : vals[rndn(nv)];

        switch (rndn(16)) {
        case 0: case 1:
            tcg_gen_ld_env(d, slot, MO_64);
            break;
        case 2: case 3:
            tcg_gen_st_env(a, slot, MO_64);
            continue;
        case 4:
            if (!label_due) {
                label = tcg_new_label();
                label_due = 1 + (int)rndn(4);
                tcg_gen_brcond((TCGCond)rndn(14), a, src(TCG_TYPE_I64), label);
                memcpy(vals_at_branch, vals, sizeof(vals));
                nv_at_branch = nv;
            }
            continue;
        case 5:
            gen_random_call();
            continue;
        case 6:
            tcg_gen_qemu_st(a, rnd_addr(), MO_64, 0);
            continue;
        case 7:
            tcg_gen_mov(d, a);
            break;
        case 8:
            tcg_gen_fcmp_f64(d, a, b, rndn(2));
            break;
        case 9:
            tcg_gen_fsqrt_f64(d, a);
            break;
        case 10:
            tcg_gen_fcvt_i64_f64(d, a);
            break;
        case 11:
            tcg_gen_fmul_f64(d, a, a);
            break;
        case 12:
            tcg_gen_fadd_f64(d, a, b);
            break;
        case 13:
            tcg_gen_fsub_f64(d, a, b);
            break;
        case 14:
            tcg_gen_fmul_f64(d, a, b);
            break;
        default:
            tcg_gen_fdiv_f64(d, a, b);
            break;
        }
        vals[nv < 8 ? (unsigned)nv++ : rndn(8)] = d;
    }
    if (label_due) {
        tcg_gen_set_label(label);
        memcpy(vals, vals_at_branch, sizeof(vals));
        nv = nv_at_branch;
    }
    for (int i = 0; i < nv; i++) {
        if (rndn(2)) {
            tcg_gen_st_env(vals[i], (int32_t)(offsetof(TestEnv, bytes) +
                                              8 * rndn(4)), MO_64);
        } else {
            tcg_gen_xor(q[i % NR], q[i % NR], vals[i]);
        }
    }
    tcg_gen_exit_tb(0);
}

static void random_state(TestEnv *e, uint8_t *mem)
{
    memset(e, 0, sizeof(*e));
    e->common.exception_index = EXCP_NONE;
    for (int i = 0; i < NR; i++) {
        e->r[i] = (uint32_t)rnd_value();
        e->q[i] = rnd_value();
    }
    for (int i = 0; i < 32; i++) {
        e->bytes[i] = (uint8_t)rnd();
    }
    for (int i = 0; i < GUEST_SIZE; i++) {
        mem[i] = (uint8_t)rnd();
    }
}

static void report_diff(uint64_t seed, bool optimize, int features, const TestEnv *want,
                        const uint8_t *want_mem)
{
    print_error("seed %llu (%s), x86 features %#x: x86 differs from "
                "interp\n", (unsigned long long)seed,
                optimize ? "optimized" : "unoptimized", features);
    for (int i = 0; i < NR; i++) {
        if (want->r[i] != env.r[i]) {
            print_error("  r%d interp %#x x86 %#x\n", i, want->r[i], env.r[i]);
        }
        if (want->q[i] != env.q[i]) {
            print_error("  q%d interp %#llx x86 %#llx\n", i,
                        (unsigned long long)want->q[i],
                        (unsigned long long)env.q[i]);
        }
    }
    if (memcmp(want->bytes, env.bytes, sizeof(env.bytes))) {
        print_error("  env bytes differ\n");
    }
    for (int i = 0; i < GUEST_SIZE; i++) {
        if (want_mem[i] != guest[i]) {
            print_error("  guest[%#x] interp %#x x86 %#x\n", i, want_mem[i],
                        guest[i]);
        }
    }
    tcg_dump_ops(tcg_ctx, stderr);
}

/* Everything about a program follows from its seed. */
static void run_random(uint64_t seed, int max_ops, bool optimize,
                       void (*gen_program)(int nb_ops))
{
    int nb_ops = 10 + (int)(seed % (uint64_t)(max_ops - 9));
    static TestEnv start_env, want_env;
    static uint8_t start_mem[GUEST_SIZE], want_mem[GUEST_SIZE];
    unsigned all = x86_features;

    rng = seed * 0x9e3779b97f4a7c15ull + 1;
    gen_program(nb_ops);
    prepare(optimize);
    random_state(&start_env, start_mem);

    env = start_env;
    memcpy(guest, start_mem, GUEST_SIZE);
    uintptr_t want_ret = run(&tcg_backend_interp, gen(&tcg_backend_interp, 0));
    want_env = env;
    memcpy(want_mem, guest, GUEST_SIZE);

    for (int pass = 0; pass < 2; pass++) {
        x86_features = pass ? 0 : all;
        env = start_env;
        memcpy(guest, start_mem, GUEST_SIZE);
        uintptr_t ret = run(&tcg_backend_x86_64, gen(&tcg_backend_x86_64, 0));
        env.common.current_tb = want_env.common.current_tb;
        if (ret != want_ret || memcmp(&env, &want_env, sizeof(env)) ||
            memcmp(guest, want_mem, GUEST_SIZE)) {
            report_diff(seed, optimize, (int)x86_features, &want_env, want_mem);
            x86_features = all;
            fail();
        }
    }
    x86_features = all;
}

static uint64_t seed_base(void)
{
    const char *s = getenv("MIMIC_TEST_SEED");
    return s ? strtoull(s, NULL, 0) : 1;
}

static int iterations(int dflt)
{
    const char *s = getenv("MIMIC_TEST_ITERATIONS");
    return s ? atoi(s) : dflt;
}

static void test_random_optimized(void **state)
{
    (void)state;
    uint64_t base = seed_base();
    for (int i = 0; i < iterations(3000); i++) {
        run_random(base + (uint64_t)i, 100, true, gen_random_program);
    }
}

static void test_random_unoptimized(void **state)
{
    (void)state;
    uint64_t base = seed_base();
    for (int i = 0; i < iterations(1000); i++) {
        run_random(base + (uint64_t)i, 70, false, gen_random_program);
    }
}

static void test_random_f64(void **state)
{
    (void)state;
    uint64_t base = seed_base();
    for (int i = 0; i < iterations(2000); i++) {
        run_random(base + (uint64_t)i, 120, true, gen_random_f64_program);
    }
}

/* ---- hand-written cases, against plain C ---------------------------- */

static TranslationBlock *finish_x86(int slot)
{
    prepare(true);
    return gen(&tcg_backend_x86_64, slot);
}

/* More live values than host registers: spills and reloads. */
static void test_register_pressure(void **state)
{
    (void)state;
    TCGv t[24];
    tcg_func_start(0x100);
    tcg_gen_insn_start(0x100);
    for (int i = 0; i < 24; i++) {
        t[i] = tcg_temp_new(TCG_TYPE_I64);
        tcg_gen_muli(t[i], q[i % NR], i + 3);
    }
    for (int i = 0; i < 24; i++) {
        tcg_gen_add(q[0], q[0], t[i]);
        tcg_gen_xor(q[1], q[1], t[23 - i]);
    }
    tcg_gen_exit_tb(0);
    TranslationBlock *tb = finish_x86(0);

    memset(&env, 0, sizeof(env));
    uint64_t want0 = 0, want1 = 0;
    for (int i = 0; i < NR; i++) {
        env.q[i] = 0x1000 * (uint64_t)i + 0x7fffffff;
    }
    uint64_t in[NR];
    memcpy(in, env.q, sizeof(in));
    want0 = in[0];
    want1 = in[1];
    for (int i = 0; i < 24; i++) {
        want0 += in[i % NR] * (uint64_t)(i + 3);
    }
    for (int i = 0; i < 24; i++) {
        want1 ^= in[(23 - i) % NR] * (uint64_t)(23 - i + 3);
    }
    run(&tcg_backend_x86_64, tb);
    assert_int_equal(env.q[0], want0);
    assert_int_equal(env.q[1], want1);
}

static void test_chaining(void **state)
{
    (void)state;
    tcg_func_start(0x3000);
    tcg_gen_insn_start(0x3000);
    tcg_gen_addi(r[0], r[0], 1);
    tcg_gen_goto_tb(1);
    TranslationBlock *first = finish_x86(0);

    tcg_func_start(0x4000);
    tcg_gen_insn_start(0x4000);
    tcg_gen_muli(r[1], r[0], 2);
    tcg_gen_exit_tb(0x77);
    TranslationBlock *second = finish_x86(1);

    env.r[0] = 10;
    env.r[1] = 0;
    assert_int_equal(run(&tcg_backend_x86_64, first), TCG_EXIT_CHAIN | 1);
    assert_int_equal(env.r[0], 11);
    assert_int_equal(env.r[1], 0);
    /* set_jmp patches the rel32 with one aligned 8-byte store */
    assert_true((uintptr_t)(first->code + first->jmp_insn_offset[1] + 1) % 8 <=
                4);

    tcg_backend_x86_64.set_jmp(first, 1, second);
    assert_int_equal(run(&tcg_backend_x86_64, first), 0x77);
    assert_int_equal(env.r[0], 12);
    assert_int_equal(env.r[1], 24);

    tcg_backend_x86_64.set_jmp(first, 1, NULL);
    assert_int_equal(run(&tcg_backend_x86_64, first), TCG_EXIT_CHAIN | 1);
    assert_int_equal(env.r[0], 13);
}

static void test_goto_ptr(void **state)
{
    (void)state;
    tcg_func_start(0x5000);
    tcg_gen_insn_start(0x5000);
    tcg_gen_addi(r[0], r[0], 5);
    tcg_gen_lookup_and_goto_ptr();
    TranslationBlock *first = finish_x86(0);
    tcg_func_start(0x6000);
    tcg_gen_insn_start(0x6000);
    tcg_gen_subi(r[0], r[0], 1);
    tcg_gen_exit_tb(0x99);
    TranslationBlock *second = finish_x86(1);

    env.r[0] = 0;
    lookup_result = NULL;
    assert_int_equal(run(&tcg_backend_x86_64, first), 0);
    assert_int_equal(env.r[0], 5);
    lookup_result = second;
    assert_int_equal(run(&tcg_backend_x86_64, first), 0x99);
    assert_int_equal(env.r[0], 9);
    lookup_result = NULL;
}

/* A guest load that faults: the handler finds the guest pc of the load's
 * instruction, and after restore_state env holds every global written
 * before it (the backend keeps them in host registers across the load). */
static sigjmp_buf fault_jmp;
static uint64_t fault_pc;
static bool fault_found;

static void on_segv(int sig, siginfo_t *si, void *uc_)
{
    (void)sig;
    (void)si;
    ucontext_t *uc = uc_;
    uintptr_t host_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    fault_found = tcg_backend_x86_64.find_guest_pc(host_pc, &fault_pc);
    env.common.pc = 0;
    if (fault_found) {
        fault_found = tcg_backend_x86_64.restore_state(host_pc, uc,
                                                       &env.common) &&
                      env.common.pc == fault_pc;
    }
    siglongjmp(fault_jmp, 1);
}

static void test_precise_fault(void **state)
{
    (void)state;
    struct sigaction sa = { 0 }, old;
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, &old);

    tcg_func_start(0x2000);
    tcg_gen_insn_start(0x2000);
    tcg_gen_addi(r[0], r[0], 1);
    tcg_gen_insn_start(0x2004);
    tcg_gen_muli(q[3], q[3], 3);
    tcg_gen_insn_start(0x2008);
    tcg_gen_qemu_ld(r[1], r[2], MO_UL | MO_BE, 0);
    tcg_gen_insn_start(0x200c);
    tcg_gen_addi(r[0], r[0], 1);
    tcg_gen_exit_tb(0);
    TranslationBlock *tb = finish_x86(0);

    env.r[0] = 41;
    env.q[3] = 5;
    env.r[1] = 7;
    env.r[2] = GUEST_SIZE + 16; /* the PROT_NONE page */
    fault_found = false;
    if (sigsetjmp(fault_jmp, 1) == 0) {
        run(&tcg_backend_x86_64, tb);
        fail_msg("no fault");
    }
    host_tb = NULL;
    sigaction(SIGSEGV, &old, NULL);
    assert_true(fault_found);
    assert_int_equal(fault_pc, 0x2008);
    assert_int_equal(env.r[0], 42);
    assert_int_equal(env.q[3], 15);
    assert_int_equal(env.r[1], 7);

    /* the same load from a good address, big-endian */
    env.r[2] = 0x10;
    memcpy(guest + 0x10, "\x12\x34\x56\x78", 4);
    run(&tcg_backend_x86_64, tb);
    assert_int_equal(env.r[1], 0x12345678);
    assert_int_equal(env.r[0], 44);
}

/* `add r3, r3, 1` on a global is one instruction besides the entry load
 * and the exit store. */
static void test_code_quality(void **state)
{
    (void)state;
    tcg_func_start(0x100);
    tcg_gen_insn_start(0x100);
    tcg_gen_addi(r[3], r[3], 3);
    tcg_gen_exit_tb(0);
    TranslationBlock *tb = finish_x86(0);
    /* mov ebx,[rbp+d8] (3) + add ebx,3 (3) + mov [rbp+d8],ebx (3) +
     * xor eax,eax (2) + jmp rel32 (5) */
    assert_int_equal(tb->code_size, 16);
    env.r[3] = 10;
    run(&tcg_backend_x86_64, tb);
    assert_int_equal(env.r[3], 13);
}

/* Back-to-back movconds on the same operands share one compare (the
 * PowerPC CR-field idiom); values against plain C. */
static void test_movcond_pair(void **state)
{
    (void)state;
    static const uint32_t vals[] = { 0, 1, 5, 0x7fffffff, 0x80000000,
                                     0xffffffff };
    tcg_func_start(0x300);
    tcg_gen_insn_start(0x300);
    for (int u = 0; u < 2; u++) {
        TCGv t = tcg_temp_new(TCG_TYPE_I32);
        tcg_gen_movcond(u ? TCG_COND_LTU : TCG_COND_LT, t, r[0], r[1],
                        tcg_constant(TCG_TYPE_I32, 8),
                        tcg_constant(TCG_TYPE_I32, 4));
        tcg_gen_movcond(TCG_COND_EQ, t, r[0], r[1],
                        tcg_constant(TCG_TYPE_I32, 2), t);
        tcg_gen_mov(r[2 + u], t);
    }
    tcg_gen_exit_tb(0);
    TranslationBlock *tb = finish_x86(0);
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        for (size_t j = 0; j < sizeof(vals) / sizeof(vals[0]); j++) {
            uint32_t a = vals[i], b = vals[j];
            env.r[0] = a;
            env.r[1] = b;
            run(&tcg_backend_x86_64, tb);
            assert_int_equal(env.r[2], (int32_t)a < (int32_t)b ? 8
                                       : a == b                ? 2 : 4);
            assert_int_equal(env.r[3], a < b ? 8 : a == b ? 2 : 4);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_quality),
        cmocka_unit_test(test_register_pressure),
        cmocka_unit_test(test_chaining),
        cmocka_unit_test(test_goto_ptr),
        cmocka_unit_test(test_precise_fault),
        cmocka_unit_test(test_movcond_pair),
        cmocka_unit_test(test_random_optimized),
        cmocka_unit_test(test_random_unoptimized),
        cmocka_unit_test(test_random_f64),
    };
    if (getenv("MIMIC_TEST_FILTER")) {
        cmocka_set_test_filter(getenv("MIMIC_TEST_FILTER"));
    }
    return cmocka_run_group_tests(tests, setup, NULL);
}
