/*
 * sys-exec.c: processes: fork (and clone/vfork used like fork), waiting
 * for children, and execve.  A child of fork is a copy of mimic running
 * the same guest.  execve of a program for this guest starts a new mimic
 * with the same options; any other file is executed by the host kernel.
 * Threads (clone with CLONE_VM) are thread.c's.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "util/log.h"

static int64_t do_fork(void)
{
    fflush(stdout);
    fflush(mimic_log_file);
    return host_ret(fork());
}

static int64_t sys_fork(const uint64_t *a)
{
    return do_fork();
}

/* vfork shares memory until exec; a copy behaves the same for programs
 * that only exec or _exit in the child. */
static int64_t sys_vfork(const uint64_t *a)
{
    return do_fork();
}

#ifndef TARGET_CLONE_CHILD_TID_ARG
#define TARGET_CLONE_CHILD_TID_ARG 4
#endif

/* clone(flags, newsp, parent_tid, tls, child_tid), the ppc32 and i386
 * order (x86-64 swaps the last two: TARGET_CLONE_CHILD_TID_ARG).
 * Without CLONE_VM it is a fork, possibly onto a new stack; vfork-style
 * clones (posix_spawn) run as a fork too: the child's writes are not seen
 * by the parent, which only matters when the exec fails. */
static int64_t sys_clone(const uint64_t *a)
{
    uint32_t flags = (uint32_t)a[0];
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK)) {
        int tls_arg = TARGET_CLONE_CHILD_TID_ARG == 4 ? 3 : 4;
        return thread_clone(flags, (abi_ulong)a[1], (abi_ulong)a[2],
                            (abi_ulong)a[tls_arg],
                            (abi_ulong)a[TARGET_CLONE_CHILD_TID_ARG]);
    }
    uint32_t fork_like = CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID |
                         CLONE_PARENT_SETTID | CLONE_VFORK | 0xff;
    if (flags & CLONE_VFORK) {
        fork_like |= CLONE_VM; /* vfork through clone */
    }
    if (flags & ~fork_like) {
        if (log_enabled(LOG_UNIMP)) {
            log_printf("Unsupported clone flags 0x%x\n",
                       flags);
        }
        return -ENOSYS;
    }
    abi_ulong ptid = (abi_ulong)a[2];
    abi_ulong ctid = (abi_ulong)a[TARGET_CLONE_CHILD_TID_ARG];
    if ((flags & CLONE_PARENT_SETTID) &&
        !guest_access_ok(ptid, 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    if ((flags & CLONE_CHILD_SETTID) &&
        !guest_access_ok(ctid, 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    int64_t pid = do_fork();
    if (pid == 0) {
        target_cpu_clone_child((abi_ulong)a[1]);
        if (flags & CLONE_CHILD_SETTID) {
            put_guest_val(int32_t, ctid, getpid());
        }
    } else if (pid > 0 && (flags & CLONE_PARENT_SETTID)) {
        put_guest_val(int32_t, ptid, pid);
    }
    return pid;
}

static int64_t put_rusage(abi_ulong addr, const struct rusage *r)
{
    struct target_rusage guest_ru, *t = &guest_ru;
    tput(t->ru_utime.tv_sec, r->ru_utime.tv_sec);
    tput(t->ru_utime.tv_usec, r->ru_utime.tv_usec);
    tput(t->ru_stime.tv_sec, r->ru_stime.tv_sec);
    tput(t->ru_stime.tv_usec, r->ru_stime.tv_usec);
    tput(t->ru_maxrss, r->ru_maxrss);
    tput(t->ru_ixrss, r->ru_ixrss);
    tput(t->ru_idrss, r->ru_idrss);
    tput(t->ru_isrss, r->ru_isrss);
    tput(t->ru_minflt, r->ru_minflt);
    tput(t->ru_majflt, r->ru_majflt);
    tput(t->ru_nswap, r->ru_nswap);
    tput(t->ru_inblock, r->ru_inblock);
    tput(t->ru_oublock, r->ru_oublock);
    tput(t->ru_msgsnd, r->ru_msgsnd);
    tput(t->ru_msgrcv, r->ru_msgrcv);
    tput(t->ru_nsignals, r->ru_nsignals);
    tput(t->ru_nvcsw, r->ru_nvcsw);
    tput(t->ru_nivcsw, r->ru_nivcsw);
    return copy_to_guest(addr, t, sizeof(*t));
}

static int64_t sys_getrusage(const uint64_t *a)
{
    struct rusage r;
    if (getrusage((int)a[0], &r) < 0) {
        return -errno;
    }
    return put_rusage((abi_ulong)a[1], &r);
}

/* Wait status words have the same encoding on every Linux. */
static int64_t do_wait4(pid_t pid, abi_ulong status, int options,
                        abi_ulong rusage)
{
    if (status && !guest_access_ok(status, 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    if (rusage &&
        !guest_access_ok(rusage, sizeof(struct target_rusage), PAGE_WRITE)) {
        return -EFAULT;
    }
    int s = 0;
    struct rusage r;
    long got = safe_syscall(SYS_wait4, (long)pid, &s, (long)options,
                            rusage ? &r : NULL);
    if (got > 0 && status) {
        put_guest_val(int32_t, status, guest_wait_status(s));
    }
    if (got > 0 && rusage) {
        put_rusage(rusage, &r);
    }
    return got;
}

static int64_t sys_wait4(const uint64_t *a)
{
    return do_wait4((pid_t)(abi_long)a[0], (abi_ulong)a[1], (int)a[2],
                    (abi_ulong)a[3]);
}

/* waitid(idtype, id, siginfo *, options, rusage *): the child's state as
 * a SIGCHLD siginfo in the guest's layout (all zero when WNOHANG found
 * nothing, as the kernel writes it). */
static int64_t sys_waitid(const uint64_t *a)
{
    abi_ulong info = (abi_ulong)a[2], rusage = (abi_ulong)a[4];
    if (info && !guest_access_ok(info, sizeof(target_siginfo), PAGE_WRITE)) {
        return -EFAULT;
    }
    if (rusage &&
        !guest_access_ok(rusage, sizeof(struct target_rusage), PAGE_WRITE)) {
        return -EFAULT;
    }
    siginfo_t h;
    struct rusage r;
    memset(&h, 0, sizeof(h));
    long got = safe_syscall(SYS_waitid, (long)(int)a[0], (long)(int)a[1], &h,
                            (long)(int)a[3], rusage ? &r : NULL);
    if (got < 0) {
        return got;
    }
    if (info) {
        target_siginfo t;
        if (h.si_signo) {
            host_to_target_siginfo(&t, guest_signal(h.si_signo), &h);
        } else {
            memset(&t, 0, sizeof(t));
        }
        copy_to_guest(info, &t, sizeof(t));
    }
    if (rusage) {
        put_rusage(rusage, &r);
    }
    return got;
}

static int64_t sys_waitpid(const uint64_t *a)
{
    return do_wait4((pid_t)(abi_long)a[0], (abi_ulong)a[1], (int)a[2], 0);
}

/* NULL-terminated guest array of strings -> host array (strings stay in
 * guest memory); NULL on a bad pointer.  addr 0 is the empty array. */
static char **string_array(abi_ulong addr)
{
    size_t n = 0, cap = 16;
    char **v = malloc(cap * sizeof(char *));
    for (;; n++) {
        /* A NULL array is an empty one, as Linux takes it. */
        abi_ulong s = 0;
        if (!v || (addr && get_guest_val(abi_ulong,
                                         addr + n * sizeof(abi_ulong),
                                         &s) < 0)) {
            free(v);
            return NULL;
        }
        if (n + 2 >= cap) {
            cap *= 2;
            char **nv = realloc(v, cap * sizeof(char *));
            if (!nv) {
                free(v);
                return NULL;
            }
            v = nv;
        }
        if (!s) {
            v[n] = NULL;
            return v;
        }
        if (!(v[n] = (char *)guest_string(s))) {
            free(v);
            return NULL;
        }
    }
}

/* True if path is an ELF file for this guest. */
static bool is_guest_elf(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    unsigned char h[20];
    bool ok = read(fd, h, sizeof(h)) == (ssize_t)sizeof(h) &&
              !memcmp(h, ELFMAG, SELFMAG) && h[EI_CLASS] == TARGET_ELF_CLASS &&
              h[EI_DATA] == TARGET_ELF_DATA;
    close(fd);
    if (ok) {
        uint16_t machine;
        memcpy(&machine, h + 18, 2);
        ok = tget(machine) == TARGET_ELF_MACHINE;
    }
    return ok;
}

/* The descriptor a path like /proc/self/fd/N or /dev/fd/N names, or -1. */
static int path_fd(const char *path)
{
    static const char *const dirs[] = { "/proc/self/fd/", "/dev/fd/" };
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        size_t len = strlen(dirs[i]);
        if (!strncmp(path, dirs[i], len) && path[len]) {
            char *end;
            long fd = strtol(path + len, &end, 10);
            return *end || fd < 0 || fd > INT_MAX ? -1 : (int)fd;
        }
    }
    return -1;
}

/* Runs argv/envp (host arrays of guest strings) as the guest program at
 * path, or at descriptor prog_fd when path is NULL (execveat with
 * AT_EMPTY_PATH, flags its AT_* flags).  Returns only on failure. */
static int64_t do_execve(const char *path, int prog_fd, int flags,
                         char **argv, char **envp)
{
    char fd_path[32];
    if (!path) {
        snprintf(fd_path, sizeof(fd_path), "/proc/self/fd/%d", prog_fd);
        path = fd_path;
    } else {
        prog_fd = path_fd(path);
    }
    fflush(stdout);
    fflush(mimic_log_file);
    if (!is_guest_elf(path)) {
        if (path == fd_path) {
            syscall(SYS_execveat, prog_fd, "", argv, envp, flags);
        } else {
            execve(path, argv, envp);
        }
        return -errno;
    }
    /* The new mimic opens the program by path after the kernel has closed
     * the close-on-exec descriptors (Python's are): it gets a copy that
     * stays open, and closes it once the program is loaded. */
    char exec_fd[16];
    if (prog_fd >= 0) {
        int copy = fcntl(prog_fd, F_DUPFD, 3);
        if (copy < 0) {
            return -errno;
        }
        snprintf(fd_path, sizeof(fd_path), "/proc/self/fd/%d", copy);
        snprintf(exec_fd, sizeof(exec_fd), "%d", copy);
        path = fd_path;
        prog_fd = copy;
    }
    /* mimic [its options] [-exec-fd N] -0 argv0 path argv[1..] */
    size_t argc = 0, nopt = 0;
    while (argv[argc]) {
        argc++;
    }
    while (user_exec_options[nopt]) {
        nopt++;
    }
    int64_t r = -ENOMEM;
    char **nv = calloc(argc + nopt + 7, sizeof(char *));
    if (nv) {
        size_t k = 0;
        nv[k++] = (char *)user_mimic_path;
        for (size_t i = 0; i < nopt; i++) {
            nv[k++] = (char *)user_exec_options[i];
        }
        if (prog_fd >= 0) {
            nv[k++] = "-exec-fd";
            nv[k++] = exec_fd;
        }
        if (argc) {
            nv[k++] = "-0";
            nv[k++] = argv[0];
        }
        nv[k++] = (char *)path;
        for (size_t i = 1; i < argc; i++) {
            nv[k++] = argv[i];
        }
        execve(user_mimic_path, nv, envp);
        r = -errno;
        free(nv);
    }
    if (prog_fd >= 0) {
        close(prog_fd);
    }
    return r;
}

static int64_t sys_execve(const uint64_t *a)
{
    const char *path = guest_string((abi_ulong)a[0]);
    if (!path) {
        return -EFAULT;
    }
    /* /proc/self/exe (busybox runs its applets that way) is the guest
     * program, not mimic; absolute paths look in the sysroot first. */
    char buf[PATH_MAX];
    path = user_path(path, buf, sizeof(buf));
    char **argv = string_array((abi_ulong)a[1]);
    char **envp = string_array((abi_ulong)a[2]);
    int64_t r = -EFAULT;
    if (argv && envp) {
        r = do_execve(path, -1, 0, argv, envp);
    }
    free(argv);
    free(envp);
    return r;
}

/* execveat(dirfd, path, argv, envp, flags): fexecve is execveat(fd, "",
 * ..., AT_EMPTY_PATH); a relative path is looked up under dirfd. */
static int64_t sys_execveat(const uint64_t *a)
{
    int dirfd = (int)a[0], flags = (int)a[4];
    const char *path = guest_string((abi_ulong)a[1]);
    if (!path) {
        return -EFAULT;
    }
    if (!*path && !(flags & AT_EMPTY_PATH)) {
        return -ENOENT;
    }
    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) {
        return -EINVAL;
    }
    char buf[PATH_MAX];
    int opened = -1;
    if (!*path) {
        path = NULL;
        if (fcntl(dirfd, F_GETFD) < 0) {
            return -EBADF;
        }
    } else if (path[0] == '/' || dirfd == AT_FDCWD) {
        path = user_path(path, buf, sizeof(buf));
    } else {
        /* Run it by descriptor: dirfd may be close-on-exec. */
        opened = openat(dirfd, path, O_RDONLY | O_CLOEXEC |
                        (flags & AT_SYMLINK_NOFOLLOW ? O_NOFOLLOW : 0));
        if (opened < 0) {
            return -errno;
        }
        path = NULL;
        dirfd = opened;
        flags |= AT_EMPTY_PATH;
    }
    char **argv = string_array((abi_ulong)a[2]);
    char **envp = string_array((abi_ulong)a[3]);
    int64_t r = -EFAULT;
    if (argv && envp) {
        r = do_execve(path, dirfd, flags, argv, envp);
    }
    if (opened >= 0) {
        close(opened);
    }
    free(argv);
    free(envp);
    return r;
}

const SyscallDef sys_exec_defs[] = {
    { "fork", sys_fork, "", 'd' },
    { "vfork", sys_vfork, "", 'd' },
    { "clone", sys_clone, "Cpppp", 'd' },
    { "wait4", sys_wait4, "#Vwp", 'd' },
    { "waitid", sys_waitid, "ddpwp", 'd' },
    { "waitpid", sys_waitpid, "dpw", 'd' },
    { "execve", sys_execve, "svv", 'd' },
    { "execveat", sys_execveat, "dsvvx", 'd' },
    { "getrusage", sys_getrusage, "dp", 'd' },
    { NULL, NULL, NULL, 0 },
};
