/*
 * User contexts and the pre-RT signal calls.
 *
 * getcontext/makecontext/swapcontext/setcontext: coroutines that switch
 * stacks, a context that ends through uc_link, a setcontext loop, and the
 * signal mask each context carries (on ppc32 glibc does these with the
 * swapcontext system call).  On the 32-bit ABIs, the old sigaction,
 * sigprocmask, sigpending and sigsuspend calls with their 32-bit masks.
 *
 * ucontext.expected (ppc) is the native i386 run's output: the kernel
 * gives both ABIs the same semantics here.  qemu-ppc 7.2 differs on two
 * lines, both qemu bugs: its old SIG_SETMASK also clears the signals
 * above 32, and it reads ppc's one-argument sigsuspend mask as a pointer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static ucontext_t main_ctx, co_ctx[2], end_ctx;
static char co_stack[2][64 * 1024];
static char end_stack[64 * 1024];
static volatile int trace[64];
static volatile int ntrace;

static void note(int v)
{
    if (ntrace < 64) {
        trace[ntrace++] = v;
    }
}

static void coroutine(int id, int rounds)
{
    for (int i = 0; i < rounds; i++) {
        note(id * 100 + i);
        swapcontext(&co_ctx[id], id ? &co_ctx[0] : &co_ctx[1]);
    }
    note(id * 100 + 99);
}

static void finisher(void)
{
    note(999);
    /* returns: uc_link goes back to main_ctx */
}

static int blocked(int sig)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, sig);
}

static ucontext_t mask_main, mask_co;
static char mask_stack[64 * 1024];
static int seen_in_co;

static void mask_coroutine(void)
{
    seen_in_co = blocked(SIGUSR1) * 10 + blocked(SIGUSR2);
    swapcontext(&mask_co, &mask_main);
}

static volatile sig_atomic_t got;

static void on_signal(int sig)
{
    got = sig;
}

int main(void)
{
    /* two coroutines ping-pong, then each returns through uc_link */
    for (int id = 0; id < 2; id++) {
        getcontext(&co_ctx[id]);
        co_ctx[id].uc_stack.ss_sp = co_stack[id];
        co_ctx[id].uc_stack.ss_size = sizeof(co_stack[id]);
        co_ctx[id].uc_link = &end_ctx;
        makecontext(&co_ctx[id], (void (*)(void))coroutine, 2, id, 5);
    }
    getcontext(&end_ctx);
    end_ctx.uc_stack.ss_sp = end_stack;
    end_ctx.uc_stack.ss_size = sizeof(end_stack);
    end_ctx.uc_link = &main_ctx;
    makecontext(&end_ctx, finisher, 0);
    if (swapcontext(&main_ctx, &co_ctx[0]) != 0) {
        perror("swapcontext");
        return 1;
    }
    printf("coroutines:");
    for (int i = 0; i < ntrace; i++) {
        printf(" %d", trace[i]);
    }
    printf("\n");

    /* getcontext + setcontext as a loop */
    volatile int loops = 0;
    ucontext_t loop_ctx;
    getcontext(&loop_ctx);
    loops++;
    if (loops < 7) {
        setcontext(&loop_ctx);
    }
    printf("setcontext loop: %d\n", loops);

    /* each context carries its own signal mask */
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, NULL);
    getcontext(&mask_co);
    mask_co.uc_stack.ss_sp = mask_stack;
    mask_co.uc_stack.ss_size = sizeof(mask_stack);
    mask_co.uc_link = &mask_main;
    sigemptyset(&mask_co.uc_sigmask);
    sigaddset(&mask_co.uc_sigmask, SIGUSR1);
    makecontext(&mask_co, mask_coroutine, 0);
    swapcontext(&mask_main, &mask_co);
    printf("mask in coroutine: USR1 %d USR2 %d; back in main: USR1 %d USR2 %d\n",
           seen_in_co / 10, seen_in_co % 10, blocked(SIGUSR1), blocked(SIGUSR2));
    sigprocmask(SIG_UNBLOCK, &s, NULL);

#if defined(SYS_sigprocmask) && defined(SYS_sigaction) && defined(SYS_sigpending)
    /* the old calls: a 32-bit mask of the first 32 signals */
    struct old_sigaction {
        unsigned long handler, mask, flags, restorer;
    } oa;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    memset(&oa, 0, sizeof(oa));
    long r = syscall(SYS_sigaction, SIGUSR1, NULL, &oa);
    printf("old sigaction: %ld handler %s mask %#lx restart %d\n", r,
           oa.handler == (unsigned long)(uintptr_t)on_signal ? "ok" : "wrong",
           oa.mask, (oa.flags & SA_RESTART) != 0);
    memset(&oa, 0, sizeof(oa));
    oa.handler = (unsigned long)(uintptr_t)SIG_IGN;
    r = syscall(SYS_sigaction, SIGUSR2, &oa, NULL);
    struct sigaction back;
    sigaction(SIGUSR2, NULL, &back);
    printf("old sigaction set: %ld ignored %d\n", r, back.sa_handler == SIG_IGN);
    r = syscall(SYS_sigaction, 0, &oa, NULL);
    printf("old sigaction bad signal: %ld %s\n", r, r < 0 ? strerror(errno) : "");

    /* SIG_SETMASK of the old call keeps the real-time signals blocked */
    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &s, NULL);
    unsigned long w = 1ul << (SIGUSR1 - 1), ow = 0;
    r = syscall(SYS_sigprocmask, SIG_SETMASK, &w, &ow);
    printf("old sigprocmask: %ld old %#lx USR1 %d RTMIN+2 %d\n", r, ow,
           blocked(SIGUSR1), blocked(SIGRTMIN + 2));
    r = syscall(SYS_sigprocmask, 99, &w, NULL);
    printf("old sigprocmask bad how: %ld %s\n", r, r < 0 ? strerror(errno) : "");
    raise(SIGUSR1);
    unsigned long pend = 0;
    r = syscall(SYS_sigpending, &pend);
    printf("old sigpending: %ld %#lx got %d\n", r, pend, (int)got);
#ifdef SYS_sigsuspend
#if defined(__i386__)
    r = syscall(SYS_sigsuspend, 0, 0, 0ul);
#else
    r = syscall(SYS_sigsuspend, 0ul);
#endif
    printf("old sigsuspend: %ld %s got %d USR1 blocked after %d\n", r,
           r < 0 ? strerror(errno) : "", got == SIGUSR1, blocked(SIGUSR1));
#endif
    sigprocmask(SIG_UNBLOCK, &s, NULL);
#endif
    printf("done\n");
    return 0;
}
