/*
 * Signal handlers: raise and kill to ourselves, siginfo contents, the mask
 * while a handler runs (sa_mask, SA_NODEFER), nested signals, blocked
 * signals staying pending, SA_RESETHAND, handlers without SA_SIGINFO,
 * sigaltstack, sigsuspend, sigtimedwait, real-time signals, and kill to
 * a child process.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int count, last_sig, last_code, last_pid_ok, nested_seen;
static volatile int usr2_blocked_in_handler, usr1_blocked_in_handler;
static volatile int depth, max_depth;

static int is_blocked(int sig)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    return sigismember(&cur, sig);
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    count++;
    last_sig = sig;
    last_code = si->si_code;
    last_pid_ok = si->si_pid == getpid();
    usr1_blocked_in_handler = is_blocked(SIGUSR1);
    usr2_blocked_in_handler = is_blocked(SIGUSR2);
}

static void plain_handler(int sig)
{
    count++;
    last_sig = sig;
}

static void nesting_handler(int sig)
{
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (sig == SIGUSR1)
        raise(SIGUSR2); /* runs inside this handler */
    else
        nested_seen = depth;
    depth--;
}

static void recursive_handler(int sig)
{
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (depth < 4)
        raise(sig); /* SA_NODEFER: enters again at once */
    depth--;
}

static const char *code_name(int code)
{
    switch (code) {
    case SI_USER: return "SI_USER";
    case SI_TKILL: return "SI_TKILL";
    case SI_QUEUE: return "SI_QUEUE";
    default: return "other";
    }
}

static void set_action(int sig, void (*h)(int), void (*sa)(int, siginfo_t *,
                       void *), int flags, int mask_sig)
{
    struct sigaction act;
    memset(&act, 0, sizeof(act));
    sigemptyset(&act.sa_mask);
    if (mask_sig)
        sigaddset(&act.sa_mask, mask_sig);
    if (sa) {
        act.sa_sigaction = sa;
        flags |= SA_SIGINFO;
    } else {
        act.sa_handler = h;
    }
    act.sa_flags = flags;
    if (sigaction(sig, &act, NULL) != 0)
        perror("sigaction");
}

static char altstack[65536];
static volatile int on_alt, alt_flags;

static void alt_handler(int sig)
{
    char local;
    stack_t ss;
    (void)sig;
    on_alt = &local >= altstack && &local < altstack + sizeof(altstack);
    sigaltstack(NULL, &ss);
    alt_flags = ss.ss_flags;
}

int main(void)
{
    /* raise with SA_SIGINFO: SI_TKILL, our pid; the signal itself is
     * blocked in the handler, sa_mask adds SIGUSR2. */
    set_action(SIGUSR1, NULL, info_handler, 0, SIGUSR2);
    raise(SIGUSR1);
    printf("raise: count=%d sig=%s code=%s pid=%d usr1-blocked=%d "
           "usr2-blocked=%d after=%d\n", count,
           last_sig == SIGUSR1 ? "SIGUSR1" : "?", code_name(last_code),
           last_pid_ok, usr1_blocked_in_handler, usr2_blocked_in_handler,
           is_blocked(SIGUSR1));

    kill(getpid(), SIGUSR1);
    printf("kill: count=%d code=%s pid=%d\n", count, code_name(last_code),
           last_pid_ok);

    union sigval v = { .sival_int = 42 };
    sigqueue(getpid(), SIGUSR1, v);
    printf("sigqueue: count=%d code=%s\n", count, code_name(last_code));

    /* SA_NODEFER: the signal is not blocked in its own handler. */
    set_action(SIGUSR1, NULL, info_handler, SA_NODEFER, 0);
    raise(SIGUSR1);
    printf("nodefer: usr1-blocked=%d\n", usr1_blocked_in_handler);

    /* Blocked: pending until unblocked, delivered once. */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    count = 0;
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    printf("blocked: count=%d pending=%d\n", count, sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    sigpending(&pend);
    printf("unblocked: count=%d pending=%d\n", count,
           sigismember(&pend, SIGUSR1));

    /* Nested: SIGUSR2 raised inside the SIGUSR1 handler. */
    set_action(SIGUSR1, nesting_handler, NULL, 0, 0);
    set_action(SIGUSR2, nesting_handler, NULL, 0, 0);
    raise(SIGUSR1);
    printf("nested: usr2 ran at depth %d, max depth %d\n", nested_seen,
           max_depth);

    /* Recursion with SA_NODEFER. */
    max_depth = 0;
    set_action(SIGUSR1, recursive_handler, NULL, SA_NODEFER, 0);
    raise(SIGUSR1);
    printf("recursive: max depth %d\n", max_depth);

    /* SA_RESETHAND: the handler runs once, then the default is back. */
    count = 0;
    set_action(SIGUSR2, plain_handler, NULL, SA_RESETHAND, 0);
    raise(SIGUSR2);
    struct sigaction now;
    sigaction(SIGUSR2, NULL, &now);
    printf("resethand: count=%d default-now=%d\n", count,
           now.sa_handler == SIG_DFL);

    /* Ignored signals vanish, also when pending. */
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    set_action(SIGUSR1, plain_handler, NULL, 0, 0);
    count = 0;
    raise(SIGUSR1);
    signal(SIGUSR1, SIG_IGN);
    sigpending(&pend);
    printf("ignored: pending=%d\n", sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("ignored: count=%d\n", count);

    /* sigaltstack: SA_ONSTACK handlers run on it, it reports ON_STACK. */
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack),
                   .ss_flags = 0 };
    if (sigaltstack(&ss, NULL) != 0)
        perror("sigaltstack");
    set_action(SIGUSR1, alt_handler, NULL, SA_ONSTACK, 0);
    raise(SIGUSR1);
    printf("altstack: on=%d onstack-flag=%d\n", on_alt,
           (alt_flags & SS_ONSTACK) != 0);
    set_action(SIGUSR1, alt_handler, NULL, 0, 0);
    raise(SIGUSR1);
    printf("no SA_ONSTACK: on=%d\n", on_alt);
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("altstack outside handler: flags=%d size-ok=%d\n", cur.ss_flags,
           cur.ss_size == sizeof(altstack));

    /* sigsuspend: wait with SIGUSR1 unblocked, mask restored after. */
    set_action(SIGUSR1, plain_handler, NULL, 0, 0);
    sigprocmask(SIG_BLOCK, &set, NULL);
    count = 0;
    raise(SIGUSR1);
    sigset_t wait_mask;
    sigemptyset(&wait_mask);
    int r = sigsuspend(&wait_mask);
    printf("sigsuspend: r=%d errno=%s count=%d still-blocked=%d\n", r,
           errno == EINTR ? "EINTR" : "?", count, is_blocked(SIGUSR1));

    /* sigtimedwait: takes a blocked pending signal without the handler. */
    count = 0;
    raise(SIGUSR1);
    siginfo_t si;
    struct timespec ts = { 1, 0 };
    r = sigtimedwait(&set, &si, &ts);
    printf("sigtimedwait: r=%s code=%s count=%d\n",
           r == SIGUSR1 ? "SIGUSR1" : "?", code_name(si.si_code), count);
    ts.tv_sec = 0;
    ts.tv_nsec = 1000000;
    r = sigtimedwait(&set, &si, &ts);
    printf("sigtimedwait empty: r=%d errno=%s\n", r,
           errno == EAGAIN ? "EAGAIN" : "?");
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* Real-time signals queue: three sent while blocked, three handled. */
    int rt = SIGRTMIN + 2;
    sigset_t rtset;
    sigemptyset(&rtset);
    sigaddset(&rtset, rt);
    set_action(rt, plain_handler, NULL, 0, 0);
    sigprocmask(SIG_BLOCK, &rtset, NULL);
    count = 0;
    for (int i = 0; i < 3; i++)
        sigqueue(getpid(), rt, v);
    sigprocmask(SIG_UNBLOCK, &rtset, NULL);
    printf("rt: count=%d sig-ok=%d\n", count, last_sig == rt);

    /* kill to another process: the child's handler runs, its exit status
     * reaches us; a child without a handler dies by the signal. */
    fflush(stdout);
    sigprocmask(SIG_BLOCK, &set, NULL);
    pid_t child = fork();
    if (child == 0) {
        count = 0;
        set_action(SIGUSR1, plain_handler, NULL, 0, 0);
        sigemptyset(&wait_mask);
        while (count == 0)
            sigsuspend(&wait_mask);
        _exit(40 + count);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    kill(child, SIGUSR1);
    int status;
    waitpid(child, &status, 0);
    printf("child: exited=%d status=%d\n", WIFEXITED(status),
           WEXITSTATUS(status));
    child = fork();
    if (child == 0) {
        signal(SIGTERM, SIG_DFL);
        for (;;)
            pause();
    }
    kill(child, SIGTERM);
    waitpid(child, &status, 0);
    printf("child: signaled=%d sig=%s\n", WIFSIGNALED(status),
           WTERMSIG(status) == SIGTERM ? "SIGTERM" : "?");
    return 0;
}
