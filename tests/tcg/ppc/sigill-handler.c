/*
 * Illegal and trapping instructions with handlers installed: the handler
 * must see the right signal, si_code and faulting address, and siglongjmp
 * out of it must resume cleanly, repeatedly.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf resume;
static volatile int last_signal, last_code;
static void *volatile last_addr;

static void handler(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    last_signal = sig;
    last_code = info->si_code;
    last_addr = info->si_addr;
    siglongjmp(resume, 1);
}

extern char illegal_insn[], trap_insn[];

static void run_illegal(void)
{
    asm volatile(".globl illegal_insn\nillegal_insn: .long 0x00000000");
}

static void run_trap(void)
{
    asm volatile(".globl trap_insn\ntrap_insn: tw 31,0,0");
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    for (int i = 0; i < 3; i++) {
        if (sigsetjmp(resume, 1) == 0) {
            run_illegal();
            printf("no signal\n");
        } else {
            printf("illegal %d: signal=%s code=%s addr=%s\n", i,
                   last_signal == SIGILL ? "SIGILL" : "other",
                   last_code == ILL_ILLOPC ? "ILL_ILLOPC" : "other",
                   last_addr == (void *)illegal_insn ? "insn" : "other");
        }
    }
    for (int i = 0; i < 2; i++) {
        if (sigsetjmp(resume, 1) == 0) {
            run_trap();
            printf("no signal\n");
        } else {
            printf("trap %d: signal=%s addr=%s\n", i,
                   last_signal == SIGTRAP ? "SIGTRAP" : "other",
                   last_addr == (void *)trap_insn ? "insn" : "other");
        }
    }
    printf("done\n");
    return 0;
}
