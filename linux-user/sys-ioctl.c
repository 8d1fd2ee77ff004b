/*
 * sys-ioctl.c: ioctl for the terminal and file requests that programs use
 * every day.  Request numbers and the termios layout and flag values are
 * the target's (target_abi.h); the host side goes through tcgetattr and
 * tcsetattr so that the host's kernel termios layout never matters.
 */
#include <errno.h>
#include <linux/fs.h>
#include <linux/vm_sockets.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "util/log.h"

typedef struct FlagMap {
    uint32_t host_mask, host_bits, target_mask, target_bits;
} FlagMap;

#define BIT(name, t) { name, name, t, t },
#define FIELD(hmask, hval, tmask, tval) { hmask, hval, tmask, tval },
static const FlagMap iflag_map[] = { TARGET_TERMIOS_IFLAG };
static const FlagMap oflag_map[] = { TARGET_TERMIOS_OFLAG };
static const FlagMap cflag_map[] = { TARGET_TERMIOS_CFLAG };
static const FlagMap lflag_map[] = { TARGET_TERMIOS_LFLAG };
#undef BIT
#undef FIELD

#define CC(name, t) { name, t },
static const struct { uint8_t host, target; } cc_map[] = { TARGET_TERMIOS_CC };
#undef CC

#define SPEED(name, t) { name, t },
static const struct { speed_t host; uint32_t target; } speed_map[] = {
    TARGET_TERMIOS_SPEEDS
};
#undef SPEED

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t flags_to_target(uint32_t h, const FlagMap *m, size_t n)
{
    uint32_t t = 0;
    for (size_t i = 0; i < n; i++) {
        if ((h & m[i].host_mask) == m[i].host_bits) {
            t |= m[i].target_bits;
        }
    }
    return t;
}

static uint32_t flags_to_host(uint32_t t, const FlagMap *m, size_t n)
{
    uint32_t h = 0;
    for (size_t i = 0; i < n; i++) {
        if ((t & m[i].target_mask) == m[i].target_bits) {
            h |= m[i].host_bits;
        }
    }
    return h;
}

static uint32_t speed_to_target(speed_t s)
{
    for (size_t i = 0; i < COUNT(speed_map); i++) {
        if (speed_map[i].host == s) {
            return speed_map[i].target;
        }
    }
    return 0;
}

static speed_t speed_to_host(uint32_t t)
{
    for (size_t i = 0; i < COUNT(speed_map); i++) {
        if (speed_map[i].target == t) {
            return speed_map[i].host;
        }
    }
    return B0;
}

static int64_t tcgets(int fd, abi_ulong addr)
{
    struct target_termios guest_tio, *t = &guest_tio;
    if (!guest_access_ok(addr, sizeof(*t), PAGE_WRITE)) {
        return -EFAULT;
    }
    struct termios h;
    if (tcgetattr(fd, &h) < 0) {
        return -errno;
    }
    uint32_t cflag = flags_to_target(h.c_cflag, cflag_map, COUNT(cflag_map));
    cflag |= speed_to_target(cfgetospeed(&h)) & TARGET_CBAUD;
    memset(t, 0, sizeof(*t));
    tput(t->c_iflag, flags_to_target(h.c_iflag, iflag_map, COUNT(iflag_map)));
    tput(t->c_oflag, flags_to_target(h.c_oflag, oflag_map, COUNT(oflag_map)));
    tput(t->c_cflag, cflag);
    tput(t->c_lflag, flags_to_target(h.c_lflag, lflag_map, COUNT(lflag_map)));
    for (size_t i = 0; i < COUNT(cc_map); i++) {
        t->c_cc[cc_map[i].target] = h.c_cc[cc_map[i].host];
    }
    t->c_line = h.c_line;
#ifndef TARGET_TERMIOS_NO_SPEEDS
    tput(t->c_ispeed, cfgetispeed(&h) == B0 ? 0 : speed_to_target(cfgetispeed(&h)));
    tput(t->c_ospeed, speed_to_target(cfgetospeed(&h)));
#endif
    return copy_to_guest(addr, t, sizeof(*t));
}

int64_t termios_from_guest(abi_ulong addr, struct termios *h)
{
    struct target_termios guest_tio, *t = &guest_tio;
    if (copy_from_guest(t, addr, sizeof(*t)) < 0) {
        return -EFAULT;
    }
    memset(h, 0, sizeof(*h));
    uint32_t cflag = tget(t->c_cflag);
    h->c_iflag = flags_to_host(tget(t->c_iflag), iflag_map, COUNT(iflag_map));
    h->c_oflag = flags_to_host(tget(t->c_oflag), oflag_map, COUNT(oflag_map));
    h->c_cflag = flags_to_host(cflag, cflag_map, COUNT(cflag_map));
    h->c_lflag = flags_to_host(tget(t->c_lflag), lflag_map, COUNT(lflag_map));
    for (size_t i = 0; i < COUNT(cc_map); i++) {
        h->c_cc[cc_map[i].host] = t->c_cc[cc_map[i].target];
    }
    h->c_line = t->c_line;
    speed_t sp = speed_to_host(cflag & TARGET_CBAUD);
    cfsetospeed(h, sp);
    cfsetispeed(h, sp);
    return 0;
}

static int64_t tcsets(int fd, int action, abi_ulong addr)
{
    struct termios h;
    if (termios_from_guest(addr, &h) < 0) {
        return -EFAULT;
    }
    return tcsetattr(fd, action, &h) < 0 ? -errno : 0;
}

static int64_t ioctl_int_out(int fd, unsigned long req, abi_ulong addr)
{
    if (!guest_access_ok(addr, 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    int v;
    if (ioctl(fd, req, &v) < 0) {
        return -errno;
    }
    return put_guest_val(int32_t, addr, v);
}

static int64_t ioctl_int_in(int fd, unsigned long req, abi_ulong addr)
{
    int v;
    if (get_guest_val(int32_t, addr, &v) < 0) {
        return -EFAULT;
    }
    return ioctl(fd, req, &v) < 0 ? -errno : 0;
}

/* Requests with an int argument: 'v' by value, 'i' an int the kernel
 * reads, 'o' one it writes, '-' none.  A target without a request's
 * number (its target_abi.h does not define it) leaves it out. */
static const struct {
    uint32_t target;
    unsigned long host;
    char kind;
} int_ioctls[] = {
#ifdef TARGET_TCSBRK
    { TARGET_TCSBRK, TCSBRK, 'v' },
    { TARGET_TCXONC, TCXONC, 'v' },
    { TARGET_TCFLSH, TCFLSH, 'v' },
    { TARGET_TIOCEXCL, TIOCEXCL, '-' },
    { TARGET_TIOCNXCL, TIOCNXCL, '-' },
    { TARGET_TIOCSCTTY, TIOCSCTTY, 'v' },
    { TARGET_TIOCOUTQ, TIOCOUTQ, 'o' },
    { TARGET_TIOCMGET, TIOCMGET, 'o' },
    { TARGET_TIOCMBIS, TIOCMBIS, 'i' },
    { TARGET_TIOCMBIC, TIOCMBIC, 'i' },
    { TARGET_TIOCMSET, TIOCMSET, 'i' },
    { TARGET_TIOCNOTTY, TIOCNOTTY, '-' },
    { TARGET_TIOCSETD, TIOCSETD, 'i' },
    { TARGET_TIOCGETD, TIOCGETD, 'o' },
    { TARGET_TCSBRKP, TCSBRKP, 'v' },
    { TARGET_TIOCSBRK, TIOCSBRK, '-' },
    { TARGET_TIOCCBRK, TIOCCBRK, '-' },
    { TARGET_TIOCGSID, TIOCGSID, 'o' },
    { TARGET_TIOCGPTN, TIOCGPTN, 'o' },
    { TARGET_TIOCSPTLCK, TIOCSPTLCK, 'i' },
    { TARGET_TIOCGPTLCK, TIOCGPTLCK, 'o' },
    { TARGET_FIOASYNC, FIOASYNC, 'i' },
    { TARGET_FICLONE, FICLONE, 'v' }, /* the source descriptor */
#endif
#ifdef TARGET_IOCTL_VM_SOCKETS_GET_LOCAL_CID
    { TARGET_IOCTL_VM_SOCKETS_GET_LOCAL_CID, IOCTL_VM_SOCKETS_GET_LOCAL_CID,
      'o' }, /* on /dev/vsock */
#endif
    { 0, 0, 0 },
};

static int64_t int_ioctl(int fd, unsigned long host, char kind, abi_ulong arg)
{
    switch (kind) {
    case 'v':
        return ioctl(fd, host, (int)arg) < 0 ? -errno : 0;
    case 'i':
        return ioctl_int_in(fd, host, arg);
    case 'o':
        return ioctl_int_out(fd, host, arg);
    default:
        return ioctl(fd, host) < 0 ? -errno : 0;
    }
}

static int64_t sys_ioctl(const uint64_t *a)
{
    int fd = (int)a[0];
    uint32_t req = (uint32_t)a[1];
    abi_ulong arg = (abi_ulong)a[2];
    if (is_ifreq_ioctl(req)) {
        return ifreq_ioctl(fd, req, arg);
    }
    switch (req) {
    case TARGET_TCGETS:
        return tcgets(fd, arg);
    case TARGET_TCSETS:
        return tcsets(fd, TCSANOW, arg);
    case TARGET_TCSETSW:
        return tcsets(fd, TCSADRAIN, arg);
    case TARGET_TCSETSF:
        return tcsets(fd, TCSAFLUSH, arg);
    case TARGET_TIOCGWINSZ: {
        struct target_winsize t;
        if (!guest_access_ok(arg, sizeof(t), PAGE_WRITE)) {
            return -EFAULT;
        }
        struct winsize w;
        if (ioctl(fd, TIOCGWINSZ, &w) < 0) {
            return -errno;
        }
        tput(t.ws_row, w.ws_row);
        tput(t.ws_col, w.ws_col);
        tput(t.ws_xpixel, w.ws_xpixel);
        tput(t.ws_ypixel, w.ws_ypixel);
        return copy_to_guest(arg, &t, sizeof(t));
    }
    case TARGET_TIOCSWINSZ: {
        struct target_winsize t;
        if (copy_from_guest(&t, arg, sizeof(t)) < 0) {
            return -EFAULT;
        }
        struct winsize w = { tget(t.ws_row), tget(t.ws_col),
                             tget(t.ws_xpixel), tget(t.ws_ypixel) };
        return ioctl(fd, TIOCSWINSZ, &w) < 0 ? -errno : 0;
    }
    case TARGET_FIONREAD:
        return ioctl_int_out(fd, FIONREAD, arg);
    case TARGET_TIOCGPGRP:
        return ioctl_int_out(fd, TIOCGPGRP, arg);
    case TARGET_TIOCSPGRP:
        return ioctl_int_in(fd, TIOCSPGRP, arg);
    case TARGET_FIONBIO:
        return ioctl_int_in(fd, FIONBIO, arg);
    case TARGET_FIOCLEX:
        return ioctl(fd, FIOCLEX) < 0 ? -errno : 0;
    case TARGET_FIONCLEX:
        return ioctl(fd, FIONCLEX) < 0 ? -errno : 0;
#ifdef TARGET_TIOCSTI
    case TARGET_TIOCSTI: {
        char c;
        if (copy_from_guest(&c, arg, 1) < 0) {
            return -EFAULT;
        }
        return ioctl(fd, TIOCSTI, &c) < 0 ? -errno : 0;
    }
#endif
#ifdef TARGET_TIOCGPTPEER
    case TARGET_TIOCGPTPEER: /* the pty's other end, opened with flags */
        return host_ret(ioctl(fd, TIOCGPTPEER,
                              target_to_host_open_flags((uint32_t)arg)));
#endif
    default: {
        for (size_t i = 0; int_ioctls[i].kind; i++) {
            if (int_ioctls[i].target == req) {
                return int_ioctl(fd, int_ioctls[i].host, int_ioctls[i].kind,
                                 arg);
            }
        }
        if (log_enabled(LOG_UNIMP)) {
            log_printf("Unsupported ioctl: 0x%08x on fd %d\n", req, fd);
        }
        return -ENOTTY;
    }
    }
}

const SyscallDef sys_ioctl_defs[] = {
    { "ioctl", sys_ioctl, "#iQ", 'd' },
    { NULL, NULL, NULL, 0 },
};
