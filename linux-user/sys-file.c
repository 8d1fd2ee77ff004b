/*
 * sys-file.c: system calls on file descriptors: open/close, read/write in
 * all forms, seeking, duplicating, pipes, fcntl, truncation, directory
 * reading, and waiting for readiness (poll, select).
 */
#include <dirent.h>
#include <glib.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "linux-user/user.h"


static int64_t do_openat(int dirfd, abi_ulong path, uint32_t flags, int mode)
{
    const char *p = guest_string(path);
    if (!p) {
        return -EFAULT;
    }
    int host_flags = target_to_host_open_flags(flags);
    int64_t ret;
    if (proc_open(p, host_flags, &ret)) {
        return ret;
    }
    char buf[PATH_MAX];
    int fd = openat(dirfd, user_path(p, buf, sizeof(buf)), host_flags, mode);
    return host_ret(fd);
}

static int64_t sys_open(const uint64_t *a)
{
    return do_openat(AT_FDCWD, (abi_ulong)a[0], (uint32_t)a[1], (int)a[2]);
}

static int64_t sys_openat(const uint64_t *a)
{
    return do_openat((int)(abi_long)a[0], (abi_ulong)a[1], (uint32_t)a[2],
                     (int)a[3]);
}

static int64_t sys_creat(const uint64_t *a)
{
    return do_openat(AT_FDCWD, (abi_ulong)a[0], O_CREAT | O_WRONLY | O_TRUNC,
                     (int)a[1]);
}

static int64_t sys_close(const uint64_t *a)
{
    return host_ret(close((int)a[0]));
}

static int64_t sys_read(const uint64_t *a)
{
    void *buf = guest_buf((abi_ulong)a[1], (abi_ulong)a[2]);
    if (!buf) {
        return -EFAULT;
    }
    return safe_syscall(SYS_read, (long)(int)a[0], buf, (long)(abi_ulong)a[2]);
}

static int64_t sys_write(const uint64_t *a)
{
    void *buf = guest_buf((abi_ulong)a[1], (abi_ulong)a[2]);
    if (!buf) {
        return -EFAULT;
    }
    return safe_syscall(SYS_write, (long)(int)a[0], buf,
                        (long)(abi_ulong)a[2]);
}

static int64_t sys_pread64(const uint64_t *a)
{
    int i = 3;
    uint64_t pos = syscall_arg64(a, &i);
    void *buf = guest_buf((abi_ulong)a[1], (abi_ulong)a[2]);
    if (!buf) {
        return -EFAULT;
    }
    ssize_t n = pread((int)a[0], buf, (abi_ulong)a[2], (off_t)pos);
    return host_ret(n);
}

static int64_t sys_pwrite64(const uint64_t *a)
{
    int i = 3;
    uint64_t pos = syscall_arg64(a, &i);
    void *buf = guest_buf((abi_ulong)a[1], (abi_ulong)a[2]);
    if (!buf) {
        return -EFAULT;
    }
    ssize_t n = pwrite((int)a[0], buf, (abi_ulong)a[2], (off_t)pos);
    return host_ret(n);
}

/* Host iovec array for a guest one; NULL with *err set on failure. */
static struct iovec *host_iovec(abi_ulong addr, abi_ulong count, int *err)
{
    if (count > IOV_MAX) {
        *err = -EINVAL;
        return NULL;
    }
    const struct target_iovec *tv =
        guest_ptr(addr, (uint64_t)count * sizeof(*tv), PAGE_READ);
    struct iovec *hv = calloc(count ? count : 1, sizeof(*hv));
    if (!tv || !hv) {
        free(hv);
        *err = tv ? -ENOMEM : -EFAULT;
        return NULL;
    }
    for (abi_ulong i = 0; i < count; i++) {
        abi_ulong base = tget(tv[i].iov_base), len = tget(tv[i].iov_len);
        hv[i].iov_base = guest_buf(base, len);
        hv[i].iov_len = len;
        if (!hv[i].iov_base) {
            free(hv);
            *err = -EFAULT;
            return NULL;
        }
    }
    return hv;
}

static int64_t sys_readv(const uint64_t *a)
{
    int err;
    struct iovec *v = host_iovec((abi_ulong)a[1], (abi_ulong)a[2], &err);
    if (!v) {
        return err;
    }
    int64_t r = safe_syscall(SYS_readv, (long)(int)a[0], v, (long)(int)a[2]);
    free(v);
    return r;
}

static int64_t sys_writev(const uint64_t *a)
{
    int err;
    struct iovec *v = host_iovec((abi_ulong)a[1], (abi_ulong)a[2], &err);
    if (!v) {
        return err;
    }
    int64_t r = safe_syscall(SYS_writev, (long)(int)a[0], v, (long)(int)a[2]);
    free(v);
    return r;
}


static int64_t sys_dup(const uint64_t *a)
{
    return host_ret(dup((int)a[0]));
}

static int64_t sys_dup2(const uint64_t *a)
{
    return host_ret(dup2((int)a[0], (int)a[1]));
}

static int64_t sys_dup3(const uint64_t *a)
{
    return host_ret(dup3((int)a[0], (int)a[1], target_to_host_open_flags(a[2])));
}

static int64_t do_pipe2(abi_ulong addr, uint32_t flags)
{
    int32_t *out = guest_ptr(addr, 8, PAGE_WRITE);
    if (!out) {
        return -EFAULT;
    }
    int fds[2];
    if (pipe2(fds, target_to_host_open_flags(flags)) < 0) {
        return -errno;
    }
    tput(out[0], fds[0]);
    tput(out[1], fds[1]);
    return 0;
}

static int64_t sys_pipe(const uint64_t *a)
{
    return do_pipe2((abi_ulong)a[0], 0);
}

static int64_t sys_pipe2(const uint64_t *a)
{
    return do_pipe2((abi_ulong)a[0], (uint32_t)a[1]);
}

/* F_GETLK/F_SETLK/F_SETLKW with the guest's 32-bit struct flock. */
static int64_t fcntl_flock32(int fd, int cmd, abi_ulong addr)
{
    struct target_flock *t =
        guest_ptr(addr, sizeof(*t), PAGE_READ | (cmd == F_GETLK ? PAGE_WRITE : 0));
    if (!t) {
        return -EFAULT;
    }
    struct flock h = {
        .l_type = tget(t->l_type), .l_whence = tget(t->l_whence),
        .l_start = tget(t->l_start), .l_len = tget(t->l_len),
        .l_pid = tget(t->l_pid),
    };
    if (fcntl(fd, cmd, &h) < 0) {
        return -errno;
    }
    if (cmd == F_GETLK) {
        if ((int64_t)(__typeof__(t->l_start))h.l_start != h.l_start ||
            (int64_t)(__typeof__(t->l_len))h.l_len != h.l_len) {
            return -EOVERFLOW;
        }
        tput(t->l_type, h.l_type);
        tput(t->l_whence, h.l_whence);
        tput(t->l_start, h.l_start);
        tput(t->l_len, h.l_len);
        tput(t->l_pid, h.l_pid);
    }
    return 0;
}

static int64_t fcntl_flock64(int fd, int cmd, abi_ulong addr)
{
    bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;
    struct target_flock64 *t =
        guest_ptr(addr, sizeof(*t), PAGE_READ | (get ? PAGE_WRITE : 0));
    if (!t) {
        return -EFAULT;
    }
    struct flock h = {
        .l_type = tget(t->l_type), .l_whence = tget(t->l_whence),
        .l_start = tget(t->l_start), .l_len = tget(t->l_len),
        .l_pid = tget(t->l_pid),
    };
    if (fcntl(fd, cmd, &h) < 0) {
        return -errno;
    }
    if (get) {
        tput(t->l_type, h.l_type);
        tput(t->l_whence, h.l_whence);
        tput(t->l_start, h.l_start);
        tput(t->l_len, h.l_len);
        tput(t->l_pid, h.l_pid);
    }
    return 0;
}

static int64_t do_fcntl(const uint64_t *a, bool is64)
{
    int fd = (int)a[0], cmd = (int)a[1];
    abi_ulong arg = (abi_ulong)a[2];
    switch (cmd) {
    case F_GETFL: {
        int r = fcntl(fd, cmd);
        return r < 0 ? -errno : (int64_t)host_to_target_open_flags(r);
    }
    case F_SETFL:
        return host_ret(fcntl(fd, cmd, target_to_host_open_flags(arg)));
    case F_GETLK: case F_SETLK: case F_SETLKW:
        return fcntl_flock32(fd, cmd, arg);
    case TARGET_F_GETLK64:
        return is64 ? fcntl_flock64(fd, F_GETLK, arg) : -EINVAL;
    case TARGET_F_SETLK64:
        return is64 ? fcntl_flock64(fd, F_SETLK, arg) : -EINVAL;
    case TARGET_F_SETLKW64:
        return is64 ? fcntl_flock64(fd, F_SETLKW, arg) : -EINVAL;
    case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
        return fcntl_flock64(fd, cmd, arg);
    case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETFD: case F_SETFD:
    case F_SETOWN: case F_GETOWN: case F_SETSIG: case F_GETSIG:
    case F_SETLEASE: case F_GETLEASE: case F_NOTIFY:
    case F_SETPIPE_SZ: case F_GETPIPE_SZ: case F_ADD_SEALS: case F_GET_SEALS:
        return host_ret(fcntl(fd, cmd, (int)arg));
    default:
        return -EINVAL;
    }
}

static int64_t sys_fcntl(const uint64_t *a)
{
    return do_fcntl(a, false);
}

static int64_t sys_fcntl64(const uint64_t *a)
{
    return do_fcntl(a, true);
}

static int64_t sys_fsync(const uint64_t *a)
{
    return host_ret(fsync((int)a[0]));
}

static int64_t sys_fdatasync(const uint64_t *a)
{
    return host_ret(fdatasync((int)a[0]));
}

static int64_t sys_truncate(const uint64_t *a)
{
    const char *p = guest_string((abi_ulong)a[0]);
    return p ? host_ret(truncate(p, (off_t)(abi_long)a[1])) : -EFAULT;
}

static int64_t sys_ftruncate(const uint64_t *a)
{
    return host_ret(ftruncate((int)a[0], (off_t)(abi_long)a[1]));
}

static int64_t sys_truncate64(const uint64_t *a)
{
    int i = 1;
    uint64_t len = syscall_arg64(a, &i);
    const char *p = guest_string((abi_ulong)a[0]);
    return p ? host_ret(truncate(p, (off_t)len)) : -EFAULT;
}

static int64_t sys_ftruncate64(const uint64_t *a)
{
    int i = 1;
    uint64_t len = syscall_arg64(a, &i);
    return host_ret(ftruncate((int)a[0], (off_t)len));
}

/*
 * Directory offsets: the host file system hands out 64-bit position
 * cookies (ext4 hashes), but a 32-bit kernel gives 32-bit tasks values
 * that fit an off_t, and 32-bit glibc's readdir fails with EOVERFLOW on
 * anything larger.  Large cookies are replaced by small numbers above
 * DIR_COOKIE_BASE, which lseek on the directory maps back.
 */
#define DIR_COOKIE_BASE 0x40000000u

static GArray *dir_cookies; /* int64_t host offsets; index = cookie - base */

static int64_t dir_offset_to_guest(int64_t host)
{
    if (host >= 0 && host < DIR_COOKIE_BASE) {
        return host;
    }
    if (!dir_cookies) {
        dir_cookies = g_array_new(false, false, sizeof(int64_t));
    }
    /* Entries are read in order, so a repeat is almost always recent. */
    guint n = dir_cookies->len;
    for (guint i = n; i > 0 && i + 64 > n; i--) {
        if (g_array_index(dir_cookies, int64_t, i - 1) == host) {
            return DIR_COOKIE_BASE + (i - 1);
        }
    }
    if (n >= INT32_MAX - DIR_COOKIE_BASE) {
        return host; /* out of cookies: the guest sees EOVERFLOW */
    }
    g_array_append_val(dir_cookies, host);
    return DIR_COOKIE_BASE + n;
}

/* Host position for a guest lseek offset on a directory. */
static int64_t dir_offset_to_host(int fd, int64_t off, int whence)
{
    if (whence != SEEK_SET || !dir_cookies || off < DIR_COOKIE_BASE ||
        off - DIR_COOKIE_BASE >= dir_cookies->len) {
        return off;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
        return off;
    }
    return g_array_index(dir_cookies, int64_t, off - DIR_COOKIE_BASE);
}

/* lseek with directory cookies translated both ways (32-bit guests). */
static int64_t do_lseek(int fd, int64_t off, int whence)
{
    if (TARGET_ABI_BITS == 64) {
        return host_ret(lseek(fd, (off_t)off, whence));
    }
    off_t r = lseek(fd, (off_t)dir_offset_to_host(fd, off, whence), whence);
    if (r < 0) {
        return -errno;
    }
    struct stat st;
    if (r >= DIR_COOKIE_BASE && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        return dir_offset_to_guest(r);
    }
    return r;
}

/* Host and guest struct linux_dirent64 have the same layout. */
struct dirent64_hdr {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
} __attribute__((packed));

static int64_t sys_getdents64(const uint64_t *a)
{
    abi_ulong count = (abi_ulong)a[2];
    uint8_t *buf = guest_ptr((abi_ulong)a[1], count, PAGE_WRITE);
    if (!buf) {
        return -EFAULT;
    }
    long n = syscall(SYS_getdents64, (int)a[0], buf, count);
    if (n < 0) {
        return -errno;
    }
    for (long off = 0; off < n;) {
        struct dirent64_hdr h;
        memcpy(&h, buf + off, sizeof(h));
        uint16_t reclen = h.d_reclen;
        tput(h.d_ino, h.d_ino);
        tput(h.d_off, TARGET_ABI_BITS == 32 ? dir_offset_to_guest(h.d_off)
                                           : h.d_off);
        tput(h.d_reclen, h.d_reclen);
        memcpy(buf + off, &h, sizeof(h));
        off += reclen;
    }
    return n;
}

/* Old getdents: struct { ulong ino, off; ushort reclen; name; pad; type }.
 * The guest records are never larger than the host's dirent64 ones, so
 * everything read fits the guest buffer. */
static int64_t sys_getdents(const uint64_t *a)
{
    abi_ulong count = (abi_ulong)a[2];
    uint8_t *out = guest_ptr((abi_ulong)a[1], count, PAGE_WRITE);
    if (!out) {
        return -EFAULT;
    }
    uint8_t *tmp = malloc(count ? count : 1);
    if (!tmp) {
        return -ENOMEM;
    }
    long n = syscall(SYS_getdents64, (int)a[0], tmp, count);
    if (n < 0) {
        free(tmp);
        return -errno;
    }
    size_t w = 0;
    for (long off = 0; off < n;) {
        struct dirent64_hdr h;
        memcpy(&h, tmp + off, sizeof(h));
        const char *name = (const char *)tmp + off + sizeof(h);
        size_t namelen = strlen(name);
        size_t reclen = (2 * sizeof(abi_ulong) + 2 + namelen + 2 +
                         sizeof(abi_ulong) - 1) & ~(sizeof(abi_ulong) - 1);
        abi_ulong ino = (abi_ulong)h.d_ino;
        abi_ulong doff = (abi_ulong)(TARGET_ABI_BITS == 32
                                         ? dir_offset_to_guest(h.d_off)
                                         : h.d_off);
        uint16_t rl = (uint16_t)reclen;
        tput(ino, ino);
        tput(doff, doff);
        tput(rl, rl);
        memset(out + w, 0, reclen);
        memcpy(out + w, &ino, sizeof(ino));
        memcpy(out + w + sizeof(abi_ulong), &doff, sizeof(doff));
        memcpy(out + w + 2 * sizeof(abi_ulong), &rl, 2);
        memcpy(out + w + 2 * sizeof(abi_ulong) + 2, name, namelen);
        out[w + reclen - 1] = h.d_type;
        w += reclen;
        off += h.d_reclen;
    }
    free(tmp);
    return (int64_t)w;
}

static int64_t sys_poll(const uint64_t *a)
{
    abi_ulong nfds = (abi_ulong)a[1];
    if (nfds > 65536) {
        return -EINVAL;
    }
    struct target_pollfd *t =
        guest_ptr((abi_ulong)a[0], (uint64_t)nfds * sizeof(*t),
                  PAGE_READ | PAGE_WRITE);
    struct pollfd *h = calloc(nfds ? nfds : 1, sizeof(*h));
    if (!t || !h) {
        free(h);
        return t ? -ENOMEM : -EFAULT;
    }
    for (abi_ulong i = 0; i < nfds; i++) {
        h[i].fd = tget(t[i].fd);
        h[i].events = tget(t[i].events);
    }
    int64_t r = safe_syscall(SYS_poll, h, (long)nfds, (long)(int)(abi_long)a[2]);
    int64_t ret = r;
    if (r >= 0) {
        for (abi_ulong i = 0; i < nfds; i++) {
            tput(t[i].revents, h[i].revents);
        }
    }
    free(h);
    return ret;
}

/* fd_set: guest words of TARGET_ABI_BITS, bit k of the set in word k/bits. */
#define FDSET_WORD_BITS TARGET_ABI_BITS

static bool fdset_in(abi_ulong addr, int n, fd_set *h, int *err)
{
    FD_ZERO(h);
    if (!addr) {
        return true;
    }
    size_t words = (n + FDSET_WORD_BITS - 1) / FDSET_WORD_BITS;
    const abi_ulong *t = guest_ptr(addr, words * sizeof(abi_ulong),
                                   PAGE_READ | PAGE_WRITE);
    if (!t) {
        *err = -EFAULT;
        return false;
    }
    for (int fd = 0; fd < n; fd++) {
        if (tget(t[fd / FDSET_WORD_BITS]) & ((abi_ulong)1 << (fd % FDSET_WORD_BITS))) {
            FD_SET(fd, h);
        }
    }
    return true;
}

static void fdset_out(abi_ulong addr, int n, const fd_set *h)
{
    if (!addr) {
        return;
    }
    abi_ulong *t = g2h(addr);
    size_t words = (n + FDSET_WORD_BITS - 1) / FDSET_WORD_BITS;
    for (size_t w = 0; w < words; w++) {
        abi_ulong v = 0;
        for (int b = 0; b < FDSET_WORD_BITS && w * FDSET_WORD_BITS + b < (size_t)n; b++) {
            if (FD_ISSET((int)(w * FDSET_WORD_BITS + b), h)) {
                v |= (abi_ulong)1 << b;
            }
        }
        tput(t[w], v);
    }
}

/* Common part of select and pselect6: timeout in *ts (NULL: none). */
static int64_t do_select(const uint64_t *a, struct timespec *ts)
{
    int n = (int)a[0];
    if (n < 0 || n > FD_SETSIZE) {
        return -EINVAL;
    }
    fd_set r, w, e;
    int err = 0;
    if (!fdset_in((abi_ulong)a[1], n, &r, &err) ||
        !fdset_in((abi_ulong)a[2], n, &w, &err) ||
        !fdset_in((abi_ulong)a[3], n, &e, &err)) {
        return err;
    }
    /* The kernel's pselect6 updates the timeout; the caller's stays. */
    struct timespec left, *leftp = NULL;
    if (ts) {
        left = *ts;
        leftp = &left;
    }
    long ret = safe_syscall(SYS_pselect6, (long)n, &r, &w, &e, leftp, NULL);
    if (ret < 0) {
        return ret;
    }
    fdset_out((abi_ulong)a[1], n, &r);
    fdset_out((abi_ulong)a[2], n, &w);
    fdset_out((abi_ulong)a[3], n, &e);
    return ret;
}

static int64_t sys_newselect(const uint64_t *a)
{
    struct target_timeval *tv = NULL;
    struct timespec ts, *tsp = NULL;
    if ((abi_ulong)a[4]) {
        tv = guest_ptr((abi_ulong)a[4], sizeof(*tv), PAGE_READ | PAGE_WRITE);
        if (!tv) {
            return -EFAULT;
        }
        ts.tv_sec = tget(tv->tv_sec);
        ts.tv_nsec = (long)tget(tv->tv_usec) * 1000;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) {
            return -EINVAL;
        }
        tsp = &ts;
    }
    int64_t r = do_select(a, tsp);
    if (r >= 0 && tv) {
        /* pselect does not update the timeout; report it as used up on a
         * timeout and unchanged otherwise. */
        if (r == 0) {
            tput(tv->tv_sec, 0);
            tput(tv->tv_usec, 0);
        }
    }
    return r;
}

/* 32-bit select (82 on ppc32 and i386) also takes the old form: one
 * pointer to a block of the five arguments, recognised by a "count" that
 * is an address.  x86-64's select is the plain one. */
static int64_t sys_select(const uint64_t *a)
{
    if (TARGET_ABI_BITS == 64 || (abi_ulong)a[0] < 4096) {
        return sys_newselect(a);
    }
    const abi_ulong *block = guest_ptr((abi_ulong)a[0], 5 * sizeof(abi_ulong),
                                       PAGE_READ);
    if (!block) {
        return -EFAULT;
    }
    uint64_t args[SYSCALL_ARGS] = { 0 };
    for (int i = 0; i < 5; i++) {
        args[i] = tget(block[i]);
    }
    return sys_newselect(args);
}

static int64_t do_pselect6(const uint64_t *a, bool time64)
{
    struct timespec ts, *tsp = NULL;
    abi_ulong t = (abi_ulong)a[4];
    if (t) {
        if (time64) {
            const struct target_timespec64 *g = guest_ptr(t, sizeof(*g), PAGE_READ);
            if (!g) {
                return -EFAULT;
            }
            ts.tv_sec = tget(g->tv_sec);
            ts.tv_nsec = tget(g->tv_nsec);
        } else {
            const struct target_timespec *g = guest_ptr(t, sizeof(*g), PAGE_READ);
            if (!g) {
                return -EFAULT;
            }
            ts.tv_sec = tget(g->tv_sec);
            ts.tv_nsec = tget(g->tv_nsec);
        }
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) {
            return -EINVAL;
        }
        tsp = &ts;
    }
    return do_select(a, tsp);
}

static int64_t sys_pselect6(const uint64_t *a)
{
    return do_pselect6(a, false);
}

static int64_t sys_pselect6_time64(const uint64_t *a)
{
    return do_pselect6(a, true);
}

static int64_t do_ppoll(const uint64_t *a, bool time64)
{
    abi_ulong t = (abi_ulong)a[2];
    int timeout = -1;
    if (t) {
        int64_t sec, nsec;
        if (time64) {
            const struct target_timespec64 *g = guest_ptr(t, sizeof(*g), PAGE_READ);
            if (!g) {
                return -EFAULT;
            }
            sec = tget(g->tv_sec);
            nsec = tget(g->tv_nsec);
        } else {
            const struct target_timespec *g = guest_ptr(t, sizeof(*g), PAGE_READ);
            if (!g) {
                return -EFAULT;
            }
            sec = tget(g->tv_sec);
            nsec = tget(g->tv_nsec);
        }
        if (sec < 0 || nsec < 0 || nsec >= 1000000000) {
            return -EINVAL;
        }
        int64_t ms = sec * 1000 + (nsec + 999999) / 1000000;
        timeout = ms > INT32_MAX ? INT32_MAX : (int)ms;
    }
    uint64_t pa[3] = { a[0], a[1], (uint64_t)(int64_t)timeout };
    return sys_poll(pa);
}

static int64_t sys_ppoll(const uint64_t *a)
{
    return do_ppoll(a, false);
}

static int64_t sys_ppoll_time64(const uint64_t *a)
{
    return do_ppoll(a, true);
}

static int64_t sys_lseek(const uint64_t *a)
{
    int64_t r = do_lseek((int)a[0], (abi_long)a[1], (int)a[2]);
    if (r > (int64_t)((abi_ulong)-1 >> 1)) {
        return -EOVERFLOW;
    }
    return r;
}

static int64_t sys_llseek(const uint64_t *a)
{
    int64_t off = (int64_t)(((uint64_t)(abi_ulong)a[1] << 32) |
                            (abi_ulong)a[2]);
    int64_t *res = guest_ptr((abi_ulong)a[3], 8, PAGE_WRITE);
    if (!res) {
        return -EFAULT;
    }
    int64_t r = do_lseek((int)a[0], off, (int)a[4]);
    if (r < 0) {
        return r;
    }
    tput(*res, r);
    return 0;
}

const SyscallDef sys_file_defs[] = {
    { "open", sys_open, "sFo", 'd' },
    { "openat", sys_openat, "AsFo", 'd' },
    { "creat", sys_creat, "so", 'd' },
    { "close", sys_close, "d", 'd' },
    { "read", sys_read, "dpu", 'd' },
    { "write", sys_write, "dpu", 'd' },
    { "pread64", sys_pread64, "dpuxxx", 'd' },
    { "pwrite64", sys_pwrite64, "dpuxxx", 'd' },
    { "readv", sys_readv, "dpu", 'd' },
    { "writev", sys_writev, "dpu", 'd' },
    { "lseek", sys_lseek, "ddW", 'd' },
    { "_llseek", sys_llseek, "dxxpW", 'd' },
    { "dup", sys_dup, "d", 'd' },
    { "dup2", sys_dup2, "dd", 'd' },
    { "dup3", sys_dup3, "ddx", 'd' },
    { "pipe", sys_pipe, "p", 'd' },
    { "pipe2", sys_pipe2, "px", 'd' },
    { "fcntl", sys_fcntl, "ddx", 'd' },
    { "fcntl64", sys_fcntl64, "ddx", 'd' },
    { "fsync", sys_fsync, "d", 'd' },
    { "fdatasync", sys_fdatasync, "d", 'd' },
    { "truncate", sys_truncate, "sd", 'd' },
    { "ftruncate", sys_ftruncate, "dd", 'd' },
    { "truncate64", sys_truncate64, "sxxx", 'd' },
    { "ftruncate64", sys_ftruncate64, "dxxx", 'd' },
    { "getdents", sys_getdents, "dpu", 'd' },
    { "getdents64", sys_getdents64, "dpu", 'd' },
    { "poll", sys_poll, "pud", 'd' },
    { "ppoll", sys_ppoll, "pupp", 'd' },
    { "ppoll_time64", sys_ppoll_time64, "pupp", 'd' },
    { "select", sys_select, "dpppp", 'd' },
    { "_newselect", sys_newselect, "dpppp", 'd' },
    { "pselect6", sys_pselect6, "dppppp", 'd' },
    { "pselect6_time64", sys_pselect6_time64, "dppppp", 'd' },
    { NULL, NULL, NULL, 0 },
};
