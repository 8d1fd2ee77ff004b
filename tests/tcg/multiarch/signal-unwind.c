/*
 * Unwinding out of a signal handler: _Unwind_Backtrace and glibc's
 * backtrace() from the handler of a SIGSEGV in fault_here go through the
 * signal frame (on ppc by the CFI of the vDSO's trampoline) into
 * fault_here, then its callers level2, level1, main; both with SA_SIGINFO
 * (the rt frame) and without (ppc's old frame); also from a handler of a
 * signal that arrives while the thread waits in a system call.  Each
 * function records the return address of its callee, so the chain is
 * checked exactly.  qemu-ppc aborts here (no vDSO): the expected output
 * is the native x86_64 and i386 output of this program.
 * CFLAGS: -O1 -fno-inline -fno-optimize-sibling-calls -fasynchronous-unwind-tables
 */
#include <execinfo.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <unwind.h>

#define DEPTH 32

/* The chain seen by each method: [0] _Unwind_Backtrace, [1] backtrace. */
static uintptr_t ips[2][DEPTH];
static int nips[2];
static sigjmp_buf back;
/* The return addresses into level2 (from fault_here), into level1 (from
 * level2) and into main (from level1). */
static void *volatile ret_to[3];
static volatile int *volatile null_ptr;

static _Unwind_Reason_Code collect(struct _Unwind_Context *ctx, void *arg)
{
    (void)arg;
    if (nips[0] < DEPTH) {
        ips[0][nips[0]++] = _Unwind_GetIP(ctx);
    }
    return _URC_NO_REASON;
}

/* Index of ip in the chain of method m, -1 if absent. */
static int find(int m, uintptr_t ip)
{
    for (int i = 0; i < nips[m]; i++) {
        if (ips[m][i] == ip) {
            return i;
        }
    }
    return -1;
}

static __attribute__((noinline)) void fault_here(int how)
{
    ret_to[0] = __builtin_extract_return_addr(__builtin_return_address(0));
    if (how == 0) {
        *null_ptr = 1;
    } else {
        pause();
    }
}

static __attribute__((noinline)) void level2(int how)
{
    ret_to[1] = __builtin_extract_return_addr(__builtin_return_address(0));
    fault_here(how);
    __asm__ volatile("" ::: "memory"); /* not a tail call */
}

static __attribute__((noinline)) void level1(int how)
{
    ret_to[2] = __builtin_extract_return_addr(__builtin_return_address(0));
    level2(how);
    __asm__ volatile("" ::: "memory");
}

static void handler(int sig)
{
    (void)sig;
    nips[0] = 0;
    _Unwind_Backtrace(collect, NULL);
    void *addrs[DEPTH];
    nips[1] = backtrace(addrs, DEPTH);
    for (int i = 0; i < nips[1]; i++) {
        ips[1][i] = (uintptr_t)addrs[i];
    }
    siglongjmp(back, 1);
}

static void handler_info(int sig, siginfo_t *si, void *uc)
{
    (void)si;
    (void)uc;
    handler(sig);
}

static void report(const char *what)
{
    for (int m = 0; m < 2; m++) {
        int at[3];
        for (int i = 0; i < 3; i++) {
            at[i] = find(m, (uintptr_t)ret_to[i]);
        }
        int chain = at[0] > 0 && at[1] == at[0] + 1 && at[2] == at[1] + 1;
        /* The frame before level2's is the interrupted one: fault_here. */
        uintptr_t interrupted = chain ? ips[m][at[0] - 1] : 0;
        printf("%s, %s: level2, level1, main in order: %s, interrupted in "
               "fault_here: %s\n", what,
               m == 0 ? "_Unwind_Backtrace" : "backtrace",
               chain ? "yes" : "no",
               interrupted >= (uintptr_t)fault_here &&
                       interrupted < (uintptr_t)fault_here + 256
                   ? "yes" : "no");
    }
}

static void run(const char *what, int sig, int siginfo, int how)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    if (siginfo) {
        sa.sa_sigaction = handler_info;
        sa.sa_flags = SA_SIGINFO;
    } else {
        sa.sa_handler = handler;
    }
    sigaction(sig, &sa, NULL);
    memset(nips, 0, sizeof(nips));
    if (sigsetjmp(back, 1) == 0) {
        if (how == 1) {
            alarm(1);
        }
        level1(how);
        printf("%s: no signal\n", what);
        return;
    }
    report(what);
}

int main(void)
{
    run("SIGSEGV, SA_SIGINFO", SIGSEGV, 1, 0);
    run("SIGSEGV, plain handler", SIGSEGV, 0, 0);
    run("SIGALRM in pause, SA_SIGINFO", SIGALRM, 1, 1);
    run("SIGALRM in pause, plain handler", SIGALRM, 0, 1);
    return 0;
}
