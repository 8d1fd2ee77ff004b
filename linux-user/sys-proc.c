/*
 * sys-proc.c: the process: exit, identities, uname, resource limits,
 * randomness, scheduling, sending signals, prctl.  Threads
 * themselves are thread.c's.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "linux-user/user.h"


/* exit ends the calling thread, exit_group every thread. */
static int64_t sys_exit(const uint64_t *a)
{
    thread_exit((int)a[0] & 0xff);
}

static int64_t sys_exit_group(const uint64_t *a)
{
    user_exit((int)a[0] & 0xff);
}

static int64_t sys_getpid(const uint64_t *a)
{
    return getpid();
}

static int64_t sys_getppid(const uint64_t *a)
{
    return getppid();
}

static int64_t sys_gettid(const uint64_t *a)
{
    return gettid();
}

static int64_t sys_getuid(const uint64_t *a)
{
    return getuid();
}

static int64_t sys_geteuid(const uint64_t *a)
{
    return geteuid();
}

static int64_t sys_getgid(const uint64_t *a)
{
    return getgid();
}

static int64_t sys_getegid(const uint64_t *a)
{
    return getegid();
}

/* getresuid/getresgid: the three ids to the three guest words. */
static int64_t put_ids(const uint64_t *a, const uint32_t ids[3])
{
    for (int i = 0; i < 3; i++) {
        if (!guest_access_ok((abi_ulong)a[i], 4, PAGE_WRITE)) {
            return -EFAULT;
        }
    }
    for (int i = 0; i < 3; i++) {
        put_guest_val(uint32_t, (abi_ulong)a[i], ids[i]);
    }
    return 0;
}

static int64_t sys_getresuid(const uint64_t *a)
{
    uid_t ids[3];
    getresuid(&ids[0], &ids[1], &ids[2]);
    return put_ids(a, ids);
}

static int64_t sys_getresgid(const uint64_t *a)
{
    gid_t ids[3];
    getresgid(&ids[0], &ids[1], &ids[2]);
    return put_ids(a, ids);
}

static int64_t sys_getgroups(const uint64_t *a)
{
    int size = (int)(abi_long)a[0];
    if (size < 0 || size > 65536) {
        return -EINVAL;
    }
    gid_t *g = calloc(size ? size : 1, sizeof(gid_t));
    if (!g) {
        return -ENOMEM;
    }
    int n = getgroups(size, g);
    if (n < 0) {
        free(g);
        return -errno;
    }
    if (size) {
        for (int i = 0; i < n; i++) {
            tput(g[i], g[i]);
        }
        if (copy_to_guest((abi_ulong)a[1], g, (uint64_t)n * 4) < 0) {
            free(g);
            return -EFAULT;
        }
    }
    free(g);
    return n;
}

/* Identity changes go straight to the kernel so that they apply to this
 * thread only, as the guest's raw system call would. */
static int64_t sys_setgroups(const uint64_t *a)
{
    int size = (int)(abi_long)a[0];
    if (size < 0 || size > 65536) {
        return -EINVAL;
    }
    gid_t *g = calloc(size ? size : 1, sizeof(gid_t));
    if (!g) {
        return -ENOMEM;
    }
    int64_t r = copy_from_guest(g, (abi_ulong)a[1], (uint64_t)size * 4);
    if (r == 0) {
        for (int i = 0; i < size; i++) {
            g[i] = tget(g[i]);
        }
        r = host_ret(syscall(SYS_setgroups, size, g));
    }
    free(g);
    return r;
}

static int64_t sys_setuid(const uint64_t *a)
{
    return host_ret(syscall(SYS_setuid, (uid_t)a[0]));
}

static int64_t sys_setgid(const uint64_t *a)
{
    return host_ret(syscall(SYS_setgid, (gid_t)a[0]));
}

static int64_t sys_setreuid(const uint64_t *a)
{
    return host_ret(syscall(SYS_setreuid, (uid_t)a[0], (uid_t)a[1]));
}

static int64_t sys_setregid(const uint64_t *a)
{
    return host_ret(syscall(SYS_setregid, (gid_t)a[0], (gid_t)a[1]));
}

static int64_t sys_setresuid(const uint64_t *a)
{
    return host_ret(syscall(SYS_setresuid, (uid_t)a[0], (uid_t)a[1], (uid_t)a[2]));
}

static int64_t sys_setresgid(const uint64_t *a)
{
    return host_ret(syscall(SYS_setresgid, (gid_t)a[0], (gid_t)a[1], (gid_t)a[2]));
}

static int64_t sys_setsid(const uint64_t *a)
{
    return host_ret(setsid());
}

static int64_t sys_getsid(const uint64_t *a)
{
    return host_ret(getsid((pid_t)a[0]));
}

static int64_t sys_getpgid(const uint64_t *a)
{
    return host_ret(getpgid((pid_t)a[0]));
}

static int64_t sys_setpgid(const uint64_t *a)
{
    return host_ret(setpgid((pid_t)a[0], (pid_t)a[1]));
}

static int64_t sys_getpgrp(const uint64_t *a)
{
    return getpgrp();
}

static int64_t sys_uname(const uint64_t *a)
{
    struct utsname *t = guest_ptr((abi_ulong)a[0], sizeof(*t), PAGE_WRITE);
    if (!t) {
        return -EFAULT;
    }
    if (uname(t) < 0) {
        return -errno;
    }
    snprintf(t->machine, sizeof(t->machine), "%s", TARGET_UNAME_MACHINE);
    return 0;
}

/* sethostname/setdomainname(name, len): bytes, not a C string; the host
 * checks the length and the privilege (CAP_SYS_ADMIN in its UTS space). */
static int64_t set_uts_name(long nr, const uint64_t *a)
{
    size_t len = (size_t)(abi_ulong)a[1];
    const void *name = len ? guest_ptr((abi_ulong)a[0], len, PAGE_READ)
                           : NULL;
    if (len && len <= 64 && !name) {
        return -EFAULT;
    }
    return host_ret(syscall(nr, name, len));
}

static int64_t sys_sethostname(const uint64_t *a)
{
    return set_uts_name(SYS_sethostname, a);
}

static int64_t sys_setdomainname(const uint64_t *a)
{
    return set_uts_name(SYS_setdomainname, a);
}

#define TARGET_RLIM_INFINITY ((abi_ulong)-1)

static abi_ulong rlim_to_target(rlim_t v)
{
    return v == RLIM_INFINITY || v > TARGET_RLIM_INFINITY
               ? TARGET_RLIM_INFINITY
               : (abi_ulong)v;
}

static rlim_t rlim_to_host(abi_ulong v)
{
    return v == TARGET_RLIM_INFINITY ? RLIM_INFINITY : v;
}

/* getrlimit into the guest's word-sized struct, each limit at most
 * max. */
static int64_t do_getrlimit(const uint64_t *a, abi_ulong max)
{
    struct target_rlimit t;
    if (!guest_access_ok((abi_ulong)a[1], sizeof(t), PAGE_WRITE)) {
        return -EFAULT;
    }
    struct rlimit r;
    if (getrlimit((int)a[0], &r) < 0) {
        return -errno;
    }
    abi_ulong cur = rlim_to_target(r.rlim_cur), hi = rlim_to_target(r.rlim_max);
    tput(t.rlim_cur, cur < max ? cur : max);
    tput(t.rlim_max, hi < max ? hi : max);
    return copy_to_guest((abi_ulong)a[1], &t, sizeof(t));
}

static int64_t sys_ugetrlimit(const uint64_t *a)
{
    return do_getrlimit(a, TARGET_RLIM_INFINITY);
}

/* The old 32-bit getrlimit clamps to the signed maximum; x86-64's is the
 * only one. */
static int64_t sys_getrlimit(const uint64_t *a)
{
    return do_getrlimit(a, TARGET_ABI_BITS == 32 ? INT32_MAX
                                                 : TARGET_RLIM_INFINITY);
}

static int64_t sys_setrlimit(const uint64_t *a)
{
    struct target_rlimit t;
    if (copy_from_guest(&t, (abi_ulong)a[1], sizeof(t)) < 0) {
        return -EFAULT;
    }
    struct rlimit r = { rlim_to_host(tget(t.rlim_cur)),
                        rlim_to_host(tget(t.rlim_max)) };
    return host_ret(setrlimit((int)a[0], &r));
}

static int64_t sys_prlimit64(const uint64_t *a)
{
    abi_ulong new_addr = (abi_ulong)a[2], old_addr = (abi_ulong)a[3];
    struct target_rlimit64 t;
    struct rlimit nr, or;
    if (new_addr) {
        if (copy_from_guest(&t, new_addr, sizeof(t)) < 0) {
            return -EFAULT;
        }
        nr.rlim_cur = tget(t.rlim_cur);
        nr.rlim_max = tget(t.rlim_max);
    }
    if (old_addr && !guest_access_ok(old_addr, sizeof(t), PAGE_WRITE)) {
        return -EFAULT;
    }
    if (prlimit((pid_t)a[0], (int)a[1], new_addr ? &nr : NULL,
                old_addr ? &or : NULL) < 0) {
        return -errno;
    }
    if (!old_addr) {
        return 0;
    }
    tput(t.rlim_cur, or.rlim_cur);
    tput(t.rlim_max, or.rlim_max);
    return copy_to_guest(old_addr, &t, sizeof(t));
}

static int64_t sys_sysinfo(const uint64_t *a)
{
    struct target_sysinfo guest_si, *t = &guest_si;
    struct sysinfo s;
    if (sysinfo(&s) < 0) {
        return -errno;
    }
    /* Scale memory sizes until they fit 32 bits, like a 32-bit kernel. */
    unsigned shift = 0;
    uint64_t unit = s.mem_unit ? s.mem_unit : 1;
    while ((s.totalram * unit >> shift) > (abi_ulong)-1 ||
           (s.totalswap * unit >> shift) > (abi_ulong)-1) {
        shift++;
    }
    memset(t, 0, sizeof(*t));
    tput(t->uptime, s.uptime);
    for (int i = 0; i < 3; i++) {
        tput(t->loads[i], s.loads[i]);
    }
    tput(t->totalram, s.totalram * unit >> shift);
    tput(t->freeram, s.freeram * unit >> shift);
    tput(t->sharedram, s.sharedram * unit >> shift);
    tput(t->bufferram, s.bufferram * unit >> shift);
    tput(t->totalswap, s.totalswap * unit >> shift);
    tput(t->freeswap, s.freeswap * unit >> shift);
    tput(t->procs, s.procs);
    tput(t->mem_unit, 1u << shift);
    return copy_to_guest((abi_ulong)a[0], t, sizeof(*t));
}

static int64_t sys_getrandom(const uint64_t *a)
{
    void *buf = guest_buf((abi_ulong)a[0], (abi_ulong)a[1]);
    if (!buf) {
        return -EFAULT;
    }
    return host_ret(getrandom(buf, (abi_ulong)a[1], (unsigned)a[2]));
}

static int64_t sys_set_tid_address(const uint64_t *a)
{
    thread_set_clear_tid((abi_ulong)a[0]);
    return gettid();
}

static int64_t sys_sched_yield(const uint64_t *a)
{
    return host_ret(sched_yield());
}

static int64_t sys_sched_getaffinity(const uint64_t *a)
{
    abi_ulong len = (abi_ulong)a[1];
    uint64_t host[16] = { 0 };
    long n = syscall(SYS_sched_getaffinity, (pid_t)a[0], sizeof(host), host);
    if (n < 0) {
        return -errno;
    }
    /* Guest masks are words of TARGET_ABI_BITS in guest byte order. */
    size_t words = (size_t)n / sizeof(abi_ulong);
    if (len < words * sizeof(abi_ulong)) {
        return -EINVAL;
    }
    abi_ulong out[sizeof(host) / (sizeof(abi_ulong))];
    for (size_t w = 0; w < words; w++) {
        size_t bit = w * TARGET_ABI_BITS;
        abi_ulong v = (abi_ulong)(host[bit / 64] >> (bit % 64));
        tput(out[w], v);
    }
    if (copy_to_guest((abi_ulong)a[2], out, words * sizeof(abi_ulong)) < 0) {
        return -EFAULT;
    }
    return (int64_t)(words * sizeof(abi_ulong));
}

/* getcpu(cpu *, node *, tcache): the host's answer; either pointer may be
 * NULL, and the third argument is unused since Linux 2.6.24. */
static int64_t sys_getcpu(const uint64_t *a)
{
    unsigned cpu, node;
    if (syscall(SYS_getcpu, &cpu, &node, NULL) < 0) {
        return -errno;
    }
    if (a[0] && put_guest_val(uint32_t, (abi_ulong)a[0], cpu) < 0) {
        return -EFAULT;
    }
    if (a[1] && put_guest_val(uint32_t, (abi_ulong)a[1], node) < 0) {
        return -EFAULT;
    }
    return 0;
}

static int64_t sys_kill(const uint64_t *a)
{
    pid_t pid = (pid_t)(abi_long)a[0];
    int sig = (int)a[1];
    if (pid == getpid()) {
        return guest_signal_self(sig);
    }
    int host_sig = host_signal(sig);
    return host_sig < 0 ? -EINVAL : host_ret(kill(pid, host_sig));
}

static int64_t sys_tgkill(const uint64_t *a)
{
    pid_t tgid = (pid_t)(abi_long)a[0], tid = (pid_t)(abi_long)a[1];
    int sig = (int)a[2];
    if (tgid == getpid() && tid == gettid()) {
        return guest_signal_self_thread(sig);
    }
    int host_sig = host_signal(sig);
    return host_sig < 0 ? -EINVAL
                        : host_ret(syscall(SYS_tgkill, tgid, tid, host_sig));
}

static int64_t sys_tkill(const uint64_t *a)
{
    pid_t tid = (pid_t)(abi_long)a[0];
    int sig = (int)a[1];
    if (tid == gettid()) {
        return guest_signal_self_thread(sig);
    }
    int host_sig = host_signal(sig);
    return host_sig < 0 ? -EINVAL
                        : host_ret(syscall(SYS_tkill, tid, host_sig));
}

static int64_t sys_prctl(const uint64_t *a)
{
    switch ((int)a[0]) {
    case PR_SET_NAME: {
        const char *name = guest_string((abi_ulong)a[1]);
        return name ? host_ret(prctl(PR_SET_NAME, name)) : -EFAULT;
    }
    case PR_GET_NAME: {
        char *out = guest_ptr((abi_ulong)a[1], 16, PAGE_WRITE);
        return out ? host_ret(prctl(PR_GET_NAME, out)) : -EFAULT;
    }
    default:
        return -EINVAL;
    }
}

/* capget/capset(header, data): header { u32 version; int pid }, data an
 * array of { u32 effective, permitted, inheritable }: one for version 1,
 * two for versions 2 and 3 (a NULL data only asks for the version). */
struct cap_header {
    uint32_t version;
    int32_t pid;
};

static int cap_words(uint32_t version)
{
    return version == 0x19980330 ? 1 : 2; /* _LINUX_CAPABILITY_VERSION_1 */
}

static int64_t do_capget(const uint64_t *a, bool set)
{
    struct cap_header hdr;
    uint32_t data[2][3] = { { 0 } };
    if (copy_from_guest(&hdr, (abi_ulong)a[0], sizeof(hdr)) < 0) {
        return -EFAULT;
    }
    hdr.version = tget(hdr.version);
    hdr.pid = tget(hdr.pid);
    abi_ulong data_addr = (abi_ulong)a[1];
    int words = cap_words(hdr.version);
    if (set) {
        if (copy_from_guest(data, data_addr, words * sizeof(data[0])) < 0) {
            return -EFAULT;
        }
        for (int i = 0; i < words; i++) {
            for (int j = 0; j < 3; j++) {
                data[i][j] = tget(data[i][j]);
            }
        }
    }
    long r = syscall(set ? SYS_capset : SYS_capget, &hdr,
                     data_addr ? data : NULL);
    int err = errno;
    /* The kernel writes the version it knows back on EINVAL too. */
    struct cap_header out;
    tput(out.version, hdr.version);
    tput(out.pid, hdr.pid);
    if (copy_to_guest((abi_ulong)a[0], &out, sizeof(out)) < 0) {
        return -EFAULT;
    }
    if (r < 0) {
        return -err;
    }
    if (!set && data_addr) {
        for (int i = 0; i < words; i++) {
            for (int j = 0; j < 3; j++) {
                tput(data[i][j], data[i][j]);
            }
        }
        return copy_to_guest(data_addr, data, words * sizeof(data[0]));
    }
    return 0;
}

static int64_t sys_capget(const uint64_t *a)
{
    return do_capget(a, false);
}

static int64_t sys_capset(const uint64_t *a)
{
    return do_capget(a, true);
}

/* The guest's persona is its own: only ADDR_NO_RANDOMIZE (for the
 * programs it execs) reaches the host process, whose other flags
 * (ADDR_LIMIT_32BIT, READ_IMPLIES_EXEC, ...) would change mimic's own
 * mappings.  0xffffffff only asks. */
#define PERSONA_ADDR_NO_RANDOMIZE 0x0040000u
static uint32_t guest_persona;
static bool guest_persona_set;

static int64_t sys_personality(const uint64_t *a)
{
    uint32_t want = (uint32_t)a[0];
    long host = syscall(SYS_personality, 0xffffffffu);
    if (host < 0) {
        return -errno;
    }
    uint32_t old = guest_persona_set ? guest_persona : (uint32_t)host;
    if (want != 0xffffffffu) {
        guest_persona = want;
        guest_persona_set = true;
        syscall(SYS_personality,
                ((uint32_t)host & ~PERSONA_ADDR_NO_RANDOMIZE) |
                    (want & PERSONA_ADDR_NO_RANDOMIZE));
    }
    return old;
}

/* Guest threads are host threads: the host's barriers order them. */
static int64_t sys_membarrier(const uint64_t *a)
{
    return host_ret(syscall(SYS_membarrier, (int)a[0], (unsigned)a[1],
                            (int)a[2]));
}

/* pidfds: guest processes are host processes.  PIDFD_NONBLOCK is
 * O_NONBLOCK. */
static int64_t sys_pidfd_open(const uint64_t *a)
{
    return host_ret(syscall(SYS_pidfd_open, (pid_t)a[0],
                            target_to_host_open_flags((uint32_t)a[1])));
}

/* pidfd_send_signal(pidfd, sig, info, flags): a siginfo of the guest's
 * is taken as rt_sigqueueinfo takes it. */
static int64_t sys_pidfd_send_signal(const uint64_t *a)
{
    int sig = (int)a[1], host_sig = 0;
    if (sig) {
        host_sig = host_signal(sig);
        if (host_sig < 0) {
            return -EINVAL;
        }
    }
    siginfo_t h, *hp = NULL;
    if ((abi_ulong)a[2]) {
        if (get_guest_queued_siginfo((abi_ulong)a[2], host_sig, &h) < 0) {
            return -EFAULT;
        }
        hp = &h;
    }
    return host_ret(syscall(SYS_pidfd_send_signal, (int)a[0], host_sig, hp,
                            (unsigned)a[3]));
}

static int64_t sys_pidfd_getfd(const uint64_t *a)
{
    return host_ret(syscall(SYS_pidfd_getfd, (int)a[0], (int)a[1],
                            (unsigned)a[2]));
}

const SyscallDef sys_proc_defs[] = {
    { "exit", sys_exit, "d", 'd' },
    { "exit_group", sys_exit_group, "d", 'd' },
    { "getpid", sys_getpid, "", 'd' },
    { "getppid", sys_getppid, "", 'd' },
    { "gettid", sys_gettid, "", 'd' },
    { "getuid", sys_getuid, "", 'd' },
    { "geteuid", sys_geteuid, "", 'd' },
    { "getgid", sys_getgid, "", 'd' },
    { "getegid", sys_getegid, "", 'd' },
    { "getresuid", sys_getresuid, "ppp", 'd' },
    { "getresgid", sys_getresgid, "ppp", 'd' },
    { "getgroups", sys_getgroups, "dp", 'd' },
    { "setuid", sys_setuid, "d", 'd' },
    { "setgid", sys_setgid, "d", 'd' },
    { "setreuid", sys_setreuid, "dd", 'd' },
    { "setregid", sys_setregid, "dd", 'd' },
    { "setresuid", sys_setresuid, "ddd", 'd' },
    { "setresgid", sys_setresgid, "ddd", 'd' },
    { "setgroups", sys_setgroups, "dp", 'd' },
    /* i386's calls with 32-bit ids (its plain ones take 16 bits). */
    { "getuid32", sys_getuid, "", 'd' },
    { "geteuid32", sys_geteuid, "", 'd' },
    { "getgid32", sys_getgid, "", 'd' },
    { "getegid32", sys_getegid, "", 'd' },
    { "getresuid32", sys_getresuid, "ppp", 'd' },
    { "getresgid32", sys_getresgid, "ppp", 'd' },
    { "getgroups32", sys_getgroups, "dp", 'd' },
    { "setgroups32", sys_setgroups, "dp", 'd' },
    { "setuid32", sys_setuid, "d", 'd' },
    { "setgid32", sys_setgid, "d", 'd' },
    { "setreuid32", sys_setreuid, "dd", 'd' },
    { "setregid32", sys_setregid, "dd", 'd' },
    { "setresuid32", sys_setresuid, "ddd", 'd' },
    { "setresgid32", sys_setresgid, "ddd", 'd' },
    { "setsid", sys_setsid, "", 'd' },
    { "getsid", sys_getsid, "d", 'd' },
    { "getpgid", sys_getpgid, "d", 'd' },
    { "setpgid", sys_setpgid, "dd", 'd' },
    { "getpgrp", sys_getpgrp, "", 'd' },
    { "uname", sys_uname, "H", 'd' },
    { "sethostname", sys_sethostname, "pu", 'd' },
    { "setdomainname", sys_setdomainname, "pu", 'd' },
    { "getrlimit", sys_getrlimit, "LJ", 'd' },
    { "ugetrlimit", sys_ugetrlimit, "LJ", 'd' },
    { "setrlimit", sys_setrlimit, "Lj", 'd' },
    { "prlimit64", sys_prlimit64, "dLrR", 'd' },
    { "sysinfo", sys_sysinfo, "p", 'd' },
    { "getrandom", sys_getrandom, "pux", 'd' },
    { "set_tid_address", sys_set_tid_address, "p", 'd' },
    { "sched_yield", sys_sched_yield, "", 'd' },
    { "sched_getaffinity", sys_sched_getaffinity, "dup", 'd' },
    { "getcpu", sys_getcpu, "ppp", 'd' },
    { "kill", sys_kill, "dS", 'd' },
    { "tgkill", sys_tgkill, "ddS", 'd' },
    { "tkill", sys_tkill, "dS", 'd' },
    { "prctl", sys_prctl, "dxxxx", 'd' },
    { "capget", sys_capget, "pp", 'd' },
    { "capset", sys_capset, "pp", 'd' },
    { "personality", sys_personality, "x", 'd' },
    { "membarrier", sys_membarrier, "xxd", 'd' },
    { "pidfd_open", sys_pidfd_open, "dx", 'd' },
    { "pidfd_send_signal", sys_pidfd_send_signal, "dSpx", 'd' },
    { "pidfd_getfd", sys_pidfd_getfd, "ddx", 'd' },
    { NULL, NULL, NULL, 0 },
};
