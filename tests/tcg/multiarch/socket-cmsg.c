/* Ancillary data on a Unix socket pair: descriptors passed with
 * SCM_RIGHTS (one, then three in one message, then more than the
 * receiver has room for: MSG_CTRUNC), credentials with SCM_CREDENTIALS,
 * and sendmmsg/recvmmsg of several datagrams at once.  Expected output:
 * the native x86-64 and i386 runs (qemu-ppc 7.2 does not report
 * MSG_CTRUNC). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static int send_fds(int sock, const int *fds, int n, const char *text)
{
    char ctl[CMSG_SPACE(sizeof(int) * 8)];
    memset(ctl, 0, sizeof ctl);
    struct iovec iov = { (void *)text, strlen(text) };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
                        .msg_controllen = CMSG_SPACE(sizeof(int) * n) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * n);
    memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
    return (int)sendmsg(sock, &m, 0);
}

/* Receive with room for room descriptors (the control length without
 * the last padding, the same count on every ABI); print what came. */
static void recv_fds(int sock, int room)
{
    char buf[64] = { 0 };
    union {
        char b[CMSG_SPACE(sizeof(int) * 8)];
        struct cmsghdr align;
    } ctl;
    struct iovec iov = { buf, sizeof buf - 1 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b,
                        .msg_controllen = CMSG_LEN(sizeof(int) * room) };
    ssize_t n = recvmsg(sock, &m, 0);
    printf("recvmsg %zd [%s] ctrunc %d\n", n, buf, (m.msg_flags & MSG_CTRUNC) != 0);
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
        int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        printf("  level %d type %d fds %d:", c->cmsg_level, c->cmsg_type, count);
        for (int i = 0; i < count; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
            char data[16] = { 0 };
            lseek(fd, 0, SEEK_SET);
            read(fd, data, sizeof data - 1);
            printf(" [%s]", data);
            close(fd);
        }
        printf("\n");
    }
}

static int temp_with(const char *text)
{
    char path[] = "/tmp/socket-cmsg-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    write(fd, text, strlen(text));
    return fd;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0) {
        return 1;
    }
    int a = temp_with("first"), b = temp_with("second"), c = temp_with("third");
    int one[1] = { a };
    printf("send %d\n", send_fds(sv[0], one, 1, "one"));
    recv_fds(sv[1], 4);
    int three[3] = { a, b, c };
    printf("send %d\n", send_fds(sv[0], three, 3, "three"));
    recv_fds(sv[1], 4);
    printf("send %d\n", send_fds(sv[0], three, 3, "cut"));
    recv_fds(sv[1], 1);
    close(a);
    close(b);
    close(c);

    int on = 1;
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
    send(sv[0], "creds", 5, 0);
    char buf[16] = { 0 };
    union {
        char b[CMSG_SPACE(sizeof(struct ucred))];
        struct cmsghdr align;
    } ctl;
    struct iovec iov = { buf, sizeof buf - 1 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b,
                        .msg_controllen = sizeof ctl.b };
    ssize_t n = recvmsg(sv[1], &m, 0);
    struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
    if (!cm) {
        printf("no credentials\n");
        return 1;
    }
    struct ucred cr;
    const unsigned char *data = CMSG_DATA(cm);
    memcpy(&cr, data, sizeof cr);
    printf("creds %zd [%s] type %d len-ok %d pid %d uid %d gid %d\n", n, buf,
           cm->cmsg_type, cm->cmsg_len == CMSG_LEN(sizeof cr), cr.pid == getpid(),
           cr.uid == getuid(), cr.gid == getgid());
    on = 0;
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);

    struct mmsghdr out[3];
    struct iovec oiov[3] = { { "alpha", 5 }, { "be", 2 }, { "gamma!", 6 } };
    memset(out, 0, sizeof out);
    for (int i = 0; i < 3; i++) {
        out[i].msg_hdr.msg_iov = &oiov[i];
        out[i].msg_hdr.msg_iovlen = 1;
    }
    int sent = sendmmsg(sv[0], out, 3, 0);
    printf("sendmmsg %d lens %u %u %u\n", sent, out[0].msg_len, out[1].msg_len,
           out[2].msg_len);
    struct mmsghdr in[4];
    char bufs[4][16];
    struct iovec iiov[4];
    memset(in, 0, sizeof in);
    memset(bufs, 0, sizeof bufs);
    for (int i = 0; i < 4; i++) {
        iiov[i] = (struct iovec){ bufs[i], 15 };
        in[i].msg_hdr.msg_iov = &iiov[i];
        in[i].msg_hdr.msg_iovlen = 1;
    }
    int got = recvmmsg(sv[1], in, 4, MSG_WAITFORONE, NULL);
    printf("recvmmsg %d:", got);
    for (int i = 0; i < got; i++) {
        printf(" %u[%s]", in[i].msg_len, bufs[i]);
    }
    printf("\n");
    errno = 0;
    got = recvmmsg(sv[1], in, 4, MSG_DONTWAIT, NULL);
    printf("empty %d %d\n", got, errno == EAGAIN);
    return 0;
}
