/*
 * ioctl-ifreq.c: the network interface requests that read a struct ifreq
 * (SIOCGIF*: flags, addresses, MTU, index, name) and SIOCGIFCONF's list of
 * them, as ifconfig, if_nametoindex and CPython's uuid module use them.
 *
 * A guest ifreq is the interface name (16 bytes) and a union at offset 16
 * holding a sockaddr (sa_family in the guest's byte order), a short, or
 * an int; the union is 24 bytes on 64-bit ABIs (its struct ifmap has
 * longs) and 16 on 32-bit ones, so a guest ifreq is 40 or 32 bytes.
 * Request numbers are the same on every architecture.
 */
#include <errno.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "linux-user/user.h"

#define GUEST_IFREQ_SIZE (TARGET_ABI_BITS == 64 ? 40 : 32)

/* The part of a guest ifreq these requests use. */
typedef struct GuestIfreq {
    char name[IFNAMSIZ];
    union {
        struct {
            uint16_t family;
            char data[14];
        } addr;
        int16_t flags;
        int32_t ivalue;
    } u;
} GuestIfreq;

enum { IFREQ_ADDR, IFREQ_SHORT, IFREQ_INT };

static int ifreq_kind(uint32_t req)
{
    switch (req) {
    case SIOCGIFADDR:
    case SIOCGIFDSTADDR:
    case SIOCGIFBRDADDR:
    case SIOCGIFNETMASK:
    case SIOCGIFHWADDR:
        return IFREQ_ADDR;
    case SIOCGIFFLAGS:
        return IFREQ_SHORT;
    case SIOCGIFMTU:
    case SIOCGIFMETRIC:
    case SIOCGIFINDEX:
    case SIOCGIFNAME:
    case SIOCGIFTXQLEN:
        return IFREQ_INT;
    default:
        return -1;
    }
}

bool is_ifreq_ioctl(uint32_t req)
{
    return req == SIOCGIFCONF || ifreq_kind(req) >= 0;
}

static void ifreq_to_guest(GuestIfreq *t, const struct ifreq *h, int kind)
{
    memcpy(t->name, h->ifr_name, IFNAMSIZ);
    switch (kind) {
    case IFREQ_ADDR:
        tput(t->u.addr.family, h->ifr_addr.sa_family);
        memcpy(t->u.addr.data, h->ifr_addr.sa_data, sizeof(t->u.addr.data));
        break;
    case IFREQ_SHORT:
        tput(t->u.flags, h->ifr_flags);
        break;
    default:
        tput(t->u.ivalue, h->ifr_ifindex);
        break;
    }
}

/* SIOCGIFCONF: struct ifconf { int len; (padding) pointer to ifreqs; } */
static int64_t ifconf_ioctl(int fd, abi_ulong arg)
{
    int32_t len;
    abi_ulong buf;
    if (get_guest_val(int32_t, arg, &len) < 0 ||
        get_guest_val(abi_ulong, arg + sizeof(abi_ulong), &buf) < 0) {
        return -EFAULT;
    }
    size_t count = len > 0 ? (size_t)len / GUEST_IFREQ_SIZE : 0;
    struct ifconf h = { .ifc_len = (int)(count * sizeof(struct ifreq)) };
    if (buf) {
        h.ifc_req = calloc(count ? count : 1, sizeof(struct ifreq));
        if (!h.ifc_req) {
            return -ENOMEM;
        }
    }
    int64_t r = ioctl(fd, SIOCGIFCONF, &h) < 0 ? -errno : 0;
    size_t got = r == 0 ? (size_t)h.ifc_len / sizeof(struct ifreq) : 0;
    for (size_t i = 0; buf && i < got && r == 0; i++) {
        uint8_t rec[GUEST_IFREQ_SIZE] = { 0 };
        GuestIfreq t;
        ifreq_to_guest(&t, &h.ifc_req[i], IFREQ_ADDR);
        memcpy(rec, &t, sizeof(t));
        r = copy_to_guest(buf + i * GUEST_IFREQ_SIZE, rec, sizeof(rec));
    }
    free(h.ifc_req);
    if (r == 0) {
        r = put_guest_val(int32_t, arg, (int32_t)(got * GUEST_IFREQ_SIZE));
    }
    return r;
}

int64_t ifreq_ioctl(int fd, uint32_t req, abi_ulong arg)
{
    if (req == SIOCGIFCONF) {
        return ifconf_ioctl(fd, arg);
    }
    int kind = ifreq_kind(req);
    GuestIfreq t;
    if (copy_from_guest(&t, arg, sizeof(t)) < 0) {
        return -EFAULT;
    }
    struct ifreq h;
    memset(&h, 0, sizeof(h));
    memcpy(h.ifr_name, t.name, IFNAMSIZ);
    if (kind == IFREQ_INT) {
        h.ifr_ifindex = tget(t.u.ivalue); /* SIOCGIFNAME's index */
    }
    if (ioctl(fd, req, &h) < 0) {
        return -errno;
    }
    ifreq_to_guest(&t, &h, kind);
    return copy_to_guest(arg, &t, sizeof(t));
}
