/*
 * netlink.c: NETLINK_ROUTE messages between the guest's byte order and
 * the host's.  The kernel reads and writes netlink headers, the fixed
 * message structures (ifinfomsg, ifaddrmsg, rtmsg) and the attributes in
 * its own byte order; a big-endian guest (glibc's getaddrinfo with
 * AI_ADDRCONFIG, getifaddrs, if_nameindex) sends and expects its own, and
 * waits forever for an answer to a request the kernel could not parse.
 * Attribute values are converted where their type is a number or a
 * structure of numbers; nested attributes (IFLA_LINKINFO, IFLA_AF_SPEC,
 * RTA_MULTIPATH, ...) keep their payload as the kernel wrote it.  For a
 * little-endian guest every function here does nothing.
 */
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "linux-user/user.h"

#if TARGET_BIG_ENDIAN

static uint16_t swap16_at(uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    uint16_t s = __builtin_bswap16(v);
    memcpy(p, &s, 2);
    return v;
}

static uint32_t swap32_at(uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    uint32_t s = __builtin_bswap32(v);
    memcpy(p, &s, 4);
    return v;
}

static void swap64_each(uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 8 <= len; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        v = __builtin_bswap64(v);
        memcpy(p + i, &v, 8);
    }
}

/* The value of the host-order 16-bit field swapped at p: before the swap
 * when going to the guest, after it when coming from the guest. */
static uint16_t swap16_host_value(uint8_t *p, bool to_guest)
{
    uint16_t before = swap16_at(p);
    return to_guest ? before : __builtin_bswap16(before);
}

static uint32_t swap32_host_value(uint8_t *p, bool to_guest)
{
    uint32_t before = swap32_at(p);
    return to_guest ? before : __builtin_bswap32(before);
}

typedef enum { VALUE_BYTES, VALUE_U32S, VALUE_U64S, VALUE_IFMAP } ValueKind;

static ValueKind link_attr_kind(unsigned type)
{
    switch (type) {
    case IFLA_MTU: case IFLA_LINK: case IFLA_MASTER: case IFLA_WEIGHT:
    case IFLA_TXQLEN: case IFLA_NET_NS_PID: case IFLA_NET_NS_FD:
    case IFLA_EXT_MASK: case IFLA_PROMISCUITY: case IFLA_NUM_TX_QUEUES:
    case IFLA_NUM_RX_QUEUES: case IFLA_CARRIER_CHANGES: case IFLA_GROUP:
    case IFLA_LINK_NETNSID: case IFLA_GSO_MAX_SEGS: case IFLA_GSO_MAX_SIZE:
    case IFLA_NEW_NETNSID: case IFLA_IF_NETNSID: case IFLA_CARRIER_UP_COUNT:
    case IFLA_CARRIER_DOWN_COUNT: case IFLA_NEW_IFINDEX: case IFLA_MIN_MTU:
    case IFLA_MAX_MTU:
    case IFLA_STATS: /* struct rtnl_link_stats: all __u32 */
        return VALUE_U32S;
    case IFLA_STATS64:
        return VALUE_U64S;
    case IFLA_MAP:
        return VALUE_IFMAP;
    default:
        return VALUE_BYTES;
    }
}

static ValueKind addr_attr_kind(unsigned type)
{
    switch (type) {
    case IFA_CACHEINFO: /* four __u32 */
    case IFA_FLAGS: case IFA_RT_PRIORITY: case IFA_TARGET_NETNSID:
        return VALUE_U32S;
    default:
        return VALUE_BYTES;
    }
}

static ValueKind route_attr_kind(unsigned type)
{
    switch (type) {
    case RTA_IIF: case RTA_OIF: case RTA_PRIORITY: case RTA_FLOW:
    case RTA_TABLE: case RTA_MARK: case RTA_UID:
    case RTA_CACHEINFO: /* struct rta_cacheinfo: all 32-bit */
        return VALUE_U32S;
    case RTA_MFC_STATS: case RTA_EXPIRES:
        return VALUE_U64S;
    default:
        return VALUE_BYTES;
    }
}

/* RTA_METRICS: attributes of __u32, but for the congestion algorithm's
   name. */
static ValueKind route_metric_kind(unsigned type)
{
    return type == RTAX_CC_ALGO ? VALUE_BYTES : VALUE_U32S;
}

static void convert_value(ValueKind kind, uint8_t *p, size_t len)
{
    switch (kind) {
    case VALUE_U32S:
        tswap32_words(p, len);
        break;
    case VALUE_U64S:
        swap64_each(p, len);
        break;
    case VALUE_IFMAP: /* mem_start, mem_end, base_addr: u64; irq: u16 */
        if (len >= 26) {
            swap64_each(p, 24);
            swap16_at(p + 24);
        }
        break;
    case VALUE_BYTES:
        break;
    }
}

/* The attributes (struct rtattr) in p[0, len). RTA_METRICS holds
 * attributes whose values are all __u32. */
static void convert_attrs(uint8_t *p, size_t len, bool to_guest,
                          ValueKind (*kind_of)(unsigned))
{
    size_t off = 0;
    while (off + sizeof(struct rtattr) <= len) {
        uint16_t alen = swap16_host_value(p + off, to_guest);
        uint16_t type = swap16_host_value(p + off + 2, to_guest);
        if (alen < sizeof(struct rtattr) || alen > len - off) {
            return;
        }
        uint8_t *value = p + off + sizeof(struct rtattr);
        size_t vlen = alen - sizeof(struct rtattr);
        unsigned bare = type & NLA_TYPE_MASK;
        if (kind_of == route_attr_kind && bare == RTA_METRICS) {
            convert_attrs(value, vlen, to_guest, route_metric_kind);
        } else if (!(type & NLA_F_NESTED)) {
            convert_value(kind_of(bare), value, vlen);
        }
        off += RTA_ALIGN(alen);
    }
}

/* The fixed structure after the netlink header of a message of this
 * type: its size, and the attributes that follow it. */
static void convert_payload(unsigned type, uint8_t *p, size_t len,
                            bool to_guest)
{
    switch (type) {
    case NLMSG_ERROR: /* int error, then the header of the request */
        if (len >= 4) {
            swap32_at(p);
        }
        if (len >= 4 + sizeof(struct nlmsghdr)) {
            swap32_at(p + 4);
            swap16_at(p + 8);
            swap16_at(p + 10);
            tswap32_words(p + 12, 8);
        }
        return;
    case NLMSG_DONE: /* int: the dump's status */
        if (len >= 4) {
            swap32_at(p);
        }
        return;
    case RTM_NEWLINK: case RTM_DELLINK: case RTM_GETLINK: case RTM_SETLINK:
        /* a dump request may carry only a struct rtgenmsg (one byte) */
        if (len >= sizeof(struct ifinfomsg)) {
            swap16_at(p + offsetof(struct ifinfomsg, ifi_type));
            tswap32_words(p + offsetof(struct ifinfomsg, ifi_index), 12);
            convert_attrs(p + NLMSG_ALIGN(sizeof(struct ifinfomsg)),
                          len - NLMSG_ALIGN(sizeof(struct ifinfomsg)),
                          to_guest, link_attr_kind);
        }
        return;
    case RTM_NEWADDR: case RTM_DELADDR: case RTM_GETADDR:
        if (len >= sizeof(struct ifaddrmsg)) {
            swap32_at(p + offsetof(struct ifaddrmsg, ifa_index));
            convert_attrs(p + NLMSG_ALIGN(sizeof(struct ifaddrmsg)),
                          len - NLMSG_ALIGN(sizeof(struct ifaddrmsg)),
                          to_guest, addr_attr_kind);
        }
        return;
    case RTM_NEWROUTE: case RTM_DELROUTE: case RTM_GETROUTE:
        if (len >= sizeof(struct rtmsg)) {
            swap32_at(p + offsetof(struct rtmsg, rtm_flags));
            convert_attrs(p + NLMSG_ALIGN(sizeof(struct rtmsg)),
                          len - NLMSG_ALIGN(sizeof(struct rtmsg)), to_guest,
                          route_attr_kind);
        }
        return;
    default:
        return;
    }
}

static void convert_messages(uint8_t *p, size_t len, bool to_guest)
{
    size_t off = 0;
    while (off + sizeof(struct nlmsghdr) <= len) {
        uint8_t *h = p + off;
        uint32_t mlen = swap32_host_value(h, to_guest);
        uint16_t type = swap16_host_value(h + 4, to_guest);
        swap16_at(h + 6);      /* nlmsg_flags */
        tswap32_words(h + 8, 8); /* nlmsg_seq, nlmsg_pid */
        if (mlen < sizeof(struct nlmsghdr) || mlen > len - off) {
            return;
        }
        convert_payload(type, h + sizeof(struct nlmsghdr),
                        mlen - sizeof(struct nlmsghdr), to_guest);
        off += NLMSG_ALIGN(mlen);
    }
}

void netlink_route_to_host(void *buf, size_t len)
{
    convert_messages(buf, len, false);
}

void netlink_route_to_guest(void *buf, size_t len)
{
    convert_messages(buf, len, true);
}

#else

void netlink_route_to_host(void *buf, size_t len)
{
    (void)buf;
    (void)len;
}

void netlink_route_to_guest(void *buf, size_t len)
{
    (void)buf;
    (void)len;
}

#endif
