/*
 * sys-socket.c: sockets through the direct system calls (ppc32 has them
 * besides socketcall).  Socket addresses keep their network-order fields;
 * only sa_family (and netlink's host-order ids) change byte order.
 * Ancillary data is rebuilt in the other ABI's cmsghdr layout (header
 * word and alignment are the guest's word); the payloads of SCM_RIGHTS
 * and SCM_CREDENTIALS are ints, swapped one by one, the others are copied
 * as they are.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
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
    int fd = socket((int)a[0], (int)a[1], (int)a[2]);
    if (fd >= 0 && a[0] == AF_NETLINK && a[2] == NETLINK_ROUTE) {
        fd_kind_set(fd, FD_NETLINK_ROUTE);
    }
    return host_ret(fd);
}

/* What a NETLINK_ROUTE socket is sent: a host-order copy of the guest's
 * len bytes at buf (malloc'd; NULL if out of memory), else buf itself. */
static void *netlink_out(int fd, void *buf, size_t len)
{
    if (fd_kind(fd) != FD_NETLINK_ROUTE) {
        return buf;
    }
    void *copy = malloc(len ? len : 1);
    if (copy) {
        memcpy(copy, buf, len);
        netlink_route_to_host(copy, len);
    }
    return copy;
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
    void *out = netlink_out((int)a[0], buf, (abi_ulong)a[2]);
    if (!out) {
        return -ENOMEM;
    }
    int64_t r = host_ret(sendto((int)a[0], out, (abi_ulong)a[2], (int)a[3],
                                to, to ? (socklen_t)a[5] : 0));
    if (out != buf) {
        free(out);
    }
    return r;
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
    if (fd_kind((int)a[0]) == FD_NETLINK_ROUTE) {
        netlink_route_to_guest(buf, (size_t)n < (abi_ulong)a[2]
                                        ? (size_t)n : (abi_ulong)a[2]);
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

/* The guest's struct cmsghdr: a word of length, level and type, then the
 * data at the next word boundary. */
struct target_cmsghdr {
    abi_ulong cmsg_len;
    int32_t cmsg_level, cmsg_type;
};
#define TARGET_CMSG_ALIGN(n)                                                   \
    (((n) + sizeof(abi_ulong) - 1) & ~(sizeof(abi_ulong) - 1))
#define TARGET_CMSG_HDR TARGET_CMSG_ALIGN(sizeof(struct target_cmsghdr))

static bool cmsg_is_ints(int level, int type)
{
    return level == SOL_SOCKET && (type == SCM_RIGHTS || type == SCM_CREDENTIALS);
}

/* Control buffers: no kernel takes more than its optmem limit (20 KiB to
 * 128 KiB) from sendmsg, or gives more than a few KiB to recvmsg (253
 * descriptors at most), so guest lengths beyond this are not allocated. */
#define CONTROL_MAX (1u << 20)

/* A guest control buffer as the host's (malloc'd, in *out, *out_len
 * bytes); 0 or -errno. */
static int64_t control_in(abi_ulong gctl, abi_ulong glen, void **out,
                          size_t *out_len)
{
    if (glen > CONTROL_MAX) {
        return -ENOBUFS; /* the kernel's optmem limit is far below */
    }
    uint8_t *g = malloc(glen ? glen : 1);
    /* Host headers are at most 4 bytes longer per message than the guest's,
     * and each message has a guest header of at least 12 bytes. */
    size_t cap = glen * 2 + CMSG_SPACE(0);
    uint8_t *h = calloc(1, cap);
    if (!g || !h) {
        free(g);
        free(h);
        return -ENOMEM;
    }
    if (copy_from_guest(g, gctl, glen) < 0) {
        free(g);
        free(h);
        return -EFAULT;
    }
    size_t goff = 0, hoff = 0;
    while (goff + sizeof(struct target_cmsghdr) <= glen) {
        struct target_cmsghdr tc;
        memcpy(&tc, g + goff, sizeof(tc));
        abi_ulong len = tget(tc.cmsg_len);
        if (len < TARGET_CMSG_HDR || len > glen - goff) {
            free(g);
            free(h);
            return -EINVAL;
        }
        size_t payload = len - TARGET_CMSG_HDR;
        struct cmsghdr hc = {
            .cmsg_len = CMSG_LEN(payload),
            .cmsg_level = tget(tc.cmsg_level),
            .cmsg_type = tget(tc.cmsg_type),
        };
        memcpy(h + hoff, &hc, sizeof(hc));
        uint8_t *data = h + hoff + CMSG_LEN(0);
        memcpy(data, g + goff + TARGET_CMSG_HDR, payload);
        if (cmsg_is_ints(hc.cmsg_level, hc.cmsg_type)) {
            for (size_t i = 0; i + 4 <= payload; i += 4) {
                int32_t v;
                memcpy(&v, data + i, 4);
                v = tget(v);
                memcpy(data + i, &v, 4);
            }
        }
        hoff += CMSG_SPACE(payload);
        goff += TARGET_CMSG_ALIGN(len);
    }
    free(g);
    *out = h;
    *out_len = hoff;
    return 0;
}

/* The host's received control messages (hlen bytes) into the guest's
 * buffer of cap bytes at gctl: returns the bytes written; *trunc when
 * some did not fit (descriptors that did not fit are closed, as the
 * kernel does). */
static size_t control_out(const uint8_t *h, size_t hlen, abi_ulong gctl,
                          abi_ulong cap, bool *trunc)
{
    size_t hoff = 0, goff = 0;
    *trunc = false;
    while (hoff + sizeof(struct cmsghdr) <= hlen) {
        struct cmsghdr hc;
        memcpy(&hc, h + hoff, sizeof(hc));
        if (hc.cmsg_len < CMSG_LEN(0) || hc.cmsg_len > hlen - hoff) {
            break;
        }
        size_t payload = hc.cmsg_len - CMSG_LEN(0);
        const uint8_t *data = h + hoff + CMSG_LEN(0);
        bool fds = hc.cmsg_level == SOL_SOCKET && hc.cmsg_type == SCM_RIGHTS;
        size_t room = cap > goff + TARGET_CMSG_HDR ? cap - goff - TARGET_CMSG_HDR
                                                   : 0;
        size_t fit = payload;
        if (fit > room) {
            *trunc = true;
            fit = fds ? room / 4 * 4 : 0;
        }
        if (fds) {
            for (size_t i = fit; i + 4 <= payload; i += 4) {
                int fd;
                memcpy(&fd, data + i, 4);
                close(fd);
            }
        }
        if (fit || payload == 0 || !*trunc) {
            uint8_t buf[TARGET_CMSG_HDR + 256];
            struct target_cmsghdr tc;
            tput(tc.cmsg_len, TARGET_CMSG_HDR + fit);
            tput(tc.cmsg_level, hc.cmsg_level);
            tput(tc.cmsg_type, hc.cmsg_type);
            memset(buf, 0, sizeof(buf));
            memcpy(buf, &tc, sizeof(tc));
            copy_to_guest(gctl + goff, buf, TARGET_CMSG_HDR);
            for (size_t i = 0; i < fit; i += sizeof(buf)) {
                size_t n = fit - i < sizeof(buf) ? fit - i : sizeof(buf);
                memcpy(buf, data + i, n);
                if (cmsg_is_ints(hc.cmsg_level, hc.cmsg_type)) {
                    for (size_t j = 0; j + 4 <= n; j += 4) {
                        int32_t v;
                        memcpy(&v, buf + j, 4);
                        tput(v, v);
                        memcpy(buf + j, &v, 4);
                    }
                }
                copy_to_guest(gctl + goff + TARGET_CMSG_HDR + i, buf, n);
            }
            size_t used = TARGET_CMSG_ALIGN(TARGET_CMSG_HDR + fit);
            goff += used < cap - goff ? used : cap - goff;
        }
        hoff += CMSG_SPACE(payload);
    }
    return goff;
}

/* The guest's iovecs as one buffer (malloc'd) for a NETLINK_ROUTE
 * socket, whose messages are converted as a whole: gathered and turned to
 * the host's byte order for sendmsg, empty for recvmsg. */
static void *netlink_gather(const struct iovec *hv, size_t count, bool send,
                            size_t *total)
{
    size_t len = 0;
    for (size_t i = 0; i < count; i++) {
        len += hv[i].iov_len;
    }
    uint8_t *flat = malloc(len ? len : 1);
    if (flat && send) {
        size_t off = 0;
        for (size_t i = 0; i < count; i++) {
            memcpy(flat + off, hv[i].iov_base, hv[i].iov_len);
            off += hv[i].iov_len;
        }
        netlink_route_to_host(flat, len);
    }
    *total = len;
    return flat;
}

/* The n bytes recvmsg put in flat, in the guest's order, into its iovecs. */
static void netlink_scatter(uint8_t *flat, size_t n, const struct iovec *hv,
                            size_t count)
{
    netlink_route_to_guest(flat, n);
    for (size_t i = 0, off = 0; i < count && off < n; i++) {
        size_t part = n - off < hv[i].iov_len ? n - off : hv[i].iov_len;
        memcpy(hv[i].iov_base, flat + off, part);
        off += part;
    }
}

/* sendmsg/recvmsg of the guest msghdr at hdr. */
static int64_t do_msghdr(int fd, abi_ulong hdr, int flags, bool send)
{
    struct target_msghdr tm;
    if (copy_from_guest(&tm, hdr, sizeof(tm)) < 0 ||
        (!send && !guest_access_ok(hdr, sizeof(tm), PAGE_WRITE))) {
        return -EFAULT;
    }
    abi_ulong iovlen = tget(tm.msg_iovlen);
    if (iovlen > 1024) {
        return -EMSGSIZE;
    }
    abi_ulong gctl = tget(tm.msg_control), gctl_len = tget(tm.msg_controllen);
    void *hctl = NULL;
    size_t hctl_len = 0;
    if (gctl_len) {
        if (send) {
            int64_t e = control_in(gctl, gctl_len, &hctl, &hctl_len);
            if (e < 0) {
                return e;
            }
        } else {
            hctl_len = gctl_len < CONTROL_MAX ? gctl_len * 2 + CMSG_SPACE(0)
                                              : CONTROL_MAX;
            hctl = calloc(1, hctl_len);
            if (!hctl) {
                return -ENOMEM;
            }
        }
    }
    int64_t r = 0;
    int err;
    struct iovec *hv = guest_iovec(tget(tm.msg_iov), iovlen, &err);
    if (!hv) {
        free(hctl);
        return err;
    }
    struct sockaddr_storage name;
    struct msghdr hm = { .msg_iov = hv, .msg_iovlen = iovlen,
                         .msg_control = hctl, .msg_controllen = hctl_len };
    abi_ulong gname = tget(tm.msg_name);
    if (gname) {
        hm.msg_name = &name;
        hm.msg_namelen = sizeof(name);
        if (send) {
            r = addr_in(gname, tget(tm.msg_namelen), &name);
            hm.msg_namelen = tget(tm.msg_namelen);
        }
    }
    uint8_t *flat = NULL;
    size_t flat_len = 0;
    struct iovec flat_iov;
    if (r == 0 && fd_kind(fd) == FD_NETLINK_ROUTE) {
        flat = netlink_gather(hv, iovlen, send, &flat_len);
        if (!flat) {
            r = -ENOMEM;
        }
        flat_iov = (struct iovec){ flat, flat_len };
        hm.msg_iov = &flat_iov;
        hm.msg_iovlen = 1;
    }
    if (r == 0) {
        r = safe_syscall(send ? SYS_sendmsg : SYS_recvmsg, (long)fd, &hm,
                         (long)flags);
    }
    if (flat && r >= 0 && !send) {
        netlink_scatter(flat, (size_t)r < flat_len ? (size_t)r : flat_len, hv,
                        iovlen);
    }
    free(flat);
    if (r >= 0 && !send) {
        if (gctl_len) {
            bool trunc;
            size_t used = control_out(hctl, hm.msg_controllen, gctl,
                                      gctl_len, &trunc);
            if (trunc) {
                hm.msg_flags |= MSG_CTRUNC;
            }
            put_guest_val(__typeof__(tm.msg_controllen),
                          hdr + offsetof(struct target_msghdr, msg_controllen),
                          used);
        }
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
    free(hctl);
    return r;
}

static int64_t sys_sendmsg(const uint64_t *a)
{
    return do_msghdr((int)a[0], (abi_ulong)a[1], (int)a[2], true);
}

static int64_t sys_recvmsg(const uint64_t *a)
{
    return do_msghdr((int)a[0], (abi_ulong)a[1], (int)a[2], false);
}

/* sendmmsg/recvmmsg: struct mmsghdr is a msghdr and an unsigned count of
 * bytes, one message after the other.  Messages go one by one: after
 * the first, the call returns what it has instead of waiting (recvmmsg's
 * MSG_WAITFORONE, or a timeout, which is not waited out) or failing. */
struct target_mmsghdr {
    struct target_msghdr msg_hdr;
    uint32_t msg_len;
};

static int64_t do_mmsg(const uint64_t *a, bool send, bool has_timeout)
{
    abi_ulong vec = (abi_ulong)a[1];
    unsigned vlen = (unsigned)a[2], flags = (unsigned)a[3];
    if (vlen > 1024) {
        vlen = 1024; /* UIO_MAXIOV */
    }
    unsigned i;
    for (i = 0; i < vlen; i++) {
        abi_ulong m = vec + i * sizeof(struct target_mmsghdr);
        int f = (int)flags & ~MSG_WAITFORONE;
        if (i > 0 && !send && (flags & MSG_WAITFORONE || has_timeout)) {
            f |= MSG_DONTWAIT;
        }
        int64_t r = do_msghdr((int)a[0], m, f, send);
        if (r < 0) {
            if (i == 0) {
                return r;
            }
            break;
        }
        put_guest_val(uint32_t, m + offsetof(struct target_mmsghdr, msg_len),
                      (uint32_t)r);
    }
    return i;
}

static int64_t sys_sendmmsg(const uint64_t *a)
{
    return do_mmsg(a, true, false);
}

static int64_t sys_recvmmsg(const uint64_t *a)
{
    return do_mmsg(a, false, (abi_ulong)a[4] != 0);
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
        tswap32_words(buf, len);
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
        tswap32_words(buf, hlen);
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
        [19] = sys_recvmmsg,    [20] = sys_sendmmsg,
    };
    static const uint8_t nargs[] = { 0, 3, 3, 3, 2, 3, 3, 3, 4, 4,
                                     4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4 };
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
    { "sendmmsg", sys_sendmmsg, "dpux", 'd' },
    { "recvmmsg", sys_recvmmsg, "dpuxp", 'd' },
    { "recvmmsg_time64", sys_recvmmsg, "dpuxp", 'd' },
    { "setsockopt", sys_setsockopt, "dddpu", 'd' },
    { "getsockopt", sys_getsockopt, "dddpp", 'd' },
    { NULL, NULL, NULL, 0 },
};
