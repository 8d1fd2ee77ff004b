/*
 * The ppc32 signal frames as handlers see them: an RT handler reads and
 * edits registers in uc_mcontext (skips the illegal instruction, changes
 * r3, CR and f1), the old-style handler does the same through its
 * sigcontext; sigreturn must restore every register from the frame,
 * including FP registers, and the saved signal mask.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <asm/ptrace.h>
#include <asm/sigcontext.h>

static volatile int rt_sig_ok, old_sig_ok, mask_ok;

static void rt_handler(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    unsigned long *gregs = uc->uc_mcontext.uc_regs->gregs;
    rt_sig_ok = sig == SIGILL && (unsigned long)si->si_addr == gregs[PT_NIP];
    mask_ok = !sigismember(&uc->uc_sigmask, SIGILL) &&
              sigismember(&uc->uc_sigmask, SIGUSR2);
    gregs[PT_NIP] += 4;
    gregs[PT_R3] = gregs[PT_R3] * 2 + 1;
    gregs[PT_CCR] = 0x20000000; /* cr0 = EQ */
    uc->uc_mcontext.uc_regs->fpregs.fpregs[1] = 2.5;
}

static void old_handler(int sig, struct sigcontext *sc)
{
    old_sig_ok = sig == SIGILL && sc->signal == SIGILL;
    sc->regs->nip += 4;
    sc->regs->gpr[3] += 100;
}

static unsigned long run_illegal(unsigned long in, unsigned long *cr_out,
                                 double *f1_out)
{
    register unsigned long r3 asm("r3") = in;
    register double f1 asm("fr1") = 1.0;
    unsigned long cr;
    asm volatile("li 0,0\n\tcmpwi 0,1\n\t.long 0\n\tmfcr %1"
                 : "+r"(r3), "=r"(cr), "+f"(f1)
                 :
                 : "r0", "cr0", "memory");
    *cr_out = cr;
    *f1_out = f1;
    return r3;
}

int main(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = rt_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    unsigned long cr;
    double f1;
    unsigned long r3 = run_illegal(20, &cr, &f1);
    printf("rt: sig=%d mask=%d r3=%lu cr0=%lx f1=%g\n", rt_sig_ok, mask_ok,
           r3, cr >> 28, f1);

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = (void (*)(int))old_handler;
    sigaction(SIGILL, &sa, NULL);
    r3 = run_illegal(5, &cr, &f1);
    printf("old: sig=%d r3=%lu cr0=%lx f1=%g\n", old_sig_ok, r3, cr >> 28,
           f1);

    sigprocmask(SIG_BLOCK, NULL, &set);
    printf("mask after: ill=%d usr2=%d\n", sigismember(&set, SIGILL),
           sigismember(&set, SIGUSR2));
    return 0;
}
