/*
 * sys-splice.c: system calls that move data between descriptors inside
 * the kernel: sendfile, copy_file_range, splice, tee, vmsplice.  Offsets
 * the guest passes by pointer are copied in and the kernel's updates
 * copied back; the calls that can wait on a pipe or socket are ended by a
 * guest signal.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "linux-user/user.h"

/* An offset in guest memory: a signed word (sendfile) or 64-bit (the
 * rest); NULL address: none. */
typedef struct GuestOffset {
    abi_ulong addr;
    bool wide;
    int64_t value;
} GuestOffset;

static int64_t offset_in(GuestOffset *o)
{
    if (!o->addr) {
        return 0;
    }
    if (o->wide) {
        return get_guest_val(int64_t, o->addr, &o->value);
    }
    abi_long v = 0;
    int64_t r = get_guest_val(abi_long, o->addr, &v);
    o->value = v;
    return r;
}

static int64_t offset_out(const GuestOffset *o)
{
    if (!o->addr) {
        return 0;
    }
    return o->wide ? put_guest_val(int64_t, o->addr, o->value)
                   : put_guest_val(abi_long, o->addr, (abi_long)o->value);
}

static int64_t do_sendfile(const uint64_t *a, bool wide)
{
    GuestOffset off = { (abi_ulong)a[2], wide, 0 };
    if (offset_in(&off) < 0) {
        return -EFAULT;
    }
    long r = safe_syscall(SYS_sendfile, (long)(int)a[0], (long)(int)a[1],
                          off.addr ? &off.value : NULL,
                          (long)(abi_ulong)a[3]);
    if (r >= 0 && offset_out(&off) < 0) {
        return -EFAULT;
    }
    return r;
}

static int64_t sys_sendfile(const uint64_t *a)
{
    return do_sendfile(a, TARGET_ABI_BITS == 64);
}

static int64_t sys_sendfile64(const uint64_t *a)
{
    return do_sendfile(a, true);
}

/* copy_file_range and splice: (fd_in, off_in*, fd_out, off_out*, len,
 * flags) with 64-bit offsets. */
static int64_t do_copy(long nr, const uint64_t *a)
{
    GuestOffset in = { (abi_ulong)a[1], true, 0 };
    GuestOffset out = { (abi_ulong)a[3], true, 0 };
    if (offset_in(&in) < 0 || offset_in(&out) < 0) {
        return -EFAULT;
    }
    long r = safe_syscall(nr, (long)(int)a[0], in.addr ? &in.value : NULL,
                          (long)(int)a[2], out.addr ? &out.value : NULL,
                          (long)(abi_ulong)a[4], (long)(unsigned)a[5]);
    if (r >= 0 && (offset_out(&in) < 0 || offset_out(&out) < 0)) {
        return -EFAULT;
    }
    return r;
}

static int64_t sys_copy_file_range(const uint64_t *a)
{
    return do_copy(SYS_copy_file_range, a);
}

static int64_t sys_splice(const uint64_t *a)
{
    return do_copy(SYS_splice, a);
}

static int64_t sys_tee(const uint64_t *a)
{
    return safe_syscall(SYS_tee, (long)(int)a[0], (long)(int)a[1],
                        (long)(abi_ulong)a[2], (long)(unsigned)a[3]);
}

static int64_t sys_vmsplice(const uint64_t *a)
{
    int err;
    struct iovec *v = guest_iovec((abi_ulong)a[1], (abi_ulong)a[2], &err);
    if (!v) {
        return err;
    }
    long r = safe_syscall(SYS_vmsplice, (long)(int)a[0], v,
                          (long)(abi_ulong)a[2], (long)(unsigned)a[3]);
    free(v);
    return r;
}

const SyscallDef sys_splice_defs[] = {
    { "sendfile", sys_sendfile, "ddpu", 'd' },
    { "sendfile64", sys_sendfile64, "ddpu", 'd' },
    { "copy_file_range", sys_copy_file_range, "dpdpux", 'd' },
    { "splice", sys_splice, "dpdpux", 'd' },
    { "tee", sys_tee, "ddux", 'd' },
    { "vmsplice", sys_vmsplice, "d[ux", 'd' },
    { NULL, NULL, NULL, 0 },
};
