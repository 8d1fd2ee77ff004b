/*
 * sys-socket.c: sockets through the direct system calls (ppc32 has them
 * besides socketcall).  Socket addresses keep their network-order fields;
 * only sa_family (and netlink's host-order ids) change byte order.
 * Ancillary data (SCM_RIGHTS, ...) is not translated yet.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "linux-user/user.h"

#define MAX_ADDR ((abi_ulong)sizeof(struct sockaddr_storage))

/* Guest sockaddr -> host; *len is the guest length. */
static int64_t addr_in(abi_ulong gaddr, abi_ulong len,
                       struct sockaddr_storage *h)
{
    if (len > MAX_ADDR) {
        return -EINVAL;
    }
    memset(h, 0, sizeof(*h));
    if (copy_from_guest(h, gaddr, len) < 0) {
        return -EFAULT;
    }
    if (len >= 2) {
        h->ss_family = tget(h->ss_family);
    }
    if (h->ss_family == AF_NETLINK && len >= sizeof(struct sockaddr_nl)) {
        struct sockaddr_nl *nl = (struct sockaddr_nl *)h;
        nl->nl_pid = tget(nl->nl_pid);
        nl->nl_groups = tget(nl->nl_groups);
    }
    return 0;
}

/* Host sockaddr (hlen valid bytes) -> guest buffer at gaddr with the
 * guest's length at glenp (value-result, as the kernel does it). */
static int64_t addr_out(abi_ulong gaddr, abi_ulong glenp,
                        const struct sockaddr_storage *h, socklen_t hlen)
{
    if (!gaddr) {
        return 0;
    }
    uint32_t cap;
    if (get_guest_val(uint32_t, glenp, &cap) < 0 ||
        !guest_access_ok(glenp, 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    struct sockaddr_storage t = *h;
    if (t.ss_family == AF_NETLINK && hlen >= sizeof(struct sockaddr_nl)) {
        struct sockaddr_nl *nl = (struct sockaddr_nl *)&t;
        nl->nl_pid = tget(nl->nl_pid);
        nl->nl_groups = tget(nl->nl_groups);
    }
    t.ss_family = tget(t.ss_family);
    abi_ulong n = hlen < cap ? hlen : cap;
    if (copy_to_guest(gaddr, &t, n) < 0) {
        return -EFAULT;
    }
    return put_guest_val(uint32_t, glenp, hlen);
}

static int64_t sys_socket(const uint64_t *a)
{
    return host_ret(socket((int)a[0], (int)a[1], (int)a[2]));
}

static int64_t sys_socketpair(const uint64_t *a)
{
    if (!guest_access_ok((abi_ulong)a[3], 8, PAGE_WRITE)) {
        return -EFAULT;
    }
    int sv[2];
    if (socketpair((int)a[0], (int)a[1], (int)a[2], sv) < 0) {
        return -errno;
    }
    int32_t out[2];
    tput(out[0], sv[0]);
    tput(out[1], sv[1]);
    return copy_to_guest((abi_ulong)a[3], out, sizeof(out));
}

static int64_t sys_bind(const uint64_t *a)
{
    struct sockaddr_storage h;
    int64_t r = addr_in((abi_ulong)a[1], (abi_ulong)a[2], &h);
    return r < 0 ? r : host_ret(bind((int)a[0], (struct sockaddr *)&h,
                                     (socklen_t)a[2]));
}

static int64_t sys_connect(const uint64_t *a)
{
    struct sockaddr_storage h;
    int64_t r = addr_in((abi_ulong)a[1], (abi_ulong)a[2], &h);
    return r < 0 ? r : host_ret(connect((int)a[0], (struct sockaddr *)&h,
                                        (socklen_t)a[2]));
}

static int64_t sys_listen(const uint64_t *a)
{
    return host_ret(listen((int)a[0], (int)a[1]));
}

static int64_t do_accept4(const uint64_t *a, int flags)
{
    struct sockaddr_storage h;
    socklen_t hlen = sizeof(h);
    int fd = accept4((int)a[0], (struct sockaddr *)&h, &hlen, flags);
    if (fd < 0) {
        return -errno;
    }
    int64_t r = addr_out((abi_ulong)a[1], (abi_ulong)a[2], &h, hlen);
    if (r < 0) {
        close(fd);
        return r;
    }
    return fd;
}

static int64_t sys_accept(const uint64_t *a)
{
    return do_accept4(a, 0);
}

static int64_t sys_accept4(const uint64_t *a)
{
    return do_accept4(a, (int)a[3]);
}

static int64_t do_getname(const uint64_t *a, bool peer)
{
    struct sockaddr_storage h;
    socklen_t hlen = sizeof(h);
    int r = peer ? getpeername((int)a[0], (struct sockaddr *)&h, &hlen)
                 : getsockname((int)a[0], (struct sockaddr *)&h, &hlen);
    if (r < 0) {
        return -errno;
    }
    return addr_out((abi_ulong)a[1], (abi_ulong)a[2], &h, hlen);
}

static int64_t sys_getsockname(const uint64_t *a)
{
    return do_getname(a, false);
}

static int64_t sys_getpeername(const uint64_t *a)
{
    return do_getname(a, true);
}

static int64_t sys_sendto(const uint64_t *a)
{
    void *buf = guest_buf((abi_ulong)a[1], (abi_ulong)a[2]);
    if (!buf) {
        return -EFAULT;
    }
    struct sockaddr_storage h;
    struct sockaddr *to = NULL;
    if ((abi_ulong)a[4]) {
        int64_t r = addr_in((abi_ulong)a[4], (abi_ulong)a[5], &h);
        if (r < 0) {
            return r;
        }
        to = (struct sockaddr *)&h;
    }
    return host_ret(sendto((int)a[0], buf, (abi_ulong)a[2], (int)a[3], to,
                           to ? (socklen_t)a[5] : 0));
}

static int64_t sys_send(const uint64_t *a)
{
    uint64_t args[SYSCALL_ARGS] = { a[0], a[1], a[2], a[3], 0, 0 };
    return sys_sendto(args);
}

static int64_t sys_recvfrom(const uint64_t *a)
{
    void *buf = guest_buf((abi_ulong)a[1], (abi_ulong)a[2]);
    if (!buf) {
        return -EFAULT;
    }
    struct sockaddr_storage h;
    socklen_t hlen = sizeof(h);
    ssize_t n = recvfrom((int)a[0], buf, (abi_ulong)a[2], (int)a[3],
                         (struct sockaddr *)&h, &hlen);
    if (n < 0) {
        return -errno;
    }
    if ((abi_ulong)a[4]) {
        int64_t r = addr_out((abi_ulong)a[4], (abi_ulong)a[5], &h, hlen);
        if (r < 0) {
            return r;
        }
    }
    return n;
}

static int64_t sys_recv(const uint64_t *a)
{
    uint64_t args[SYSCALL_ARGS] = { a[0], a[1], a[2], a[3], 0, 0 };
    return sys_recvfrom(args);
}

static int64_t sys_shutdown(const uint64_t *a)
{
    return host_ret(shutdown((int)a[0], (int)a[1]));
}

/* sendmsg/recvmsg without ancillary data. */
static int64_t do_msg(const uint64_t *a, bool send)
{
    abi_ulong hdr = (abi_ulong)a[1];
    struct target_msghdr tm;
    if (copy_from_guest(&tm, hdr, sizeof(tm)) < 0 ||
        (!send && !guest_access_ok(hdr, sizeof(tm), PAGE_WRITE))) {
        return -EFAULT;
    }
    if (tget(tm.msg_controllen)) {
        if (send) {
            return -EINVAL;
        }
        put_guest_val(__typeof__(tm.msg_controllen),
                      hdr + offsetof(struct target_msghdr, msg_controllen), 0);
    }
    abi_ulong iovlen = tget(tm.msg_iovlen);
    if (iovlen > 1024) {
        return -EMSGSIZE;
    }
    int64_t r = 0;
    int err;
    struct iovec *hv = guest_iovec(tget(tm.msg_iov), iovlen, &err);
    if (!hv) {
        return err;
    }
    struct sockaddr_storage name;
    struct msghdr hm = { .msg_iov = hv, .msg_iovlen = iovlen };
    abi_ulong gname = tget(tm.msg_name);
    if (gname) {
        hm.msg_name = &name;
        hm.msg_namelen = sizeof(name);
        if (send) {
            r = addr_in(gname, tget(tm.msg_namelen), &name);
            hm.msg_namelen = tget(tm.msg_namelen);
        }
    }
    if (r == 0) {
        ssize_t n = send ? sendmsg((int)a[0], &hm, (int)a[2])
                         : recvmsg((int)a[0], &hm, (int)a[2]);
        r = host_ret(n);
    }
    if (r >= 0 && !send) {
        put_guest_val(__typeof__(tm.msg_flags),
                      hdr + offsetof(struct target_msghdr, msg_flags),
                      hm.msg_flags);
        if (gname) {
            /* addr_out reads the capacity from msg_namelen. */
            abi_ulong lenp = hdr + offsetof(struct target_msghdr,
                                            msg_namelen);
            int64_t e = addr_out(gname, lenp, &name, hm.msg_namelen);
            if (e < 0) {
                r = e;
            }
        }
    }
    free(hv);
    return r;
}

static int64_t sys_sendmsg(const uint64_t *a)
{
    return do_msg(a, true);
}

static int64_t sys_recvmsg(const uint64_t *a)
{
    return do_msg(a, false);
}

/* SOL_SOCKET option numbers that differ from the host's. */
static int sockopt_to_host(int level, int name)
{
    if (level != SOL_SOCKET) {
        return name;
    }
    switch (name) {
    case TARGET_SO_RCVLOWAT: return SO_RCVLOWAT;
    case TARGET_SO_SNDLOWAT: return SO_SNDLOWAT;
    case TARGET_SO_RCVTIMEO: return SO_RCVTIMEO;
    case TARGET_SO_SNDTIMEO: return SO_SNDTIMEO;
    case TARGET_SO_PASSCRED: return SO_PASSCRED;
    case TARGET_SO_PEERCRED: return SO_PEERCRED;
    default: return name;
    }
}

static bool is_timeout(int level, int name)
{
    return level == SOL_SOCKET && (name == SO_RCVTIMEO || name == SO_SNDTIMEO);
}

/* Whether an option value is made of 32-bit ints (swapped word by word):
 * socket-level options are ints or structs of ints except the device
 * name; elsewhere an int has length 4 and longer values are addresses
 * in network order. */
static bool sockopt_is_ints(int level, int name, size_t len)
{
    if (level == SOL_SOCKET) {
        return name != SO_BINDTODEVICE;
    }
    return len == 4;
}

static void swap_words(uint8_t *buf, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i += 4) {
        uint32_t v;
        memcpy(&v, buf + i, 4);
        v = tswap32(v);
        memcpy(buf + i, &v, 4);
    }
}

static int64_t sys_setsockopt(const uint64_t *a)
{
    int level = (int)a[1], name = sockopt_to_host(level, (int)a[2]);
    abi_ulong len = (abi_ulong)a[4];
    if (len > 1024) {
        return -EINVAL;
    }
    uint8_t buf[1024];
    if (copy_from_guest(buf, (abi_ulong)a[3], len) < 0) {
        return -EFAULT;
    }
    if (is_timeout(level, name)) {
        struct target_timeval tv;
        if (len < sizeof(tv)) {
            return -EINVAL;
        }
        memcpy(&tv, buf, sizeof(tv));
        struct timeval h = { tget(tv.tv_sec), tget(tv.tv_usec) };
        return host_ret(setsockopt((int)a[0], level, name, &h, sizeof(h)));
    }
    if (sockopt_is_ints(level, name, len)) {
        swap_words(buf, len);
    }
    return host_ret(setsockopt((int)a[0], level, name, buf, len));
}

static int64_t sys_getsockopt(const uint64_t *a)
{
    int level = (int)a[1], name = sockopt_to_host(level, (int)a[2]);
    abi_ulong lenp = (abi_ulong)a[4];
    uint32_t cap;
    if (get_guest_val(uint32_t, lenp, &cap) < 0 ||
        !guest_access_ok(lenp, 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    if (cap > 1024) {
        cap = 1024;
    }
    uint8_t buf[1024];
    socklen_t hlen = sizeof(buf);
    if (getsockopt((int)a[0], level, name, buf, &hlen) < 0) {
        return -errno;
    }
    if (is_timeout(level, name)) {
        struct timeval h;
        memcpy(&h, buf, sizeof(h));
        struct target_timeval tv;
        tput(tv.tv_sec, h.tv_sec);
        tput(tv.tv_usec, h.tv_usec);
        memcpy(buf, &tv, sizeof(tv));
        hlen = sizeof(tv);
    } else if (sockopt_is_ints(level, name, hlen)) {
        swap_words(buf, hlen);
    }
    abi_ulong n = hlen < cap ? hlen : cap;
    if (copy_to_guest((abi_ulong)a[3], buf, n) < 0) {
        return -EFAULT;
    }
    return put_guest_val(uint32_t, lenp, n);
}

/* i386's socketcall(call, args): the arguments of socket call number
 * call (linux/net.h SYS_SOCKET = 1 ...) in a block of words. */
static int64_t sys_socketcall(const uint64_t *a)
{
    static SyscallFn *const calls[] = {
        [1] = sys_socket,       [2] = sys_bind,        [3] = sys_connect,
        [4] = sys_listen,       [5] = sys_accept,      [6] = sys_getsockname,
        [7] = sys_getpeername,  [8] = sys_socketpair,  [9] = sys_send,
        [10] = sys_recv,        [11] = sys_sendto,     [12] = sys_recvfrom,
        [13] = sys_shutdown,    [14] = sys_setsockopt, [15] = sys_getsockopt,
        [16] = sys_sendmsg,     [17] = sys_recvmsg,    [18] = sys_accept4,
    };
    static const uint8_t nargs[] = { 0, 3, 3, 3, 2, 3, 3, 3, 4, 4,
                                     4, 6, 6, 2, 5, 5, 3, 3, 4 };
    abi_ulong call = (abi_ulong)a[0];
    if (call >= sizeof(calls) / sizeof(calls[0]) || !calls[call]) {
        return -EINVAL;
    }
    abi_ulong block[6];
    if (copy_from_guest(block, (abi_ulong)a[1],
                        nargs[call] * sizeof(abi_ulong)) < 0) {
        return -EFAULT;
    }
    uint64_t args[SYSCALL_ARGS] = { 0 };
    for (int i = 0; i < nargs[call]; i++) {
        args[i] = tget(block[i]);
    }
    return calls[call](args);
}

const SyscallDef sys_socket_defs[] = {
    { "socketcall", sys_socketcall, "dp", 'd' },
    { "socket", sys_socket, "DYZ", 'd' },
    { "socketpair", sys_socketpair, "DYZI", 'd' },
    { "bind", sys_bind, "dyu", 'd' },
    { "connect", sys_connect, "dyu", 'd' },
    { "listen", sys_listen, "dd", 'd' },
    { "accept", sys_accept, "dpp", 'd' },
    { "accept4", sys_accept4, "dppx", 'd' },
    { "getsockname", sys_getsockname, "dpp", 'd' },
    { "getpeername", sys_getpeername, "dpp", 'd' },
    { "sendto", sys_sendto, "dbumyu", 'd' },
    { "send", sys_send, "dbum", 'd' },
    { "recvfrom", sys_recvfrom, "dBumpp", 'd' },
    { "recv", sys_recv, "dBum", 'd' },
    { "shutdown", sys_shutdown, "dd", 'd' },
    { "sendmsg", sys_sendmsg, "d6m", 'd' },
    { "recvmsg", sys_recvmsg, "d7m", 'd' },
    { "setsockopt", sys_setsockopt, "dddpu", 'd' },
    { "getsockopt", sys_getsockopt, "dddpp", 'd' },
    { NULL, NULL, NULL, 0 },
};
