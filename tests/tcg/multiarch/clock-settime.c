/* clock_settime's answers that do not depend on privilege: the monotonic
 * clock cannot be set, nor a clock that does not exist, nor a time with
 * tv_nsec out of range.  (mimic once had no clock_settime: ENOSYS.) */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void try(const char *what, clockid_t clk, long sec, long nsec)
{
    struct timespec ts = { .tv_sec = sec, .tv_nsec = nsec };
    errno = 0;
    int r = clock_settime(clk, &ts);
    printf("%s: %d %s\n", what, r, r < 0 ? strerror(errno) : "ok");
}

int main(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    try("monotonic", CLOCK_MONOTONIC, now.tv_sec, 0);
    try("process cputime", CLOCK_PROCESS_CPUTIME_ID, 1, 0);
    try("no such clock", (clockid_t)12345, 1, 0);
    try("realtime, nsec too big", CLOCK_REALTIME, 1700000000, 1000000000);
    try("realtime, nsec negative", CLOCK_REALTIME, 1700000000, -1);
    return 0;
}
