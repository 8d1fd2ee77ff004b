/*
 * signalfd.c: signalfd and signalfd4.  The descriptor is a host signalfd
 * on the host twins of the guest's signals (a guest signal that is
 * blocked is blocked on the host too, so it waits in the host kernel,
 * where the descriptor reads it).  What read returns is the same 128-byte
 * struct signalfd_siginfo on every Linux; the guest gets it with its own
 * signal numbers and in its own byte order: reads of these descriptors
 * go through signalfd_convert (fd-kind.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/signalfd.h>

#include "linux-user/user.h"

/* One record: host numbers and byte order -> the guest's. */
static void convert_one(uint8_t *p)
{
    struct signalfd_siginfo s;
    memcpy(&s, p, sizeof(s));
    int sig = guest_signal((int)s.ssi_signo);
    tput(s.ssi_signo, sig > 0 ? (uint32_t)sig : s.ssi_signo);
    tput(s.ssi_errno, s.ssi_errno);
    tput(s.ssi_code, s.ssi_code);
    tput(s.ssi_pid, s.ssi_pid);
    tput(s.ssi_uid, s.ssi_uid);
    tput(s.ssi_fd, s.ssi_fd);
    tput(s.ssi_tid, s.ssi_tid);
    tput(s.ssi_band, s.ssi_band);
    tput(s.ssi_overrun, s.ssi_overrun);
    tput(s.ssi_trapno, s.ssi_trapno);
    tput(s.ssi_status, s.ssi_status);
    tput(s.ssi_int, s.ssi_int);
    tput(s.ssi_ptr, s.ssi_ptr);
    tput(s.ssi_utime, s.ssi_utime);
    tput(s.ssi_stime, s.ssi_stime);
    tput(s.ssi_addr, s.ssi_addr);
    tput(s.ssi_addr_lsb, s.ssi_addr_lsb);
    memcpy(p, &s, sizeof(s));
}

void signalfd_convert(void *buf, size_t len)
{
    for (size_t off = 0; off + sizeof(struct signalfd_siginfo) <= len;
         off += sizeof(struct signalfd_siginfo)) {
        convert_one((uint8_t *)buf + off);
    }
}

static int64_t do_signalfd4(int fd, abi_ulong mask_addr, abi_ulong size,
                            uint32_t target_flags)
{
    uint32_t allowed = host_to_target_open_flags(O_NONBLOCK | O_CLOEXEC);
    if (size != 8 || (target_flags & ~allowed)) {
        return -EINVAL;
    }
    uint64_t mask;
    if (get_guest_sigset(mask_addr, &mask) < 0) {
        return -EFAULT;
    }
    sigset_t host;
    signal_host_sigset(&host, mask);
    int r = signalfd(fd, &host, target_to_host_open_flags(target_flags));
    if (r < 0) {
        return -errno;
    }
    fd_kind_set(r, FD_SIGNALFD);
    return r;
}

static int64_t sys_signalfd(const uint64_t *a)
{
    return do_signalfd4((int)a[0], (abi_ulong)a[1], (abi_ulong)a[2], 0);
}

static int64_t sys_signalfd4(const uint64_t *a)
{
    return do_signalfd4((int)a[0], (abi_ulong)a[1], (abi_ulong)a[2],
                        (uint32_t)a[3]);
}

const SyscallDef sys_signalfd_defs[] = {
    { "signalfd", sys_signalfd, "dgu", 'd' },
    { "signalfd4", sys_signalfd4, "dguq", 'd' },
    { NULL, NULL, NULL, 0 },
};
