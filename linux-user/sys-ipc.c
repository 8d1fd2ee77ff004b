/*
 * sys-ipc.c: System V IPC (shared memory, semaphores, message queues)
 * for 64-bit little-endian guests, whose structures (shmid_ds, semid_ds,
 * msqid_ds, sembuf, msgbuf) are the host's own: the calls go to the host
 * kernel as they are.  shmat goes through the guest address space: the
 * range is mapped for the guest first (the page map knows it), then the
 * segment replaces it in place; shmdt unmaps it the same way (an unmap
 * detaches a segment).  32-bit guests (whose structures differ, and
 * i386's ipc multiplexer) do not have them yet.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/user.h"

#if TARGET_ABI_BITS == 64 && !TARGET_BIG_ENDIAN

/* Attached segments: guest address and length, for shmdt. */
#define MAX_ATTACHED 512
static struct {
    abi_ulong addr;
    uint64_t len;
} attached[MAX_ATTACHED];
static pthread_mutex_t attached_lock = PTHREAD_MUTEX_INITIALIZER;

static int64_t sys_shmget(const uint64_t *a)
{
    return host_ret(syscall(SYS_shmget, (key_t)a[0], (size_t)a[1], (int)a[2]));
}

static int64_t sys_shmctl(const uint64_t *a)
{
    return host_ret(syscall(SYS_shmctl, (int)a[0], (int)a[1],
                            (abi_ulong)a[2] ? g2h((abi_ulong)a[2]) : NULL));
}

static int64_t sys_shmat(const uint64_t *a)
{
    int id = (int)a[0], flags = (int)a[2];
    abi_ulong addr = (abi_ulong)a[1];
    struct shmid_ds ds;
    if (shmctl(id, IPC_STAT, &ds) < 0) {
        return -errno;
    }
    uint64_t len = (ds.shm_segsz + TARGET_PAGE_SIZE - 1) &
                   ~(uint64_t)(TARGET_PAGE_SIZE - 1);
    if (addr && (flags & SHM_RND)) {
        addr &= ~(abi_ulong)(SHMLBA - 1);
    }
    if (addr & (TARGET_PAGE_SIZE - 1)) {
        return -EINVAL;
    }
    int prot = PROT_READ | (flags & SHM_RDONLY ? 0 : PROT_WRITE) |
               (flags & SHM_EXEC ? PROT_EXEC : 0);
    int map_flags = MAP_PRIVATE | MAP_ANONYMOUS;
    if (addr) {
        map_flags |= flags & SHM_REMAP ? MAP_FIXED : MAP_FIXED_NOREPLACE;
    }
    int64_t g = guest_mmap(addr, len, prot, map_flags, -1, 0);
    if (g < 0) {
        return g == -EEXIST ? -EINVAL : g;
    }
    void *h = shmat(id, g2h((abi_ulong)g),
                    (flags & (SHM_RDONLY | SHM_EXEC)) | SHM_REMAP);
    if (h == (void *)-1) {
        int err = errno;
        guest_munmap((abi_ulong)g, len);
        return -err;
    }
    pthread_mutex_lock(&attached_lock);
    int i;
    for (i = 0; i < MAX_ATTACHED && attached[i].len; i++) {
    }
    if (i < MAX_ATTACHED) {
        attached[i].addr = (abi_ulong)g;
        attached[i].len = len;
    }
    pthread_mutex_unlock(&attached_lock);
    if (i == MAX_ATTACHED) {
        guest_munmap((abi_ulong)g, len);
        return -EMFILE;
    }
    return g;
}

static int64_t sys_shmdt(const uint64_t *a)
{
    abi_ulong addr = (abi_ulong)a[0];
    uint64_t len = 0;
    pthread_mutex_lock(&attached_lock);
    for (int i = 0; i < MAX_ATTACHED; i++) {
        if (attached[i].len && attached[i].addr == addr) {
            len = attached[i].len;
            attached[i].len = 0;
            break;
        }
    }
    pthread_mutex_unlock(&attached_lock);
    if (!len) {
        return -EINVAL;
    }
    return guest_munmap(addr, len);
}

static int64_t sys_semget(const uint64_t *a)
{
    return host_ret(syscall(SYS_semget, (key_t)a[0], (int)a[1], (int)a[2]));
}

/* semctl's fourth argument is a union passed by value: an int or a
 * pointer, which is the host's on these guests. */
static int64_t sys_semctl(const uint64_t *a)
{
    return host_ret(syscall(SYS_semctl, (int)a[0], (int)a[1], (int)a[2],
                            (unsigned long)a[3]));
}

static int64_t sys_semop(const uint64_t *a)
{
    void *sops = guest_buf((abi_ulong)a[1], (abi_ulong)a[2] * 6);
    if (!sops) {
        return -EFAULT;
    }
    return safe_syscall(SYS_semtimedop, (long)(int)a[0], sops,
                        (long)(abi_ulong)a[2], NULL);
}

static int64_t sys_semtimedop(const uint64_t *a)
{
    void *sops = guest_buf((abi_ulong)a[1], (abi_ulong)a[2] * 6);
    if (!sops) {
        return -EFAULT;
    }
    struct timespec ts, *tsp = NULL;
    if ((abi_ulong)a[3]) {
        if (get_timespec((abi_ulong)a[3], &ts, false) < 0) {
            return -EFAULT;
        }
        tsp = &ts;
    }
    return safe_syscall(SYS_semtimedop, (long)(int)a[0], sops,
                        (long)(abi_ulong)a[2], tsp);
}

static int64_t sys_msgget(const uint64_t *a)
{
    return host_ret(syscall(SYS_msgget, (key_t)a[0], (int)a[1]));
}

static int64_t sys_msgctl(const uint64_t *a)
{
    return host_ret(syscall(SYS_msgctl, (int)a[0], (int)a[1],
                            (abi_ulong)a[2] ? g2h((abi_ulong)a[2]) : NULL));
}

/* struct msgbuf: a long type, then the text. */
static int64_t sys_msgsnd(const uint64_t *a)
{
    void *msg = guest_buf((abi_ulong)a[1], sizeof(abi_long) + (abi_ulong)a[2]);
    if (!msg) {
        return -EFAULT;
    }
    return safe_syscall(SYS_msgsnd, (long)(int)a[0], msg,
                        (long)(abi_ulong)a[2], (long)(int)a[3]);
}

static int64_t sys_msgrcv(const uint64_t *a)
{
    void *msg = guest_buf((abi_ulong)a[1], sizeof(abi_long) + (abi_ulong)a[2]);
    if (!msg) {
        return -EFAULT;
    }
    return safe_syscall(SYS_msgrcv, (long)(int)a[0], msg,
                        (long)(abi_ulong)a[2], (long)a[3], (long)(int)a[4]);
}

const SyscallDef sys_ipc_defs[] = {
    { "shmget", sys_shmget, "xux", 'd' },
    { "shmat", sys_shmat, "dpx", 'p' },
    { "shmdt", sys_shmdt, "p", 'd' },
    { "shmctl", sys_shmctl, "ddp", 'd' },
    { "semget", sys_semget, "xdx", 'd' },
    { "semctl", sys_semctl, "dddx", 'd' },
    { "semop", sys_semop, "dpu", 'd' },
    { "semtimedop", sys_semtimedop, "dpup", 'd' },
    { "msgget", sys_msgget, "xx", 'd' },
    { "msgctl", sys_msgctl, "ddp", 'd' },
    { "msgsnd", sys_msgsnd, "dpux", 'd' },
    { "msgrcv", sys_msgrcv, "dpudx", 'd' },
    { NULL, NULL, NULL, 0 },
};

#else

const SyscallDef sys_ipc_defs[] = {
    { NULL, NULL, NULL, 0 },
};

#endif
