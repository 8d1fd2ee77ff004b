/*
 * Waits with a signal mask of their own and signals read as data:
 * ppoll, pselect and epoll_pwait hold their mask only while they wait (a
 * pending signal it unblocks interrupts them at once, the handler runs
 * under the wait's mask, the old mask is back afterwards; a signal sent by
 * another thread during the wait interrupts it too); signalfd (numbers,
 * codes, values, poll readiness, non-blocking reads, a new mask on the
 * same descriptor, real-time signals); rt_sigreturn taking the alternate
 * stack from the handler's uc_stack.
 * CFLAGS: -O2 -pthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int handled, usr2_blocked_in_handler;

static void handler(int sig)
{
    sigset_t cur;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    usr2_blocked_in_handler = sigismember(&cur, SIGUSR2);
    handled = sig;
}

static const char *blocked(int sig)
{
    sigset_t cur;
    sigprocmask(SIG_SETMASK, NULL, &cur);
    return sigismember(&cur, sig) ? "blocked" : "unblocked";
}

/* Which wait: 0 ppoll, 1 pselect, 2 epoll_pwait. */
static int wait_with_mask(int kind, const sigset_t *mask, int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    int fds[2];
    if (pipe(fds) != 0) {
        return -2;
    }
    int r;
    if (kind == 0) {
        struct pollfd p = { .fd = fds[0], .events = POLLIN };
        r = ppoll(&p, 1, &ts, mask);
    } else if (kind == 1) {
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(fds[0], &rd);
        r = pselect(fds[0] + 1, &rd, NULL, NULL, &ts, mask);
    } else {
        int ep = epoll_create1(EPOLL_CLOEXEC);
        struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 };
        epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev);
        r = epoll_pwait(ep, &ev, 1, ms, mask);
        close(ep);
    }
    int e = errno;
    close(fds[0]);
    close(fds[1]);
    errno = e;
    return r;
}

static void *send_later(void *arg)
{
    usleep(100000);
    kill(getpid(), SIGUSR1);
    (void)arg;
    return NULL;
}

static void masked_waits(void)
{
    static const char *const names[] = { "ppoll", "pselect", "epoll_pwait" };
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigset_t usr1, wait_mask;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    /* The wait lets SIGUSR1 in and keeps SIGUSR2 out. */
    sigemptyset(&wait_mask);
    sigaddset(&wait_mask, SIGUSR2);
    for (int kind = 0; kind < 3; kind++) {
        sigprocmask(SIG_BLOCK, &usr1, NULL);
        handled = 0;
        raise(SIGUSR1);
        int r = wait_with_mask(kind, &wait_mask, 5000);
        printf("%s, SIGUSR1 pending: %d (%s), handler ran: %s, SIGUSR2 "
               "blocked in it: %d, SIGUSR1 after: %s\n",
               names[kind], r, r < 0 ? strerror(errno) : "-",
               handled == SIGUSR1 ? "yes" : "no", usr2_blocked_in_handler,
               blocked(SIGUSR1));
        /* Nothing to take: the timeout, and the mask comes back. */
        handled = 0;
        r = wait_with_mask(kind, &wait_mask, 20);
        printf("%s, nothing pending: %d, handler ran: %s, SIGUSR1 after: "
               "%s, SIGUSR2 after: %s\n",
               names[kind], r, handled ? "yes" : "no", blocked(SIGUSR1),
               blocked(SIGUSR2));
        /* A signal from another thread during the wait. */
        pthread_t t;
        handled = 0;
        pthread_create(&t, NULL, send_later, NULL);
        r = wait_with_mask(kind, &wait_mask, 5000);
        pthread_join(t, NULL);
        printf("%s, signal during the wait: %d (%s), handler ran: %s\n",
               names[kind], r, r < 0 ? strerror(errno) : "-",
               handled == SIGUSR1 ? "yes" : "no");
        sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    }
}

static void signal_fd(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGRTMIN + 3);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd: %s\n", fd >= 0 ? "ok" : strerror(errno));
    struct signalfd_siginfo si[4];
    ssize_t n = read(fd, si, sizeof(si));
    printf("empty read: %zd (%s)\n", n, n < 0 ? strerror(errno) : "-");
    struct pollfd p = { .fd = fd, .events = POLLIN };
    printf("poll before: %d\n", poll(&p, 1, 0));
    sigqueue(getpid(), SIGRTMIN + 3, (union sigval){ .sival_int = 4242 });
    kill(getpid(), SIGUSR1);
    int ready = poll(&p, 1, 1000);
    printf("poll after: %d revents POLLIN: %d\n", ready,
           (p.revents & POLLIN) != 0);
    n = read(fd, si, sizeof(si));
    printf("read: %zd bytes (%zd records)\n", n,
           n / (ssize_t)sizeof(si[0]));
    for (ssize_t i = 0; i < n / (ssize_t)sizeof(si[0]); i++) {
        int sig = (int)si[i].ssi_signo;
        printf("  record %zd: %s code %s pid ok %d value %d\n", i,
               sig == SIGUSR1 ? "SIGUSR1"
               : sig == SIGRTMIN + 3 ? "SIGRTMIN+3" : "other",
               si[i].ssi_code == SI_USER ? "SI_USER"
               : si[i].ssi_code == SI_QUEUE ? "SI_QUEUE" : "other",
               si[i].ssi_pid == (uint32_t)getpid(),
               sig == SIGUSR1 ? 0 : si[i].ssi_int);
    }
    /* A new mask for the same descriptor: SIGUSR2 only. */
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &usr2, NULL);
    printf("same fd, new mask: %s\n",
           signalfd(fd, &usr2, 0) == fd ? "ok" : strerror(errno));
    kill(getpid(), SIGUSR1);
    raise(SIGUSR2);
    n = read(fd, si, sizeof(si));
    printf("read: %zd records, first %s\n", n / (ssize_t)sizeof(si[0]),
           n > 0 && si[0].ssi_signo == SIGUSR2 ? "SIGUSR2" : "other");
    /* SIGUSR1 stays pending for the process; take it. */
    sigset_t pending;
    sigpending(&pending);
    printf("SIGUSR1 still pending: %d\n", sigismember(&pending, SIGUSR1));
    int got;
    sigwait(&set, &got);
    close(fd);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    sigprocmask(SIG_UNBLOCK, &usr2, NULL);
}

/* ---- rt_sigreturn and uc_stack ---------------------------------------- */

static char alt1[65536], alt2[65536];
static volatile int change_to;

static void alt_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    if (change_to == 1) {
        uc->uc_stack.ss_flags = SS_DISABLE;
    } else if (change_to == 2) {
        uc->uc_stack.ss_sp = alt2;
        uc->uc_stack.ss_size = sizeof(alt2);
        uc->uc_stack.ss_flags = 0;
    }
    (void)sig;
    (void)si;
}

static void report_altstack(const char *what)
{
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("%s: %s, %s\n", what,
           cur.ss_flags & SS_DISABLE ? "disabled" : "enabled",
           cur.ss_sp == alt1 ? "alt1" : cur.ss_sp == alt2 ? "alt2" : "none");
}

/* With the handler on the alternate stack (onstack) or on the normal one.
 * Linux applies uc_stack from the stack pointer it sees at the return:
 * the x86-64 kernel refuses the change from a handler on the alternate
 * stack (EPERM, ignored), i386 and PowerPC look at the restored one. */
static void altstack_restore(int onstack)
{
    const char *where = onstack ? "on the alternate stack" : "on the stack";
    stack_t ss = { .ss_sp = alt1, .ss_size = sizeof(alt1) };
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = alt_handler;
    sa.sa_flags = SA_SIGINFO | (onstack ? SA_ONSTACK : 0);
    sigaction(SIGUSR1, &sa, NULL);
    change_to = 0;
    raise(SIGUSR1);
    printf("handler %s, ", where);
    report_altstack("uc_stack left alone");
    change_to = 2;
    raise(SIGUSR1);
    printf("handler %s, ", where);
    report_altstack("alt2 put in uc_stack");
    change_to = 1;
    raise(SIGUSR1);
    printf("handler %s, ", where);
    report_altstack("uc_stack disabled");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    masked_waits();
    signal_fd();
    altstack_restore(0);
    altstack_restore(1);
    return 0;
}
