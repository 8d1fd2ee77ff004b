/*
 * signal.c: signals, as far as issue 2 goes.  The guest's dispositions
 * and mask are recorded (rt_sigaction, rt_sigprocmask, sigaltstack) but
 * nothing is delivered to guest handlers yet (issue 4).  Fatal events in
 * the guest end the process the way the native program would end: by the
 * same signal.  A host fault in translated code is a guest fault; one
 * anywhere else is a mimic bug.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <ucontext.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "util/log.h"

#define TARGET_NSIG 64
#define TARGET_SIG_IGN 1

static struct target_sigaction guest_actions[TARGET_NSIG + 1];
static uint64_t guest_mask;
static struct target_stack_t guest_altstack;

/* Set while guest code runs: a fault inside the guest space then is the
 * guest's, even when it happened in a helper called from a TB. */
volatile sig_atomic_t user_in_guest_code;

static void print_stats(void)
{
    if (!log_enabled(LOG_STATS)) {
        return;
    }
    log_printf("translated TBs: %llu, guest insns: %llu, host bytes: %llu, "
               "flushes: %llu, chains: %llu, lookups: %llu (misses %llu), "
               "translate time: %.3f s\n",
               (unsigned long long)tcg_stats.tbs_translated,
               (unsigned long long)tcg_stats.guest_insns,
               (unsigned long long)tcg_stats.host_bytes,
               (unsigned long long)tcg_stats.flushes,
               (unsigned long long)tcg_stats.chains_made,
               (unsigned long long)tcg_stats.lookups,
               (unsigned long long)tcg_stats.lookup_misses,
               tcg_stats.translate_seconds);
}

_Noreturn void user_exit(int status)
{
    strace_syscall_noreturn();
    print_stats();
    fflush(mimic_log_file);
    fflush(stdout);
    exit(status);
}

_Noreturn void die_by_signal(int sig)
{
    strace_syscall_noreturn();
    fflush(mimic_log_file);
    fflush(stdout);
    fflush(stderr);
    /* A native process killed by sig leaves no core of mimic behind. */
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);
    struct sigaction sa = { .sa_handler = SIG_DFL };
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

/* Async-signal-safe message to stderr. */
__attribute__((format(printf, 1, 2)))
static void fault_message(const char *fmt, ...)
{
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0) {
        ssize_t w = write(2, buf, (size_t)n < sizeof(buf) ? (size_t)n
                                                          : sizeof(buf) - 1);
        (void)w;
    }
}

static void host_fault_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    uintptr_t host_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    uintptr_t addr = (uintptr_t)si->si_addr;
    uint64_t guest_pc;
    bool in_space = addr - tcg_guest_base < GUEST_SPACE_SIZE;
    bool found = tcg_find_guest_pc(host_pc, &guest_pc);
    if (!found && user_in_guest_code && in_space) {
        guest_pc = target_cpu_pc();
        found = true;
    }
    if (!found) {
        fault_message("mimic: internal error: host %s at %p\n",
                      sig == SIGBUS ? "SIGBUS" : "SIGSEGV", si->si_addr);
        signal(SIGABRT, SIG_DFL);
        abort();
    }
    fault_message("mimic: %s at 0x%08llx (pc 0x%08llx)\n",
                  sig == SIGBUS ? "bus error" : "segmentation fault",
                  (unsigned long long)(in_space ? addr - tcg_guest_base : addr),
                  (unsigned long long)guest_pc);
    die_by_signal(sig);
}

void signal_init(void)
{
    static uint8_t alt_stack[64 * 1024];
    stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof(alt_stack) };
    sigaltstack(&ss, NULL);
    struct sigaction sa = { .sa_sigaction = host_fault_handler,
                            .sa_flags = SA_SIGINFO | SA_ONSTACK };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

bool guest_signal_handled(int sig)
{
    if (sig < 1 || sig > TARGET_NSIG) {
        return false;
    }
    return tget(guest_actions[sig].handler) > TARGET_SIG_IGN;
}

/* Default action of a signal is to terminate the process (or dump core). */
static bool default_is_fatal(int sig)
{
    switch (sig) {
    case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return false;
    default:
        return true;
    }
}

/* A signal the guest sends to itself: without delivery (issue 4), the
 * default action is taken unless the guest ignores or handles it. */
int64_t guest_signal_self(int sig)
{
    if (sig == 0) {
        return 0;
    }
    if (sig < 1 || sig > TARGET_NSIG) {
        return -EINVAL;
    }
    uint32_t handler = tget(guest_actions[sig].handler);
    if (sig == SIGKILL || (handler == 0 && default_is_fatal(sig))) {
        die_by_signal(sig);
    }
    if (handler > TARGET_SIG_IGN && log_enabled(LOG_UNIMP)) {
        log_printf("mimic: signal %d to a guest handler not delivered "
                   "(not implemented yet)\n", sig);
    }
    return 0;
}

static int64_t sys_rt_sigaction(const uint64_t *a)
{
    int sig = (int)a[0];
    if (a[3] != 8 || sig < 1 || sig > TARGET_NSIG) {
        return -EINVAL;
    }
    abi_ulong act = (abi_ulong)a[1], oact = (abi_ulong)a[2];
    struct target_sigaction *o = NULL, *n = NULL;
    if (oact && !(o = guest_ptr(oact, sizeof(*o), PAGE_WRITE))) {
        return -EFAULT;
    }
    if (act && !(n = guest_ptr(act, sizeof(*n), PAGE_READ))) {
        return -EFAULT;
    }
    if (n && (sig == SIGKILL || sig == SIGSTOP)) {
        return -EINVAL;
    }
    struct target_sigaction old = guest_actions[sig];
    if (n) {
        guest_actions[sig] = *n;
    }
    if (o) {
        *o = old;
    }
    return 0;
}

static uint64_t read_sigset(const uint32_t *words)
{
    return tget(words[0]) | ((uint64_t)tget(words[1]) << 32);
}

static int64_t sys_rt_sigprocmask(const uint64_t *a)
{
    int how = (int)a[0];
    abi_ulong set = (abi_ulong)a[1], oset = (abi_ulong)a[2];
    if (a[3] != 8) {
        return -EINVAL;
    }
    uint32_t *o = NULL;
    const uint32_t *n = NULL;
    if (oset && !(o = guest_ptr(oset, 8, PAGE_WRITE))) {
        return -EFAULT;
    }
    if (set && !(n = guest_ptr(set, 8, PAGE_READ))) {
        return -EFAULT;
    }
    uint64_t old = guest_mask;
    if (n) {
        uint64_t s = read_sigset(n);
        switch (how) {
        case SIG_BLOCK: guest_mask |= s; break;
        case SIG_UNBLOCK: guest_mask &= ~s; break;
        case SIG_SETMASK: guest_mask = s; break;
        default: return -EINVAL;
        }
        /* SIGKILL and SIGSTOP cannot be blocked. */
        guest_mask &= ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
    }
    if (o) {
        tput(o[0], (uint32_t)old);
        tput(o[1], (uint32_t)(old >> 32));
    }
    return 0;
}

static int64_t sys_sigaltstack(const uint64_t *a)
{
    abi_ulong ss = (abi_ulong)a[0], oss = (abi_ulong)a[1];
    struct target_stack_t *o = NULL, *n = NULL;
    if (oss && !(o = guest_ptr(oss, sizeof(*o), PAGE_WRITE))) {
        return -EFAULT;
    }
    if (ss && !(n = guest_ptr(ss, sizeof(*n), PAGE_READ))) {
        return -EFAULT;
    }
    struct target_stack_t old = guest_altstack;
    if (!tget(old.ss_sp) && !tget(old.ss_size)) {
        tput(old.ss_flags, SS_DISABLE);
    }
    if (n) {
        int32_t flags = tget(n->ss_flags);
        if (flags & ~SS_DISABLE) {
            return -EINVAL;
        }
        if (!(flags & SS_DISABLE) && tget(n->ss_size) < MINSIGSTKSZ) {
            return -ENOMEM;
        }
        guest_altstack = *n;
    }
    if (o) {
        *o = old;
    }
    return 0;
}

const SyscallDef sys_signal_defs[] = {
    { "rt_sigaction", sys_rt_sigaction, "Sppu", 'd' },
    { "rt_sigprocmask", sys_rt_sigprocmask, "dppu", 'd' },
    { "sigaltstack", sys_sigaltstack, "pp", 'd' },
    { NULL, NULL, NULL, 0 },
};
