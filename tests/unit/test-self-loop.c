/*
 * test-self-loop.c: TBs that jump to their own start, which the x86-64
 * backend runs as loops inside their code with guest registers held in
 * host registers.  What must still hold: an exit request stops the loop,
 * and a fault in the middle of it finds env exact once tcg_restore_state
 * has run.  Guest code is PowerPC through the real frontend; every case
 * runs on both backends (the interpreter as the reference).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>

#include <cmocka.h>

#include "target-ppc/cpu.h"

#define GUEST_START 0x10000000u
#define GUEST_SIZE 0x20000u /* then a PROT_NONE page */
#define INSN_SC 0x44000002u

uintptr_t tcg_guest_base;
static uint8_t *guest_mem;
static CPUPPCState env;

const void *translator_code_ptr(CPUCommon *cs, uint64_t pc, size_t len)
{
    (void)cs;
    if (pc < GUEST_START || pc + len > GUEST_START + GUEST_SIZE) {
        return NULL;
    }
    return (const void *)(tcg_guest_base + pc);
}

static void load_code(const uint32_t *insns, int n)
{
    uint8_t *p = (uint8_t *)(tcg_guest_base + GUEST_START);

    tb_flush();
    memset(guest_mem, 0, GUEST_SIZE);
    for (int i = 0; i < n; i++) {
        p[4 * i] = (uint8_t)(insns[i] >> 24);
        p[4 * i + 1] = (uint8_t)(insns[i] >> 16);
        p[4 * i + 2] = (uint8_t)(insns[i] >> 8);
        p[4 * i + 3] = (uint8_t)insns[i];
    }
    ppc_cpu_reset(&env);
    env.common.pc = GUEST_START;
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

static int setup_interp(void **state)
{
    (void)state;
    use_backend(&tcg_backend_interp);
    return 0;
}

static int setup_x86_64(void **state)
{
    (void)state;
    use_backend(&tcg_backend_x86_64);
    return 0;
}

/* ---- an exit request stops an endless loop ------------------------------ */

static void on_alarm(int sig)
{
    (void)sig;
    env.common.exit_request = 1;
}

static void test_exit_request(void **state)
{
    (void)state;
    /* 1: addi r3,r3,1; cmpw r3,r3; beq 1b  (never falls through) */
    const uint32_t code[] = { 0x38630001, 0x7c031800, 0x4182fff8, INSN_SC };
    struct sigaction sa = { .sa_handler = on_alarm }, old;
    /* Every 20 ms: under load the first request may come before the
     * loop has run at all; cpu_exec then leaves at once and runs again. */
    struct itimerval t = { .it_value = { .tv_usec = 20000 },
                           .it_interval = { .tv_usec = 20000 } },
                     off = { 0 };
    int excp;

    load_code(code, 4);
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, &old);
    setitimer(ITIMER_REAL, &t, NULL);
    do {
        excp = cpu_exec(&env.common);
    } while (excp == EXCP_INTERRUPT && env.gpr[3] == 0);
    setitimer(ITIMER_REAL, &off, NULL);
    sigaction(SIGALRM, &old, NULL);

    /* left at the top of the loop with the registers written back */
    assert_int_equal(excp, EXCP_INTERRUPT);
    assert_int_equal(env.common.pc, GUEST_START);
    assert_true(env.gpr[3] > 0);
    assert_int_equal(env.crf[0] & CRF_EQ, CRF_EQ);
    env.common.exit_request = 0;
}

/* ---- a fault inside the loop ------------------------------------------- */

static sigjmp_buf fault_jmp;
static volatile bool fault_restored;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    uintptr_t host_pc = (uintptr_t)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
    fault_restored = tcg_restore_state(host_pc, uc, &env.common);
    siglongjmp(fault_jmp, 1);
}

static void test_fault_in_loop(void **state)
{
    (void)state;
    /* r4 = start of data; walk words until the unmapped page:
     * 1: lwz r5,0(r4); add r6,r6,r5; addi r4,r4,4; addi r7,r7,1; b 1b */
    const uint32_t code[] = { 0x80a40000, 0x7cc62a14, 0x38840004,
                              0x38e70001, 0x4bfffff0 };
    const uint32_t data = GUEST_START + 0x1000;
    struct sigaction sa = { .sa_sigaction = on_segv,
                            .sa_flags = SA_SIGINFO | SA_NODEFER }, old;

    load_code(code, 5);
    for (uint32_t a = data; a < GUEST_START + GUEST_SIZE; a += 4) {
        uint8_t *p = (uint8_t *)(tcg_guest_base + a);
        p[3] = 1; /* big-endian word 1 */
    }
    env.gpr[4] = data;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &old);
    fault_restored = false;
    if (sigsetjmp(fault_jmp, 1) == 0) {
        cpu_exec(&env.common);
        fail_msg("no fault");
    }
    sigaction(SIGSEGV, &old, NULL);

    uint32_t words = (GUEST_START + GUEST_SIZE - data) / 4;
    assert_true(fault_restored);
    assert_int_equal(env.common.pc, GUEST_START); /* the lwz */
    assert_int_equal(env.gpr[4], GUEST_START + GUEST_SIZE);
    assert_int_equal(env.gpr[6], words);
    assert_int_equal(env.gpr[7], words);
}

int main(void)
{
    guest_mem = mmap(NULL, GUEST_SIZE + 4096, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (guest_mem == MAP_FAILED) {
        return 1;
    }
    mprotect(guest_mem + GUEST_SIZE, 4096, PROT_NONE);
    tcg_guest_base = (uintptr_t)guest_mem - GUEST_START;
    tcg_context_init();
    ppc_target_info.tcg_init();

    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_exit_request, setup_interp),
        cmocka_unit_test_setup(test_fault_in_loop, setup_interp),
        cmocka_unit_test_setup(test_exit_request, setup_x86_64),
        cmocka_unit_test_setup(test_fault_in_loop, setup_x86_64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
