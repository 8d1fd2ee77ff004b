/*
 * System calls whose -strace lines are compared with strace(1)'s for the
 * same program run natively (strace-compare.sh): each argument kind
 * decoded (strings, data, flags, modes, constants, sigsets, timespecs,
 * descriptor pairs, stat summaries, sigactions, string arrays, rlimits, utsname, socket addresses) and errors
 * by name.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static void on_signal(int sig)
{
    (void)sig;
}

int main(void)
{
    char buf[64];
    syscall(SYS_openat, AT_FDCWD, "/nonexistent/file", O_RDONLY);
    int fd = (int)syscall(SYS_openat, AT_FDCWD, "strace-tmp",
                          O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    syscall(SYS_write, fd, "hello\n\tworld \"quoted\" \\ \001\0020", 27);
    syscall(SYS_write, fd, "0123456789012345678901234567890123456789", 40);
    syscall(SYS_lseek, fd, 0, SEEK_SET);
    syscall(SYS_read, fd, buf, 12);
    syscall(SYS_read, 99, buf, 12);
    struct stat st;
    syscall(SYS_fstat, fd, &st);
    syscall(SYS_newfstatat, AT_FDCWD, "strace-tmp", &st, AT_SYMLINK_NOFOLLOW);
    syscall(SYS_access, "strace-tmp", R_OK | W_OK);
    syscall(SYS_faccessat, AT_FDCWD, "strace-nothing", F_OK);
    syscall(SYS_fcntl, fd, F_GETFD);
    syscall(SYS_dup2, fd, 10);
    syscall(SYS_close, 10);
    int fds[2];
    syscall(SYS_pipe2, fds, O_CLOEXEC | O_NONBLOCK);
    syscall(SYS_close, fds[0]);
    syscall(SYS_close, fds[1]);
    syscall(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    strcpy(un.sun_path, "/nonexistent/socket");
    syscall(SYS_connect, 4, &un, sizeof(un));
    int udp = (int)syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(9),
                              .sin_addr.s_addr = htonl(0x7f000001) };
    syscall(SYS_sendto, udp, "ping", 4, 0, &in, sizeof(in));
    syscall(SYS_close, udp);
    syscall(SYS_mkdir, "strace-dir", 0750);
    syscall(SYS_unlinkat, AT_FDCWD, "strace-dir", AT_REMOVEDIR);
    syscall(SYS_unlink, "strace-tmp");
    uint64_t set = (1ull << (SIGUSR1 - 1)) | (1ull << (SIGTERM - 1)), old;
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 8);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, 8);
    struct timespec ts = { 0, 1000000 };
    syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL);
    syscall(SYS_nanosleep, &ts, NULL);
    syscall(SYS_kill, 0x7ffffff0, SIGUSR2);
    struct sigaction sa, prev;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART | SA_ONSTACK | SA_NODEFER;
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGRTMIN + 1);
    sigaction(SIGUSR1, &sa, &prev);
    sa.sa_handler = SIG_IGN;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, &prev);
    struct rlimit rl = { 4096 * 1024, RLIM_INFINITY }, old_rl;
    syscall(SYS_prlimit64, 0, RLIMIT_CORE, NULL, &old_rl);
    syscall(SYS_prlimit64, 0, RLIMIT_CORE, &rl, &old_rl);
    syscall(SYS_prlimit64, 0, RLIMIT_CORE, &old_rl, NULL);
    syscall(SYS_getrlimit, RLIMIT_STACK, &old_rl);
    struct utsname u;
    syscall(SYS_uname, &u);
    char *args[] = { "/bin/true", "two words", NULL };
    execve("/nonexistent", args, NULL);
    syscall(SYS_exit_group, 3);
    return 0;
}
