/*
 * Asynchronous signals from timers: a tight loop is interrupted promptly,
 * blocking calls return EINTR without SA_RESTART and are restarted with
 * it, sleeps and pause always return EINTR, periodic itimers keep firing.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int ticks;
static int pipe_fds[2];

static void tick(int sig)
{
    (void)sig;
    ticks++;
}

/* Feeds the pipe the main program is blocked reading from. */
static void feed(int sig)
{
    (void)sig;
    ticks++;
    if (write(pipe_fds[1], "x", 1) != 1)
        _exit(3);
}

static void on(int sig, void (*h)(int), int flags)
{
    struct sigaction act;
    memset(&act, 0, sizeof(act));
    sigemptyset(&act.sa_mask);
    act.sa_handler = h;
    act.sa_flags = flags;
    sigaction(sig, &act, NULL);
}

static void arm_ms(int ms)
{
    struct itimerval it;
    memset(&it, 0, sizeof(it));
    it.it_value.tv_sec = ms / 1000;
    it.it_value.tv_usec = (ms % 1000) * 1000;
    setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
    /* A loop of chained blocks ends when the handler sets the flag. */
    on(SIGALRM, tick, 0);
    ticks = 0;
    arm_ms(50);
    unsigned long spins = 0;
    while (ticks == 0)
        spins++;
    printf("spin loop interrupted: ticks=%d\n", ticks);

    /* read without SA_RESTART: EINTR. */
    if (pipe(pipe_fds) != 0)
        return 1;
    on(SIGALRM, tick, 0);
    ticks = 0;
    arm_ms(50);
    char c;
    ssize_t n = read(pipe_fds[0], &c, 1);
    printf("read, no SA_RESTART: n=%zd errno=%s ticks=%d\n", n,
           errno == EINTR ? "EINTR" : "?", ticks);

    /* read with SA_RESTART: the handler writes a byte, read returns it. */
    on(SIGALRM, feed, SA_RESTART);
    ticks = 0;
    arm_ms(50);
    n = read(pipe_fds[0], &c, 1);
    printf("read, SA_RESTART: n=%zd c=%c ticks=%d\n", n, n == 1 ? c : '-',
           ticks);

    /* nanosleep returns EINTR even with SA_RESTART. */
    on(SIGALRM, tick, SA_RESTART);
    ticks = 0;
    arm_ms(50);
    struct timespec req = { 5, 0 }, rem = { 0, 0 };
    int r = nanosleep(&req, &rem);
    printf("nanosleep: r=%d errno=%s remaining<5s=%d ticks=%d\n", r,
           errno == EINTR ? "EINTR" : "?", rem.tv_sec < 5, ticks);

    /* pause with alarm(). */
    ticks = 0;
    alarm(1);
    r = pause();
    printf("pause: r=%d errno=%s ticks=%d\n", r,
           errno == EINTR ? "EINTR" : "?", ticks);

    /* A periodic timer: three ticks, then it is stopped. */
    struct itimerval it, old;
    memset(&it, 0, sizeof(it));
    it.it_interval.tv_usec = 20000;
    it.it_value.tv_usec = 20000;
    ticks = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    while (ticks < 3)
        pause();
    memset(&it, 0, sizeof(it));
    setitimer(ITIMER_REAL, &it, &old);
    printf("itimer: ticks>=3=%d interval=%ld\n", ticks >= 3,
           (long)old.it_interval.tv_usec);
    getitimer(ITIMER_REAL, &it);
    printf("itimer stopped: %ld %ld\n", (long)it.it_value.tv_sec,
           (long)it.it_value.tv_usec);

    /* alarm reports the seconds left of the previous one. */
    alarm(100);
    unsigned left = alarm(0);
    printf("alarm left: %u\n", left);

    /* An alarm with the default action ends the process by SIGALRM: the
     * exit status checked by the runner. */
    signal(SIGALRM, SIG_DFL);
    fflush(stdout);
    alarm(1);
    for (;;)
        spins++;
}
