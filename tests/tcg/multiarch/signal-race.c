/*
 * sigsuspend unblocks the signal and sleeps atomically: a timer of 1..64
 * microseconds, armed while the signal is blocked, must wake it however
 * close it fires to the call (under an emulator: between unblocking on the
 * host and entering the host's sleep).  A lost wake-up blocks forever; a
 * watchdog process then kills us (SIGKILL status).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int ticks;

static void tick(int sig)
{
    (void)sig;
    ticks++;
}

static void arm_us(int us)
{
    struct itimerval it;
    memset(&it, 0, sizeof(it));
    it.it_value.tv_usec = us;
    setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
    pid_t parent = getpid();
    pid_t watchdog = fork();
    if (watchdog == 0) {
        sleep(30);
        kill(parent, SIGKILL);
        _exit(0);
    }
    struct sigaction act;
    memset(&act, 0, sizeof(act));
    sigemptyset(&act.sa_mask);
    act.sa_handler = tick;
    sigaction(SIGALRM, &act, NULL);

    sigset_t block, old, none;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigemptyset(&none);
    int woke = 0;
    for (int i = 0; i < 3000; i++) {
        ticks = 0;
        sigprocmask(SIG_BLOCK, &block, &old);
        arm_us(1 + i % 64);
        /* Busy a little so that the timer sometimes fires before. */
        for (volatile int k = 0; k < (i % 7) * 200; k++)
            ;
        if (sigsuspend(&none) == -1 && errno == EINTR && ticks == 1)
            woke++;
        sigprocmask(SIG_SETMASK, &old, NULL);
    }
    printf("sigsuspend: %d of 3000 woken\n", woke);

    kill(watchdog, SIGKILL);
    return 0;
}
