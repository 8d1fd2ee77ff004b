/*
 * test-ppc-exec.c: the PowerPC integer frontend through the whole pipeline
 * (translate, optimize, liveness, backend, exec loop) without linux-user.
 * Guest memory is a buffer; a snippet ends in `sc`, which returns from
 * cpu_exec.  Register and memory expectations of the snippets come from
 * qemu-ppc (ppc-exec-cases.inc, made by gen-ppc-exec-cases.py); the
 * exception cases are checked by hand against the architecture.
 * Every case runs on the interpreter and on the x86-64 backend.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "target-ppc/cpu.h"

typedef struct ExecCase {
    const char *name;
    int ncode;
    uint32_t code[64];
    uint32_t init[32];
    uint32_t init_cr, init_ctr;
    uint32_t gpr[30];
    uint32_t cr, xer, ctr, lr;
    uint8_t mem[256];
} ExecCase;

#include "ppc-exec-cases.inc"

#define GUEST_START 0x10000000u
#define GUEST_SIZE 0x40000u
#define INSN_SC 0x44000002u

uintptr_t tcg_guest_base;
static uint8_t *guest_mem;
static CPUPPCState env;

const void *translator_code_ptr(CPUCommon *cs, uint64_t pc, size_t len)
{
    if (pc < GUEST_START || pc + len > GUEST_START + GUEST_SIZE) {
        return NULL;
    }
    return (const void *)(tcg_guest_base + pc);
}

static void *g2h(uint32_t addr)
{
    return (void *)(tcg_guest_base + addr);
}

static void put_insns(uint32_t addr, const uint32_t *insns, int n)
{
    uint8_t *p = g2h(addr);
    for (int i = 0; i < n; i++) {
        p[4 * i] = (uint8_t)(insns[i] >> 24);
        p[4 * i + 1] = (uint8_t)(insns[i] >> 16);
        p[4 * i + 2] = (uint8_t)(insns[i] >> 8);
        p[4 * i + 3] = (uint8_t)insns[i];
    }
}

static void use_backend(const TCGBackend *be)
{
    TCGExecConfig cfg = {
        .backend = be,
        .target = &ppc_target_info,
        .code_cache_size = 16 << 20,
    };
    tcg_exec_init(&cfg);
}

/* Fresh CPU and code cache, code at pc. */
static void start(uint32_t pc, const uint32_t *insns, int n)
{
    tb_flush();
    memset(guest_mem, 0, GUEST_SIZE);
    put_insns(pc, insns, n);
    ppc_cpu_reset(&env);
    env.common.pc = pc;
}

static int run(void)
{
    return cpu_exec(&env.common);
}

static void run_case(const ExecCase *c)
{
    uint32_t code[65];

    memcpy(code, c->code, c->ncode * sizeof(uint32_t));
    code[c->ncode] = INSN_SC;
    start(CASE_SNIPPET_ADDR, code, c->ncode + 1);
    memcpy(g2h(CASE_SCRATCH_ADDR), case_scratch_init, 256);
    memcpy(env.gpr, c->init, sizeof(c->init));
    ppc_set_cr(&env, c->init_cr);
    env.ctr = c->init_ctr;

    int excp = run();
    if (excp != EXCP_PPC_SYSCALL
        || env.common.pc != CASE_SNIPPET_ADDR + 4 * (c->ncode + 1)) {
        fail_msg("%s: stopped with exception %d at pc %08x", c->name, excp,
                 (uint32_t)env.common.pc);
    }
    for (int i = 0; i < 30; i++) {
        if (env.gpr[i] != c->gpr[i]) {
            fail_msg("%s: r%d = %08x, qemu-ppc: %08x", c->name, i,
                     env.gpr[i], c->gpr[i]);
        }
    }
    if (ppc_get_cr(&env) != c->cr) {
        fail_msg("%s: cr = %08x, qemu-ppc: %08x", c->name, ppc_get_cr(&env),
                 c->cr);
    }
    if (ppc_get_xer(&env) != c->xer) {
        fail_msg("%s: xer = %08x, qemu-ppc: %08x", c->name,
                 ppc_get_xer(&env), c->xer);
    }
    assert_int_equal(env.ctr, c->ctr);
    assert_int_equal(env.lr, c->lr);
    const uint8_t *mem = g2h(CASE_SCRATCH_ADDR);
    for (int i = 0; i < 256; i++) {
        if (mem[i] != c->mem[i]) {
            fail_msg("%s: byte %d of scratch = %02x, qemu-ppc: %02x", c->name,
                     i, mem[i], c->mem[i]);
        }
    }
}

static void test_qemu_cases(void **state)
{
    for (size_t i = 0; i < sizeof(exec_cases) / sizeof(exec_cases[0]); i++) {
        run_case(&exec_cases[i]);
    }
}

/* ---- exceptions: pc at the instruction, except sc ---- */

#define PC0 0x10001000u

static void expect_exception(const uint32_t *insns, int n, int excp,
                             uint32_t pc)
{
    start(PC0, insns, n);
    env.gpr[3] = 5;
    assert_int_equal(run(), excp);
    assert_int_equal((uint32_t)env.common.pc, pc);
}

static void test_exceptions(void **state)
{
    /* li r4,1; .long 0 */
    const uint32_t illegal[] = { 0x38800001, 0x00000000 };
    expect_exception(illegal, 2, EXCP_PPC_ILLEGAL, PC0 + 4);
    assert_int_equal(env.gpr[4], 1);
    assert_int_equal(env.error_insn, 0);

    /* lwzu r3,0(r3): rA = rD is an invalid form */
    const uint32_t lwzu_invalid[] = { 0x84630000 };
    expect_exception(lwzu_invalid, 1, EXCP_PPC_ILLEGAL, PC0);
    assert_int_equal(env.error_insn, 0x84630000);
    /* stwu r3,0(0): rA = 0 */
    const uint32_t stwu_invalid[] = { 0x94600000 };
    expect_exception(stwu_invalid, 1, EXCP_PPC_ILLEGAL, PC0);
    /* bdnzctr (bcctr 16,0): bcctr cannot decrement CTR */
    const uint32_t bcctr_invalid[] = { 0x4e000420 };
    expect_exception(bcctr_invalid, 1, EXCP_PPC_ILLEGAL, PC0);
    /* cmpw with L=1 (cmpd): no 64-bit compares on a 32-bit CPU */
    const uint32_t cmpd[] = { 0x7c232000 };
    expect_exception(cmpd, 1, EXCP_PPC_ILLEGAL, PC0);
    /* lswi r3,r4,8 loads r3 and r4: rA in range */
    const uint32_t lswi_invalid[] = { 0x7c6444aa };
    expect_exception(lswi_invalid, 1, EXCP_PPC_ILLEGAL, PC0);
    /* li r6,8; mtxer r6; lswx r3,r4,r5 (r3, r4): raised in the helper */
    const uint32_t lswx_invalid[] = { 0x38c00008, 0x7cc103a6, 0x7c642c2a };
    expect_exception(lswx_invalid, 3, EXCP_PPC_ILLEGAL, PC0 + 8);
    assert_int_equal(env.error_insn, 0x7c642c2a);

    /* trap (tw 31,0,0) and twi 4,r3,5 with r3 = 5 after a taken-not path */
    const uint32_t trap[] = { 0x7fe00008 };
    expect_exception(trap, 1, EXCP_PPC_TRAP, PC0);
    /* twi 8,r3,5 (not taken); li r4,2; twi 4,r3,5 */
    const uint32_t twi[] = { 0x0d030005, 0x38800002, 0x0c830005 };
    expect_exception(twi, 3, EXCP_PPC_TRAP, PC0 + 8);
    assert_int_equal(env.gpr[4], 2);

    /* mfmsr r3; mtspr SRR0 (26),r3; rfi; mfspr r3,SPRG0 (272) */
    const uint32_t mfmsr[] = { 0x7c6000a6 };
    expect_exception(mfmsr, 1, EXCP_PPC_PRIV, PC0);
    const uint32_t mtsrr0[] = { 0x7c7a03a6 };
    expect_exception(mtsrr0, 1, EXCP_PPC_PRIV, PC0);
    const uint32_t rfi[] = { 0x4c000064 };
    expect_exception(rfi, 1, EXCP_PPC_PRIV, PC0);
    const uint32_t sprg0[] = { 0x7c7042a6 };
    expect_exception(sprg0, 1, EXCP_PPC_PRIV, PC0);

    /* sc: pc after it */
    const uint32_t sc[] = { INSN_SC };
    expect_exception(sc, 1, EXCP_PPC_SYSCALL, PC0 + 4);

    /* A branch to unmapped memory: SEGV at the target, fault_addr set. */
    const uint32_t b_away[] = { 0x48000000 | (0x40000 - 0x1000) }; /* b +0x3f000 */
    expect_exception(b_away, 1, EXCP_PPC_SEGV, GUEST_START + GUEST_SIZE);
    assert_int_equal(env.fault_addr, GUEST_START + GUEST_SIZE);
}

/* Straight-line code crossing a page: the TB ends at the boundary. */
static void test_page_crossing(void **state)
{
    /* li r3,1; addi r3,r3,2; addi r3,r3,4; addi r3,r3,8; sc */
    const uint32_t code[] = { 0x38600001, 0x38630002, 0x38630004, 0x38630008,
                              INSN_SC };
    start(PC0 + 0x1000 - 8, code, 5);
    assert_int_equal(run(), EXCP_PPC_SYSCALL);
    assert_int_equal(env.gpr[3], 15);
}

/* More instructions than a TB holds, each with its own constant: the
 * translator must split without exhausting temps. */
static void test_long_block(void **state)
{
    enum { N = 3000 };
    static uint32_t code[N + 2];
    uint32_t sum = 0;

    code[0] = 0x38600000; /* li r3,0 */
    for (int i = 1; i <= N; i++) {
        code[i] = 0x38630000 | (uint32_t)(i * 7); /* addi r3,r3,7i */
        sum += (uint32_t)(i * 7);
    }
    code[N + 1] = INSN_SC;
    start(PC0, code, N + 2);
    assert_int_equal(run(), EXCP_PPC_SYSCALL);
    assert_int_equal(env.gpr[3], sum);
}

/* A hot loop that chains TBs: 100000 iterations of a bdnz loop. */
static void test_loop(void **state)
{
    /* lis r5,1; ori r5,r5,0x86a0 (100000); mtctr r5; li r3,0;
     * 1: addi r3,r3,3; bdnz 1b; sc */
    const uint32_t code[] = { 0x3ca00001, 0x60a586a0, 0x7ca903a6, 0x38600000,
                              0x38630003, 0x4200fffc, INSN_SC };
    start(PC0, code, 7);
    assert_int_equal(run(), EXCP_PPC_SYSCALL);
    assert_int_equal(env.gpr[3], 300000);
    assert_int_equal(env.ctr, 0);
}

/* mftb counts up; mftbu/mftb agree with a 512 MHz clock within reason. */
static void test_timebase(void **state)
{
    /* mftbu r3; mftb r4; mftb r5; sc */
    const uint32_t code[] = { 0x7c6d42e6, 0x7c8c42e6, 0x7cac42e6, INSN_SC };
    start(PC0, code, 4);
    assert_int_equal(run(), EXCP_PPC_SYSCALL);
    assert_true(env.gpr[5] - env.gpr[4] < 512u * 1000 * 1000);
    assert_true(env.gpr[3] != 0 || env.gpr[4] != 0);
}

/*
 * IR cost: ops the frontend emits for one instruction, beyond those of a
 * nop (TB start and end).  The bounds pin the code quality of the common
 * instructions: a change that makes one dearer fails here.
 */
static int ops_for(uint32_t insn)
{
    TranslationBlock tb = { .pc = PC0 };

    start(PC0, &insn, 1);
    tcg_func_start(PC0);
    ppc_target_info.translate(&env.common, &tb, 1);
    return (int)tcg_ctx->nb_ops;
}

static void test_ir_cost(void **state)
{
    static const struct {
        uint32_t insn;
        const char *text;
        int max_ops;
    } costs[] = {
        { 0x7c642a14, "add 3,4,5", 1 },
        { 0x7c642a15, "add. 3,4,5", 4 },
        { 0x7c642814, "addc 3,4,5", 2 },
        { 0x7c642914, "adde 3,4,5", 7 }, /* a 64-bit sum: fewer host insns */
        /* with the TB end that compares XER[SO] with the TB flags */
        { 0x7c642e14, "addo 3,4,5", 12 },
        { 0x7c032000, "cmpw 3,4", 3 },
        { 0x2b83000a, "cmplwi 7,3,10", 3 },
        { 0x54832834, "slwi 3,4,5", 1 },
        { 0x54832aa8, "rlwinm 3,4,5,10,20", 2 },
        { 0x50832aa8, "rlwimi 3,4,5,10,20", 4 },
        { 0x80640008, "lwz 3,8(4)", 2 },
        { 0x7c64282e, "lwzx 3,4,5", 2 },
        { 0x90640008, "stw 3,8(4)", 2 },
        { 0x84640008, "lwzu 3,8(4)", 3 },
        { 0x7c642850, "subf 3,4,5", 1 },
        { 0x7c642810, "subfc 3,4,5", 2 },
        { 0x7c832e70, "srawi 3,4,5", 4 },
        { 0x7c832e30, "sraw 3,4,5", 9 },
        { 0x7c832830, "slw 3,4,5", 2 },
        { 0x7c832378, "mr 3,4", 1 },
        { 0x38600005, "li 3,5", 1 },
        { 0x7c600026, "mfcr 3", 15 },
        { 0x7c6903a6, "mtctr 3", 1 },
        { 0x7c642896, "mulhw 3,4,5", 1 },
        { 0x7c642bd6, "divw 3,4,5", 7 },
        { 0x7c830735, "extsh. 3,4", 4 },
        { 0x4cc63182, "crxor 6,6,6", 1 },
        { 0x4c412b82, "cror 2,1,5", 6 },
        { 0x7c602028, "lwarx 3,0,4", 4 },
        { 0x7c60212d, "stwcx. 3,0,4", 11 },
        { 0x7c64289e, "isel 3,4,5,2", 1 },
    };
    int base = ops_for(0x60000000); /* nop */

    for (size_t i = 0; i < sizeof(costs) / sizeof(costs[0]); i++) {
        int n = ops_for(costs[i].insn) - base;
        if (n > costs[i].max_ops) {
            fail_msg("%s: %d ops, at most %d expected", costs[i].text, n,
                     costs[i].max_ops);
        }
    }
}

static int setup_interp(void **state)
{
    use_backend(&tcg_backend_interp);
    return 0;
}

static int setup_x86_64(void **state)
{
    use_backend(&tcg_backend_x86_64);
    return 0;
}

#define BACKEND_TESTS(setup)                                                  \
    cmocka_unit_test_setup(test_qemu_cases, setup),                           \
    cmocka_unit_test_setup(test_exceptions, setup),                           \
    cmocka_unit_test_setup(test_page_crossing, setup),                        \
    cmocka_unit_test_setup(test_long_block, setup),                           \
    cmocka_unit_test_setup(test_loop, setup),                                 \
    cmocka_unit_test_setup(test_timebase, setup)

int main(void)
{
    guest_mem = mmap(NULL, GUEST_SIZE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (guest_mem == MAP_FAILED) {
        return 1;
    }
    tcg_guest_base = (uintptr_t)guest_mem - GUEST_START;
    tcg_context_init();
    ppc_target_info.tcg_init();

    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_ir_cost, setup_interp),
        BACKEND_TESTS(setup_interp),
        BACKEND_TESTS(setup_x86_64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
