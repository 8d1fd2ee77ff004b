/*
 * System calls whose -strace lines are compared with strace(1)'s for the
 * same program run natively (strace-compare.sh): each argument kind
 * decoded (strings, data, flags, modes, constants, sigsets, timespecs,
 * descriptor pairs, stat summaries, sigactions, string arrays, rlimits,
 * utsname, socket addresses, ioctl arguments, pollfds with their revents,
 * epoll events, msghdrs and iovecs, statx, itimervals, wait statuses) and errors by
 * name.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
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
    struct iovec wv[2] = { { "vec", 3 }, { "tor\n", 4 } };
    syscall(SYS_writev, fd, wv, 2);
    syscall(SYS_lseek, fd, 0, SEEK_SET);
    char part1[4], part2[8];
    struct iovec rv[2] = { { part1, 4 }, { part2, 8 } };
    syscall(SYS_readv, fd, rv, 2);
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
    syscall(SYS_ioctl, fds[0], FIOCLEX);
    struct pollfd pfd[2] = { { fds[0], POLLIN | POLLPRI, 0 },
                             { fds[1], POLLOUT, 0 } };
    syscall(SYS_poll, pfd, 1, 0);
    int epfd = (int)syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
    struct epoll_event ev = { EPOLLIN | EPOLLET, { .u64 = 0x100000007ull } };
    syscall(SYS_epoll_ctl, epfd, EPOLL_CTL_ADD, fds[0], &ev);
    struct epoll_event events[4];
    syscall(SYS_epoll_wait, epfd, events, 4, 0);
    syscall(SYS_write, fds[1], "abc", 3);
    int avail;
    syscall(SYS_ioctl, fds[0], FIONREAD, &avail);
    syscall(SYS_poll, pfd, 2, 0);
    struct timespec zero = { 0, 0 };
    syscall(SYS_ppoll, pfd, 2, &zero, NULL, 8);
    syscall(SYS_epoll_wait, epfd, events, 4, 0);
    syscall(SYS_close, epfd);
    syscall(SYS_close, fds[0]);
    syscall(SYS_close, fds[1]);
    /* A terminal, where the system has one to give. */
    int tty = (int)syscall(SYS_openat, AT_FDCWD, "/dev/ptmx",
                           O_RDWR | O_NOCTTY);
    struct winsize ws = { 24, 80, 0, 0 };
    syscall(SYS_ioctl, tty, TIOCSWINSZ, &ws);
    syscall(SYS_ioctl, tty, TIOCGWINSZ, &ws);
    struct termios tio;
    syscall(SYS_ioctl, tty, TCGETS, &tio);
    memset(&tio, 0, sizeof(tio));
    tio.c_iflag = IGNBRK | ICRNL | IUTF8;
    tio.c_oflag = NL1 | CR2 | TAB1 | BS1 | FF1 | OPOST;
    tio.c_cflag = B9600 | CS6 | CREAD | CRTSCTS;
    tio.c_lflag = ISIG | IEXTEN | TOSTOP;
    syscall(SYS_ioctl, -1, TCSETSF, &tio);
    tio.c_lflag = 0;
    syscall(SYS_ioctl, -1, TCSETS, &tio);
    syscall(SYS_close, tty);
    int pair[2];
    syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, pair);
    char data[] = "hello", got[16];
    struct iovec out_iov[2] = { { data, 3 }, { data + 3, 2 } };
    struct msghdr out_msg = { .msg_iov = out_iov, .msg_iovlen = 2 };
    syscall(SYS_sendmsg, pair[0], &out_msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    struct iovec in_iov = { got, sizeof(got) };
    struct msghdr in_msg = { .msg_iov = &in_iov, .msg_iovlen = 1 };
    syscall(SYS_recvmsg, pair[1], &in_msg, 0);
    syscall(SYS_close, pair[0]);
    syscall(SYS_close, pair[1]);
    syscall(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    strcpy(un.sun_path, "/nonexistent/socket");
    syscall(SYS_connect, 4, &un, sizeof(un));
    int udp = (int)syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(9),
                              .sin_addr.s_addr = htonl(0x7f000001) };
    syscall(SYS_sendto, udp, "ping", 4, 0, &in, sizeof(in));
    syscall(SYS_close, udp);
    struct statx sx;
    syscall(SYS_statx, AT_FDCWD, "strace-tmp", AT_SYMLINK_NOFOLLOW,
            STATX_TYPE | STATX_SIZE, &sx);
    syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx);
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
    struct itimerval it = { { 0, 0 }, { 10, 500 } }, old_it;
    syscall(SYS_setitimer, ITIMER_REAL, &it, &old_it);
    it.it_value.tv_sec = 0;
    it.it_value.tv_usec = 0;
    syscall(SYS_setitimer, ITIMER_REAL, &it, NULL);
    syscall(SYS_getitimer, ITIMER_PROF, &old_it);
    /* Children: an exit status and a death by signal. */
    int status;
    if (fork() == 0) {
        syscall(SYS_exit_group, 3);
    }
    syscall(SYS_wait4, -1, &status, 0, NULL);
    if (fork() == 0) {
        syscall(SYS_kill, syscall(SYS_getpid), SIGKILL);
    }
    syscall(SYS_wait4, -1, &status, 0, NULL);
    syscall(SYS_wait4, -1, &status, WNOHANG, NULL);
    struct utsname u;
    syscall(SYS_uname, &u);
    char *args[] = { "/bin/true", "two words", NULL };
    execve("/nonexistent", args, NULL);
    syscall(SYS_exit_group, 3);
    return 0;
}
