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
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <sys/utsname.h>
#include <sys/wait.h>
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

/* Kinds of argument the call writes: decoded after it returns. */
#define OUTPUT_KINDS "BGIkKNURJH"

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

static void add_arg(char kind, uint64_t raw, int index)
{
    abi_ulong v = (abi_ulong)raw;
    switch (kind) {
    case 'd': add("%lld", (long long)(abi_long)v); break;
    case 'u': add("%llu", (unsigned long long)v); break;
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
    case 'S': {
        /* Guest numbers: real-time signals count from 32. */
        const char *n = (int)v > 0 && (int)v < 32 ? sigabbrev_np((int)v) : NULL;
        if (n) {
            add("SIG%s", n);
        } else if ((int)v >= 32 && (int)v <= TARGET_NSIG) {
            add("SIGRT_%d", (int)v - 32);
        } else {
            add("%d", (int)(abi_long)v);
        }
        break;
    }
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
    default: add("0x%llx", (unsigned long long)v); break;
    }
}

/* An argument the call filled in, now that it returned result. */
static void add_output_arg(char kind, uint64_t raw, int64_t result)
{
    abi_ulong v = (abi_ulong)raw;
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
