/*
 * sys-fsinfo.c: extended attributes (names and values are plain bytes,
 * so the calls pass straight through) and file system statistics
 * (statfs, whose struct is made of guest words; statfs64 has 64-bit
 * counts on 32-bit guests).
 */
#include <errno.h>
#include <limits.h>
#include <sys/statfs.h>
#include <sys/xattr.h>

#include "linux-user/user.h"

/* A path argument, through the sysroot. */
#define PATH_ARG(var, v)                                                       \
    char var##_buf[PATH_MAX];                                                  \
    const char *var = guest_string((abi_ulong)(v));                            \
    if (!var) {                                                                \
        return -EFAULT;                                                        \
    }                                                                          \
    var = user_path(var, var##_buf, sizeof(var##_buf))

#define NAME_ARG(var, v)                                                       \
    const char *var = guest_string((abi_ulong)(v));                            \
    if (!var) {                                                                \
        return -EFAULT;                                                        \
    }

/* The guest buffer of a get/list call (size 0 asks for the size). */
static int64_t out_buf(uint64_t addr, uint64_t size, void **p)
{
    *p = NULL;
    if (size && !(*p = guest_ptr((abi_ulong)addr, size, PAGE_WRITE))) {
        return -EFAULT;
    }
    return 0;
}

static int64_t do_getxattr(const uint64_t *a, int kind)
{
    NAME_ARG(name, a[1]);
    void *buf;
    if (out_buf(a[2], (abi_ulong)a[3], &buf) < 0) {
        return -EFAULT;
    }
    size_t size = (abi_ulong)a[3];
    if (kind == 'f') {
        return host_ret(fgetxattr((int)a[0], name, buf, size));
    }
    PATH_ARG(p, a[0]);
    return host_ret(kind == 'l' ? lgetxattr(p, name, buf, size)
                                : getxattr(p, name, buf, size));
}

static int64_t do_setxattr(const uint64_t *a, int kind)
{
    NAME_ARG(name, a[1]);
    size_t size = (abi_ulong)a[3];
    const void *value = NULL;
    if (size && !(value = guest_ptr((abi_ulong)a[2], size, PAGE_READ))) {
        return -EFAULT;
    }
    int flags = (int)a[4];
    if (kind == 'f') {
        return host_ret(fsetxattr((int)a[0], name, value, size, flags));
    }
    PATH_ARG(p, a[0]);
    return host_ret(kind == 'l' ? lsetxattr(p, name, value, size, flags)
                                : setxattr(p, name, value, size, flags));
}

static int64_t do_listxattr(const uint64_t *a, int kind)
{
    void *buf;
    if (out_buf(a[1], (abi_ulong)a[2], &buf) < 0) {
        return -EFAULT;
    }
    size_t size = (abi_ulong)a[2];
    if (kind == 'f') {
        return host_ret(flistxattr((int)a[0], buf, size));
    }
    PATH_ARG(p, a[0]);
    return host_ret(kind == 'l' ? llistxattr(p, buf, size)
                                : listxattr(p, buf, size));
}

static int64_t do_removexattr(const uint64_t *a, int kind)
{
    NAME_ARG(name, a[1]);
    if (kind == 'f') {
        return host_ret(fremovexattr((int)a[0], name));
    }
    PATH_ARG(p, a[0]);
    return host_ret(kind == 'l' ? lremovexattr(p, name) : removexattr(p, name));
}

#define XATTR_CALLS(op)                                                        \
    static int64_t sys_##op(const uint64_t *a) { return do_##op(a, 0); }      \
    static int64_t sys_l##op(const uint64_t *a) { return do_##op(a, 'l'); }   \
    static int64_t sys_f##op(const uint64_t *a) { return do_##op(a, 'f'); }
XATTR_CALLS(getxattr)
XATTR_CALLS(setxattr)
XATTR_CALLS(listxattr)
XATTR_CALLS(removexattr)

/* ---- statfs ---------------------------------------------------------- */

/* The guest's struct statfs: every field a guest word but f_fsid, two
 * ints (one word on 64-bit guests, two on 32-bit ones). */
typedef struct TargetStatfs {
    abi_ulong type, bsize, blocks, bfree, bavail, files, ffree;
    int32_t fsid[2];
    abi_ulong namelen, frsize, flags, spare[4];
} TargetStatfs;

/* struct statfs64 of 32-bit guests: 64-bit counts; 84 bytes, padded to
 * 88 where the ABI aligns 64-bit members to 8 (ppc32). */
typedef struct __attribute__((packed)) TargetStatfs64 {
    uint32_t type, bsize;
    uint64_t blocks, bfree, bavail, files, ffree;
    int32_t fsid[2];
    uint32_t namelen, frsize, flags, spare[4];
} TargetStatfs64;

static int64_t put_statfs(abi_ulong addr, const struct statfs *s)
{
    TargetStatfs guest_sfs, *t = &guest_sfs;
    memset(t, 0, sizeof(*t));
    tput(t->type, s->f_type);
    tput(t->bsize, s->f_bsize);
    tput(t->blocks, s->f_blocks);
    tput(t->bfree, s->f_bfree);
    tput(t->bavail, s->f_bavail);
    tput(t->files, s->f_files);
    tput(t->ffree, s->f_ffree);
    int32_t fsid[2];
    memcpy(fsid, &s->f_fsid, sizeof(fsid));
    tput(t->fsid[0], fsid[0]);
    tput(t->fsid[1], fsid[1]);
    tput(t->namelen, s->f_namelen);
    tput(t->frsize, s->f_frsize);
    tput(t->flags, s->f_flags);
    return copy_to_guest(addr, t, sizeof(*t));
}

static int64_t put_statfs64(abi_ulong addr, uint64_t size,
                            const struct statfs *s)
{
    if (size != sizeof(TargetStatfs64) && size != sizeof(TargetStatfs64) + 4) {
        return -EINVAL;
    }
    uint8_t *out = guest_ptr(addr, size, PAGE_WRITE);
    if (!out) {
        return -EFAULT;
    }
    TargetStatfs64 t = { 0 };
    tput(t.type, s->f_type);
    tput(t.bsize, s->f_bsize);
    tput(t.blocks, s->f_blocks);
    tput(t.bfree, s->f_bfree);
    tput(t.bavail, s->f_bavail);
    tput(t.files, s->f_files);
    tput(t.ffree, s->f_ffree);
    int32_t fsid[2];
    memcpy(fsid, &s->f_fsid, sizeof(fsid));
    tput(t.fsid[0], fsid[0]);
    tput(t.fsid[1], fsid[1]);
    tput(t.namelen, s->f_namelen);
    tput(t.frsize, s->f_frsize);
    tput(t.flags, s->f_flags);
    memset(out, 0, size);
    memcpy(out, &t, sizeof(t));
    return 0;
}

static int64_t sys_statfs(const uint64_t *a)
{
    PATH_ARG(p, a[0]);
    struct statfs s;
    return statfs(p, &s) < 0 ? -errno : put_statfs((abi_ulong)a[1], &s);
}

static int64_t sys_fstatfs(const uint64_t *a)
{
    struct statfs s;
    return fstatfs((int)a[0], &s) < 0 ? -errno
                                       : put_statfs((abi_ulong)a[1], &s);
}

static int64_t sys_statfs64(const uint64_t *a)
{
    PATH_ARG(p, a[0]);
    struct statfs s;
    return statfs(p, &s) < 0 ? -errno
                             : put_statfs64((abi_ulong)a[2], (abi_ulong)a[1],
                                            &s);
}

static int64_t sys_fstatfs64(const uint64_t *a)
{
    struct statfs s;
    return fstatfs((int)a[0], &s) < 0 ? -errno
                                       : put_statfs64((abi_ulong)a[2],
                                                      (abi_ulong)a[1], &s);
}

const SyscallDef sys_fsinfo_defs[] = {
    { "getxattr", sys_getxattr, "sspu", 'd' },
    { "lgetxattr", sys_lgetxattr, "sspu", 'd' },
    { "fgetxattr", sys_fgetxattr, "dspu", 'd' },
    { "setxattr", sys_setxattr, "sspux", 'd' },
    { "lsetxattr", sys_lsetxattr, "sspux", 'd' },
    { "fsetxattr", sys_fsetxattr, "dspux", 'd' },
    { "listxattr", sys_listxattr, "spu", 'd' },
    { "llistxattr", sys_llistxattr, "spu", 'd' },
    { "flistxattr", sys_flistxattr, "dpu", 'd' },
    { "removexattr", sys_removexattr, "ss", 'd' },
    { "lremovexattr", sys_lremovexattr, "ss", 'd' },
    { "fremovexattr", sys_fremovexattr, "ds", 'd' },
    { "statfs", sys_statfs, "sp", 'd' },
    { "fstatfs", sys_fstatfs, "dp", 'd' },
    { "statfs64", sys_statfs64, "sup", 'd' },
    { "fstatfs64", sys_fstatfs64, "dup", 'd' },
    { NULL, NULL, NULL, 0 },
};
