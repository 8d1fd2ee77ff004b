/*
 * sys-stat.c: the stat family.  The host fills its struct stat; every
 * field is copied into the guest's layout in the guest's byte order.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux-user/user.h"

/* The 32-bit dev_t: major in bits 8-15, minor in 0-7 and 20-31.  A 64-bit
 * field takes the host's dev_t as it is. */
static uint64_t guest_dev(dev_t d, size_t field_size)
{
    if (field_size == 8) {
        return d;
    }
    unsigned maj = major(d), min = minor(d);
    return (min & 0xff) | (maj << 8) | ((min & ~0xffu) << 12);
}

/* v fits the guest field without changing its value. */
#define FITS(field, v) ((int64_t)(__typeof__(field))(v) == (int64_t)(v))

static int64_t put_stat(abi_ulong addr, const struct stat *st)
{
    struct target_stat guest_st, *t = &guest_st;
    if (!FITS(t->st_ino, st->st_ino) || !FITS(t->st_size, st->st_size) ||
        !FITS(t->st_blocks, st->st_blocks)) {
        return -EOVERFLOW;
    }
    memset(t, 0, sizeof(*t));
    tput(t->st_dev, guest_dev(st->st_dev, sizeof(t->st_dev)));
    tput(t->st_ino, st->st_ino);
    tput(t->st_mode, st->st_mode);
    tput(t->st_nlink, st->st_nlink);
    tput(t->st_uid, st->st_uid);
    tput(t->st_gid, st->st_gid);
    tput(t->st_rdev, guest_dev(st->st_rdev, sizeof(t->st_rdev)));
    tput(t->st_size, st->st_size);
    tput(t->st_blksize, st->st_blksize);
    tput(t->st_blocks, st->st_blocks);
    tput(t->st_atime_sec, st->st_atim.tv_sec);
    tput(t->st_atime_nsec, st->st_atim.tv_nsec);
    tput(t->st_mtime_sec, st->st_mtim.tv_sec);
    tput(t->st_mtime_nsec, st->st_mtim.tv_nsec);
    tput(t->st_ctime_sec, st->st_ctim.tv_sec);
    tput(t->st_ctime_nsec, st->st_ctim.tv_nsec);
    return copy_to_guest(addr, t, sizeof(*t));
}

static int64_t put_stat64(abi_ulong addr, const struct stat *st)
{
    struct target_stat64 guest_st, *t = &guest_st;
    memset(t, 0, sizeof(*t));
    tput(t->st_dev, st->st_dev);
    tput(t->st_ino, st->st_ino);
#ifdef TARGET_STAT64_HAS_INO32
    tput(t->st_ino32, st->st_ino);
#endif
    tput(t->st_mode, st->st_mode);
    tput(t->st_nlink, st->st_nlink);
    tput(t->st_uid, st->st_uid);
    tput(t->st_gid, st->st_gid);
    tput(t->st_rdev, st->st_rdev);
    tput(t->st_size, st->st_size);
    tput(t->st_blksize, st->st_blksize);
    tput(t->st_blocks, st->st_blocks);
    tput(t->st_atime_sec, st->st_atim.tv_sec);
    tput(t->st_atime_nsec, st->st_atim.tv_nsec);
    tput(t->st_mtime_sec, st->st_mtim.tv_sec);
    tput(t->st_mtime_nsec, st->st_mtim.tv_nsec);
    tput(t->st_ctime_sec, st->st_ctim.tv_sec);
    tput(t->st_ctime_nsec, st->st_ctim.tv_nsec);
    return copy_to_guest(addr, t, sizeof(*t));
}

typedef int64_t (*PutStat)(abi_ulong addr, const struct stat *st);

static int64_t stat_path(int dirfd, abi_ulong path, int flags, abi_ulong out,
                         PutStat put)
{
    const char *p = guest_string(path);
    if (!p) {
        return -EFAULT;
    }
    /* lstat of /proc/self/exe sees the link, not the guest program. */
    char buf[PATH_MAX];
    if (!(flags & AT_SYMLINK_NOFOLLOW) || strncmp(p, "/proc/", 6) != 0) {
        p = user_path(p, buf, sizeof(buf));
    }
    struct stat st;
    if (fstatat(dirfd, p, &st, flags) < 0) {
        return -errno;
    }
    return put(out, &st);
}

static int64_t stat_fd(int fd, abi_ulong out, PutStat put)
{
    struct stat st;
    if (fstat(fd, &st) < 0) {
        return -errno;
    }
    return put(out, &st);
}

static int64_t sys_stat(const uint64_t *a)
{
    return stat_path(AT_FDCWD, (abi_ulong)a[0], 0, (abi_ulong)a[1], put_stat);
}

static int64_t sys_lstat(const uint64_t *a)
{
    return stat_path(AT_FDCWD, (abi_ulong)a[0], AT_SYMLINK_NOFOLLOW,
                     (abi_ulong)a[1], put_stat);
}

static int64_t sys_fstat(const uint64_t *a)
{
    return stat_fd((int)a[0], (abi_ulong)a[1], put_stat);
}

static int64_t sys_stat64(const uint64_t *a)
{
    return stat_path(AT_FDCWD, (abi_ulong)a[0], 0, (abi_ulong)a[1], put_stat64);
}

static int64_t sys_lstat64(const uint64_t *a)
{
    return stat_path(AT_FDCWD, (abi_ulong)a[0], AT_SYMLINK_NOFOLLOW,
                     (abi_ulong)a[1], put_stat64);
}

static int64_t sys_fstat64(const uint64_t *a)
{
    return stat_fd((int)a[0], (abi_ulong)a[1], put_stat64);
}

static int64_t sys_fstatat64(const uint64_t *a)
{
    return stat_path((int)(abi_long)a[0], (abi_ulong)a[1], (int)a[3],
                     (abi_ulong)a[2], put_stat64);
}

/* x86-64's fstatat, with its (only) struct stat. */
static int64_t sys_newfstatat(const uint64_t *a)
{
    return stat_path((int)(abi_long)a[0], (abi_ulong)a[1], (int)a[3],
                     (abi_ulong)a[2], put_stat);
}

/* struct statx has one layout on every architecture; only the byte
 * order differs. */
static int64_t sys_statx(const uint64_t *a)
{
    const char *p = guest_string((abi_ulong)a[1]);
    if (!p) {
        return -EFAULT;
    }
    struct statx guest_sx, *t = &guest_sx;
    if (!guest_access_ok((abi_ulong)a[4], sizeof(*t), PAGE_WRITE)) {
        return -EFAULT;
    }
    char buf[PATH_MAX];
    if (!((int)a[2] & AT_SYMLINK_NOFOLLOW) || strncmp(p, "/proc/", 6) != 0) {
        p = user_path(p, buf, sizeof(buf));
    }
    struct statx sx;
    if (statx((int)(abi_long)a[0], p, (int)a[2], (unsigned)a[3], &sx) < 0) {
        return -errno;
    }
    memset(t, 0, sizeof(*t));
    tput(t->stx_mask, sx.stx_mask);
    tput(t->stx_blksize, sx.stx_blksize);
    tput(t->stx_attributes, sx.stx_attributes);
    tput(t->stx_nlink, sx.stx_nlink);
    tput(t->stx_uid, sx.stx_uid);
    tput(t->stx_gid, sx.stx_gid);
    tput(t->stx_mode, sx.stx_mode);
    tput(t->stx_ino, sx.stx_ino);
    tput(t->stx_size, sx.stx_size);
    tput(t->stx_blocks, sx.stx_blocks);
    tput(t->stx_attributes_mask, sx.stx_attributes_mask);
    const struct statx_timestamp *hs[4] = { &sx.stx_atime, &sx.stx_btime,
                                            &sx.stx_ctime, &sx.stx_mtime };
    struct statx_timestamp *ts[4] = { &t->stx_atime, &t->stx_btime,
                                      &t->stx_ctime, &t->stx_mtime };
    for (int i = 0; i < 4; i++) {
        tput(ts[i]->tv_sec, hs[i]->tv_sec);
        tput(ts[i]->tv_nsec, hs[i]->tv_nsec);
    }
    tput(t->stx_rdev_major, sx.stx_rdev_major);
    tput(t->stx_rdev_minor, sx.stx_rdev_minor);
    tput(t->stx_dev_major, sx.stx_dev_major);
    tput(t->stx_dev_minor, sx.stx_dev_minor);
    return copy_to_guest((abi_ulong)a[4], t, sizeof(*t));
}

const SyscallDef sys_stat_defs[] = {
    { "stat", sys_stat, "sk", 'd' },
    { "lstat", sys_lstat, "sk", 'd' },
    { "fstat", sys_fstat, "dk", 'd' },
    { "stat64", sys_stat64, "sK", 'd' },
    { "lstat64", sys_lstat64, "sK", 'd' },
    { "fstat64", sys_fstat64, "dK", 'd' },
    { "fstatat64", sys_fstatat64, "AsKl", 'd' },
    { "newfstatat", sys_newfstatat, "Askl", 'd' },
    { "statx", sys_statx, "As1z2", 'd' },
    { NULL, NULL, NULL, 0 },
};
