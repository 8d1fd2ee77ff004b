/*
 * strace.c: -strace output in the style of qemu-user:
 *   PID name(arg,arg,...) = result
 * The line is assembled while the call runs and printed when it returns,
 * so output of the call itself (write to stderr) does not split it.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "util/log.h"

/* Per thread: each guest thread builds its own line. */
static __thread char line[1024];
static __thread size_t line_len;
static __thread bool pending;

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

static void add_arg(char kind, uint64_t raw)
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
        if (v & ~(abi_ulong)O_ACCMODE) {
            add("|");
            add_flags(v & ~(abi_ulong)O_ACCMODE, open_flags, NULL);
        }
        break;
    }
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
        if ((abi_long)v == AT_FDCWD) {
            add("AT_FDCWD");
        } else {
            add("%d", (int)(abi_long)v);
        }
        break;
    case 'S': {
        const char *n = (int)v > 0 && (int)v < NSIG ? sigabbrev_np((int)v) : NULL;
        if (n) {
            add("SIG%s", n);
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
    default: add("0x%llx", (unsigned long long)v); break;
    }
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
    if (argfmt) {
        for (int i = 0; argfmt[i] && i < SYSCALL_ARGS; i++) {
            add("%s", i ? "," : "");
            add_arg(argfmt[i], args[i]);
        }
    } else {
        for (int i = 0; i < SYSCALL_ARGS; i++) {
            add("%s0x%llx", i ? "," : "", (unsigned long long)(abi_ulong)args[i]);
        }
    }
    add(")");
}

void strace_syscall_end(int64_t result, char ret)
{
    if (!pending) {
        return;
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
        log_printf("%d %s\n", (int)gettid(), line);
        pending = false;
    }
}
