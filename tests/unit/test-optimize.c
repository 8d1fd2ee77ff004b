/*
 * test-optimize.c: tcg_optimize and tcg_liveness on small op lists.  Each
 * test builds IR with the generators, runs the passes, and compares the
 * resulting op list (as printed by tcg_dump_ops, nops omitted) with a
 * listing worked out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tcg/exec.h"
#include "tcg/tcg-op.h"

typedef struct TestEnv {
    CPUCommon common;
    uint32_t r[8];
    uint64_t q[4];
    uint64_t x[4];      /* not globals: reached with ld_env/st_env */
} TestEnv;

#define X0 ((int32_t)offsetof(TestEnv, x))
#define X1 ((int32_t)offsetof(TestEnv, x) + 8)

static TCGv r[8], q[4];
static const char *const names[12] = { "r0", "r1", "r2", "r3", "r4", "r5",
                                       "r6", "r7", "q0", "q1", "q2", "q3" };

static int setup_globals(void **state)
{
    (void)state;
    tcg_context_init();
    for (int i = 0; i < 8; i++) {
        r[i] = tcg_global_mem_new(TCG_TYPE_I32, offsetof(TestEnv, r) + 4 * i,
                                  names[i]);
    }
    for (int i = 0; i < 4; i++) {
        q[i] = tcg_global_mem_new(TCG_TYPE_I64, offsetof(TestEnv, q) + 8 * i,
                                  names[8 + i]);
    }
    return 0;
}

static void begin(void)
{
    tcg_func_start(0x1000);
    tcg_gen_insn_start(0x1000);
}

/* Run the passes and compare the listing (life annotations included only
 * when with_life). */
static void expect(bool with_life, const char *want)
{
    tcg_optimize(tcg_ctx);
    tcg_liveness(tcg_ctx);
    if (!with_life) {
        for (uint32_t i = 0; i < tcg_ctx->nb_ops; i++) {
            tcg_ctx->ops[i].life = 0;
        }
    }
    char *got = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&got, &len);
    assert_non_null(f);
    tcg_dump_ops(tcg_ctx, f);
    fclose(f);
    if (strcmp(got, want) != 0) {
        fail_msg("got:\n%swant:\n%s", got, want);
    }
    free(got);
}

static TCGv c32(int64_t v) { return tcg_constant(TCG_TYPE_I32, v); }
static TCGv c64(int64_t v) { return tcg_constant(TCG_TYPE_I64, v); }

/* ---- constant folding -------------------------------------------------- */

static void test_fold_i32(void **state)
{
    (void)state;
    begin();
    tcg_gen_add(r[0], c32(3), c32(4));
    tcg_gen_add(r[1], c32(0x7fffffff), c32(1));     /* wraps */
    tcg_gen_shl(r[2], c32(3), c32(31));
    tcg_gen_sar(r[3], c32(-256), c32(36));          /* count masked to 4 */
    tcg_gen_divs(r[4], c32(7), c32(0));             /* guarded: 0 */
    tcg_gen_clz(r[5], c32(0));                      /* width */
    tcg_gen_bswap32(r[6], c32(0x11223344));
    tcg_gen_ext16s(r[7], c32(0x18000));
    tcg_gen_exit_tb(0);
    expect(false,
           " ---- 0x1000\n"
           " mov_i32 r0,$0x7\n"
           " mov_i32 r1,$0x80000000\n"
           " mov_i32 r2,$0x80000000\n"
           " mov_i32 r3,$0xfffffff0\n"
           " mov_i32 r4,$0x0\n"
           " mov_i32 r5,$0x20\n"
           " mov_i32 r6,$0x44332211\n"
           " mov_i32 r7,$0xffff8000\n"
           " exit_tb $0x0\n");
    /* I32 constants are kept sign-extended. */
    TCGOp *op = &tcg_ctx->ops[2];
    assert_int_equal(op->opc, INDEX_op_mov);
    assert_true(tcg_ctx->temps[op->args[1]].val == INT32_MIN);
}

static void test_fold_i64(void **state)
{
    (void)state;
    begin();
    tcg_gen_mulhu(q[0], c64(-1), c64(-1));          /* (2^64-1)^2 >> 64 */
    tcg_gen_rotr(q[1], c64(0x1), c64(4));
    tcg_gen_ext_i32_i64(q[2], c32(-2));
    tcg_gen_extrh_i64_i32(r[0], c64(0x1234567800000000ll));
    tcg_gen_setcond(TCG_COND_LT, q[3], c64(-1), c64(0));
    tcg_gen_setcond(TCG_COND_LTU, r[1], c32(-1), c32(0));
    tcg_gen_exit_tb(0);
    expect(false,
           " ---- 0x1000\n"
           " mov_i64 q0,$0xfffffffffffffffe\n"
           " mov_i64 q1,$0x1000000000000000\n"
           " mov_i64 q2,$0xfffffffffffffffe\n"
           " mov_i32 r0,$0x12345678\n"
           " mov_i64 q3,$0x1\n"
           " mov_i32 r1,$0x0\n"
           " exit_tb $0x0\n");
}

/* Results of folded ops feed later folds through copy propagation. */
static void test_fold_chain(void **state)
{
    (void)state;
    begin();
    TCGv t = tcg_temp_new(TCG_TYPE_I32);
    tcg_gen_movi(t, 6);
    tcg_gen_muli(t, t, 7);
    tcg_gen_subi(r[0], t, 2);
    tcg_gen_exit_tb(0);
    expect(false,
           " ---- 0x1000\n"
           " mov_i32 r0,$0x28\n"
           " exit_tb $0x0\n");
}

/* With every temp in use, folds that need a new constant are skipped. */
static void test_fold_without_free_temps(void **state)
{
    (void)state;
    begin();
    while (tcg_ctx->nb_temps < TCG_MAX_TEMPS - 3) {
        tcg_temp_new(TCG_TYPE_I32);
    }
    tcg_gen_add(r[0], c32(3), c32(4));   /* folds: $0x7 takes the last temp */
    tcg_gen_add(r[1], c32(3), c32(3));   /* no temp left for $0x6 */
    tcg_gen_exit_tb(0);
    expect(false,
           " ---- 0x1000\n"
           " mov_i32 r0,$0x7\n"
           " add_i32 r1,$0x3,$0x3\n"
           " exit_tb $0x0\n");
}

/* ---- algebraic identities ---------------------------------------------- */

static void test_identities(void **state)
{
    (void)state;
    begin();
    tcg_gen_addi(r[1], r[0], 0);
    tcg_gen_add(r[2], c32(0), r[0]);
    tcg_gen_muli(r[3], r[0], 1);
    tcg_gen_andi(r[4], r[0], -1);
    tcg_gen_ori(r[5], r[0], 0);
    tcg_gen_xori(r[6], r[0], 0);
    tcg_gen_shli(r[7], r[0], 0);
    tcg_gen_andi(q[0], q[1], 0);
    tcg_gen_muli(q[2], q[1], 0);
    tcg_gen_exit_tb(0);
    expect(false,
           " ---- 0x1000\n"
           " mov_i32 r1,r0\n"
           " mov_i32 r2,r0\n"
           " mov_i32 r3,r0\n"
           " mov_i32 r4,r0\n"
           " mov_i32 r5,r0\n"
           " mov_i32 r6,r0\n"
           " mov_i32 r7,r0\n"
           " mov_i64 q0,$0x0\n"
           " mov_i64 q2,$0x0\n"
           " exit_tb $0x0\n");
}

static void test_same_operand(void **state)
{
    (void)state;
    begin();
    tcg_gen_sub(r[1], r[0], r[0]);
    tcg_gen_xor(q[0], q[1], q[1]);
    tcg_gen_and(r[2], r[0], r[0]);
    tcg_gen_setcond(TCG_COND_GEU, r[3], r[0], r[0]);
    tcg_gen_setcond(TCG_COND_LT, r[4], r[0], r[0]);
    /* Not foldable: the two inputs differ. */
    tcg_gen_sub(r[5], r[0], r[6]);
    tcg_gen_exit_tb(0);
    expect(false,
           " ---- 0x1000\n"
           " mov_i32 r1,$0x0\n"
           " mov_i64 q0,$0x0\n"
           " mov_i32 r2,r0\n"
           " mov_i32 r3,$0x1\n"
           " mov_i32 r4,$0x0\n"
           " sub_i32 r5,r0,r6\n"
           " exit_tb $0x0\n");
}

/* Constants go second in commutative ops and comparisons. */
static void test_canonical_order(void **state)
{
    (void)state;
    begin();
    tcg_gen_add(r[1], c32(5), r[0]);
    tcg_gen_setcond(TCG_COND_LT, r[2], c32(5), r[0]);
    tcg_gen_sub(r[3], c32(5), r[0]);
    tcg_gen_exit_tb(0);
    expect(false,
           " ---- 0x1000\n"
           " add_i32 r1,r0,$0x5\n"
           " setcond_i32 r2,r0,$0x5,gt\n"
           " sub_i32 r3,$0x5,r0\n"
           " exit_tb $0x0\n");
}

/* ---- control flow ------------------------------------------------------ */

static void test_branch_folding(void **state)
{
    (void)state;
    begin();
    uint32_t l1 = tcg_new_label(), l2 = tcg_new_label();
    tcg_gen_brcond(TCG_COND_EQ, c32(1), c32(2), l1);   /* never taken */
    tcg_gen_movi(r[0], 1);
    tcg_gen_set_label(l1);
    tcg_gen_brcond(TCG_COND_GTU, c32(3), c32(2), l2);  /* always taken */
    tcg_gen_movi(r[1], 2);                             /* unreachable */
    tcg_gen_insn_start(0x1004);                        /* kept */
    tcg_gen_movi(r[2], 3);                             /* unreachable */
    tcg_gen_set_label(l2);
    tcg_gen_movcond(TCG_COND_NE, r[3], c32(0), c32(0), r[4], r[5]);
    tcg_gen_exit_tb(0);
    tcg_gen_movi(r[6], 4);                             /* unreachable */
    expect(false,
           " ---- 0x1000\n"
           " mov_i32 r0,$0x1\n"
           " set_label $L0\n"
           " br $L1\n"
           " ---- 0x1004\n"
           " set_label $L1\n"
           " mov_i32 r3,r5\n"
           " exit_tb $0x0\n");
}

/* ---- copy propagation -------------------------------------------------- */

static void test_copy_propagation(void **state)
{
    (void)state;
    begin();
    TCGv t = tcg_temp_new(TCG_TYPE_I32);
    tcg_gen_mov(t, r[0]);
    tcg_gen_add(r[1], t, t);
    tcg_gen_exit_tb(0);
    expect(false,
           " ---- 0x1000\n"
           " add_i32 r1,r0,r0\n"
           " exit_tb $0x0\n");
}

/* Writing the source ends the copy. */
static void test_copy_ends_at_write(void **state)
{
    (void)state;
    begin();
    TCGv t = tcg_temp_new(TCG_TYPE_I32);
    tcg_gen_mov(t, r[0]);
    tcg_gen_mov(r[0], r[2]);
    tcg_gen_addi(r[1], t, 1);
    tcg_gen_exit_tb(0);
    expect(false,
           " ---- 0x1000\n"
           " mov_i32 tmp1,r0\n"
           " mov_i32 r0,r2\n"
           " add_i32 r1,tmp1,$0x1\n"
           " exit_tb $0x0\n");
}

/* A copy made on one path only is not used after the merge. */
static void test_copy_ends_at_label(void **state)
{
    (void)state;
    begin();
    TCGv t = tcg_temp_new(TCG_TYPE_I32);
    uint32_t l = tcg_new_label();
    tcg_gen_brcondi(TCG_COND_EQ, r[3], 0, l);
    tcg_gen_mov(t, r[0]);
    tcg_gen_set_label(l);
    tcg_gen_addi(r[1], t, 1);
    tcg_gen_exit_tb(0);
    expect(false,
           " ---- 0x1000\n"
           " brcond_i32 r3,$0x0,eq,$L0\n"
           " mov_i32 tmp1,r0\n"
           " set_label $L0\n"
           " add_i32 r1,tmp1,$0x1\n"
           " exit_tb $0x0\n");
}

static uint32_t helper_dummy(uint32_t x) { return x + 1; }

/* A helper that may write globals ends copies of globals; one that may not
 * keeps them. */
static void test_copy_and_calls(void **state)
{
    (void)state;
    char want[512];
    for (int nowrite = 0; nowrite < 2; nowrite++) {
        begin();
        TCGv t = tcg_temp_new(TCG_TYPE_I32);
        tcg_gen_mov(t, r[0]);
        tcg_gen_callN(helper_dummy, nowrite ? TCG_CALL_NO_WG : 0, r[2], r[3]);
        tcg_gen_addi(r[1], t, 1);
        tcg_gen_exit_tb(0);
        if (nowrite) {
            snprintf(want, sizeof(want),
                     " ---- 0x1000\n"
                     " call %p,$0x2,r2,r3\n"
                     " add_i32 r1,r0,$0x1\n"
                     " exit_tb $0x0\n", (void *)helper_dummy);
        } else {
            snprintf(want, sizeof(want),
                     " ---- 0x1000\n"
                     " mov_i32 tmp1,r0\n"
                     " call %p,$0x0,r2,r3\n"
                     " add_i32 r1,tmp1,$0x1\n"
                     " exit_tb $0x0\n", (void *)helper_dummy);
        }
        expect(false, want);
    }
}

/* ---- dead code ----------------------------------------------------------- */

static void test_dead_code(void **state)
{
    (void)state;
    begin();
    TCGv t1 = tcg_temp_new(TCG_TYPE_I32), t2 = tcg_temp_new(TCG_TYPE_I32);
    tcg_gen_addi(t1, r[0], 1);
    tcg_gen_mul(t2, t1, r[1]);     /* never read: both go */
    tcg_gen_mov(r[2], r[0]);       /* overwritten before any exit: goes */
    tcg_gen_mov(r[2], r[1]);
    tcg_gen_mov(r[3], r[0]);       /* global live at exit: stays */
    tcg_gen_exit_tb(0);
    expect(false,
           " ---- 0x1000\n"
           " mov_i32 r2,r1\n"
           " mov_i32 r3,r0\n"
           " exit_tb $0x0\n");
}

static uint32_t helper_pure(uint32_t x) { return x * 2; }

/* Ops with side effects stay even when their results are unused. */
static void test_side_effects_kept(void **state)
{
    (void)state;
    char want[512];
    begin();
    TCGv t1 = tcg_temp_new(TCG_TYPE_I32), t2 = tcg_temp_new(TCG_TYPE_I32);
    TCGv t3 = tcg_temp_new(TCG_TYPE_I32);
    tcg_gen_qemu_ld(t1, r[0], MO_UL | MO_BE, 0);          /* may fault */
    tcg_gen_qemu_st(r[1], r[0], MO_UL | MO_BE, 0);
    tcg_gen_st_env(r[1], offsetof(TestEnv, q), MO_UL);
    tcg_gen_callN(helper_dummy, TCG_CALL_NO_RWG, t2, r[0]); /* may raise */
    tcg_gen_callN(helper_pure, TCG_CALL_PURE, t3, r[0]);    /* goes */
    tcg_gen_exit_tb(0);
    snprintf(want, sizeof(want),
             " ---- 0x1000\n"
             " qemu_ld_i32 tmp1,r0,ul+bswap,0\n"
             " qemu_st_i32 r1,r0,ul+bswap,0\n"
             " st_env_i32 r1,$0x%zx,ul\n"
             " call %p,$0x3,tmp2,r0\n"
             " exit_tb $0x0\n",
             offsetof(TestEnv, q), (void *)helper_dummy);
    expect(false, want);
}

/* Globals must be in env at a memory access: an earlier write survives even
 * though a later one overwrites it. */
static void test_globals_live_at_memory_access(void **state)
{
    (void)state;
    begin();
    tcg_gen_mov(r[1], r[0]);
    tcg_gen_qemu_ld(r[2], r[3], MO_UB, 0);
    tcg_gen_mov(r[1], r[4]);
    tcg_gen_exit_tb(0);
    expect(false,
           " ---- 0x1000\n"
           " mov_i32 r1,r0\n"
           " qemu_ld_i32 r2,r3,ub,0\n"
           " mov_i32 r1,r4\n"
           " exit_tb $0x0\n");
}

/* ---- env fields: loads forwarded, overwritten stores dropped ---------- */

/* A load of bytes a store (or an earlier load) left in a temp reads the
 * temp: as a mov at full width, an extension when narrower. */
static void test_env_load_forwarded(void **state)
{
    (void)state;
    char want[1024];
    begin();
    TCGv t1 = tcg_temp_new(TCG_TYPE_I64), t2 = tcg_temp_new(TCG_TYPE_I64);
    TCGv t3 = tcg_temp_new(TCG_TYPE_I64), t4 = tcg_temp_new(TCG_TYPE_I64);
    TCGv t5 = tcg_temp_new(TCG_TYPE_I64);
    tcg_gen_add(t1, q[0], q[1]);
    tcg_gen_st_env(t1, X0, MO_UQ);
    tcg_gen_ld_env(t2, X0, MO_UQ);           /* = t1 */
    tcg_gen_st_env(q[2], X1, MO_UL);
    tcg_gen_ld_env(t3, X1, MO_SL);           /* = ext32s(q2) */
    tcg_gen_ld_env(t4, X1 + 4, MO_UL);       /* bytes not stored: a load */
    tcg_gen_ld_env(t5, X1 + 4, MO_UL);       /* = t4 */
    tcg_gen_add(q[3], t2, t3);
    tcg_gen_add(q[3], q[3], t4);
    tcg_gen_add(q[3], q[3], t5);
    tcg_gen_exit_tb(0);
    snprintf(want, sizeof(want),
             " ---- 0x1000\n"
             " add_i64 tmp1,q0,q1\n"
             " st_env_i64 tmp1,$0x%x,uq\n"
             " st_env_i64 q2,$0x%x,ul\n"
             " ext32s_i64 tmp3,q2\n"
             " ld_env_i64 tmp4,$0x%x,ul\n"
             " add_i64 q3,tmp1,tmp3\n"
             " add_i64 q3,q3,tmp4\n"
             " add_i64 q3,q3,tmp4\n"
             " exit_tb $0x0\n", X0, X1, X1 + 4);
    expect(false, want);
}

/* Facts end when the temp is written again, at a label, at a call, at a
 * store of overlapping bytes, and are not used for another size. */
static void test_env_load_not_forwarded(void **state)
{
    (void)state;
    char want[2048];
    begin();
    TCGv t1 = tcg_temp_new(TCG_TYPE_I64), t2 = tcg_temp_new(TCG_TYPE_I64);
    TCGv t3 = tcg_temp_new(TCG_TYPE_I64), t4 = tcg_temp_new(TCG_TYPE_I64);
    TCGv t5 = tcg_temp_new(TCG_TYPE_I64), t6 = tcg_temp_new(TCG_TYPE_I64);
    TCGv t7 = tcg_temp_new(TCG_TYPE_I32);
    uint32_t l = tcg_new_label();
    tcg_gen_add(t1, q[0], q[1]);
    tcg_gen_st_env(t1, X0, MO_UQ);
    tcg_gen_add(t1, t1, q[1]);               /* t1 changes */
    tcg_gen_ld_env(t2, X0, MO_UQ);
    tcg_gen_st_env(t2, X1, MO_UQ);
    tcg_gen_set_label(l);
    tcg_gen_ld_env(t3, X1, MO_UQ);           /* after a label */
    tcg_gen_callN(helper_dummy, TCG_CALL_NO_RWG, t7, r[0]);
    tcg_gen_ld_env(t4, X1, MO_UQ);           /* after a call */
    tcg_gen_st_env(r[1], X1 + 4, MO_UL);
    tcg_gen_ld_env(t5, X1, MO_UQ);           /* bytes 4..7 overwritten */
    tcg_gen_ld_env(t6, X1, MO_UL);           /* a narrower load */
    tcg_gen_add(q[3], t1, t2);
    tcg_gen_add(q[3], q[3], t3);
    tcg_gen_add(q[3], q[3], t4);
    tcg_gen_add(q[3], q[3], t5);
    tcg_gen_add(q[3], q[3], t6);
    tcg_gen_exit_tb(0);
    snprintf(want, sizeof(want),
             " ---- 0x1000\n"
             " add_i64 tmp1,q0,q1\n"
             " st_env_i64 tmp1,$0x%x,uq\n"
             " add_i64 tmp1,tmp1,q1\n"
             " ld_env_i64 tmp2,$0x%x,uq\n"
             " st_env_i64 tmp2,$0x%x,uq\n"
             " set_label $L0\n"
             " ld_env_i64 tmp3,$0x%x,uq\n"
             " call %p,$0x3,tmp7,r0\n"
             " ld_env_i64 tmp4,$0x%x,uq\n"
             " st_env_i32 r1,$0x%x,ul\n"
             " ld_env_i64 tmp5,$0x%x,uq\n"
             " ld_env_i64 tmp6,$0x%x,ul\n"
             " add_i64 q3,tmp1,tmp2\n"
             " add_i64 q3,q3,tmp3\n"
             " add_i64 q3,q3,tmp4\n"
             " add_i64 q3,q3,tmp5\n"
             " add_i64 q3,q3,tmp6\n"
             " exit_tb $0x0\n", X0, X0, X1, X1, (void *)helper_dummy, X1,
             X1 + 4, X1, X1);
    expect(false, want);
}

/* A store is dropped when the same bytes are stored again before anything
 * could read env: a forwarded load, arithmetic and other bytes' accesses
 * may come between; a guest memory access (a fault reads env), a load of
 * overlapping bytes, a branch or a store of other width may not. */
static void test_env_store_overwritten(void **state)
{
    (void)state;
    char want[2048];
    begin();
    TCGv t1 = tcg_temp_new(TCG_TYPE_I64), t2 = tcg_temp_new(TCG_TYPE_I64);
    TCGv t3 = tcg_temp_new(TCG_TYPE_I64);
    uint32_t l = tcg_new_label();
    tcg_gen_st_env(q[0], X0, MO_UQ);         /* dropped */
    tcg_gen_ld_env(t1, X0, MO_UQ);
    tcg_gen_st_env(q[1], X1, MO_UQ);
    tcg_gen_add(t1, t1, q[1]);
    tcg_gen_st_env(t1, X0, MO_UQ);           /* kept: a guest load next */
    tcg_gen_qemu_ld(t2, q[2], MO_UQ, 0);
    tcg_gen_st_env(t2, X0, MO_UQ);           /* kept: a partial load next */
    tcg_gen_ld_env(t3, X0, MO_UL);
    tcg_gen_st_env(t3, X0, MO_UQ);           /* kept: a branch next */
    tcg_gen_brcondi(TCG_COND_EQ, q[3], 0, l);
    tcg_gen_st_env(q[2], X0, MO_UQ);         /* kept: other width next */
    tcg_gen_st_env(q[3], X0, MO_UL);
    tcg_gen_set_label(l);
    tcg_gen_exit_tb(0);
    snprintf(want, sizeof(want),
             " ---- 0x1000\n"
             " st_env_i64 q1,$0x%x,uq\n"
             " add_i64 tmp1,q0,q1\n"
             " st_env_i64 tmp1,$0x%x,uq\n"
             " qemu_ld_i64 tmp2,q2,uq,0\n"
             " st_env_i64 tmp2,$0x%x,uq\n"
             " ld_env_i64 tmp3,$0x%x,ul\n"
             " st_env_i64 tmp3,$0x%x,uq\n"
             " brcond_i64 q3,$0x0,eq,$L0\n"
             " st_env_i64 q2,$0x%x,uq\n"
             " st_env_i64 q3,$0x%x,ul\n"
             " set_label $L0\n"
             " exit_tb $0x0\n", X1, X0, X0, X0, X0, X0, X0);
    expect(false, want);
}

/* ---- liveness annotations ---------------------------------------------- */

static void test_life_bits(void **state)
{
    (void)state;
    begin();
    TCGv t1 = tcg_temp_new(TCG_TYPE_I32), t2 = tcg_temp_new(TCG_TYPE_I32);
    tcg_gen_addi(t1, r[0], 1);
    tcg_gen_add(t2, t1, t1);       /* last use of t1 (both inputs) */
    tcg_gen_add(r[1], t2, r[0]);   /* last use of t2; r0 live to the end */
    tcg_gen_qemu_ld(t1, r[1], MO_UB, 0); /* kept, result never read */
    tcg_gen_exit_tb(0);
    expect(true,
           " ---- 0x1000\n"
           " add_i32 tmp1,r0,$0x1\n"
           " add_i32 tmp2,tmp1,tmp1  dead: 1 2\n"
           " add_i32 r1,tmp2,r0  dead: 1\n"
           " qemu_ld_i32 tmp1,r1,ub,0  dead: 0\n"
           " exit_tb $0x0\n");
}

/* A local read after a label is live across the branch to it. */
static void test_life_across_branch(void **state)
{
    (void)state;
    begin();
    TCGv t = tcg_temp_new(TCG_TYPE_I32);
    uint32_t l = tcg_new_label();
    tcg_gen_addi(t, r[0], 1);
    tcg_gen_brcondi(TCG_COND_EQ, r[1], 0, l);
    tcg_gen_movi(r[2], 9);
    tcg_gen_set_label(l);
    tcg_gen_mov(r[3], t);
    tcg_gen_exit_tb(0);
    expect(true,
           " ---- 0x1000\n"
           " add_i32 tmp1,r0,$0x1\n"
           " brcond_i32 r1,$0x0,eq,$L0\n"
           " mov_i32 r2,$0x9\n"
           " set_label $L0\n"
           " mov_i32 r3,tmp1  dead: 1\n"
           " exit_tb $0x0\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_i32),
        cmocka_unit_test(test_fold_i64),
        cmocka_unit_test(test_fold_chain),
        cmocka_unit_test(test_fold_without_free_temps),
        cmocka_unit_test(test_identities),
        cmocka_unit_test(test_same_operand),
        cmocka_unit_test(test_canonical_order),
        cmocka_unit_test(test_branch_folding),
        cmocka_unit_test(test_copy_propagation),
        cmocka_unit_test(test_copy_ends_at_write),
        cmocka_unit_test(test_copy_ends_at_label),
        cmocka_unit_test(test_copy_and_calls),
        cmocka_unit_test(test_dead_code),
        cmocka_unit_test(test_side_effects_kept),
        cmocka_unit_test(test_globals_live_at_memory_access),
        cmocka_unit_test(test_env_load_forwarded),
        cmocka_unit_test(test_env_load_not_forwarded),
        cmocka_unit_test(test_env_store_overwritten),
        cmocka_unit_test(test_life_bits),
        cmocka_unit_test(test_life_across_branch),
    };
    return cmocka_run_group_tests(tests, setup_globals, NULL);
}
