/* The time64 system calls of a 32-bit process take a __kernel_timespec
 * whose tv_nsec is 64 bits wide, but the kernel reads only its low 32
 * bits for such a process: the C library leaves the high half (its
 * padding) unset.  Each call below gets garbage there and must behave as
 * if it were zero. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

struct ts64 {
    int64_t sec;
    uint32_t nsec, pad; /* little-endian: the padding is the high half */
};

static struct ts64 ts(int64_t sec, uint32_t nsec)
{
    return (struct ts64){ sec, nsec, 0xdeadbeef };
}

int main(void)
{
    struct ts64 t = ts(0, 1000);
    long r = syscall(407 /* clock_nanosleep_time64 */, CLOCK_MONOTONIC, 0, &t, NULL);
    printf("clock_nanosleep_time64 %ld\n", r);
    t = ts(0, 1000);
    int fd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct ts64 it[2] = { ts(0, 0), ts(0, 2000000) };
    r = syscall(411 /* timerfd_settime64 */, fd, 0, it, NULL);
    printf("timerfd_settime64 %ld\n", r);
    uint64_t n = 0;
    read(fd, &n, 8);
    printf("expired %llu\n", (unsigned long long)n);
    close(fd);
    struct pollfd p = { 0, POLLIN, 0 };
    t = ts(0, 1000000);
    int pfd[2];
    pipe(pfd);
    p.fd = pfd[0];
    r = syscall(414 /* ppoll_time64 */, &p, 1, &t, NULL, 8);
    printf("ppoll_time64 %ld\n", r);
    char path[] = "/tmp/timespec64-pad-XXXXXX";
    int f = mkstemp(path);
    close(f);
    struct ts64 times[2] = { ts(1000000000, 123456789), ts(1100000000, 987654321) };
    r = syscall(412 /* utimensat_time64 */, AT_FDCWD, path, times, 0);
    struct stat st;
    stat(path, &st);
    printf("utimensat_time64 %ld atime %ld.%09ld mtime %ld.%09ld\n", r,
           (long)st.st_atime, st.st_atim.tv_nsec, (long)st.st_mtime,
           st.st_mtim.tv_nsec);
    unlink(path);
    int word = 0;
    t = ts(0, 1000000);
    r = syscall(422 /* futex_time64 */, &word, 0 /* FUTEX_WAIT */, 0, &t);
    printf("futex_time64 %ld %s\n", r, r < 0 && errno == ETIMEDOUT ? "ETIMEDOUT" : "?");
    return 0;
}
