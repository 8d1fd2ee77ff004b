/*
 * sys-path.c: system calls on path names: access checks, the working
 * directory, creating, removing, renaming and linking names, permissions
 * and ownership, timestamps.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "linux-user/user.h"

#define PATH_ARG(var, v)                                                       \
    const char *var = guest_string((abi_ulong)(v));                            \
    if (!var) {                                                                \
        return -EFAULT;                                                        \
    }
#define DIRFD(v) ((int)(abi_long)(v))

static int64_t sys_access(const uint64_t *a)
{
    PATH_ARG(p, a[0]);
    char buf[PATH_MAX];
    return host_ret(faccessat(AT_FDCWD, user_path(p, buf, sizeof(buf)),
                              (int)a[1], 0));
}

static int64_t sys_faccessat(const uint64_t *a)
{
    PATH_ARG(p, a[1]);
    char buf[PATH_MAX];
    return host_ret(syscall(SYS_faccessat, DIRFD(a[0]),
                            user_path(p, buf, sizeof(buf)), (int)a[2]));
}

static int64_t sys_faccessat2(const uint64_t *a)
{
    PATH_ARG(p, a[1]);
    char buf[PATH_MAX];
    return host_ret(syscall(SYS_faccessat2, DIRFD(a[0]),
                            user_path(p, buf, sizeof(buf)), (int)a[2],
                            (int)a[3]));
}

static int64_t sys_chdir(const uint64_t *a)
{
    PATH_ARG(p, a[0]);
    return host_ret(chdir(p));
}

static int64_t sys_fchdir(const uint64_t *a)
{
    return host_ret(fchdir((int)a[0]));
}

static int64_t sys_getcwd(const uint64_t *a)
{
    abi_ulong size = (abi_ulong)a[1];
    char *buf = guest_ptr((abi_ulong)a[0], size, PAGE_WRITE);
    if (!buf) {
        return -EFAULT;
    }
    /* The kernel returns the length including the NUL. */
    return host_ret(syscall(SYS_getcwd, buf, size));
}

static int64_t sys_mkdir(const uint64_t *a)
{
    PATH_ARG(p, a[0]);
    return host_ret(mkdir(p, (mode_t)a[1]));
}

static int64_t sys_mkdirat(const uint64_t *a)
{
    PATH_ARG(p, a[1]);
    return host_ret(mkdirat(DIRFD(a[0]), p, (mode_t)a[2]));
}

static int64_t sys_mknod(const uint64_t *a)
{
    PATH_ARG(p, a[0]);
    return host_ret(mknod(p, (mode_t)a[1], (dev_t)(abi_ulong)a[2]));
}

static int64_t sys_mknodat(const uint64_t *a)
{
    PATH_ARG(p, a[1]);
    return host_ret(mknodat(DIRFD(a[0]), p, (mode_t)a[2], (dev_t)(abi_ulong)a[3]));
}

static int64_t sys_rmdir(const uint64_t *a)
{
    PATH_ARG(p, a[0]);
    return host_ret(rmdir(p));
}

static int64_t sys_unlink(const uint64_t *a)
{
    PATH_ARG(p, a[0]);
    return host_ret(unlink(p));
}

static int64_t sys_unlinkat(const uint64_t *a)
{
    PATH_ARG(p, a[1]);
    return host_ret(unlinkat(DIRFD(a[0]), p, (int)a[2]));
}

static int64_t sys_rename(const uint64_t *a)
{
    PATH_ARG(from, a[0]);
    PATH_ARG(to, a[1]);
    return host_ret(rename(from, to));
}

static int64_t sys_renameat(const uint64_t *a)
{
    PATH_ARG(from, a[1]);
    PATH_ARG(to, a[3]);
    return host_ret(renameat(DIRFD(a[0]), from, DIRFD(a[2]), to));
}

static int64_t sys_renameat2(const uint64_t *a)
{
    PATH_ARG(from, a[1]);
    PATH_ARG(to, a[3]);
    return host_ret(renameat2(DIRFD(a[0]), from, DIRFD(a[2]), to, (unsigned)a[4]));
}

static int64_t sys_link(const uint64_t *a)
{
    PATH_ARG(from, a[0]);
    PATH_ARG(to, a[1]);
    return host_ret(link(from, to));
}

static int64_t sys_linkat(const uint64_t *a)
{
    PATH_ARG(from, a[1]);
    PATH_ARG(to, a[3]);
    return host_ret(linkat(DIRFD(a[0]), from, DIRFD(a[2]), to, (int)a[4]));
}

static int64_t sys_symlink(const uint64_t *a)
{
    PATH_ARG(target, a[0]);
    PATH_ARG(p, a[1]);
    return host_ret(symlink(target, p));
}

static int64_t sys_symlinkat(const uint64_t *a)
{
    PATH_ARG(target, a[0]);
    PATH_ARG(p, a[2]);
    return host_ret(symlinkat(target, DIRFD(a[1]), p));
}

static int64_t do_readlinkat(int dirfd, abi_ulong path, abi_ulong buf,
                             abi_ulong size)
{
    const char *p = guest_string(path);
    if (!p) {
        return -EFAULT;
    }
    if ((abi_long)size <= 0) {
        return -EINVAL;
    }
    char *out = guest_ptr(buf, size, PAGE_WRITE);
    if (!out) {
        return -EFAULT;
    }
    int64_t ret;
    if (proc_readlink(p, out, size, &ret)) {
        return ret;
    }
    char host[PATH_MAX];
    return host_ret(readlinkat(dirfd, user_path(p, host, sizeof(host)), out,
                               size));
}

static int64_t sys_readlink(const uint64_t *a)
{
    return do_readlinkat(AT_FDCWD, (abi_ulong)a[0], (abi_ulong)a[1],
                         (abi_ulong)a[2]);
}

static int64_t sys_readlinkat(const uint64_t *a)
{
    return do_readlinkat(DIRFD(a[0]), (abi_ulong)a[1], (abi_ulong)a[2],
                         (abi_ulong)a[3]);
}

static int64_t sys_chmod(const uint64_t *a)
{
    PATH_ARG(p, a[0]);
    return host_ret(chmod(p, (mode_t)a[1]));
}

static int64_t sys_fchmod(const uint64_t *a)
{
    return host_ret(fchmod((int)a[0], (mode_t)a[1]));
}

static int64_t sys_fchmodat(const uint64_t *a)
{
    PATH_ARG(p, a[1]);
    return host_ret(syscall(SYS_fchmodat, DIRFD(a[0]), p, (mode_t)a[2]));
}

/* uid/gid -1 (as a 32-bit value) means "unchanged". */
static uid_t id_arg(uint64_t v)
{
    return (uid_t)(uint32_t)v;
}

static int64_t sys_chown(const uint64_t *a)
{
    PATH_ARG(p, a[0]);
    return host_ret(chown(p, id_arg(a[1]), id_arg(a[2])));
}

static int64_t sys_lchown(const uint64_t *a)
{
    PATH_ARG(p, a[0]);
    return host_ret(lchown(p, id_arg(a[1]), id_arg(a[2])));
}

static int64_t sys_fchown(const uint64_t *a)
{
    return host_ret(fchown((int)a[0], id_arg(a[1]), id_arg(a[2])));
}

static int64_t sys_fchownat(const uint64_t *a)
{
    PATH_ARG(p, a[1]);
    return host_ret(fchownat(DIRFD(a[0]), p, id_arg(a[2]), id_arg(a[3]), (int)a[4]));
}

static int64_t sys_umask(const uint64_t *a)
{
    return umask((mode_t)a[0]);
}

/* utimensat with 32-bit or 64-bit timespecs (NULL path: on the fd). */
static int64_t do_utimensat(const uint64_t *a, bool time64)
{
    const char *p = NULL;
    if ((abi_ulong)a[1]) {
        p = guest_string((abi_ulong)a[1]);
        if (!p) {
            return -EFAULT;
        }
    }
    struct timespec ts[2], *tsp = NULL;
    abi_ulong t = (abi_ulong)a[2];
    if (t) {
        size_t size = time64 ? sizeof(struct target_timespec64)
                             : sizeof(struct target_timespec);
        for (int i = 0; i < 2; i++) {
            if (get_timespec(t + i * size, &ts[i], time64) < 0) {
                return -EFAULT;
            }
        }
        tsp = ts;
    }
    return host_ret(syscall(SYS_utimensat, DIRFD(a[0]), p, tsp, (int)a[3]));
}

static int64_t sys_utimensat(const uint64_t *a)
{
    return do_utimensat(a, false);
}

static int64_t sys_utimensat_time64(const uint64_t *a)
{
    return do_utimensat(a, true);
}

/* utimes/futimesat: two guest timevals (NULL: now). */
static int64_t do_futimesat(int dirfd, abi_ulong path, abi_ulong times)
{
    const char *p = guest_string(path);
    if (!p) {
        return -EFAULT;
    }
    struct timeval tv[2], *tvp = NULL;
    if (times) {
        for (int i = 0; i < 2; i++) {
            struct target_timeval t;
            if (copy_from_guest(&t, times + i * sizeof(t), sizeof(t)) < 0) {
                return -EFAULT;
            }
            tv[i].tv_sec = tget(t.tv_sec);
            tv[i].tv_usec = tget(t.tv_usec);
        }
        tvp = tv;
    }
    char buf[PATH_MAX];
    return host_ret(syscall(SYS_futimesat, dirfd, user_path(p, buf, sizeof(buf)),
                            tvp));
}

static int64_t sys_utimes(const uint64_t *a)
{
    return do_futimesat(AT_FDCWD, (abi_ulong)a[0], (abi_ulong)a[1]);
}

static int64_t sys_futimesat(const uint64_t *a)
{
    return do_futimesat(DIRFD(a[0]), (abi_ulong)a[1], (abi_ulong)a[2]);
}

/* utime(path, struct utimbuf *): two guest words, access then
 * modification time, in seconds (NULL: now). */
static int64_t sys_utime(const uint64_t *a)
{
    const char *p = guest_string((abi_ulong)a[0]);
    if (!p) {
        return -EFAULT;
    }
    struct timespec ts[2], *tsp = NULL;
    if ((abi_ulong)a[1]) {
        abi_long t[2];
        if (copy_from_guest(t, (abi_ulong)a[1], sizeof(t)) < 0) {
            return -EFAULT;
        }
        ts[0] = (struct timespec){ .tv_sec = tget(t[0]) };
        ts[1] = (struct timespec){ .tv_sec = tget(t[1]) };
        tsp = ts;
    }
    char buf[PATH_MAX];
    return host_ret(utimensat(AT_FDCWD, user_path(p, buf, sizeof(buf)), tsp,
                              0));
}

static int64_t sys_chroot(const uint64_t *a)
{
    const char *p = guest_string((abi_ulong)a[0]);
    if (!p) {
        return -EFAULT;
    }
    char buf[PATH_MAX];
    return host_ret(chroot(user_path(p, buf, sizeof(buf))));
}

const SyscallDef sys_path_defs[] = {
    { "utimes", sys_utimes, "sp", 'd' },
    { "futimesat", sys_futimesat, "Asp", 'd' },
    { "utime", sys_utime, "sp", 'd' },
    { "chroot", sys_chroot, "s", 'd' },
    { "access", sys_access, "sa", 'd' },
    { "faccessat", sys_faccessat, "Asa", 'd' },
    { "faccessat2", sys_faccessat2, "Asal", 'd' },
    { "chdir", sys_chdir, "s", 'd' },
    { "fchdir", sys_fchdir, "d", 'd' },
    { "getcwd", sys_getcwd, "pu", 'd' },
    { "mkdir", sys_mkdir, "so", 'd' },
    { "mkdirat", sys_mkdirat, "Aso", 'd' },
    { "mknod", sys_mknod, "sox", 'd' },
    { "mknodat", sys_mknodat, "Asox", 'd' },
    { "rmdir", sys_rmdir, "s", 'd' },
    { "unlink", sys_unlink, "s", 'd' },
    { "unlinkat", sys_unlinkat, "Asl", 'd' },
    { "rename", sys_rename, "ss", 'd' },
    { "renameat", sys_renameat, "AsAs", 'd' },
    { "renameat2", sys_renameat2, "AsAsx", 'd' },
    { "link", sys_link, "ss", 'd' },
    { "linkat", sys_linkat, "AsAsl", 'd' },
    { "symlink", sys_symlink, "ss", 'd' },
    { "symlinkat", sys_symlinkat, "sAs", 'd' },
    { "readlink", sys_readlink, "spu", 'd' },
    { "readlinkat", sys_readlinkat, "Aspu", 'd' },
    { "chmod", sys_chmod, "so", 'd' },
    { "fchmod", sys_fchmod, "do", 'd' },
    { "fchmodat", sys_fchmodat, "Aso", 'd' },
    { "chown", sys_chown, "sdd", 'd' },
    { "lchown", sys_lchown, "sdd", 'd' },
    { "fchown", sys_fchown, "ddd", 'd' },
    /* i386's calls with 32-bit ids. */
    { "chown32", sys_chown, "sdd", 'd' },
    { "lchown32", sys_lchown, "sdd", 'd' },
    { "fchown32", sys_fchown, "ddd", 'd' },
    { "fchownat", sys_fchownat, "Asddl", 'd' },
    { "umask", sys_umask, "o", 'd' },
    { "utimensat", sys_utimensat, "Aspl", 'd' },
    { "utimensat_time64", sys_utimensat_time64, "Aspl", 'd' },
    { NULL, NULL, NULL, 0 },
};
