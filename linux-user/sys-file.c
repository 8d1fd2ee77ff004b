/*
 * sys-file.c: system calls on file descriptors: open/close, read/write in
 * all forms, seeking, duplicating, pipes, fcntl, truncation, directory
 * reading (waiting for readiness is in sys-poll.c).
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
#include <linux/close_range.h>
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
    fd_kind_set((int)a[0], FD_PLAIN);
    return host_ret(close((int)a[0]));
}

static int64_t sys_read(const uint64_t *a)
{
    void *buf = guest_buf((abi_ulong)a[1], (abi_ulong)a[2]);
    if (!buf) {
        return -EFAULT;
    }
    int64_t n = safe_syscall(SYS_read, (long)(int)a[0], buf,
                             (long)(abi_ulong)a[2]);
    if (n > 0) {
        fd_kind_read_done((int)a[0], buf, (size_t)n);
    }
    return n;
}

static int64_t sys_write(const uint64_t *a)
{
    void *buf = guest_buf((abi_ulong)a[1], (abi_ulong)a[2]);
    if (!buf) {
        return -EFAULT;
    }
    uint64_t counter;
    if (fd_kind((int)a[0]) != FD_PLAIN) {
        if (!guest_access_ok((abi_ulong)a[1], (abi_ulong)a[2], PAGE_READ)) {
            return -EFAULT;
        }
        buf = (void *)fd_kind_write_buf((int)a[0], buf, (abi_ulong)a[2],
                                        &counter);
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

struct iovec *guest_iovec(abi_ulong addr, abi_ulong count, int *err)
{
    if (count > IOV_MAX) {
        *err = -EINVAL;
        return NULL;
    }
    struct iovec *hv = calloc(count ? count : 1, sizeof(*hv));
    if (!hv) {
        *err = -ENOMEM;
        return NULL;
    }
    for (abi_ulong i = 0; i < count; i++) {
        struct target_iovec tv;
        if (copy_from_guest(&tv, addr + i * sizeof(tv), sizeof(tv)) < 0) {
            free(hv);
            *err = -EFAULT;
            return NULL;
        }
        abi_ulong base = tget(tv.iov_base), len = tget(tv.iov_len);
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
    struct iovec *v = guest_iovec((abi_ulong)a[1], (abi_ulong)a[2], &err);
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
    struct iovec *v = guest_iovec((abi_ulong)a[1], (abi_ulong)a[2], &err);
    if (!v) {
        return err;
    }
    int64_t r = safe_syscall(SYS_writev, (long)(int)a[0], v, (long)(int)a[2]);
    free(v);
    return r;
}


/* A new descriptor r for old one: a signalfd's copy is one too. */
static int64_t dup_result(int old, int r)
{
    if (r < 0) {
        return -errno;
    }
    fd_kind_set(r, fd_kind(old));
    return r;
}

static int64_t sys_dup(const uint64_t *a)
{
    return dup_result((int)a[0], dup((int)a[0]));
}

static int64_t sys_dup2(const uint64_t *a)
{
    return dup_result((int)a[0], dup2((int)a[0], (int)a[1]));
}

static int64_t sys_dup3(const uint64_t *a)
{
    return dup_result((int)a[0], dup3((int)a[0], (int)a[1],
                                      target_to_host_open_flags(a[2])));
}

static int64_t do_pipe2(abi_ulong addr, uint32_t flags)
{
    if (!guest_access_ok(addr, 8, PAGE_WRITE)) {
        return -EFAULT;
    }
    int fds[2];
    if (pipe2(fds, target_to_host_open_flags(flags)) < 0) {
        return -errno;
    }
    int32_t out[2];
    tput(out[0], fds[0]);
    tput(out[1], fds[1]);
    return copy_to_guest(addr, out, sizeof(out));
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
    struct target_flock guest_fl, *t = &guest_fl;
    if (copy_from_guest(t, addr, sizeof(*t)) < 0 ||
        (cmd == F_GETLK && !guest_access_ok(addr, sizeof(*t), PAGE_WRITE))) {
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
        return copy_to_guest(addr, t, sizeof(*t));
    }
    return 0;
}

static int64_t fcntl_flock64(int fd, int cmd, abi_ulong addr)
{
    bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;
    struct target_flock64 guest_fl, *t = &guest_fl;
    if (copy_from_guest(t, addr, sizeof(*t)) < 0 ||
        (get && !guest_access_ok(addr, sizeof(*t), PAGE_WRITE))) {
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
        return copy_to_guest(addr, t, sizeof(*t));
    }
    return 0;
}

/* struct f_owner_ex (F_GETOWN_EX, F_SETOWN_EX): two ints in the guest's
   byte order.  glibc's F_GETOWN is F_GETOWN_EX, for negative groups. */
static int64_t fcntl_owner_ex(int fd, int cmd, abi_ulong addr)
{
    int32_t guest_owner[2];
    struct f_owner_ex h;
    if (fcntl(fd, F_GETFD) < 0) {
        return -errno; /* the kernel checks fd before the pointer */
    }
    if (cmd == F_SETOWN_EX) {
        if (copy_from_guest(guest_owner, addr, sizeof(guest_owner)) < 0) {
            return -EFAULT;
        }
        h.type = tget(guest_owner[0]);
        h.pid = tget(guest_owner[1]);
        return host_ret(fcntl(fd, cmd, &h));
    }
    if (!guest_access_ok(addr, sizeof(guest_owner), PAGE_WRITE)) {
        return -EFAULT;
    }
    if (fcntl(fd, cmd, &h) < 0) {
        return -errno;
    }
    tput(guest_owner[0], h.type);
    tput(guest_owner[1], h.pid);
    return copy_to_guest(addr, guest_owner, sizeof(guest_owner));
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
    case F_DUPFD: case F_DUPFD_CLOEXEC:
        return dup_result(fd, fcntl(fd, cmd, (int)arg));
    case F_GETOWN_EX: case F_SETOWN_EX:
        return fcntl_owner_ex(fd, cmd, arg);
    case F_GETFD: case F_SETFD:
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
    if (!guest_access_ok((abi_ulong)a[3], 8, PAGE_WRITE)) {
        return -EFAULT;
    }
    int64_t r = do_lseek((int)a[0], off, (int)a[4]);
    if (r < 0) {
        return r;
    }
    return put_guest_val(int64_t, (abi_ulong)a[3], r);
}

/* flock can wait for another process's lock: a guest signal ends it. */
static int64_t sys_flock(const uint64_t *a)
{
    return safe_syscall(SYS_flock, (long)(int)a[0], (long)(int)a[1]);
}

static int64_t sys_fallocate(const uint64_t *a)
{
    int i = 2;
    uint64_t off = syscall_arg64(a, &i);
    uint64_t len = syscall_arg64(a, &i);
    return host_ret(fallocate((int)a[0], (int)a[1], (off_t)off, (off_t)len));
}

/* fadvise64(fd, offset, len, advice): the 32-bit ABIs pass the offset in
 * a register pair and len as one word. */
static int64_t sys_fadvise64(const uint64_t *a)
{
    int i = 1;
    uint64_t off = syscall_arg64(a, &i);
    abi_ulong len = (abi_ulong)a[i];
    return -posix_fadvise((int)a[0], (off_t)off, (off_t)len, (int)a[i + 1]);
}

/* fadvise64_64: i386 (fd, offset, len, advice), ppc32 (fd, advice,
 * offset, len), each 64-bit value a register pair. */
static int64_t sys_fadvise64_64(const uint64_t *a)
{
#ifdef TARGET_PPC
    int i = 2, advice = (int)a[1];
#else
    int i = 1, advice = (int)a[5];
#endif
    uint64_t off = syscall_arg64(a, &i);
    uint64_t len = syscall_arg64(a, &i);
    return -posix_fadvise((int)a[0], (off_t)off, (off_t)len, advice);
}

static int64_t sys_readahead(const uint64_t *a)
{
    int i = 1;
    uint64_t off = syscall_arg64(a, &i);
    return host_ret(readahead((int)a[0], (off64_t)off, (abi_ulong)a[i]));
}

static int64_t sys_sync(const uint64_t *a)
{
    (void)a;
    sync();
    return 0;
}

static int64_t sys_syncfs(const uint64_t *a)
{
    return host_ret(syncfs((int)a[0]));
}

static int64_t sys_sync_file_range(const uint64_t *a)
{
    int i = 1;
    uint64_t off = syscall_arg64(a, &i);
    uint64_t len = syscall_arg64(a, &i);
    return host_ret(sync_file_range((int)a[0], (off64_t)off, (off64_t)len,
                                    (unsigned)a[i]));
}

/* ppc32: (fd, flags, offset, nbytes) so that the pairs stay aligned. */
static int64_t sys_sync_file_range2(const uint64_t *a)
{
    int i = 2;
    uint64_t off = syscall_arg64(a, &i);
    uint64_t len = syscall_arg64(a, &i);
    return host_ret(sync_file_range((int)a[0], (off64_t)off, (off64_t)len,
                                    (unsigned)a[1]));
}

/* preadv/pwritev(fd, iov, count, pos_l, pos_h[, flags]): the position's
 * halves are two words low first on every ABI (one word holds it all on
 * 64-bit ones). */
static int64_t do_preadv(const uint64_t *a, bool write, int flags)
{
    int err;
    struct iovec *v = guest_iovec((abi_ulong)a[1], (abi_ulong)a[2], &err);
    if (!v) {
        return err;
    }
    int64_t pos = TARGET_ABI_BITS == 64
                      ? (int64_t)a[3]
                      : (int64_t)(((uint64_t)(uint32_t)a[4] << 32) |
                                  (uint32_t)a[3]);
    int n = (int)a[2];
    ssize_t r = write ? pwritev2((int)a[0], v, n, (off_t)pos, flags)
                      : preadv2((int)a[0], v, n, (off_t)pos, flags);
    free(v);
    return host_ret(r);
}

static int64_t sys_preadv(const uint64_t *a)
{
    return do_preadv(a, false, 0);
}

static int64_t sys_pwritev(const uint64_t *a)
{
    return do_preadv(a, true, 0);
}

static int64_t sys_preadv2(const uint64_t *a)
{
    return do_preadv(a, false, (int)a[5]);
}

static int64_t sys_pwritev2(const uint64_t *a)
{
    return do_preadv(a, true, (int)a[5]);
}

static int64_t sys_close_range(const uint64_t *a)
{
    unsigned first = (unsigned)a[0], last = (unsigned)a[1], flags = (unsigned)a[2];
    long r = syscall(SYS_close_range, first, last, flags);
    if (r < 0) {
        return -errno;
    }
    if (!(flags & CLOSE_RANGE_CLOEXEC)) {
        fd_kind_close_range(first, last);
    }
    return 0;
}

static int64_t sys_memfd_create(const uint64_t *a)
{
    const char *name = guest_string((abi_ulong)a[0]);
    if (!name) {
        return -EFAULT;
    }
    /* MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_HUGETLB: the same everywhere */
    return host_ret(syscall(SYS_memfd_create, name, (unsigned)a[1]));
}

const SyscallDef sys_file_defs[] = {
    { "open", sys_open, "sFO", 'd' },
    { "openat", sys_openat, "AsFO", 'd' },
    { "creat", sys_creat, "so", 'd' },
    { "close", sys_close, "d", 'd' },
    { "read", sys_read, "dBu", 'd' },
    { "write", sys_write, "dbu", 'd' },
    { "pread64", sys_pread64, "dBuxxx", 'd' },
    { "pwrite64", sys_pwrite64, "dbuxxx", 'd' },
    { "readv", sys_readv, "d]u", 'd' },
    { "writev", sys_writev, "d[u", 'd' },
    { "lseek", sys_lseek, "ddW", 'd' },
    { "_llseek", sys_llseek, "dxxpW", 'd' },
    { "dup", sys_dup, "d", 'd' },
    { "dup2", sys_dup2, "dd", 'd' },
    { "dup3", sys_dup3, "ddq", 'd' },
    { "pipe", sys_pipe, "I", 'd' },
    { "pipe2", sys_pipe2, "Iq", 'd' },
    { "fcntl", sys_fcntl, "dfx", 'd' },
    { "fcntl64", sys_fcntl64, "dfx", 'd' },
    { "fsync", sys_fsync, "d", 'd' },
    { "fdatasync", sys_fdatasync, "d", 'd' },
    { "truncate", sys_truncate, "sd", 'd' },
    { "ftruncate", sys_ftruncate, "dd", 'd' },
    { "truncate64", sys_truncate64, "sxxx", 'd' },
    { "ftruncate64", sys_ftruncate64, "dxxx", 'd' },
    { "getdents", sys_getdents, "dpu", 'd' },
    { "getdents64", sys_getdents64, "dpu", 'd' },
    { "flock", sys_flock, "dx", 'd' },
    { "fallocate", sys_fallocate, "dxxxxx", 'd' },
    { "fadvise64", sys_fadvise64, "dxxxxx", 'd' },
    { "fadvise64_64", sys_fadvise64_64, "dxxxxx", 'd' },
    { "readahead", sys_readahead, "dxxxx", 'd' },
    { "sync", sys_sync, "", 'd' },
    { "syncfs", sys_syncfs, "d", 'd' },
    { "sync_file_range", sys_sync_file_range, "dxxxxx", 'd' },
    { "sync_file_range2", sys_sync_file_range2, "dxxxxx", 'd' },
    { "preadv", sys_preadv, "d]uxx", 'd' },
    { "pwritev", sys_pwritev, "d[uxx", 'd' },
    { "preadv2", sys_preadv2, "d]uxxx", 'd' },
    { "pwritev2", sys_pwritev2, "d[uxxx", 'd' },
    { "close_range", sys_close_range, "uux", 'd' },
    { "memfd_create", sys_memfd_create, "sx", 'd' },
    { NULL, NULL, NULL, 0 },
};
