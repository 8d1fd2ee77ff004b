/*
 * strace.c: -strace output in the style of qemu-user:
 *   PID name(arg, arg, ...) = result
 * with the arguments decoded as strace(1) shows them: flags and
 * constants by name, strings and data, small structures, errors by name.
 * The line is assembled while the call runs and printed when it returns,
 * so output of the call itself (write to stderr) does not split it.  As
 * strace does, arguments the call fills in (read's buffer, pipe's
 * descriptors, fstat's struct) are decoded when it returns, the others
 * before it runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "util/log.h"

/* Per thread: each guest thread builds its own line. */
static __thread char line[1024];
static __thread size_t line_len;
static __thread bool pending;
/* The call being traced: arguments from next_arg on are decoded when it
 * returns. */
static __thread const char *cur_fmt;
static __thread uint64_t cur_args[SYSCALL_ARGS];
static __thread int next_arg;
/* The last open flags decoded: the mode follows only with O_CREAT. */
static __thread bool open_creates;

/* Kinds of argument the call writes: decoded after it returns.  The
 * ioctl argument (Q) is among them: the request says whether it is read or
 * written, and a struct read is unchanged after the call. */
#define OUTPUT_KINDS "BGIkKNURJHVQ2578]"

__attribute__((format(printf, 1, 2)))
static void add(const char *fmt, ...)
{
    if (line_len >= sizeof(line) - 1) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line + line_len, sizeof(line) - line_len, fmt, ap);
    va_end(ap);
    if (n > 0) {
        line_len += (size_t)n;
        if (line_len > sizeof(line) - 1) {
            line_len = sizeof(line) - 1;
        }
    }
}

typedef struct FlagName {
    uint32_t bit;
    const char *name;
} FlagName;

/* Print the named bits of v joined by '|', then any remainder in hex. */
static void add_flags(uint32_t v, const FlagName *names, const char *zero)
{
    bool first = true;
    for (const FlagName *f = names; f->name; f++) {
        if (f->bit && (v & f->bit) == f->bit) {
            add("%s%s", first ? "" : "|", f->name);
            v &= ~f->bit;
            first = false;
        }
    }
    if (v || first) {
        if (first && zero && !v) {
            add("%s", zero);
        } else {
            add("%s%#x", first ? "" : "|", v);
        }
    }
}

static const FlagName open_flags[] = {
    { O_CREAT, "O_CREAT" },          { O_EXCL, "O_EXCL" },
    { O_NOCTTY, "O_NOCTTY" },        { O_TRUNC, "O_TRUNC" },
    { O_APPEND, "O_APPEND" },        { O_NONBLOCK, "O_NONBLOCK" },
    { O_SYNC, "O_SYNC" },            { O_DSYNC, "O_DSYNC" },
    { O_ASYNC, "O_ASYNC" },          { O_CLOEXEC, "O_CLOEXEC" },
    { O_PATH, "O_PATH" },            { O_NOATIME, "O_NOATIME" },
    { TARGET_O_DIRECTORY, "O_DIRECTORY" },
    { TARGET_O_NOFOLLOW, "O_NOFOLLOW" },
    { TARGET_O_LARGEFILE, "O_LARGEFILE" },
    { TARGET_O_DIRECT, "O_DIRECT" }, { 0, NULL },
};

static const FlagName prot_flags[] = {
    { PROT_READ, "PROT_READ" }, { PROT_WRITE, "PROT_WRITE" },
    { PROT_EXEC, "PROT_EXEC" }, { 0, NULL },
};

static const FlagName mmap_flags[] = {
    { MAP_SHARED, "MAP_SHARED" },      { MAP_PRIVATE, "MAP_PRIVATE" },
    { MAP_FIXED, "MAP_FIXED" },        { MAP_ANONYMOUS, "MAP_ANONYMOUS" },
    { TARGET_MAP_NORESERVE, "MAP_NORESERVE" },
    { MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE" },
    { MAP_STACK, "MAP_STACK" },        { 0, NULL },
};

/* The clone flags are the same on every Linux architecture. */
static const FlagName clone_flags[] = {
    { CLONE_VM, "CLONE_VM" },              { CLONE_FS, "CLONE_FS" },
    { CLONE_FILES, "CLONE_FILES" },        { CLONE_SIGHAND, "CLONE_SIGHAND" },
    { CLONE_PIDFD, "CLONE_PIDFD" },        { CLONE_PTRACE, "CLONE_PTRACE" },
    { CLONE_VFORK, "CLONE_VFORK" },        { CLONE_PARENT, "CLONE_PARENT" },
    { CLONE_THREAD, "CLONE_THREAD" },      { CLONE_NEWNS, "CLONE_NEWNS" },
    { CLONE_SYSVSEM, "CLONE_SYSVSEM" },    { CLONE_SETTLS, "CLONE_SETTLS" },
    { CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID" },
    { CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID" },
    { CLONE_DETACHED, "CLONE_DETACHED" },  { CLONE_UNTRACED, "CLONE_UNTRACED" },
    { CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID" },
    { CLONE_NEWCGROUP, "CLONE_NEWCGROUP" }, { CLONE_NEWUTS, "CLONE_NEWUTS" },
    { CLONE_NEWIPC, "CLONE_NEWIPC" },      { CLONE_NEWUSER, "CLONE_NEWUSER" },
    { CLONE_NEWPID, "CLONE_NEWPID" },      { CLONE_NEWNET, "CLONE_NEWNET" },
    { CLONE_IO, "CLONE_IO" },              { 0, NULL },
};

static const FlagName access_modes[] = {
    { R_OK, "R_OK" }, { W_OK, "W_OK" }, { X_OK, "X_OK" }, { 0, NULL },
};

static const FlagName at_flags[] = {
    { AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW" },
    { AT_REMOVEDIR, "AT_REMOVEDIR" },
    { AT_SYMLINK_FOLLOW, "AT_SYMLINK_FOLLOW" },
    { AT_NO_AUTOMOUNT, "AT_NO_AUTOMOUNT" },
    { AT_EMPTY_PATH, "AT_EMPTY_PATH" },
    { 0, NULL },
};

/* In strace's order; the values are the generic ones of every guest. */
static const FlagName sigaction_flags[] = {
    { 0x04000000, "SA_RESTORER" }, { SA_ONSTACK, "SA_ONSTACK" },
    { SA_RESTART, "SA_RESTART" },  { SA_NODEFER, "SA_NODEFER" },
    { SA_RESETHAND, "SA_RESETHAND" }, { SA_SIGINFO, "SA_SIGINFO" },
    { SA_NOCLDSTOP, "SA_NOCLDSTOP" }, { SA_NOCLDWAIT, "SA_NOCLDWAIT" },
    { 0, NULL },
};

static const FlagName msg_flags[] = {
    { MSG_OOB, "MSG_OOB" }, { MSG_PEEK, "MSG_PEEK" },
    { MSG_DONTROUTE, "MSG_DONTROUTE" }, { MSG_TRUNC, "MSG_TRUNC" },
    { MSG_DONTWAIT, "MSG_DONTWAIT" }, { MSG_EOR, "MSG_EOR" },
    { MSG_WAITALL, "MSG_WAITALL" }, { MSG_NOSIGNAL, "MSG_NOSIGNAL" },
    { MSG_MORE, "MSG_MORE" }, { MSG_CMSG_CLOEXEC, "MSG_CMSG_CLOEXEC" },
    { 0, NULL },
};

static const FlagName wait_options[] = {
    { WNOHANG, "WNOHANG" }, { WUNTRACED, "WUNTRACED" },
    { WCONTINUED, "WCONTINUED" }, { __WALL, "__WALL" },
    { __WCLONE, "__WCLONE" }, { 0, NULL },
};

static const FlagName socket_type_flags[] = {
    { SOCK_NONBLOCK, "SOCK_NONBLOCK" }, { SOCK_CLOEXEC, "SOCK_CLOEXEC" },
    { 0, NULL },
};

/* A value that is one of a list of named constants. */
typedef struct ConstName {
    int64_t value;
    const char *name;
} ConstName;

static void add_const(int64_t v, const ConstName *names)
{
    for (const ConstName *c = names; c->name; c++) {
        if (c->value == v) {
            add("%s", c->name);
            return;
        }
    }
    add("%lld", (long long)v);
}

static const ConstName fcntl_cmds[] = {
    { F_DUPFD, "F_DUPFD" }, { F_GETFD, "F_GETFD" }, { F_SETFD, "F_SETFD" },
    { F_GETFL, "F_GETFL" }, { F_SETFL, "F_SETFL" },
    { F_GETLK, "F_GETLK" }, { F_SETLK, "F_SETLK" },
    { F_SETLKW, "F_SETLKW" }, { F_SETOWN, "F_SETOWN" },
    { TARGET_F_GETLK64, "F_GETLK64" }, { TARGET_F_GETLK64 + 1, "F_SETLK64" },
    { TARGET_F_GETLK64 + 2, "F_SETLKW64" },
    { F_GETOWN, "F_GETOWN" }, { F_DUPFD_CLOEXEC, "F_DUPFD_CLOEXEC" },
    { F_SETPIPE_SZ, "F_SETPIPE_SZ" }, { F_GETPIPE_SZ, "F_GETPIPE_SZ" },
    { F_ADD_SEALS, "F_ADD_SEALS" }, { F_GET_SEALS, "F_GET_SEALS" },
    { F_OFD_GETLK, "F_OFD_GETLK" }, { F_OFD_SETLK, "F_OFD_SETLK" },
    { F_OFD_SETLKW, "F_OFD_SETLKW" }, { 0, NULL },
};

static const ConstName clock_ids[] = {
    { CLOCK_REALTIME, "CLOCK_REALTIME" },
    { CLOCK_MONOTONIC, "CLOCK_MONOTONIC" },
    { CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID" },
    { CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID" },
    { CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW" },
    { CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE" },
    { CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE" },
    { CLOCK_BOOTTIME, "CLOCK_BOOTTIME" }, { 0, NULL },
};

static const ConstName sigmask_hows[] = {
    { SIG_BLOCK, "SIG_BLOCK" }, { SIG_UNBLOCK, "SIG_UNBLOCK" },
    { SIG_SETMASK, "SIG_SETMASK" }, { 0, NULL },
};

static const ConstName futex_cmds[] = {
    { FUTEX_WAIT, "FUTEX_WAIT" }, { FUTEX_WAKE, "FUTEX_WAKE" },
    { FUTEX_FD, "FUTEX_FD" }, { FUTEX_REQUEUE, "FUTEX_REQUEUE" },
    { FUTEX_CMP_REQUEUE, "FUTEX_CMP_REQUEUE" },
    { FUTEX_WAKE_OP, "FUTEX_WAKE_OP" }, { FUTEX_LOCK_PI, "FUTEX_LOCK_PI" },
    { FUTEX_UNLOCK_PI, "FUTEX_UNLOCK_PI" },
    { FUTEX_TRYLOCK_PI, "FUTEX_TRYLOCK_PI" },
    { FUTEX_WAIT_BITSET, "FUTEX_WAIT_BITSET" },
    { FUTEX_WAKE_BITSET, "FUTEX_WAKE_BITSET" },
    { FUTEX_WAIT_REQUEUE_PI, "FUTEX_WAIT_REQUEUE_PI" },
    { FUTEX_CMP_REQUEUE_PI, "FUTEX_CMP_REQUEUE_PI" },
    { FUTEX_LOCK_PI2, "FUTEX_LOCK_PI2" }, { 0, NULL },
};

static const ConstName socket_domains[] = {
    { AF_UNIX, "AF_UNIX" }, { AF_INET, "AF_INET" }, { AF_INET6, "AF_INET6" },
    { AF_NETLINK, "AF_NETLINK" }, { AF_PACKET, "AF_PACKET" }, { 0, NULL },
};

static const ConstName socket_types[] = {
    { SOCK_STREAM, "SOCK_STREAM" }, { SOCK_DGRAM, "SOCK_DGRAM" },
    { SOCK_RAW, "SOCK_RAW" }, { SOCK_SEQPACKET, "SOCK_SEQPACKET" },
    { 0, NULL },
};

static const ConstName rlimit_resources[] = {
    { RLIMIT_CPU, "RLIMIT_CPU" }, { RLIMIT_FSIZE, "RLIMIT_FSIZE" },
    { RLIMIT_DATA, "RLIMIT_DATA" }, { RLIMIT_STACK, "RLIMIT_STACK" },
    { RLIMIT_CORE, "RLIMIT_CORE" }, { RLIMIT_RSS, "RLIMIT_RSS" },
    { RLIMIT_NPROC, "RLIMIT_NPROC" }, { RLIMIT_NOFILE, "RLIMIT_NOFILE" },
    { RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK" }, { RLIMIT_AS, "RLIMIT_AS" },
    { RLIMIT_LOCKS, "RLIMIT_LOCKS" }, { RLIMIT_SIGPENDING, "RLIMIT_SIGPENDING" },
    { RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE" }, { RLIMIT_NICE, "RLIMIT_NICE" },
    { RLIMIT_RTPRIO, "RLIMIT_RTPRIO" }, { RLIMIT_RTTIME, "RLIMIT_RTTIME" },
    { 0, NULL },
};

static const ConstName ip_protocols[] = {
    { IPPROTO_IP, "IPPROTO_IP" }, { IPPROTO_ICMP, "IPPROTO_ICMP" },
    { IPPROTO_TCP, "IPPROTO_TCP" }, { IPPROTO_UDP, "IPPROTO_UDP" },
    { IPPROTO_IPV6, "IPPROTO_IPV6" }, { IPPROTO_ICMPV6, "IPPROTO_ICMPV6" },
    { 0, NULL },
};

static const ConstName epoll_ops[] = {
    { EPOLL_CTL_ADD, "EPOLL_CTL_ADD" }, { EPOLL_CTL_DEL, "EPOLL_CTL_DEL" },
    { EPOLL_CTL_MOD, "EPOLL_CTL_MOD" }, { 0, NULL },
};

static const ConstName itimer_whiches[] = {
    { ITIMER_REAL, "ITIMER_REAL" }, { ITIMER_VIRTUAL, "ITIMER_VIRTUAL" },
    { ITIMER_PROF, "ITIMER_PROF" }, { 0, NULL },
};

/* EPOLL_CLOEXEC is the guest's O_CLOEXEC. */
static const FlagName epoll_create_flags[] = {
    { O_CLOEXEC, "EPOLL_CLOEXEC" }, { 0, NULL },
};

static const ConstName ioctl_requests[] = {
    { TARGET_TCGETS, "TCGETS" }, { TARGET_TCSETS, "TCSETS" },
    { TARGET_TCSETSW, "TCSETSW" }, { TARGET_TCSETSF, "TCSETSF" },
    { TARGET_TIOCGWINSZ, "TIOCGWINSZ" }, { TARGET_TIOCSWINSZ, "TIOCSWINSZ" },
    { TARGET_TIOCGPGRP, "TIOCGPGRP" }, { TARGET_TIOCSPGRP, "TIOCSPGRP" },
    { TARGET_FIONREAD, "FIONREAD" }, { TARGET_FIONBIO, "FIONBIO" },
    { TARGET_FIOCLEX, "FIOCLEX" }, { TARGET_FIONCLEX, "FIONCLEX" },
    { 0, NULL },
};

static void add_string(abi_ulong addr)
{
    const char *s = addr ? guest_string(addr) : NULL;
    if (!s) {
        add(addr ? "0x%llx" : "NULL", (unsigned long long)addr);
        return;
    }
    add("\"");
    for (int i = 0; s[i] && i < 64; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            add("\\%c", c);
        } else if (c == '\n') {
            add("\\n");
        } else if (c < 32 || c >= 127) {
            add("\\%03o", c);
        } else {
            add("%c", c);
        }
        if (i == 63 && s[64]) {
            add("\"...");
            return;
        }
    }
    add("\"");
}

/* A NULL-terminated guest array of strings: ["a", "b"]. */
static void add_string_array(abi_ulong addr)
{
    if (!addr) {
        add("NULL");
        return;
    }
    add("[");
    for (abi_ulong i = 0;; i++) {
        abi_ulong s;
        if (get_guest_val(abi_ulong, addr + i * sizeof(abi_ulong), &s) < 0) {
            add("%s...", i ? ", " : "");
            break;
        }
        if (!s) {
            break;
        }
        if (i == 32) {
            add(", ...");
            break;
        }
        add("%s", i ? ", " : "");
        add_string(s);
    }
    add("]");
}

/* len bytes of data at addr, as strace shows them: the first 32 as a
 * C string, then "..." if there is more. */
static void add_data(abi_ulong addr, uint64_t len)
{
    uint64_t shown = len < 32 ? len : 32;
    const uint8_t *d = guest_ptr(addr, shown, PAGE_READ);
    if (!d) {
        add(addr ? "0x%llx" : "NULL", (unsigned long long)addr);
        return;
    }
    /* Pairs: the letter, then the character it stands for. */
    static const char escapes[] = "t\tn\nv\vf\fr\r";
    add("\"");
    for (uint64_t i = 0; i < shown; i++) {
        const char *e = d[i] ? strchr(escapes, d[i]) : NULL;
        if (e && (e - escapes) % 2 == 1) {
            add("\\%c", e[-1]);
        } else if (d[i] == '"' || d[i] == '\\') {
            add("\\%c", d[i]);
        } else if (d[i] >= 32 && d[i] < 127) {
            add("%c", d[i]);
        } else {
            /* Octal, shortest unless a digit follows. */
            bool digit_next = i + 1 < shown && d[i + 1] >= '0' &&
                              d[i + 1] <= '7';
            add(digit_next ? "\\%03o" : "\\%o", d[i]);
        }
    }
    add(len > shown ? "\"..." : "\"");
}

/* A guest sigset as strace shows it: [USR1 TERM], ~[...] when most are
 * set. */
static void add_sigset(abi_ulong addr)
{
    uint64_t set;
    if (!addr || get_guest_sigset(addr, &set) < 0) {
        add(addr ? "0x%llx" : "NULL", (unsigned long long)addr);
        return;
    }
    bool inverted = __builtin_popcountll(set) > 32;
    if (inverted) {
        set = ~set;
        add("~");
    }
    add("[");
    const char *sep = "";
    for (int sig = 1; sig <= TARGET_NSIG; sig++) {
        if (!(set & (1ull << (sig - 1)))) {
            continue;
        }
        /* The guest's real-time signals are numbered from 32. */
        const char *n = sig < 32 ? sigabbrev_np(sig) : NULL;
        if (n) {
            add("%s%s", sep, n);
        } else if (sig >= 32) {
            add("%sRT_%d", sep, sig - 32);
        } else {
            add("%s%d", sep, sig);
        }
        sep = " ";
    }
    add("]");
}

static void add_timespec(abi_ulong addr, bool time64)
{
    struct timespec ts;
    if (!addr || get_timespec(addr, &ts, time64) < 0) {
        add(addr ? "0x%llx" : "NULL", (unsigned long long)addr);
        return;
    }
    add("{tv_sec=%lld, tv_nsec=%ld}", (long long)ts.tv_sec, ts.tv_nsec);
}

/* A guest struct sigaction: {sa_handler=..., sa_mask=[...], sa_flags=...,
 * sa_restorer=...}. */
static void add_sigaction(abi_ulong addr)
{
    struct target_sigaction ka;
    if (copy_from_guest(&ka, addr, sizeof(ka)) < 0) {
        add("0x%llx", (unsigned long long)addr);
        return;
    }
    abi_ulong handler = tget(ka.handler), flags = tget(ka.flags);
    if (handler == TARGET_SIG_DFL || handler == TARGET_SIG_IGN) {
        add("{sa_handler=%s", handler == TARGET_SIG_DFL ? "SIG_DFL"
                                                        : "SIG_IGN");
    } else {
        add("{sa_handler=%#llx", (unsigned long long)handler);
    }
    add(", sa_mask=");
    add_sigset(addr + offsetof(struct target_sigaction, mask));
    add(", sa_flags=");
    add_flags((uint32_t)flags, sigaction_flags, "0");
    if (flags & 0x04000000) {
        add(", sa_restorer=%#llx", (unsigned long long)tget(ka.restorer));
    }
    add("}");
}

/* One limit of a struct rlimit whose fields are size bytes: infinity by
 * name, multiples of 1024 as N*1024 (as strace prints them). */
static void add_rlim(uint64_t v, size_t size)
{
    if (v == (size == 8 ? UINT64_MAX : UINT32_MAX)) {
        add("%s", size == 8 ? "RLIM64_INFINITY" : "RLIM_INFINITY");
    } else if (v && v % 1024 == 0) {
        add("%llu*1024", (unsigned long long)(v / 1024));
    } else {
        add("%llu", (unsigned long long)v);
    }
}

#define ADD_RLIMIT(addr, type)                                                 \
    do {                                                                       \
        type rl_;                                                              \
        if (copy_from_guest(&rl_, (addr), sizeof(rl_)) < 0) {                  \
            add("0x%llx", (unsigned long long)(addr));                         \
            break;                                                             \
        }                                                                      \
        add("{rlim_cur=");                                                     \
        add_rlim(tget(rl_.rlim_cur), sizeof(rl_.rlim_cur));                    \
        add(", rlim_max=");                                                    \
        add_rlim(tget(rl_.rlim_max), sizeof(rl_.rlim_max));                    \
        add("}");                                                              \
    } while (0)

/* A guest socket address of len bytes (the family in guest order, the
 * rest in network order or bytes): AF_UNIX and AF_INET in full. */
static void add_sockaddr(abi_ulong addr, uint64_t len)
{
    uint8_t b[sizeof(struct sockaddr_un)] = { 0 };
    if (len < 2 || len > sizeof(b) || copy_from_guest(b, addr, len) < 0) {
        add(addr ? "0x%llx" : "NULL", (unsigned long long)addr);
        return;
    }
    uint16_t family;
    memcpy(&family, b, 2);
    family = tget(family);
    add("{sa_family=");
    add_const(family, socket_domains);
    if (family == AF_UNIX) {
        add(", sun_path=");
        add_data(addr + 2, strnlen((const char *)b + 2, len - 2));
    } else if (family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        add(", sin_port=htons(%u), sin_addr=inet_addr(\"%u.%u.%u.%u\")",
            b[2] << 8 | b[3], b[4], b[5], b[6], b[7]);
    }
    add("}");
}

/* The file type and permission bits of a mode. */
static void add_mode(uint32_t mode)
{
    static const ConstName types[] = {
        { S_IFREG, "S_IFREG" }, { S_IFDIR, "S_IFDIR" }, { S_IFLNK, "S_IFLNK" },
        { S_IFCHR, "S_IFCHR" }, { S_IFBLK, "S_IFBLK" }, { S_IFIFO, "S_IFIFO" },
        { S_IFSOCK, "S_IFSOCK" }, { 0, NULL },
    };
    add_const(mode & S_IFMT, types);
    add("|%#o", mode & 07777);
}

/* The start of a stat result: {st_mode=S_IFREG|0644, st_size=6, ...}. */
#define ADD_STAT(addr, type)                                                   \
    do {                                                                       \
        type st_;                                                              \
        if (copy_from_guest(&st_, (addr), sizeof(st_)) < 0) {                  \
            add("0x%llx", (unsigned long long)(addr));                         \
            break;                                                             \
        }                                                                      \
        add("{st_mode=");                                                      \
        add_mode((uint32_t)tget(st_.st_mode));                                 \
        add(", st_size=%lld, ...}", (long long)tget(st_.st_size));             \
    } while (0)

/* A guest signal number: real-time signals count from 32. */
static void add_signal_name(int sig)
{
    const char *n = sig > 0 && sig < 32 ? sigabbrev_np(sig) : NULL;
    if (n) {
        add("SIG%s", n);
    } else if (sig >= 32 && sig <= TARGET_NSIG) {
        add("SIGRT_%d", sig - 32);
    } else {
        add("%d", sig);
    }
}

static const FlagName poll_events[] = {
    { POLLIN, "POLLIN" }, { POLLPRI, "POLLPRI" }, { POLLOUT, "POLLOUT" },
    { POLLERR, "POLLERR" }, { POLLHUP, "POLLHUP" }, { POLLNVAL, "POLLNVAL" },
    { POLLRDNORM, "POLLRDNORM" }, { POLLRDBAND, "POLLRDBAND" },
    { POLLWRNORM, "POLLWRNORM" }, { POLLWRBAND, "POLLWRBAND" },
    { POLLMSG, "POLLMSG" }, { POLLRDHUP, "POLLRDHUP" }, { 0, NULL },
};

/* The guest's struct pollfd array: [{fd=3, events=POLLIN}, ...], or after
 * the call the entries with revents set: [{fd=3, revents=POLLIN}]. */
static void add_pollfds(abi_ulong addr, uint64_t nfds, bool revents)
{
    struct { int32_t fd; int16_t events, revents; } p;
    add("[");
    const char *sep = "";
    for (uint64_t i = 0; i < nfds; i++) {
        if (i == 32) {
            add("%s...", sep);
            break;
        }
        if (copy_from_guest(&p, addr + i * sizeof(p), sizeof(p)) < 0) {
            add("%s0x%llx", sep, (unsigned long long)(addr + i * sizeof(p)));
            break;
        }
        uint16_t ev = (uint16_t)tget(revents ? p.revents : p.events);
        if (revents && !ev) {
            continue;
        }
        add("%s{fd=%d, %s=", sep, (int)tget(p.fd),
            revents ? "revents" : "events");
        add_flags(ev, poll_events, "0");
        add("}");
        sep = ", ";
    }
    add("]");
}

static const FlagName epoll_events[] = {
    { EPOLLIN, "EPOLLIN" }, { EPOLLPRI, "EPOLLPRI" }, { EPOLLOUT, "EPOLLOUT" },
    { EPOLLERR, "EPOLLERR" }, { EPOLLHUP, "EPOLLHUP" },
    { EPOLLRDNORM, "EPOLLRDNORM" }, { EPOLLRDBAND, "EPOLLRDBAND" },
    { EPOLLWRNORM, "EPOLLWRNORM" }, { EPOLLWRBAND, "EPOLLWRBAND" },
    { EPOLLMSG, "EPOLLMSG" }, { EPOLLRDHUP, "EPOLLRDHUP" },
    { EPOLLEXCLUSIVE, "EPOLLEXCLUSIVE" }, { EPOLLWAKEUP, "EPOLLWAKEUP" },
    { EPOLLONESHOT, "EPOLLONESHOT" }, { EPOLLET, "EPOLLET" }, { 0, NULL },
};

/* count guest epoll_events: {events=EPOLLIN, data={u32=7, u64=7}}, in
 * brackets when it is an array. */
static void add_epoll_events(abi_ulong addr, uint64_t count, bool array)
{
    struct target_epoll_event e;
    add(array ? "[" : "");
    for (uint64_t i = 0; i < count; i++) {
        abi_ulong a = addr + i * sizeof(e);
        if (i == 32) {
            add(", ...");
            break;
        }
        if (copy_from_guest(&e, a, sizeof(e)) < 0) {
            add("%s0x%llx", i ? ", " : "", (unsigned long long)a);
            break;
        }
        uint64_t data = tget(e.data);
        add("%s{events=", i ? ", " : "");
        add_flags(tget(e.events), epoll_events, "0");
        add(", data={u32=%u, u64=%llu}}", (uint32_t)data,
            (unsigned long long)data);
    }
    add(array ? "]" : "");
}

/* A wait status as strace prints it: [{WIFEXITED(s) && WEXITSTATUS(s) ==
 * 0}].  The layout is the same for every guest; the signals are the
 * guest's. */
static void add_wait_status(abi_ulong addr)
{
    int32_t s;
    if (get_guest_val(int32_t, addr, &s) < 0) {
        add("0x%llx", (unsigned long long)addr);
        return;
    }
    add("[{");
    if (WIFEXITED(s)) {
        add("WIFEXITED(s) && WEXITSTATUS(s) == %d", WEXITSTATUS(s));
    } else if (WIFSIGNALED(s)) {
        add("WIFSIGNALED(s) && WTERMSIG(s) == ");
        add_signal_name(WTERMSIG(s));
        add(WCOREDUMP(s) ? " && WCOREDUMP(s)" : "");
    } else if (WIFSTOPPED(s)) {
        add("WIFSTOPPED(s) && WSTOPSIG(s) == ");
        add_signal_name(WSTOPSIG(s));
    } else if (WIFCONTINUED(s)) {
        add("WIFCONTINUED(s)");
    } else {
        add("%#x", (unsigned)s);
    }
    add("}]");
}

/* A guest struct timeval or timespec of two longs: {tv_sec=1, tv_usec=2}. */
static void add_time_pair(abi_ulong addr, const char *sub_name)
{
    abi_long sec, sub;
    if (get_guest_val(abi_long, addr, &sec) < 0 ||
        get_guest_val(abi_long, addr + sizeof(abi_long), &sub) < 0) {
        add("0x%llx", (unsigned long long)addr);
        return;
    }
    add("{tv_sec=%lld, %s=%lld}", (long long)sec, sub_name, (long long)sub);
}

/* A guest struct itimerval: {it_interval={...}, it_value={...}}. */
static void add_itimerval(abi_ulong addr)
{
    add("{it_interval=");
    add_time_pair(addr, "tv_usec");
    add(", it_value=");
    add_time_pair(addr + 2 * sizeof(abi_long), "tv_usec");
    add("}");
}

/* A guest struct iovec array, its data shown up to limit bytes in all
 * (strace shows what was written, or what a read returned). */
static void add_iovecs(abi_ulong addr, uint64_t count, uint64_t limit)
{
    add("[");
    for (uint64_t i = 0; i < count; i++) {
        abi_ulong a = addr + i * 2 * sizeof(abi_ulong), base, len;
        if (i == 32) {
            add(", ...");
            break;
        }
        if (get_guest_val(abi_ulong, a, &base) < 0 ||
            get_guest_val(abi_ulong, a + sizeof(abi_ulong), &len) < 0) {
            add("%s0x%llx", i ? ", " : "", (unsigned long long)a);
            break;
        }
        add("%s{iov_base=", i ? ", " : "");
        add_data(base, len < limit ? len : limit);
        limit -= len < limit ? len : limit;
        add(", iov_len=%llu}", (unsigned long long)len);
    }
    add("]");
}

/* A guest struct msghdr (every field a long or a pointer wide, msg_namelen
 * and msg_flags in its low part):
 * {msg_name=NULL, msg_namelen=0, msg_iov=[...], msg_iovlen=1,
 *  msg_controllen=0, msg_flags=0}. */
static void add_msghdr(abi_ulong addr, uint64_t data_len)
{
    abi_ulong f[7];
    for (int i = 0; i < 7; i++) {
        if (get_guest_val(abi_ulong, addr + i * sizeof(abi_ulong), &f[i]) < 0) {
            add("0x%llx", (unsigned long long)addr);
            return;
        }
    }
    /* The int fields: the whole slot on 32-bit guests, its low half on
     * little-endian 64-bit ones (every 64-bit guest we have). */
    uint32_t namelen = (uint32_t)f[1], flags = (uint32_t)f[6];
    add("{msg_name=");
    if (f[0]) {
        add_sockaddr(f[0], namelen);
    } else {
        add("NULL");
    }
    add(", msg_namelen=%u, msg_iov=", namelen);
    add_iovecs(f[2], f[3], data_len);
    add(", msg_iovlen=%llu, ", (unsigned long long)f[3]);
    if (f[5]) {
        add("msg_control=0x%llx, ", (unsigned long long)f[4]);
    }
    add("msg_controllen=%llu, msg_flags=", (unsigned long long)f[5]);
    add_flags(flags, msg_flags, "0");
    add("}");
}

static const FlagName statx_masks[] = {
    { STATX_BASIC_STATS, "STATX_BASIC_STATS" },
    { STATX_TYPE, "STATX_TYPE" }, { STATX_MODE, "STATX_MODE" },
    { STATX_NLINK, "STATX_NLINK" }, { STATX_UID, "STATX_UID" },
    { STATX_GID, "STATX_GID" }, { STATX_ATIME, "STATX_ATIME" },
    { STATX_MTIME, "STATX_MTIME" }, { STATX_CTIME, "STATX_CTIME" },
    { STATX_INO, "STATX_INO" }, { STATX_SIZE, "STATX_SIZE" },
    { STATX_BLOCKS, "STATX_BLOCKS" }, { STATX_BTIME, "STATX_BTIME" },
    { 0x1000, "STATX_MNT_ID" }, { 0x2000, "STATX_DIOALIGN" }, { 0, NULL },
};

static const FlagName statx_attributes[] = {
    { 0x4, "STATX_ATTR_COMPRESSED" }, { 0x10, "STATX_ATTR_IMMUTABLE" },
    { 0x20, "STATX_ATTR_APPEND" }, { 0x40, "STATX_ATTR_NODUMP" },
    { 0x800, "STATX_ATTR_ENCRYPTED" }, { 0x1000, "STATX_ATTR_AUTOMOUNT" },
    { 0x2000, "STATX_ATTR_MOUNT_ROOT" }, { 0x100000, "STATX_ATTR_VERITY" },
    { 0x200000, "STATX_ATTR_DAX" }, { 0, NULL },
};

/* The start of a statx result (one layout on every architecture). */
static void add_statx(abi_ulong addr)
{
    struct statx sx;
    if (copy_from_guest(&sx, addr, sizeof(sx)) < 0) {
        add("0x%llx", (unsigned long long)addr);
        return;
    }
    add("{stx_mask=");
    add_flags(tget(sx.stx_mask), statx_masks, "0");
    add(", stx_attributes=");
    add_flags((uint32_t)tget(sx.stx_attributes), statx_attributes, "0");
    add(", stx_mode=");
    add_mode(tget(sx.stx_mode));
    add(", stx_size=%llu, ...}", (unsigned long long)tget(sx.stx_size));
}

/* statx's flags: the sync type by name, then the AT_ flags. */
static void add_statx_flags(uint32_t v)
{
    static const char *const sync_types[] = {
        "AT_STATX_SYNC_AS_STAT", "AT_STATX_FORCE_SYNC", "AT_STATX_DONT_SYNC",
        "AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC",
    };
    add("%s", sync_types[(v >> 13) & 3]);
    if (v & ~0x6000u) {
        add("|");
        add_flags(v & ~0x6000u, at_flags, NULL);
    }
}

static const FlagName termios_iflags[] = {
    { IGNBRK, "IGNBRK" }, { BRKINT, "BRKINT" }, { IGNPAR, "IGNPAR" },
    { PARMRK, "PARMRK" }, { INPCK, "INPCK" }, { ISTRIP, "ISTRIP" },
    { INLCR, "INLCR" }, { IGNCR, "IGNCR" }, { ICRNL, "ICRNL" },
    { IUCLC, "IUCLC" }, { IXON, "IXON" }, { IXANY, "IXANY" },
    { IXOFF, "IXOFF" }, { IMAXBEL, "IMAXBEL" }, { IUTF8, "IUTF8" },
    { 0, NULL },
};

static const FlagName termios_oflags[] = {
    { OPOST, "OPOST" }, { OLCUC, "OLCUC" }, { ONLCR, "ONLCR" },
    { OCRNL, "OCRNL" }, { ONOCR, "ONOCR" }, { ONLRET, "ONLRET" },
    { OFILL, "OFILL" }, { OFDEL, "OFDEL" }, { 0, NULL },
};

static const FlagName termios_cflags[] = {
    { CSTOPB, "CSTOPB" }, { CREAD, "CREAD" }, { PARENB, "PARENB" },
    { PARODD, "PARODD" }, { HUPCL, "HUPCL" }, { CLOCAL, "CLOCAL" },
    { CMSPAR, "CMSPAR" }, { CRTSCTS, "CRTSCTS" }, { 0, NULL },
};

static const FlagName termios_lflags[] = {
    { ISIG, "ISIG" }, { ICANON, "ICANON" }, { XCASE, "XCASE" },
    { ECHO, "ECHO" }, { ECHOE, "ECHOE" }, { ECHOK, "ECHOK" },
    { ECHONL, "ECHONL" }, { NOFLSH, "NOFLSH" }, { IEXTEN, "IEXTEN" },
    { ECHOCTL, "ECHOCTL" }, { ECHOPRT, "ECHOPRT" }, { ECHOKE, "ECHOKE" },
    { FLUSHO, "FLUSHO" }, { PENDIN, "PENDIN" }, { TOSTOP, "TOSTOP" },
    { EXTPROC, "EXTPROC" }, { 0, NULL },
};

/* The multi-bit fields strace names before the flags: every value of the
 * field, the zero one included (NL0|CR0|...). */
typedef struct TermiosField {
    tcflag_t mask;
    ConstName values[5];
} TermiosField;

static const TermiosField termios_ofields[] = {
    { NLDLY, { { NL0, "NL0" }, { NL1, "NL1" }, { 0, NULL } } },
    { CRDLY, { { CR0, "CR0" }, { CR1, "CR1" }, { CR2, "CR2" },
               { CR3, "CR3" }, { 0, NULL } } },
    { TABDLY, { { TAB0, "TAB0" }, { TAB1, "TAB1" }, { TAB2, "TAB2" },
                { TAB3, "XTABS" }, { 0, NULL } } },
    { BSDLY, { { BS0, "BS0" }, { BS1, "BS1" }, { 0, NULL } } },
    { VTDLY, { { VT0, "VT0" }, { VT1, "VT1" }, { 0, NULL } } },
    { FFDLY, { { FF0, "FF0" }, { FF1, "FF1" }, { 0, NULL } } },
};

static const TermiosField termios_cfields[] = {
    { CBAUD, { { 0, NULL } } }, /* the speed: termios_speeds */
    { CSIZE, { { CS5, "CS5" }, { CS6, "CS6" }, { CS7, "CS7" },
               { CS8, "CS8" }, { 0, NULL } } },
};

static const ConstName termios_speeds[] = {
    { B0, "B0" }, { B50, "B50" }, { B75, "B75" }, { B110, "B110" },
    { B134, "B134" }, { B150, "B150" }, { B200, "B200" }, { B300, "B300" },
    { B600, "B600" }, { B1200, "B1200" }, { B1800, "B1800" },
    { B2400, "B2400" }, { B4800, "B4800" }, { B9600, "B9600" },
    { B19200, "B19200" }, { B38400, "B38400" }, { B57600, "B57600" },
    { B115200, "B115200" }, { B230400, "B230400" }, { B460800, "B460800" },
    { B500000, "B500000" }, { B576000, "B576000" }, { B921600, "B921600" },
    { B1000000, "B1000000" }, { B1152000, "B1152000" },
    { B1500000, "B1500000" }, { B2000000, "B2000000" },
    { B2500000, "B2500000" }, { B3000000, "B3000000" },
    { B3500000, "B3500000" }, { B4000000, "B4000000" }, { 0, NULL },
};

/* A termios flag word: its fields by value name, then its flags; as
 * strace, nothing for no flags, and a '|' after the fields even then. */
static void add_termios_flags(tcflag_t v, const TermiosField *fields,
                              size_t nfields, const FlagName *flags)
{
    for (size_t i = 0; i < nfields; i++) {
        const ConstName *names = fields[i].values[0].name
                                     ? fields[i].values : termios_speeds;
        add_const(v & fields[i].mask, names);
        add("|");
        v &= ~fields[i].mask;
    }
    add_flags(v, flags, "");
}

/* The guest termios, with the host's names (it is converted as the
 * ioctl converts it). */
static void add_termios(abi_ulong addr)
{
    struct termios t;
    if (termios_from_guest(addr, &t) < 0) {
        add("0x%llx", (unsigned long long)addr);
        return;
    }
    /* glibc's own mark for "input speed 0", never the kernel's. */
    t.c_iflag &= ~(tcflag_t)0x80000000;
    add("{c_iflag=");
    add_termios_flags(t.c_iflag, NULL, 0, termios_iflags);
    add(", c_oflag=");
    add_termios_flags(t.c_oflag, termios_ofields, 6, termios_oflags);
    add(", c_cflag=");
    add_termios_flags(t.c_cflag, termios_cfields, 2, termios_cflags);
    add(", c_lflag=");
    add_termios_flags(t.c_lflag, NULL, 0, termios_lflags);
    add(", ...}");
}

/* An ioctl's third argument, as its request says. */
static void add_ioctl_arg(uint32_t request, abi_ulong addr, int64_t result)
{
    switch (request) {
    case TARGET_TCGETS:
    case TARGET_TCSETS:
    case TARGET_TCSETSW:
    case TARGET_TCSETSF:
        if (request == TARGET_TCGETS && result < 0) {
            break;
        }
        add_termios(addr);
        return;
    case TARGET_TIOCGWINSZ:
    case TARGET_TIOCSWINSZ: {
        struct target_winsize w;
        if ((request == TARGET_TIOCGWINSZ && result < 0) ||
            copy_from_guest(&w, addr, sizeof(w)) < 0) {
            break;
        }
        add("{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}",
            tget(w.ws_row), tget(w.ws_col), tget(w.ws_xpixel),
            tget(w.ws_ypixel));
        return;
    }
    case TARGET_FIONREAD:
    case TARGET_TIOCGPGRP:
    case TARGET_TIOCSPGRP:
    case TARGET_FIONBIO: {
        int32_t v;
        if ((request == TARGET_FIONREAD || request == TARGET_TIOCGPGRP) &&
            result < 0) {
            break;
        }
        if (get_guest_val(int32_t, addr, &v) < 0) {
            break;
        }
        add("[%d]", (int)v);
        return;
    }
    default:
        break;
    }
    add(addr ? "0x%llx" : "NULL", (unsigned long long)addr);
}

static void add_arg(char kind, uint64_t raw, int index)
{
    abi_ulong v = (abi_ulong)raw;
    switch (kind) {
    case 'd': add("%lld", (long long)(abi_long)v); break;
    case 'u': add("%llu", (unsigned long long)v); break;
    case '#': add("%d", (int)v); break;
    case 'o': add("0%o", (unsigned)v); break;
    case 's': add_string(v); break;
    case 'p': add(v ? "0x%llx" : "NULL", (unsigned long long)v); break;
    case 'F': {
        static const char *const modes[] = { "O_RDONLY", "O_WRONLY", "O_RDWR",
                                             "O_ACCMODE" };
        add("%s", modes[v & O_ACCMODE]);
        /* O_CREAT and __O_TMPFILE (020000000) are the same on every
         * guest. */
        open_creates = v & (O_CREAT | 020000000);
        if (v & ~(abi_ulong)O_ACCMODE) {
            add("|");
            add_flags(v & ~(abi_ulong)O_ACCMODE, open_flags, NULL);
        }
        break;
    }
    case 'q': add_flags(v, open_flags, "0"); break;
    case 'P': add_flags(v, prot_flags, "PROT_NONE"); break;
    case 'M': add_flags(v, mmap_flags, NULL); break;
    case 'C': {
        /* the low byte is the signal sent to the parent at exit */
        const char *sig = (v & 0xff) && (v & 0xff) < NSIG
                              ? sigabbrev_np((int)(v & 0xff)) : NULL;
        uint32_t rest = (uint32_t)v & ~0xffu;
        if (rest || !sig) {
            add_flags(sig ? rest : (uint32_t)v, clone_flags, "0");
        }
        if (sig) {
            add("%sSIG%s", rest ? "|" : "", sig);
        }
        break;
    }
    case 'A':
        /* An int argument: the upper half of the register is junk. */
        if ((int)v == AT_FDCWD) {
            add("AT_FDCWD");
        } else {
            add("%d", (int)(abi_long)v);
        }
        break;
    case 'S': add_signal_name((int)v); break;
    case 'W': {
        static const char *const whence[] = { "SEEK_SET", "SEEK_CUR",
                                              "SEEK_END" };
        if (v <= SEEK_END) {
            add("%s", whence[v]);
        } else {
            add("%u", (unsigned)v);
        }
        break;
    }
    case 'O': add("0%o", (unsigned)v); break;
    case 'a': add_flags(v, access_modes, "F_OK"); break;
    case 'l': add_flags(v, at_flags, "0"); break;
    case 'w': add_flags(v, wait_options, "0"); break;
    case 'f': add_const((int)v, fcntl_cmds); break;
    case 'c': add_const((int)v, clock_ids); break;
    case 'h': add_const((int)v, sigmask_hows); break;
    case 'D': add_const((int)v, socket_domains); break;
    case 'e': add_const((int)v, epoll_ops); break;
    case 'i': add_const(v, ioctl_requests); break;
    case 'Y':
        add_const((int)v & 0xf, socket_types);
        if (v & ~(abi_ulong)0xf) {
            add("|");
            add_flags(v & ~(abi_ulong)0xf, socket_type_flags, NULL);
        }
        break;
    case 'X': {
        int cmd = (int)v & FUTEX_CMD_MASK;
        add_const(cmd, futex_cmds);
        if (v & FUTEX_PRIVATE_FLAG) {
            add("_PRIVATE");
        }
        if (v & FUTEX_CLOCK_REALTIME) {
            add("|FUTEX_CLOCK_REALTIME");
        }
        break;
    }
    case 'b': add_data(v, index + 1 < SYSCALL_ARGS ? cur_args[index + 1] : 0);
        break;
    case 'n':
        if (v) {
            add_sigaction(v);
        } else {
            add("NULL");
        }
        break;
    case 'v': add_string_array(v); break;
    case 'L': add_const((int)v, rlimit_resources); break;
    case 'm': add_flags(v, msg_flags, "0"); break;
    case 'Z': {
        /* socket's protocol: named for the IP families (the first
         * argument). */
        int domain = (int)cur_args[0];
        if (domain == AF_INET || domain == AF_INET6) {
            add_const((int)v, ip_protocols);
        } else {
            add("%d", (int)v);
        }
        break;
    }
    case 'y':
        add_sockaddr(v, index + 1 < SYSCALL_ARGS ? cur_args[index + 1] : 0);
        break;
    case 'r':
        if (v) {
            ADD_RLIMIT(v, struct target_rlimit64);
        } else {
            add("NULL");
        }
        break;
    case 'j': ADD_RLIMIT(v, struct target_rlimit); break;
    case 'g': add_sigset(v); break;
    case 't': add_timespec(v, false); break;
    case 'T': add_timespec(v, true); break;
    case 'E':
        if (v) {
            add_epoll_events(v, 1, false);
        } else {
            add("NULL");
        }
        break;
    case 'z': add_flags(v, statx_masks, "0"); break;
    case '9': add_const((int)v, itimer_whiches); break;
    case '0': add_flags(v, epoll_create_flags, "0"); break;
    case '1': add_statx_flags((uint32_t)v); break;
    case '3':
        add_pollfds(v, index + 1 < SYSCALL_ARGS ? cur_args[index + 1] : 0,
                    false);
        break;
    case '4':
        if (v) {
            add_itimerval(v);
        } else {
            add("NULL");
        }
        break;
    case '6': add_msghdr(v, UINT64_MAX); break;
    case '[':
        add_iovecs(v, index + 1 < SYSCALL_ARGS ? cur_args[index + 1] : 0,
                   UINT64_MAX);
        break;
    default: add("0x%llx", (unsigned long long)v); break;
    }
}

/* An argument the call filled in, now that it returned result. */
static void add_output_arg(char kind, uint64_t raw, int64_t result)
{
    abi_ulong v = (abi_ulong)raw;
    if (kind == 'Q') {
        add_ioctl_arg((uint32_t)cur_args[1], v, result);
        return;
    }
    if (result < 0 || !v) {
        add(v ? "0x%llx" : "NULL", (unsigned long long)v);
        return;
    }
    switch (kind) {
    case 'B': add_data(v, (uint64_t)result); break;
    case 'G': add_sigset(v); break;
    case 'I': {
        int32_t fds[2];
        if (copy_from_guest(fds, v, sizeof(fds)) < 0) {
            add("0x%llx", (unsigned long long)v);
            break;
        }
        add("[%d, %d]", (int)tget(fds[0]), (int)tget(fds[1]));
        break;
    }
    case 'N': add_sigaction(v); break;
    case 'R': ADD_RLIMIT(v, struct target_rlimit64); break;
    case 'J': ADD_RLIMIT(v, struct target_rlimit); break;
    case 'H': {
        struct utsname u;
        if (copy_from_guest(&u, v, sizeof(u)) < 0) {
            add("0x%llx", (unsigned long long)v);
            break;
        }
        add("{sysname=\"%.*s\", nodename=\"%.*s\", ...}",
            (int)sizeof(u.sysname), u.sysname, (int)sizeof(u.nodename),
            u.nodename);
        break;
    }
    case 'U': add_timespec(v, false); break;
    case 'V':
        /* WNOHANG with no child done: nothing written. */
        if (result) {
            add_wait_status(v);
        } else {
            add("0x%llx", (unsigned long long)v);
        }
        break;
    case '2': add_statx(v); break;
    case '5': add_itimerval(v); break;
    case '7': add_msghdr(v, (uint64_t)result); break;
    case ']': add_iovecs(v, cur_args[2], (uint64_t)result); break;
    case '8': add_epoll_events(v, (uint64_t)result, true); break;
    case 'k': ADD_STAT(v, struct target_stat); break;
    case 'K': ADD_STAT(v, struct target_stat64); break;
    default: add("0x%llx", (unsigned long long)v); break;
    }
}

/* Arguments from next_arg on: the inputs up to the first output one
 * before the call (done false), the rest after it. */
static void add_args(bool done, int64_t result)
{
    for (int i = next_arg; cur_fmt[i] && i < SYSCALL_ARGS; i++) {
        char kind = cur_fmt[i];
        bool output = strchr(OUTPUT_KINDS, kind) != NULL;
        if (output && !done) {
            next_arg = i;
            return;
        }
        /* The mode of open only comes with O_CREAT, as in strace. */
        if (kind == 'O' && !open_creates) {
            continue;
        }
        /* FIOCLEX and FIONCLEX take no argument. */
        if (kind == 'Q' && ((uint32_t)cur_args[1] == TARGET_FIOCLEX ||
                            (uint32_t)cur_args[1] == TARGET_FIONCLEX)) {
            continue;
        }
        add("%s", i ? ", " : "");
        if (output) {
            add_output_arg(kind, cur_args[i], result);
        } else {
            add_arg(kind, cur_args[i], i);
        }
    }
    next_arg = SYSCALL_ARGS;
    add(")");
}

void strace_syscall_start(int nr, const char *name, const char *argfmt,
                          const uint64_t args[SYSCALL_ARGS])
{
    line_len = 0;
    pending = true;
    if (name) {
        add("%s(", name);
    } else {
        add("syscall_%d(", nr);
    }
    if (!argfmt) {
        for (int i = 0; i < SYSCALL_ARGS; i++) {
            add("%s0x%llx", i ? ", " : "",
                (unsigned long long)(abi_ulong)args[i]);
        }
        add(")");
        next_arg = SYSCALL_ARGS;
        cur_fmt = "";
        return;
    }
    cur_fmt = argfmt;
    memcpy(cur_args, args, sizeof(cur_args));
    next_arg = 0;
    open_creates = false;
    add_args(false, 0);
}

/* After poll's result, as strace: the descriptors with events, and the
 * time ppoll left; "Timeout" when none. */
static void add_poll_result(int64_t result)
{
    if (result == 0) {
        add(" (Timeout)");
        return;
    }
    add(" (");
    add_pollfds((abi_ulong)cur_args[0], cur_args[1], true);
    if (cur_fmt[2] == 't' || cur_fmt[2] == 'T') {
        add(", left ");
        add_timespec((abi_ulong)cur_args[2], cur_fmt[2] == 'T');
    }
    add(")");
}

void strace_syscall_end(int64_t result, char ret)
{
    if (!pending) {
        return;
    }
    if (next_arg < SYSCALL_ARGS) {
        add_args(true, result);
    }
    if (result < 0 && result >= -4095) {
        const char *name = strerrorname_np((int)-result);
        if (name) {
            add(" = -1 %s (%s)", name, strerror((int)-result));
        } else {
            add(" = -1 errno=%d (%s)", (int)-result, strerror((int)-result));
        }
    } else if (ret == 'p') {
        add(" = 0x%llx", (unsigned long long)(abi_ulong)result);
    } else {
        add(" = %lld", (long long)result);
        if (cur_fmt[0] == '3') {
            add_poll_result(result);
        }
    }
    /* The id is taken now: after fork the child prints its own; a thread
     * prints its thread id (the pid for the first thread). */
    log_printf("%d %s\n", (int)gettid(), line);
    pending = false;
}

void strace_syscall_noreturn(void)
{
    if (pending) {
        log_printf("%d %s = ?\n", (int)gettid(), line);
        pending = false;
    }
}
