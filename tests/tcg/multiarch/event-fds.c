/* Descriptors that report events and timers: eventfd (counter and
 * semaphore modes, nonblocking), timerfd (relative and absolute, read
 * count, gettime), inotify (create, modify, delete of a file, records with
 * names), POSIX timers (timer_create with a signal and its value,
 * timer_gettime, timer_delete), waitid on exited and killed children,
 * pidfds (pidfd_open, poll, pidfd_send_signal, waitid P_PIDFD). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void eventfds(void)
{
    int fd = eventfd(5, EFD_NONBLOCK | EFD_CLOEXEC);
    uint64_t v = 0;
    printf("eventfd cloexec %d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    ssize_t r = read(fd, &v, 8);
    printf("read %zd %llu\n", r, (unsigned long long)v);
    errno = 0;
    r = read(fd, &v, 8);
    printf("empty %zd %s\n", r, errno == EAGAIN ? "EAGAIN" : "?");
    v = 0x100000003ull;
    printf("write %zd\n", write(fd, &v, 8));
    v = 4;
    write(fd, &v, 8);
    read(fd, &v, 8);
    printf("sum %llx\n", (unsigned long long)v);
    errno = 0;
    v = UINT64_MAX;
    r = write(fd, &v, 8);
    printf("max %zd %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    errno = 0;
    r = read(fd, &v, 4);
    printf("short %zd %d\n", r, errno == EINVAL);
    close(fd);
    fd = eventfd(3, EFD_SEMAPHORE);
    for (int i = 0; i < 3; i++) {
        read(fd, &v, 8);
        printf("sem %llu\n", (unsigned long long)v);
    }
    int dup_fd = dup(fd);
    v = 2;
    write(dup_fd, &v, 8);
    read(fd, &v, 8);
    printf("dup sem %llu\n", (unsigned long long)v);
    close(fd);
    close(dup_fd);
}

static void timerfds(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    struct itimerspec it = { { 0, 20000000 }, { 0, 10000000 } }, old;
    printf("settime %d\n", timerfd_settime(fd, 0, &it, &old));
    printf("old %ld %ld\n", (long)old.it_value.tv_sec, old.it_value.tv_nsec);
    uint64_t n = 0;
    printf("read %zd\n", read(fd, &n, 8));
    printf("expired %d\n", n >= 1);
    usleep(70000);
    read(fd, &n, 8);
    printf("later %d\n", n >= 2);
    struct itimerspec cur;
    timerfd_gettime(fd, &cur);
    printf("interval %ld %ld left %d\n", (long)cur.it_interval.tv_sec,
           cur.it_interval.tv_nsec, cur.it_value.tv_nsec <= 20000000);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int rfd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
    struct itimerspec abs = { { 0, 0 }, { now.tv_sec - 1, 0 } };
    timerfd_settime(rfd, TFD_TIMER_ABSTIME, &abs, NULL);
    ssize_t r = read(rfd, &n, 8);
    printf("abs read %zd %llu\n", r, (unsigned long long)n);
    errno = 0;
    r = read(rfd, &n, 8);
    printf("again %zd %d\n", r, errno == EAGAIN);
    errno = 0;
    int bad = timerfd_create(12345, 0);
    printf("bad clock %d %d\n", bad, errno == EINVAL);
    close(fd);
    close(rfd);
}

static void inotify(const char *dir)
{
    int fd = inotify_init1(IN_NONBLOCK);
    int wd = inotify_add_watch(fd, dir, IN_CREATE | IN_MODIFY | IN_DELETE);
    printf("watch %d\n", wd > 0);
    char path[256];
    snprintf(path, sizeof path, "%s/some-file.txt", dir);
    int f = open(path, O_CREAT | O_WRONLY, 0644);
    write(f, "x", 1);
    close(f);
    unlink(path);
    char buf[4096] __attribute__((aligned(8)));
    ssize_t n = read(fd, buf, sizeof buf);
    for (char *p = buf; p < buf + n;) {
        struct inotify_event *e = (struct inotify_event *)p;
        printf("event wd-ok %d mask %x cookie %u name %s\n", e->wd == wd,
               e->mask, e->cookie, e->len ? e->name : "-");
        p += sizeof(*e) + e->len;
    }
    errno = 0;
    n = read(fd, buf, sizeof buf);
    printf("empty %zd %d\n", n, errno == EAGAIN);
    printf("rm %d\n", inotify_rm_watch(fd, wd));
    n = read(fd, buf, sizeof buf);
    struct inotify_event *e = (struct inotify_event *)buf;
    printf("ignored %zd %x\n", n, n > 0 ? e->mask : 0);
    errno = 0;
    int bad = inotify_add_watch(fd, "/nonexistent/x", IN_ALL_EVENTS);
    printf("missing %d %d\n", bad, errno == ENOENT);
    close(fd);
}

static volatile int timer_hits, timer_value, timer_code;

static void on_timer(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    timer_hits++;
    timer_value = si->si_value.sival_int;
    timer_code = si->si_code;
}

static void posix_timers(void)
{
    struct sigaction sa = { 0 };
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 2, &sa, NULL);
    struct sigevent sev = { 0 };
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN + 2;
    sev.sigev_value.sival_int = 4242;
    timer_t t;
    printf("create %d\n", timer_create(CLOCK_MONOTONIC, &sev, &t));
    struct itimerspec it = { { 0, 0 }, { 0, 5000000 } };
    printf("settime %d\n", timer_settime(t, 0, &it, NULL));
    struct timespec ts = { 0, 100000000 };
    while (!timer_hits && nanosleep(&ts, &ts) != 0) {
    }
    printf("hits %d value %d code %s\n", timer_hits, timer_value,
           timer_code == SI_TIMER ? "SI_TIMER" : "?");
    struct itimerspec cur;
    timer_gettime(t, &cur);
    printf("disarmed %ld %ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
    printf("overrun %d\n", timer_getoverrun(t));
    printf("delete %d\n", timer_delete(t));
}

static void waitids(void)
{
    pid_t p = fork();
    if (p == 0) {
        _exit(7);
    }
    siginfo_t si;
    memset(&si, 0xff, sizeof si);
    printf("waitid %d\n", waitid(P_PID, p, &si, WEXITED));
    printf("signo %d code %s status %d pid-ok %d\n", si.si_signo,
           si.si_code == CLD_EXITED ? "CLD_EXITED" : "?", si.si_status,
           si.si_pid == p);
    p = fork();
    if (p == 0) {
        pause();
        _exit(0);
    }
    memset(&si, 0xff, sizeof si);
    int r = waitid(P_PID, p, &si, WEXITED | WNOHANG);
    printf("nohang %d pid %d\n", r, si.si_pid);
    kill(p, SIGTERM);
    waitid(P_ALL, 0, &si, WEXITED);
    printf("killed code %s status %d\n",
           si.si_code == CLD_KILLED ? "CLD_KILLED" : "?", si.si_status);
    errno = 0;
    r = waitid(P_ALL, 0, &si, WEXITED);
    printf("nochild %d %d\n", r, errno == ECHILD);

    p = fork();
    if (p == 0) {
        pause();
        _exit(0);
    }
    int pidfd = (int)syscall(SYS_pidfd_open, p, 0);
    printf("pidfd_open %d\n", pidfd >= 0);
    struct pollfd pf = { pidfd, POLLIN, 0 };
    printf("running poll %d\n", poll(&pf, 1, 0));
    printf("pidfd_send_signal %d\n",
           (int)syscall(SYS_pidfd_send_signal, pidfd, SIGUSR2, NULL, 0));
    pf.revents = 0;
    r = poll(&pf, 1, 5000);
    printf("exited poll %d %d\n", r, (pf.revents & POLLIN) != 0);
    memset(&si, 0, sizeof si);
    r = waitid(3 /* P_PIDFD */, pidfd, &si, WEXITED);
    printf("waitid pidfd %d code %s status %d\n", r,
           si.si_code == CLD_KILLED ? "CLD_KILLED" : "?", si.si_status);
    close(pidfd);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char dir[] = "/tmp/event-fds-XXXXXX";
    if (!mkdtemp(dir)) {
        return 1;
    }
    eventfds();
    timerfds();
    inotify(dir);
    posix_timers();
    waitids();
    rmdir(dir);
    return 0;
}
