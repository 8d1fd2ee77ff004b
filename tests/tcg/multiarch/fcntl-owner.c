/*
 * fcntl's owner and signal commands: F_GETOWN, F_SETOWN (glibc makes
 * F_GETOWN an F_GETOWN_EX call), F_GETOWN_EX, F_SETOWN_EX (a struct of
 * two ints in the guest's byte order), F_GETSIG, F_SETSIG, and the errors
 * of every "get" command on a closed descriptor (gnulib's test-fcntl).
 * Expected output: qemu-ppc's, except for F_SETOWN_EX on -1 from a bad
 * pointer, where qemu 7.2 answers EFAULT and Linux (the host, natively)
 * EBADF: the kernel looks at the descriptor first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *err(int r)
{
    return r < 0 ? strerrorname_np(errno) : "ok";
}

int main(void)
{
    static const struct { int cmd; const char *name; } gets[] = {
        {F_GETFD, "F_GETFD"}, {F_GETFL, "F_GETFL"}, {F_GETOWN, "F_GETOWN"},
        {F_GETSIG, "F_GETSIG"}, {F_GETLEASE, "F_GETLEASE"},
        {F_GETPIPE_SZ, "F_GETPIPE_SZ"}, {F_GET_SEALS, "F_GET_SEALS"},
        {F_GETOWN_EX, "F_GETOWN_EX"},
    };
    for (unsigned i = 0; i < sizeof(gets) / sizeof(*gets); i++) {
        struct f_owner_ex ex;
        int r1 = fcntl(-1, gets[i].cmd, &ex);
        const char *e1 = err(r1);
        int r2 = fcntl(1000, gets[i].cmd, &ex);
        printf("%-12s on -1: %d %s, on 1000: %d %s\n", gets[i].name, r1, e1,
               r2, err(r2));
    }

    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    pid_t me = getpid(), group = getpgrp();
    int r = fcntl(fds[0], F_GETOWN);
    printf("F_GETOWN fresh: %d %s\n", r, err(r));
    r = fcntl(fds[0], F_SETOWN, me);
    printf("F_SETOWN pid: %s, F_GETOWN is pid: %d\n", err(r),
           fcntl(fds[0], F_GETOWN) == me);
    r = fcntl(fds[0], F_SETOWN, -group);
    printf("F_SETOWN -group: %s, F_GETOWN is -group: %d\n", err(r),
           fcntl(fds[0], F_GETOWN) == -group);

    struct f_owner_ex ex = {F_OWNER_TID, gettid()};
    r = fcntl(fds[0], F_SETOWN_EX, &ex);
    printf("F_SETOWN_EX tid: %s\n", err(r));
    memset(&ex, 0x55, sizeof(ex));
    r = fcntl(fds[0], F_GETOWN_EX, &ex);
    printf("F_GETOWN_EX: %s, type is F_OWNER_TID: %d, pid is tid: %d\n",
           err(r), ex.type == F_OWNER_TID, ex.pid == gettid());
    ex = (struct f_owner_ex){F_OWNER_PGRP, group};
    r = fcntl(fds[0], F_SETOWN_EX, &ex);
    printf("F_SETOWN_EX pgrp: %s, F_GETOWN is -group: %d\n", err(r),
           fcntl(fds[0], F_GETOWN) == -group);
    ex = (struct f_owner_ex){99, me};
    r = fcntl(fds[0], F_SETOWN_EX, &ex);
    printf("F_SETOWN_EX type 99: %d %s\n", r, err(r));
    r = fcntl(fds[0], F_GETOWN_EX, (void *)16);
    printf("F_GETOWN_EX to a bad pointer: %d %s\n", r, err(r));
    r = fcntl(-1, F_SETOWN_EX, (void *)16);
    printf("F_SETOWN_EX on -1 from a bad pointer: %d %s\n", r, err(r));

    r = fcntl(fds[0], F_SETSIG, SIGUSR1);
    printf("F_SETSIG SIGUSR1: %s, F_GETSIG is SIGUSR1: %d\n", err(r),
           fcntl(fds[0], F_GETSIG) == SIGUSR1);
    return 0;
}
