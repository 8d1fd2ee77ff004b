/* The local VSOCK context id from /dev/vsock (IOCTL_VM_SOCKETS_GET_LOCAL_CID,
 * which CPython's test_socket uses to decide whether VSOCK tests run).
 * Prints only whether the call worked, not the id: the oracle is this
 * program run natively on the same machine (no /dev/vsock: both say so). */
#include <errno.h>
#include <fcntl.h>
#include <linux/vm_sockets.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void)
{
    int fd = open("/dev/vsock", O_RDONLY);
    if (fd < 0) {
        printf("open /dev/vsock: %s\n", strerror(errno));
        return 0;
    }
    unsigned cid = 0xdeadbeef;
    int r = ioctl(fd, IOCTL_VM_SOCKETS_GET_LOCAL_CID, &cid);
    printf("get local cid: %d %s, cid %s\n", r, r < 0 ? strerror(errno) : "ok",
           cid == 0xdeadbeef ? "unchanged" : "written");
    close(fd);
    return 0;
}
