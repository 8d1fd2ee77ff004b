/*
 * signal.c: guest signals.
 *
 * Model.  The host kernel keeps the guest's signal state for us where it
 * can: the host mask is the guest mask (plus the signals queued here and
 * not yet delivered), and a guest SIG_DFL/SIG_IGN is the host's.  For a
 * signal with a guest handler the host handler only records the siginfo
 * in this signal's slot, blocks the signal on the host until the guest
 * handler is entered, and asks the CPU to leave generated code
 * (exit_request); the cpu loop then calls signal_deliver_pending, which
 * builds the target's frame.  So a signal waits in exactly one place: in
 * the host kernel while blocked, in its slot once caught.
 *
 * Synchronous signals (faults of guest instructions) are queued by the
 * cpu loop (illegal instruction, trap, FP) or by the host SIGSEGV/SIGBUS
 * handler, which leaves the TB at the faulting instruction.  Without a
 * guest handler they end the process by the same signal, with a message.
 *
 * Blocking host calls go through safe_syscall (safe-syscall.c), so a
 * signal that arrives just before the call blocks still interrupts it;
 * signal_syscall_result turns the -EINTR into a restart where the kernel
 * restarts (SA_RESTART).  Host handlers never use SA_RESTART.
 *
 * Real-time signals: the host C library keeps host signals 32 and 33 for
 * itself, so guest signal 32+k is host signal 34+k (as qemu-user maps
 * them): the guest C library's own 32 and 33 (thread cancellation,
 * setxid) and its SIGRTMIN (34) to SIGRTMAX-2 all travel through the host
 * kernel.  Guest signals 63 and 64 have no host twin: they can only be
 * sent to the process itself.
 *
 * Threads: each guest thread is a host thread, so the host kernel keeps
 * per-thread masks and picks the thread for a process-directed signal
 * (one whose host mask, the guest mask, lets it in); a thread-directed
 * one (tgkill) reaches that host thread.  The mask, the slots, the
 * alternate stack and the sigsuspend/restart state are per thread; the
 * actions are the process's.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "util/log.h"

#define SIGBIT(sig) (1ull << ((sig) - 1))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
/* Synchronous fault signals: forced on the guest even when blocked. */
#define FAULT_SIGNALS                                                          \
    (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | SIGBIT(SIGFPE) |       \
     SIGBIT(SIGTRAP))

static struct target_sigaction guest_actions[TARGET_NSIG + 1];
static __thread uint64_t guest_mask;
static __thread struct target_stack_t guest_altstack;

/* One slot per signal: written by the host handler while the signal is
 * blocked on the host (so never concurrently with the reader), or by the
 * cpu loop for synchronous signals. */
static __thread struct {
    volatile sig_atomic_t queued;
    bool sync;
    target_siginfo info;
} slots[TARGET_NSIG + 1];

__thread volatile sig_atomic_t signal_pending_deliverable;
__thread volatile sig_atomic_t user_in_guest_code;

/* rt_sigsuspend (or a wait with a mask: ppoll ...) replaced the mask: the
 * frame of the handler that ends it saves the mask from before. */
static __thread bool sigsuspend_active;
static __thread uint64_t sigsuspend_saved_mask;
/* The last syscall will run again (pc moved back) unless a handler
 * without SA_RESTART is entered. */
static __thread bool syscall_restart_pending;
/* The host alternate stack of the faults of a thread other than the
 * first (the first one's is static). */
static __thread void *host_altstack;
#define HOST_ALTSTACK_SIZE (64 * 1024)

/* ---- leaving the process ---------------------------------------------- */

static void print_stats(void)
{
    if (log_enabled(LOG_STATS)) {
        tcg_dump_stats(mimic_log_file);
    }
}

_Noreturn void user_exit(int status)
{
    strace_syscall_noreturn();
    print_stats();
    fflush(mimic_log_file);
    fflush(stdout);
    exit(status);
}

_Noreturn void die_by_signal(int guest_sig)
{
    int sig = host_signal(guest_sig);
    if (sig <= 0) {
        _exit(128 + guest_sig);
    }
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

/* ---- host side -------------------------------------------------------- */

/* Guest real-time signal 32+k is host signal 34+k. */
#define HOST_RT_SHIFT 2

int host_signal(int sig)
{
    if (sig < 0 || sig > TARGET_NSIG) {
        return -1;
    }
    if (sig < 32) {
        return sig;
    }
    return sig + HOST_RT_SHIFT < _NSIG ? sig + HOST_RT_SHIFT : -1;
}

int guest_signal(int host_sig)
{
    if (host_sig < 32) {
        return host_sig;
    }
    return host_sig >= 32 + HOST_RT_SHIFT && host_sig < _NSIG
               ? host_sig - HOST_RT_SHIFT
               : -1;
}

int guest_wait_status(int status)
{
    int sig = WIFSIGNALED(status) ? WTERMSIG(status)
              : WIFSTOPPED(status) ? WSTOPSIG(status)
                                   : 0;
    if (sig <= 0 || guest_signal(sig) < 0) {
        return status;
    }
    return WIFSIGNALED(status) ? (status & ~0x7f) | guest_signal(sig)
                               : (status & ~0xff00) | guest_signal(sig) << 8;
}

/* Guest signals whose host twin mimic handles (not KILL/STOP). */
static bool host_forwards(int sig)
{
    return sig >= 1 && host_signal(sig) > 0 && sig != SIGKILL &&
           sig != SIGSTOP;
}

/* Handler addresses are guest words: 64 bits on x86-64. */
static abi_ulong action_handler(int sig)
{
    return tget(guest_actions[sig].handler);
}

static abi_ulong action_flags(int sig)
{
    return tget(guest_actions[sig].flags);
}

static uint64_t read_sigset(const uint32_t *words)
{
    return tget(words[0]) | ((uint64_t)tget(words[1]) << 32);
}

int64_t get_guest_sigset(abi_ulong addr, uint64_t *set)
{
    uint32_t words[2];
    if (copy_from_guest(words, addr, sizeof(words)) < 0) {
        return -EFAULT;
    }
    *set = read_sigset(words);
    return 0;
}

static int64_t put_guest_sigset(abi_ulong addr, uint64_t set)
{
    uint32_t words[2];
    tput(words[0], (uint32_t)set);
    tput(words[1], (uint32_t)(set >> 32));
    return copy_to_guest(addr, words, sizeof(words));
}

void signal_host_sigset(sigset_t *out, uint64_t set)
{
    sigemptyset(out);
    for (int sig = 1; sig <= TARGET_NSIG; sig++) {
        if ((set & SIGBIT(sig)) && host_forwards(sig)) {
            sigaddset(out, host_signal(sig));
        }
    }
}

static uint64_t queued_signals(void)
{
    uint64_t set = 0;
    for (int sig = 1; sig <= TARGET_NSIG; sig++) {
        if (slots[sig].queued) {
            set |= SIGBIT(sig);
        }
    }
    return set;
}

/* Recompute signal_pending_deliverable and the host mask (guest mask plus
 * queued signals; faults always stay deliverable on the host).  Runs with
 * every host signal blocked so that no handler queues in between. */
static void sync_signal_state(void)
{
    sigset_t all, host;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    uint64_t queued = queued_signals();
    bool deliverable = false;
    for (int sig = 1; sig <= TARGET_NSIG; sig++) {
        if ((queued & SIGBIT(sig)) &&
            (!(guest_mask & SIGBIT(sig)) || slots[sig].sync)) {
            deliverable = true;
        }
    }
    signal_pending_deliverable = deliverable;
    signal_host_sigset(&host, (guest_mask | queued) &
                           ~(SIGBIT(SIGSEGV) | SIGBIT(SIGBUS)));
    sigprocmask(SIG_SETMASK, &host, NULL);
}

void host_to_target_siginfo(target_siginfo *t, int sig, const siginfo_t *h)
{
    memset(t, 0, sizeof(*t));
    tput(t->s.si_signo, sig);
    tput(t->s.si_errno, h->si_errno);
    tput(t->s.si_code, h->si_code);
    if (h->si_code == SI_TIMER) {
        tput(t->s.f.timer.tid, h->si_timerid);
        tput(t->s.f.timer.overrun, h->si_overrun);
        tput(t->s.f.timer.value, (uintptr_t)h->si_value.sival_ptr);
    } else if (h->si_code == SI_QUEUE || h->si_code == SI_MESGQ) {
        tput(t->s.f.rt.pid, h->si_pid);
        tput(t->s.f.rt.uid, h->si_uid);
        tput(t->s.f.rt.value, (uintptr_t)h->si_value.sival_ptr);
    } else if (h->si_code <= 0) {
        tput(t->s.f.kill.pid, h->si_pid);
        tput(t->s.f.kill.uid, h->si_uid);
    } else if (h->si_code == SI_KERNEL) {
        /* nothing more */
    } else if (sig == SIGCHLD) {
        bool by_signal = h->si_code == CLD_KILLED || h->si_code == CLD_DUMPED ||
                         h->si_code == CLD_STOPPED || h->si_code == CLD_TRAPPED;
        tput(t->s.f.chld.pid, h->si_pid);
        tput(t->s.f.chld.uid, h->si_uid);
        tput(t->s.f.chld.status,
             by_signal ? guest_signal(h->si_status) : h->si_status);
        tput(t->s.f.chld.utime, h->si_utime);
        tput(t->s.f.chld.stime, h->si_stime);
    } else if (sig == SIGPOLL) {
        tput(t->s.f.poll.band, h->si_band);
        tput(t->s.f.poll.fd, h->si_fd);
    }
}

static void queue_slot(int sig, const target_siginfo *info, bool sync)
{
    slots[sig].info = *info;
    slots[sig].sync = sync;
    slots[sig].queued = 1;
    if (sync || !(guest_mask & SIGBIT(sig))) {
        signal_pending_deliverable = 1;
    }
    if (user_cpu) {
        user_cpu->exit_request = 1;
    }
}

/* Leave the TB at the faulting instruction with the mask the guest code
 * ran with (the longjmp skips the kernel's restore).  The host's MXCSR
 * too, which the kernel reset for the handler: x86 guests keep MXCSR
 * flags of generated code there (target-x86/README.md). */
static _Noreturn void leave_guest_code(ucontext_t *uc)
{
    user_cpu->exception_index = EXCP_INTERRUPT;
    sigprocmask(SIG_SETMASK, &uc->uc_sigmask, NULL);
#if defined(__x86_64__)
    if (uc->uc_mcontext.fpregs) {
        uint32_t mxcsr = uc->uc_mcontext.fpregs->mxcsr;
        __asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
    }
#endif
    cpu_loop_exit(user_cpu);
}

/* A write fault at guest address addr on a page of translated code
 * (guest-mem.c): from guest code, leave the TB at the writing
 * instruction, which runs again once the page's TBs are gone; from mimic
 * itself, the write runs again at once.  False: not such a write. */
static bool code_page_write(uintptr_t host_pc, abi_ulong addr, ucontext_t *uc)
{
    int saved_errno = errno;
    CodeWriteFault kind = guest_code_write_fault(addr);
    if (kind == CODE_WRITE_PROTECTED) {
        /* Inside cpu_exec (a backend may have left stale state for
         * tcg_restore_state outside it).  In translated code env is
         * brought up to date at the faulting instruction; in a helper
         * called from it env is exact already. */
        if (user_in_guest_code) {
            tcg_restore_state(host_pc, uc, user_cpu);
            guest_code_write_leave(addr, user_cpu->pc);
            leave_guest_code(uc);
        }
        guest_code_write_now(addr);
    }
    errno = saved_errno;
    return kind != CODE_WRITE_NONE;
}

/* A host fault (SIGSEGV/SIGBUS from the kernel): a fault of the guest if
 * it hit guest memory from translated code, else a bug of mimic. */
static void host_fault(int sig, siginfo_t *si, ucontext_t *uc)
{
    uintptr_t host_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    uintptr_t addr = (uintptr_t)si->si_addr;
    bool in_space = addr - tcg_guest_base < GUEST_SPACE_SIZE;
    if (sig == SIGSEGV && si->si_code == SEGV_ACCERR && in_space &&
        code_page_write(host_pc, (abi_ulong)(addr - tcg_guest_base), uc)) {
        return;
    }
    /* In translated code: env is brought up to date at the faulting
     * instruction.  In a helper called from it: env is exact already. */
    bool found = tcg_restore_state(host_pc, uc, user_cpu) ||
                 (user_in_guest_code && in_space);
    uint64_t guest_pc = target_cpu_pc();
    if (!found || !in_space) {
        fault_message("mimic: internal error: host %s at %p\n",
                      sig == SIGBUS ? "SIGBUS" : "SIGSEGV", si->si_addr);
        signal(SIGABRT, SIG_DFL);
        abort();
    }
    abi_ulong guest_addr = (abi_ulong)(addr - tcg_guest_base);
    target_note_data_fault(guest_addr,
                           (uint32_t)uc->uc_mcontext.gregs[REG_ERR]);
    if (!guest_signal_handled(sig)) {
        fault_message("mimic: %s at 0x%08llx (pc 0x%08llx)\n",
                      sig == SIGBUS ? "bus error" : "segmentation fault",
                      (unsigned long long)guest_addr,
                      (unsigned long long)guest_pc);
        die_by_signal(sig);
    }
    int code = si->si_code;
    if (sig == SIGSEGV) {
        code = guest_access_ok(guest_addr, 1, 0) ? SEGV_ACCERR : SEGV_MAPERR;
    }
    target_siginfo info;
    memset(&info, 0, sizeof(info));
    tput(info.s.si_signo, sig);
    tput(info.s.si_code, code);
    tput(info.s.f.fault.addr, guest_addr);
    queue_slot(sig, &info, true);
    leave_guest_code(uc);
}

static void host_signal_handler(int host_sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    int sig = guest_signal(host_sig);
    bool from_kernel = si->si_code > 0 && si->si_code != SI_KERNEL;
    if ((sig == SIGSEGV || sig == SIGBUS) && from_kernel) {
        host_fault(sig, si, uc);
        return;
    }
    if ((sig == SIGILL || sig == SIGFPE || sig == SIGTRAP) && from_kernel) {
        fault_message("mimic: internal error: host signal %d at %p\n", sig,
                      si->si_addr);
        signal(SIGABRT, SIG_DFL);
        abort();
    }
    int saved_errno = errno;
    target_siginfo info;
    host_to_target_siginfo(&info, sig, si);
    queue_slot(sig, &info, false);
    /* Blocked until the guest handler is entered: a second one waits in
     * the host kernel (and real-time signals keep their queue there). */
    sigaddset(&uc->uc_sigmask, host_sig);
    safe_syscall_fixup(uc);
    errno = saved_errno;
}

/* Make the host disposition of sig follow the guest's. */
static void sync_host_action(int sig)
{
    if (!host_forwards(sig) || sig == SIGSEGV || sig == SIGBUS) {
        return;
    }
    abi_ulong handler = action_handler(sig);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sigfillset(&sa.sa_mask);
    sa.sa_flags = action_flags(sig) & (SA_NOCLDSTOP | SA_NOCLDWAIT);
    if (handler == TARGET_SIG_DFL) {
        sa.sa_handler = SIG_DFL;
    } else if (handler == TARGET_SIG_IGN) {
        sa.sa_handler = SIG_IGN;
    } else {
        sa.sa_sigaction = host_signal_handler;
        sa.sa_flags |= SA_SIGINFO | SA_ONSTACK;
    }
    sigaction(host_signal(sig), &sa, NULL);
}

void signal_init(void)
{
    static uint8_t alt_stack[HOST_ALTSTACK_SIZE];
    stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof(alt_stack) };
    sigaltstack(&ss, NULL);
    struct sigaction sa = { .sa_sigaction = host_signal_handler,
                            .sa_flags = SA_SIGINFO | SA_ONSTACK };
    sigfillset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    /* Inherited across execve like a native process's: the mask and the
     * ignored signals. */
    sigset_t cur;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    for (int sig = 1; sig <= TARGET_NSIG; sig++) {
        if (!host_forwards(sig)) {
            continue;
        }
        if (sigismember(&cur, host_signal(sig)) && sig != SIGSEGV &&
            sig != SIGBUS) {
            guest_mask |= SIGBIT(sig);
        }
        struct sigaction old;
        if (sigaction(host_signal(sig), NULL, &old) == 0 && old.sa_handler == SIG_IGN &&
            !(old.sa_flags & SA_SIGINFO)) {
            tput(guest_actions[sig].handler, TARGET_SIG_IGN);
        }
    }
    sync_signal_state();
}

void signal_thread_init(uint64_t mask)
{
    host_altstack = malloc(HOST_ALTSTACK_SIZE);
    if (host_altstack) {
        stack_t ss = { .ss_sp = host_altstack, .ss_size = HOST_ALTSTACK_SIZE };
        sigaltstack(&ss, NULL);
    }
    guest_mask = mask & ~UNBLOCKABLE;
    sync_signal_state();
}

void signal_thread_end(void)
{
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    if (host_altstack) {
        stack_t ss = { .ss_flags = SS_DISABLE };
        sigaltstack(&ss, NULL);
        free(host_altstack);
        host_altstack = NULL;
    }
}

uint64_t signal_thread_mask(void)
{
    return guest_mask;
}

/* ---- delivery --------------------------------------------------------- */

bool guest_signal_handled(int sig)
{
    if (sig < 1 || sig > TARGET_NSIG) {
        return false;
    }
    return action_handler(sig) > TARGET_SIG_IGN &&
           !(guest_mask & SIGBIT(sig));
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

void signal_queue_fault(int sig, int code, abi_ulong addr)
{
    target_siginfo info;
    memset(&info, 0, sizeof(info));
    tput(info.s.si_signo, sig);
    tput(info.s.si_code, code);
    tput(info.s.f.fault.addr, addr);
    queue_slot(sig, &info, true);
}

/* The next signal to deliver: faults first, then the lowest number. */
static int next_signal(void)
{
    for (int sig = 1; sig <= TARGET_NSIG; sig++) {
        if (slots[sig].queued && slots[sig].sync) {
            return sig;
        }
    }
    for (int sig = 1; sig <= TARGET_NSIG; sig++) {
        if (slots[sig].queued && !(guest_mask & SIGBIT(sig))) {
            return sig;
        }
    }
    return 0;
}

/* Enter the guest handler of sig (a function, not DFL/IGN). */
static void enter_handler(CPUCommon *cpu, int sig, const target_siginfo *info)
{
    struct target_sigaction ka = guest_actions[sig];
    abi_ulong flags = tget(ka.flags);
    uint64_t oldmask = guest_mask;
    if (sigsuspend_active) {
        oldmask = sigsuspend_saved_mask;
        sigsuspend_active = false;
    }
    if (syscall_restart_pending) {
        if (!(flags & SA_RESTART)) {
            target_syscall_set_eintr(cpu);
        }
        syscall_restart_pending = false;
    }
    if (!target_setup_frame(cpu, sig, &ka, info, oldmask)) {
        fprintf(stderr, "mimic: cannot write the frame of signal %d\n", sig);
        die_by_signal(SIGSEGV);
    }
    guest_mask |= read_sigset(ka.mask);
    if (!(flags & SA_NODEFER)) {
        guest_mask |= SIGBIT(sig);
    }
    guest_mask &= ~UNBLOCKABLE;
    if (flags & SA_RESETHAND) {
        tput(guest_actions[sig].handler, TARGET_SIG_DFL);
        tput(guest_actions[sig].flags, flags & ~SA_SIGINFO);
        sync_host_action(sig);
    }
}

void signal_deliver_pending(CPUCommon *cpu)
{
    guest_code_write_pending();
    if (!signal_pending_deliverable) {
        syscall_restart_pending = false;
        return;
    }
    cpu->exit_request = 0;
    int sig;
    while ((sig = next_signal()) != 0) {
        target_siginfo info = slots[sig].info;
        bool sync = slots[sig].sync;
        slots[sig].queued = 0;
        abi_ulong handler = action_handler(sig);
        if (sync && (handler <= TARGET_SIG_IGN ||
                     (guest_mask & SIGBIT(sig)))) {
            /* A fault the guest cannot take: the cpu loop checked for a
             * handler, so the guest blocked or dropped it since. */
            die_by_signal(sig);
        }
        if (handler == TARGET_SIG_IGN) {
            continue;
        }
        if (handler == TARGET_SIG_DFL) {
            if (default_is_fatal(sig)) {
                die_by_signal(sig);
            }
            continue;
        }
        enter_handler(cpu, sig, &info);
    }
    if (sigsuspend_active) {
        guest_mask = sigsuspend_saved_mask;
        sigsuspend_active = false;
    }
    syscall_restart_pending = false;
    sync_signal_state();
}

/* Calls the kernel never restarts after a handler (they return EINTR). */
static bool never_restarted(const char *name)
{
    static const char *const names[] = {
        "nanosleep", "clock_nanosleep", "clock_nanosleep_time64", "pause",
        "rt_sigsuspend", "sigsuspend", "rt_sigtimedwait",
        "rt_sigtimedwait_time64", "poll", "ppoll", "ppoll_time64", "select",
        "_newselect", "pselect6", "pselect6_time64", "epoll_wait",
        "epoll_pwait", "epoll_pwait2", "io_getevents", "semtimedop",
        "msgrcv", "msgsnd", "usleep",
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(names[i], name) == 0) {
            return true;
        }
    }
    return false;
}

int64_t signal_syscall_result(int nr, int64_t ret)
{
    if (ret != -EINTR || !signal_pending_deliverable) {
        return ret;
    }
    const char *name = target_syscall_name(nr);
    if (name && never_restarted(name)) {
        return ret;
    }
    syscall_restart_pending = true;
    return -USER_ERESTARTSYS;
}

/* ---- alternate stack -------------------------------------------------- */

static bool on_altstack(abi_ulong sp)
{
    abi_ulong base = tget(guest_altstack.ss_sp);
    abi_ulong size = tget(guest_altstack.ss_size);
    return size && (abi_ulong)(sp - base) < size;
}

static bool altstack_enabled(void)
{
    return tget(guest_altstack.ss_size) &&
           !(tget(guest_altstack.ss_flags) & SS_DISABLE);
}

abi_ulong signal_frame_stack(const struct target_sigaction *ka, abi_ulong sp)
{
    if ((tget(ka->flags) & SA_ONSTACK) && altstack_enabled() &&
        !on_altstack(sp)) {
        return tget(guest_altstack.ss_sp) + tget(guest_altstack.ss_size);
    }
    return sp;
}

void signal_save_altstack(struct target_stack_t *out, abi_ulong sp)
{
    tput(out->ss_sp, tget(guest_altstack.ss_sp));
    tput(out->ss_size, tget(guest_altstack.ss_size));
    int32_t flags = !altstack_enabled() ? SS_DISABLE
                    : on_altstack(sp)   ? SS_ONSTACK
                                        : 0;
    tput(out->ss_flags, flags);
}

/* ---- return trampolines ----------------------------------------------- */

abi_ulong signal_trampoline_page(const void *code, size_t len)
{
    static abi_ulong page;
    abi_ulong have = __atomic_load_n(&page, __ATOMIC_ACQUIRE);
    if (have || len > TARGET_PAGE_SIZE) {
        return have;
    }
    int64_t addr = guest_mmap(0, TARGET_PAGE_SIZE, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (addr < 0) {
        return 0;
    }
    memcpy(g2h((abi_ulong)addr), code, len);
    if (guest_mprotect((abi_ulong)addr, TARGET_PAGE_SIZE,
                       PROT_READ | PROT_EXEC) < 0) {
        guest_munmap((abi_ulong)addr, TARGET_PAGE_SIZE);
        return 0;
    }
    /* Two threads' first signals at once: one page wins. */
    if (!__atomic_compare_exchange_n(&page, &have, (abi_ulong)addr, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        guest_munmap((abi_ulong)addr, TARGET_PAGE_SIZE);
    }
    return __atomic_load_n(&page, __ATOMIC_ACQUIRE);
}

/* ---- sending to ourselves --------------------------------------------- */

/* Signals without a host twin go straight to their slot. */
static int64_t queue_unforwarded(int sig, int code)
{
    target_siginfo info;
    memset(&info, 0, sizeof(info));
    tput(info.s.si_signo, sig);
    tput(info.s.si_code, code);
    tput(info.s.f.kill.pid, getpid());
    tput(info.s.f.kill.uid, getuid());
    if (action_handler(sig) == TARGET_SIG_IGN) {
        return 0;
    }
    queue_slot(sig, &info, false);
    sync_signal_state();
    return 0;
}

int64_t guest_signal_self(int sig)
{
    if (sig < 0 || sig > TARGET_NSIG) {
        return -EINVAL;
    }
    if (sig && !host_forwards(sig) && sig != SIGKILL && sig != SIGSTOP) {
        return queue_unforwarded(sig, SI_USER);
    }
    return host_ret(kill(getpid(), host_signal(sig)));
}

int64_t guest_signal_self_thread(int sig)
{
    if (sig < 0 || sig > TARGET_NSIG) {
        return -EINVAL;
    }
    if (sig && !host_forwards(sig) && sig != SIGKILL && sig != SIGSTOP) {
        return queue_unforwarded(sig, SI_TKILL);
    }
    return host_ret(syscall(SYS_tgkill, getpid(), gettid(), host_signal(sig)));
}

/* ---- system calls ----------------------------------------------------- */

/* Install *n (if not NULL) as sig's action; *old gets the previous one. */
static int64_t set_action(int sig, const struct target_sigaction *n,
                          struct target_sigaction *old)
{
    if (sig < 1 || sig > TARGET_NSIG) {
        return -EINVAL;
    }
    if (n && (sig == SIGKILL || sig == SIGSTOP)) {
        return -EINVAL;
    }
    *old = guest_actions[sig];
    if (n) {
        guest_actions[sig] = *n;
        sync_host_action(sig);
        /* Ignoring a signal discards it if it is pending. */
        if (tget(n->handler) == TARGET_SIG_IGN && slots[sig].queued) {
            slots[sig].queued = 0;
            sync_signal_state();
        }
    }
    return 0;
}

static int64_t sys_rt_sigaction(const uint64_t *a)
{
    if (a[3] != 8) {
        return -EINVAL;
    }
    abi_ulong act = (abi_ulong)a[1], oact = (abi_ulong)a[2];
    struct target_sigaction n, old;
    if (oact && !guest_access_ok(oact, sizeof(n), PAGE_WRITE)) {
        return -EFAULT;
    }
    if (act && copy_from_guest(&n, act, sizeof(n)) < 0) {
        return -EFAULT;
    }
    int64_t r = set_action((int)a[0], act ? &n : NULL, &old);
    if (r < 0) {
        return r;
    }
    return oact ? copy_to_guest(oact, &old, sizeof(old)) : 0;
}

/* sigprocmask's how with the signals s; SIG_SETMASK replaces only the
 * signals in width (the old calls see the first 32). */
static int64_t change_mask(int how, uint64_t s, uint64_t width)
{
    switch (how) {
    case SIG_BLOCK: guest_mask |= s; break;
    case SIG_UNBLOCK: guest_mask &= ~s; break;
    case SIG_SETMASK: guest_mask = (guest_mask & ~width) | (s & width); break;
    default: return -EINVAL;
    }
    guest_mask &= ~UNBLOCKABLE;
    /* Signals unblocked here arrive before the call returns. */
    sync_signal_state();
    return 0;
}

static int64_t sys_rt_sigprocmask(const uint64_t *a)
{
    int how = (int)a[0];
    abi_ulong set = (abi_ulong)a[1], oset = (abi_ulong)a[2];
    if (a[3] != 8) {
        return -EINVAL;
    }
    uint64_t s;
    if (oset && !guest_access_ok(oset, 8, PAGE_WRITE)) {
        return -EFAULT;
    }
    if (set && get_guest_sigset(set, &s) < 0) {
        return -EFAULT;
    }
    uint64_t old = guest_mask;
    if (set) {
        int64_t r = change_mask(how, s, ~(uint64_t)0);
        if (r < 0) {
            return r;
        }
    }
    return oset ? put_guest_sigset(oset, old) : 0;
}

/* The blocked signals waiting for this thread. */
static uint64_t pending_blocked(void)
{
    sigset_t host;
    sigpending(&host);
    uint64_t set = queued_signals();
    for (int sig = 1; sig <= TARGET_NSIG; sig++) {
        if (host_forwards(sig) && sigismember(&host, host_signal(sig))) {
            set |= SIGBIT(sig);
        }
    }
    return set & guest_mask;
}

static int64_t sys_rt_sigpending(const uint64_t *a)
{
    if (a[1] != 8) {
        return -EINVAL;
    }
    return put_guest_sigset((abi_ulong)a[0], pending_blocked());
}

static int64_t suspend_with(uint64_t set);

static int64_t sys_rt_sigsuspend(const uint64_t *a)
{
    if (a[1] != 8) {
        return -EINVAL;
    }
    uint64_t set;
    if (get_guest_sigset((abi_ulong)a[0], &set) < 0) {
        return -EFAULT;
    }
    return suspend_with(set);
}

/* Wait for a signal under the mask set; always -EINTR. */
static int64_t suspend_with(uint64_t set)
{
    signal_wait_mask_begin(set);
    /* The host mask while asleep: the new guest mask plus the queued
     * signals; SIGSEGV/SIGBUS stay as they are. */
    sigset_t host;
    signal_host_sigset(&host, (guest_mask | queued_signals()) &
                           ~(SIGBIT(SIGSEGV) | SIGBIT(SIGBUS)));
    long r;
    do {
        r = safe_syscall(SYS_rt_sigsuspend, &host, (long)(_NSIG / 8));
    } while (r == -EINTR && !signal_pending_deliverable);
    return -EINTR;
}

void signal_wait_mask_begin(uint64_t set)
{
    sigsuspend_saved_mask = guest_mask;
    sigsuspend_active = true;
    guest_mask = set & ~UNBLOCKABLE;
    sync_signal_state();
}

void signal_wait_mask_end(int64_t ret)
{
    if (ret == -EINTR && signal_pending_deliverable) {
        return;
    }
    guest_mask = sigsuspend_saved_mask;
    sigsuspend_active = false;
    sync_signal_state();
}

/* ---- the pre-RT calls of 32-bit ABIs: an old_sigset_t is the first 32
 * signals; a mask given to them clears the others (sigaction,
 * sigsuspend) or keeps them (sigprocmask's SIG_SETMASK). */
#if TARGET_ABI_BITS == 32
struct target_old_sigaction { /* the same on i386 and ppc32 */
    uint32_t handler;
    uint32_t mask;
    uint32_t flags;
    uint32_t restorer;
};

static int64_t sys_sigaction(const uint64_t *a)
{
    abi_ulong act = (abi_ulong)a[1], oact = (abi_ulong)a[2];
    struct target_old_sigaction o;
    struct target_sigaction n, old;
    if (act) {
        if (copy_from_guest(&o, act, sizeof(o)) < 0) {
            return -EFAULT;
        }
        memset(&n, 0, sizeof(n));
        n.handler = o.handler; /* all four stay in guest byte order */
        n.flags = o.flags;
        n.restorer = o.restorer;
        n.mask[0] = o.mask; /* the first 32 signals: word 0 */
    }
    int64_t r = set_action((int)a[0], act ? &n : NULL, &old);
    if (r < 0 || !oact) {
        return r;
    }
    o.handler = old.handler;
    o.flags = old.flags;
    o.restorer = old.restorer;
    o.mask = old.mask[0];
    return copy_to_guest(oact, &o, sizeof(o));
}

static int64_t sys_sigprocmask(const uint64_t *a)
{
    abi_ulong set = (abi_ulong)a[1], oset = (abi_ulong)a[2];
    uint32_t s = 0;
    if (set && get_guest_val(uint32_t, set, &s) < 0) {
        return -EFAULT;
    }
    uint64_t old = guest_mask;
    if (set) {
        int64_t r = change_mask((int)a[0], s, 0xffffffffu);
        if (r < 0) {
            return r;
        }
    }
    return oset ? put_guest_val(uint32_t, oset, (uint32_t)old) : 0;
}

static int64_t sys_sigpending(const uint64_t *a)
{
    return put_guest_val(uint32_t, (abi_ulong)a[0], (uint32_t)pending_blocked());
}

/* i386 keeps two unused leading arguments (history0/1); ppc has one. */
#ifdef TARGET_X86
#define OLD_SIGSUSPEND_MASK_ARG 2
#else
#define OLD_SIGSUSPEND_MASK_ARG 0
#endif

static int64_t sys_sigsuspend(const uint64_t *a)
{
    return suspend_with((uint32_t)a[OLD_SIGSUSPEND_MASK_ARG]);
}
#endif

static int64_t sys_pause(const uint64_t *a)
{
    long r;
    do {
        r = safe_syscall(SYS_pause);
    } while (r == -EINTR && !signal_pending_deliverable);
    return -EINTR;
}

/* Take a queued signal of set into *info (0 if none). */
static int take_queued(uint64_t set, target_siginfo *info)
{
    for (int sig = 1; sig <= TARGET_NSIG; sig++) {
        if ((set & SIGBIT(sig)) && slots[sig].queued && !slots[sig].sync) {
            *info = slots[sig].info;
            slots[sig].queued = 0;
            sync_signal_state();
            return sig;
        }
    }
    return 0;
}

static int64_t do_rt_sigtimedwait(const uint64_t *a, bool time64)
{
    if (a[3] != 8) {
        return -EINVAL;
    }
    uint64_t set;
    if (get_guest_sigset((abi_ulong)a[0], &set) < 0) {
        return -EFAULT;
    }
    abi_ulong info_addr = (abi_ulong)a[1];
    if (info_addr &&
        !guest_access_ok(info_addr, sizeof(target_siginfo), PAGE_WRITE)) {
        return -EFAULT;
    }
    struct timespec ts, *tsp = NULL;
    if ((abi_ulong)a[2]) {
        int64_t r = get_timespec((abi_ulong)a[2], &ts, time64);
        if (r < 0) {
            return r;
        }
        tsp = &ts;
    }
    set &= ~UNBLOCKABLE;
    target_siginfo info;
    int sig = take_queued(set, &info);
    if (!sig) {
        sigset_t host;
        signal_host_sigset(&host, set);
        siginfo_t hinfo;
        long r = safe_syscall(SYS_rt_sigtimedwait, &host, &hinfo, tsp,
                              (long)(_NSIG / 8));
        if (r < 0) {
            return r;
        }
        sig = guest_signal((int)r);
        host_to_target_siginfo(&info, sig, &hinfo);
    }
    if (info_addr && copy_to_guest(info_addr, &info, sizeof(info)) < 0) {
        return -EFAULT;
    }
    return sig;
}

static int64_t sys_rt_sigtimedwait(const uint64_t *a)
{
    return do_rt_sigtimedwait(a, false);
}

static int64_t sys_rt_sigtimedwait_time64(const uint64_t *a)
{
    return do_rt_sigtimedwait(a, true);
}

/* Make n the alternate stack, seen from stack pointer sp (as the
 * kernel's do_sigaltstack); 0 or -errno. */
static int64_t set_altstack(const struct target_stack_t *n, abi_ulong sp)
{
    int32_t flags = tget(n->ss_flags);
    if (on_altstack(sp) && altstack_enabled()) {
        return -EPERM;
    }
    if (flags & ~SS_DISABLE) {
        return -EINVAL;
    }
    if (flags & SS_DISABLE) {
        memset(&guest_altstack, 0, sizeof(guest_altstack));
        tput(guest_altstack.ss_flags, SS_DISABLE);
        return 0;
    }
    if (tget(n->ss_size) < TARGET_MINSIGSTKSZ) {
        return -ENOMEM;
    }
    guest_altstack = *n;
    return 0;
}

void signal_restore_altstack(const struct target_stack_t *uc_stack,
                             abi_ulong sp)
{
    /* The kernel ignores every error here but a fault reading it. */
    set_altstack(uc_stack, sp);
}

static int64_t sys_sigaltstack(const uint64_t *a)
{
    abi_ulong ss = (abi_ulong)a[0], oss = (abi_ulong)a[1];
    struct target_stack_t n;
    if (oss && !guest_access_ok(oss, sizeof(n), PAGE_WRITE)) {
        return -EFAULT;
    }
    if (ss && copy_from_guest(&n, ss, sizeof(n)) < 0) {
        return -EFAULT;
    }
    abi_ulong sp = target_signal_sp(user_cpu);
    struct target_stack_t old;
    signal_save_altstack(&old, sp);
    if (ss) {
        int64_t r = set_altstack(&n, sp);
        if (r < 0) {
            return r;
        }
    }
    return oss ? copy_to_guest(oss, &old, sizeof(old)) : 0;
}

int64_t signal_finish_sigreturn(bool ok, uint64_t mask)
{
    if (!ok) {
        fprintf(stderr, "mimic: bad signal frame in sigreturn\n");
        die_by_signal(SIGSEGV);
    }
    guest_mask = mask & ~UNBLOCKABLE;
    sync_signal_state();
    return -USER_ESIGRETURN;
}

static int64_t sys_rt_sigreturn(const uint64_t *a)
{
    uint64_t mask;
    bool ok = target_rt_sigreturn(user_cpu, &mask);
    return signal_finish_sigreturn(ok, mask);
}

static int64_t sys_sigreturn(const uint64_t *a)
{
    uint64_t mask;
    bool ok = target_sigreturn(user_cpu, &mask);
    return signal_finish_sigreturn(ok, mask);
}

int64_t get_guest_queued_siginfo(abi_ulong addr, int host_sig, siginfo_t *h)
{
    target_siginfo t;
    if (copy_from_guest(&t, addr, sizeof(t)) < 0) {
        return -EFAULT;
    }
    memset(h, 0, sizeof(*h));
    h->si_signo = host_sig;
    h->si_code = tget(t.s.si_code);
    h->si_pid = tget(t.s.f.rt.pid);
    h->si_uid = tget(t.s.f.rt.uid);
    h->si_value.sival_ptr = (void *)(uintptr_t)tget(t.s.f.rt.value);
    return 0;
}

static int64_t sys_rt_sigqueueinfo(const uint64_t *a)
{
    pid_t pid = (pid_t)(abi_long)a[0];
    int sig = (int)a[1];
    int host_sig = host_signal(sig);
    if (host_sig < 0) {
        return -EINVAL;
    }
    siginfo_t h;
    if (get_guest_queued_siginfo((abi_ulong)a[2], host_sig, &h) < 0) {
        return -EFAULT;
    }
    return host_ret(syscall(SYS_rt_sigqueueinfo, pid, host_sig, &h));
}

/* rt_tgsigqueueinfo(tgid, tid, sig, info): the same to one thread. */
static int64_t sys_rt_tgsigqueueinfo(const uint64_t *a)
{
    int host_sig = host_signal((int)a[2]);
    if (host_sig < 0) {
        return -EINVAL;
    }
    siginfo_t h;
    if (get_guest_queued_siginfo((abi_ulong)a[3], host_sig, &h) < 0) {
        return -EFAULT;
    }
    return host_ret(syscall(SYS_rt_tgsigqueueinfo, (pid_t)(abi_long)a[0],
                            (pid_t)(abi_long)a[1], host_sig, &h));
}

/* ---- timers that send signals ----------------------------------------- */

static int64_t sys_alarm(const uint64_t *a)
{
    return alarm((unsigned)a[0]);
}

struct target_itimerval {
    struct target_timeval it_interval, it_value;
};

static int64_t put_itimerval(abi_ulong addr, const struct itimerval *h)
{
    struct target_itimerval t;
    tput(t.it_interval.tv_sec, h->it_interval.tv_sec);
    tput(t.it_interval.tv_usec, h->it_interval.tv_usec);
    tput(t.it_value.tv_sec, h->it_value.tv_sec);
    tput(t.it_value.tv_usec, h->it_value.tv_usec);
    return copy_to_guest(addr, &t, sizeof(t));
}

static int64_t sys_getitimer(const uint64_t *a)
{
    if (!guest_access_ok((abi_ulong)a[1], sizeof(struct target_itimerval),
                         PAGE_WRITE)) {
        return -EFAULT;
    }
    struct itimerval h;
    if (getitimer((int)a[0], &h) < 0) {
        return -errno;
    }
    return put_itimerval((abi_ulong)a[1], &h);
}

static int64_t sys_setitimer(const uint64_t *a)
{
    abi_ulong new_addr = (abi_ulong)a[1], old_addr = (abi_ulong)a[2];
    struct target_itimerval n;
    if (new_addr && copy_from_guest(&n, new_addr, sizeof(n)) < 0) {
        return -EFAULT;
    }
    if (old_addr && !guest_access_ok(old_addr, sizeof(n), PAGE_WRITE)) {
        return -EFAULT;
    }
    struct itimerval h, old;
    memset(&h, 0, sizeof(h));
    if (new_addr) {
        h.it_interval.tv_sec = tget(n.it_interval.tv_sec);
        h.it_interval.tv_usec = tget(n.it_interval.tv_usec);
        h.it_value.tv_sec = tget(n.it_value.tv_sec);
        h.it_value.tv_usec = tget(n.it_value.tv_usec);
    }
    if (setitimer((int)a[0], &h, &old) < 0) {
        return -errno;
    }
    return old_addr ? put_itimerval(old_addr, &old) : 0;
}

const SyscallDef sys_signal_defs[] = {
    { "rt_sigaction", sys_rt_sigaction, "SnNu", 'd' },
    { "rt_sigprocmask", sys_rt_sigprocmask, "hgGu", 'd' },
    { "rt_sigpending", sys_rt_sigpending, "Gu", 'd' },
    { "rt_sigsuspend", sys_rt_sigsuspend, "gu", 'd' },
    { "rt_sigtimedwait", sys_rt_sigtimedwait, "gptu", 'd' },
    { "rt_sigtimedwait_time64", sys_rt_sigtimedwait_time64, "gpTu", 'd' },
    { "rt_sigqueueinfo", sys_rt_sigqueueinfo, "dSp", 'd' },
    { "rt_tgsigqueueinfo", sys_rt_tgsigqueueinfo, "ddSp", 'd' },
    { "rt_sigreturn", sys_rt_sigreturn, "", 'd' },
#if TARGET_ABI_BITS == 32
    { "sigaction", sys_sigaction, "Spp", 'd' },
    { "sigprocmask", sys_sigprocmask, "hpp", 'd' },
    { "sigpending", sys_sigpending, "p", 'd' },
#ifdef TARGET_X86
    { "sigsuspend", sys_sigsuspend, "ddx", 'd' },
#else
    { "sigsuspend", sys_sigsuspend, "x", 'd' },
#endif
#endif
    { "sigreturn", sys_sigreturn, "", 'd' },
    { "sigaltstack", sys_sigaltstack, "pp", 'd' },
    { "pause", sys_pause, "", 'd' },
    { "alarm", sys_alarm, "u", 'd' },
    { "getitimer", sys_getitimer, "95", 'd' },
    { "setitimer", sys_setitimer, "945", 'd' },
    { NULL, NULL, NULL, 0 },
};
