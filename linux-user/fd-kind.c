/*
 * fd-kind.c: descriptors whose data is a kernel structure rather than
 * bytes (signalfd, eventfd, timerfd, inotify).  What a read returns from
 * them, and what a write to an eventfd takes, goes between the host's
 * layout and the guest's: signal numbers (signalfd) and byte order (a
 * big-endian guest reads the 64-bit counters and the inotify headers in
 * its own order).  Other descriptors pass through untouched.
 */
#include <sys/inotify.h>

#include "linux-user/user.h"

/* Kinds of descriptors below this bound (others are plain). */
#define FD_KIND_MAX_FD 65536
static uint8_t kinds[FD_KIND_MAX_FD];

FdKind fd_kind(int fd)
{
    if (fd < 0 || fd >= FD_KIND_MAX_FD) {
        return FD_PLAIN;
    }
    return (FdKind)__atomic_load_n(&kinds[fd], __ATOMIC_RELAXED);
}

void fd_kind_set(int fd, FdKind kind)
{
    if (fd >= 0 && fd < FD_KIND_MAX_FD) {
        __atomic_store_n(&kinds[fd], (uint8_t)kind, __ATOMIC_RELAXED);
    }
}

void fd_kind_close_range(unsigned first, unsigned last)
{
    for (uint64_t fd = first; fd <= last && fd < FD_KIND_MAX_FD; fd++) {
        fd_kind_set((int)fd, FD_PLAIN);
    }
}

#if TARGET_BIG_ENDIAN
/* inotify records: a 16-byte header (wd, mask, cookie, len) then len
 * bytes of name. */
static void inotify_convert(uint8_t *p, size_t len)
{
    size_t off = 0;
    while (off + sizeof(struct inotify_event) <= len) {
        struct inotify_event e;
        memcpy(&e, p + off, sizeof(e));
        size_t next = off + sizeof(e) + e.len;
        tput(e.wd, e.wd);
        tput(e.mask, e.mask);
        tput(e.cookie, e.cookie);
        tput(e.len, e.len);
        memcpy(p + off, &e, sizeof(e));
        off = next;
    }
}

static void counter_convert(uint8_t *p, size_t len)
{
    if (len >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        tput(v, v);
        memcpy(p, &v, 8);
    }
}
#endif

void fd_kind_read_done(int fd, void *buf, size_t len)
{
    switch (fd_kind(fd)) {
    case FD_SIGNALFD:
        signalfd_convert(buf, len);
        break;
    case FD_NETLINK_ROUTE:
        netlink_route_to_guest(buf, len);
        break;
#if TARGET_BIG_ENDIAN
    case FD_COUNTER:
        counter_convert(buf, len);
        break;
    case FD_INOTIFY:
        inotify_convert(buf, len);
        break;
#endif
    default:
        break;
    }
}

const void *fd_kind_write_buf(int fd, const void *buf, size_t len,
                              uint64_t *tmp)
{
#if TARGET_BIG_ENDIAN
    if (len >= 8 && fd_kind(fd) == FD_COUNTER) {
        memcpy(tmp, buf, 8);
        *tmp = tget(*tmp);
        return tmp;
    }
#else
    (void)fd;
    (void)len;
    (void)tmp;
#endif
    return buf;
}
