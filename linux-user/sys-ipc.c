/*
 * sys-ipc.c: System V IPC (shared memory, semaphores, message queues).
 *
 * shmat goes through the guest address space on every guest: the range
 * is mapped for the guest first (the page map knows it), then the
 * segment replaces it in place; shmdt unmaps it the same way (an unmap
 * detaches a segment).
 *
 * 64-bit little-endian guests (x86-64) have the host's structures
 * (shmid_ds, semid_ds, msqid_ds, sembuf, msgbuf): their calls go to the
 * host kernel as they are.
 *
 * 32-bit guests (i386, ppc) get what a 32-bit kernel gives them: the
 * direct calls (shmget... msgctl, semtimedop_time64) and the `ipc`
 * multiplexer their C library uses, with every structure converted
 * between the guest's layout and byte order and the host's: the IPC_64
 * layouts (target_abi.h: *_high time words) and, for a ctl command
 * without IPC_64 sent through `ipc`, the old ones below (16-bit pids,
 * 16-bit ids and mode on i386).
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/user.h"

/* ---- shmat and shmdt: segments in the guest address space ------------ */

/* Attached segments: guest address and length, for shmdt. */
#define MAX_ATTACHED 512
static struct {
    abi_ulong addr;
    uint64_t len;
} attached[MAX_ATTACHED];
static pthread_mutex_t attached_lock = PTHREAD_MUTEX_INITIALIZER;

/* Attach segment id at guest address addr (0: mimic picks) with shmat's
 * flags; the guest address or -errno.  SHMLBA is the page size on every
 * guest mimic has. */
static int64_t shm_attach(int id, abi_ulong addr, int flags)
{
    if (addr && (flags & SHM_RND)) {
        addr &= ~(abi_ulong)(TARGET_PAGE_SIZE - 1);
        if (!addr && (flags & SHM_REMAP)) {
            return -EINVAL;
        }
    } else if (!addr && (flags & SHM_REMAP)) {
        return -EINVAL;
    }
    if (addr & (TARGET_PAGE_SIZE - 1)) {
        return -EINVAL;
    }
    struct shmid_ds ds;
    if (shmctl(id, IPC_STAT, &ds) < 0) {
        return -errno;
    }
    uint64_t len = (ds.shm_segsz + TARGET_PAGE_SIZE - 1) &
                   ~(uint64_t)(TARGET_PAGE_SIZE - 1);
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
    /* Segments the new one replaced (SHM_REMAP) are detached. */
    for (int j = 0; j < MAX_ATTACHED; j++) {
        if (attached[j].len && attached[j].addr < (uint64_t)g + len &&
            (uint64_t)attached[j].addr + attached[j].len > (uint64_t)g) {
            attached[j].len = 0;
        }
    }
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

static int64_t shm_detach(abi_ulong addr)
{
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

static int64_t sys_shmat(const uint64_t *a)
{
    return shm_attach((int)a[0], (abi_ulong)a[1], (int)a[2]);
}

static int64_t sys_shmdt(const uint64_t *a)
{
    return shm_detach((abi_ulong)a[0]);
}

static int64_t sys_shmget(const uint64_t *a)
{
    return host_ret(syscall(SYS_shmget, (key_t)a[0], (size_t)(abi_ulong)a[1],
                            (int)a[2]));
}

static int64_t sys_semget(const uint64_t *a)
{
    return host_ret(syscall(SYS_semget, (key_t)a[0], (int)a[1], (int)a[2]));
}

static int64_t sys_msgget(const uint64_t *a)
{
    return host_ret(syscall(SYS_msgget, (key_t)a[0], (int)a[1]));
}

#if TARGET_ABI_BITS == 64 && !TARGET_BIG_ENDIAN

/* ---- 64-bit little-endian guests: the host's structures -------------- */

static int64_t sys_shmctl(const uint64_t *a)
{
    return host_ret(syscall(SYS_shmctl, (int)a[0], (int)a[1],
                            (abi_ulong)a[2] ? g2h((abi_ulong)a[2]) : NULL));
}

/* semctl's fourth argument is a union passed by value: an int or a
 * pointer, which is the host's on these guests. */
static int64_t sys_semctl(const uint64_t *a)
{
    return host_ret(syscall(SYS_semctl, (int)a[0], (int)a[1], (int)a[2],
                            (unsigned long)a[3]));
}

/* Guest addresses are host addresses here (guest base 0): a buffer
 * outside the guest space goes to the host as it is, which checks it
 * after the other arguments, as the guest's kernel would; one inside
 * goes through guest_buf (a buffer the kernel writes may hold code). */
static void *host_buf(abi_ulong addr, uint64_t len)
{
    void *h = guest_buf(addr, len);
    return h ? h : g2h(addr);
}

static int64_t sys_semop(const uint64_t *a)
{
    return safe_syscall(SYS_semtimedop, (long)(int)a[0], g2h((abi_ulong)a[1]),
                        (long)(unsigned)a[2], NULL);
}

static int64_t sys_semtimedop(const uint64_t *a)
{
    struct timespec ts, *tsp = NULL;
    if ((abi_ulong)a[3]) {
        if (get_timespec((abi_ulong)a[3], &ts, false) < 0) {
            return -EFAULT;
        }
        tsp = &ts;
    }
    return safe_syscall(SYS_semtimedop, (long)(int)a[0], g2h((abi_ulong)a[1]),
                        (long)(unsigned)a[2], tsp);
}

static int64_t sys_msgctl(const uint64_t *a)
{
    return host_ret(syscall(SYS_msgctl, (int)a[0], (int)a[1],
                            (abi_ulong)a[2] ? g2h((abi_ulong)a[2]) : NULL));
}

/* struct msgbuf: a long type, then the text. */
static int64_t sys_msgsnd(const uint64_t *a)
{
    return safe_syscall(SYS_msgsnd, (long)(int)a[0],
                        host_buf((abi_ulong)a[1], sizeof(abi_long) + a[2]),
                        (long)a[2], (long)(int)a[3]);
}

static int64_t sys_msgrcv(const uint64_t *a)
{
    return safe_syscall(SYS_msgrcv, (long)(int)a[0],
                        host_buf((abi_ulong)a[1], sizeof(abi_long) + a[2]),
                        (long)a[2], (long)a[3], (long)(int)a[4]);
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

#elif TARGET_ABI_BITS == 32

/* ---- 32-bit guests: the host kernel's structures ---------------------- */

/* The x86-64 kernel's own layouts (asm-generic 64-bit ones, and x86's
 * semid64_ds), which its *ctl calls take without IPC_64. */
struct host_ipc64_perm {
    int32_t key;
    uint32_t uid, gid, cuid, cgid;
    uint32_t mode;
    uint16_t seq, pad2;
    uint64_t unused1, unused2;
};

struct host_shmid64_ds {
    struct host_ipc64_perm shm_perm;
    uint64_t shm_segsz;
    int64_t shm_atime, shm_dtime, shm_ctime;
    int32_t shm_cpid, shm_lpid;
    uint64_t shm_nattch, unused4, unused5;
};

struct host_semid64_ds { /* x86's own: a spare word after each time */
    struct host_ipc64_perm sem_perm;
    int64_t sem_otime;
    uint64_t unused1;
    int64_t sem_ctime;
    uint64_t unused2;
    uint64_t sem_nsems, unused3, unused4;
};

struct host_msqid64_ds {
    struct host_ipc64_perm msg_perm;
    int64_t msg_stime, msg_rtime, msg_ctime;
    uint64_t msg_cbytes, msg_qnum, msg_qbytes;
    int32_t msg_lspid, msg_lrpid;
    uint64_t unused4, unused5;
};

struct host_shminfo64 {
    uint64_t shmmax, shmmin, shmmni, shmseg, shmall, unused[4];
};

struct host_shm_info {
    int32_t used_ids;
    uint64_t shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

/* struct seminfo (ten ints) and struct msginfo (seven ints and an
 * unsigned short) are the same on every ABI: only the byte order
 * changes. */
struct ipc_seminfo {
    int32_t v[10];
};
struct ipc_msginfo {
    int32_t v[7];
    uint16_t msgseg;
};

_Static_assert(sizeof(struct host_ipc64_perm) == 48, "x86-64 ipc64_perm");
_Static_assert(sizeof(struct host_shmid64_ds) == 112, "x86-64 shmid64_ds");
_Static_assert(sizeof(struct host_semid64_ds) == 104, "x86-64 semid64_ds");
_Static_assert(sizeof(struct host_msqid64_ds) == 120, "x86-64 msqid64_ds");

/* ---- 32-bit guests: the old layouts (linux/ipc.h, shm.h, sem.h, msg.h) */

struct target_old_ipc_perm {
    int32_t key;
    target_old_uid_t uid, gid, cuid, cgid;
    target_old_mode_t mode;
    uint16_t seq;
};

struct target_old_shmid_ds {
    struct target_old_ipc_perm shm_perm;
    int32_t shm_segsz;
    int32_t shm_atime, shm_dtime, shm_ctime;
    target_ipc_pid_t shm_cpid, shm_lpid;
    uint16_t shm_nattch, shm_unused;
    uint32_t shm_unused2, shm_unused3;
};

struct target_old_semid_ds {
    struct target_old_ipc_perm sem_perm;
    int32_t sem_otime, sem_ctime;
    uint32_t sem_base, sem_pending, sem_pending_last, undo;
    uint16_t sem_nsems;
};

struct target_old_msqid_ds {
    struct target_old_ipc_perm msg_perm;
    uint32_t msg_first, msg_last;
    int32_t msg_stime, msg_rtime, msg_ctime;
    uint32_t msg_lcbytes, msg_lqbytes;
    uint16_t msg_cbytes, msg_qnum, msg_qbytes;
    target_ipc_pid_t msg_lspid, msg_lrpid;
};

struct target_shminfo64 {
    uint32_t shmmax, shmmin, shmmni, shmseg, shmall, unused[4];
};

struct target_old_shminfo {
    int32_t shmmax, shmmin, shmmni, shmseg, shmall;
};

struct target_shm_info {
    int32_t used_ids;
    uint32_t shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

_Static_assert(sizeof(struct target_old_shmid_ds) ==
                   (sizeof(target_old_uid_t) == 2 ? 48 : 60),
               "old shmid_ds");
_Static_assert(sizeof(struct target_old_semid_ds) ==
                   (sizeof(target_old_uid_t) == 2 ? 44 : 56),
               "old semid_ds");
_Static_assert(sizeof(struct target_old_msqid_ds) ==
                   (sizeof(target_old_uid_t) == 2 ? 56 : 68),
               "old msqid_ds");

/* A ctl command sent through `ipc` says its layout with IPC_64; the
 * direct calls always use the IPC_64 layouts (and, like the host, reject
 * a command that has the bit). */
#define IPC_64_FLAG 0x100

static bool parse_ipc_version(int *cmd)
{
    if (*cmd & IPC_64_FLAG) {
        *cmd &= ~IPC_64_FLAG;
        return true;
    }
    return false;
}

/* An id in the old 16-bit fields: one that does not fit is the overflow
 * id, as the kernel shows it. */
static target_old_uid_t old_id(uint32_t id)
{
#ifdef TARGET_OLD_UID16
    return id > 0xffff ? 65534 : (target_old_uid_t)id;
#else
    return (target_old_uid_t)id;
#endif
}

static void put_perm64(struct target_ipc64_perm *t,
                       const struct host_ipc64_perm *h)
{
    memset(t, 0, sizeof(*t));
    tput(t->key, h->key);
    tput(t->uid, h->uid);
    tput(t->gid, h->gid);
    tput(t->cuid, h->cuid);
    tput(t->cgid, h->cgid);
    tput(t->mode, h->mode);
    tput(t->seq, h->seq);
}

static void put_old_perm(struct target_old_ipc_perm *t,
                         const struct host_ipc64_perm *h)
{
    memset(t, 0, sizeof(*t));
    tput(t->key, h->key);
    tput(t->uid, old_id(h->uid));
    tput(t->gid, old_id(h->gid));
    tput(t->cuid, old_id(h->cuid));
    tput(t->cgid, old_id(h->cgid));
    tput(t->mode, h->mode);
    tput(t->seq, h->seq);
}

/* What IPC_SET takes from the guest: the owner and the mode. */
static int64_t get_perm_for_set(struct host_ipc64_perm *h, abi_ulong addr,
                                bool ipc64)
{
    if (ipc64) {
        struct target_ipc64_perm t;
        if (copy_from_guest(&t, addr, sizeof(t)) < 0) {
            return -EFAULT;
        }
        h->uid = tget(t.uid);
        h->gid = tget(t.gid);
        h->mode = tget(t.mode);
    } else {
        struct target_old_ipc_perm t;
        if (copy_from_guest(&t, addr, sizeof(t)) < 0) {
            return -EFAULT;
        }
        h->uid = tget(t.uid);
        h->gid = tget(t.gid);
        h->mode = tget(t.mode);
    }
    return 0;
}

/* A 64-bit host time as the guest's low and high words. */
#define PUT_TIME64(t, field, v)                                                \
    do {                                                                       \
        tput((t).field, (uint32_t)(v));                                        \
        tput((t).field##_high, (uint32_t)((uint64_t)(v) >> 32));               \
    } while (0)

/* ---- shmctl ----------------------------------------------------------- */

static int64_t put_shmid(abi_ulong addr, const struct host_shmid64_ds *h,
                         bool ipc64)
{
    if (ipc64) {
        struct target_shmid64_ds t;
        memset(&t, 0, sizeof(t));
        put_perm64(&t.shm_perm, &h->shm_perm);
        tput(t.shm_segsz, h->shm_segsz);
        PUT_TIME64(t, shm_atime, h->shm_atime);
        PUT_TIME64(t, shm_dtime, h->shm_dtime);
        PUT_TIME64(t, shm_ctime, h->shm_ctime);
        tput(t.shm_cpid, h->shm_cpid);
        tput(t.shm_lpid, h->shm_lpid);
        tput(t.shm_nattch, h->shm_nattch);
        return copy_to_guest(addr, &t, sizeof(t));
    }
    struct target_old_shmid_ds t;
    memset(&t, 0, sizeof(t));
    put_old_perm(&t.shm_perm, &h->shm_perm);
    tput(t.shm_segsz, h->shm_segsz);
    tput(t.shm_atime, h->shm_atime);
    tput(t.shm_dtime, h->shm_dtime);
    tput(t.shm_ctime, h->shm_ctime);
    tput(t.shm_cpid, h->shm_cpid);
    tput(t.shm_lpid, h->shm_lpid);
    tput(t.shm_nattch, h->shm_nattch);
    return copy_to_guest(addr, &t, sizeof(t));
}

static int64_t put_shminfo(abi_ulong addr, const struct host_shminfo64 *h,
                           bool ipc64)
{
    if (ipc64) {
        struct target_shminfo64 t;
        memset(&t, 0, sizeof(t));
        tput(t.shmmax, h->shmmax);
        tput(t.shmmin, h->shmmin);
        tput(t.shmmni, h->shmmni);
        tput(t.shmseg, h->shmseg);
        tput(t.shmall, h->shmall);
        return copy_to_guest(addr, &t, sizeof(t));
    }
    struct target_old_shminfo t;
    tput(t.shmmax, h->shmmax > INT_MAX ? INT_MAX : h->shmmax);
    tput(t.shmmin, h->shmmin);
    tput(t.shmmni, h->shmmni);
    tput(t.shmseg, h->shmseg);
    tput(t.shmall, h->shmall);
    return copy_to_guest(addr, &t, sizeof(t));
}

static int64_t put_shm_info(abi_ulong addr, const struct host_shm_info *h)
{
    struct target_shm_info t;
    memset(&t, 0, sizeof(t));
    tput(t.used_ids, h->used_ids);
    tput(t.shm_tot, h->shm_tot);
    tput(t.shm_rss, h->shm_rss);
    tput(t.shm_swp, h->shm_swp);
    tput(t.swap_attempts, h->swap_attempts);
    tput(t.swap_successes, h->swap_successes);
    return copy_to_guest(addr, &t, sizeof(t));
}

static int64_t shmctl32(int id, int cmd, abi_ulong buf, bool ipc64)
{
    if (id < 0 || cmd < 0) {
        return -EINVAL;
    }
    int64_t r;
    switch (cmd) {
    case IPC_STAT:
    case SHM_STAT:
    case SHM_STAT_ANY: {
        struct host_shmid64_ds h;
        r = host_ret(syscall(SYS_shmctl, id, cmd, &h));
        return r < 0 ? r : put_shmid(buf, &h, ipc64) ?: r;
    }
    case IPC_SET: {
        struct host_shmid64_ds h;
        memset(&h, 0, sizeof(h));
        r = get_perm_for_set(&h.shm_perm, buf, ipc64);
        return r < 0 ? r : host_ret(syscall(SYS_shmctl, id, cmd, &h));
    }
    case IPC_INFO: {
        struct host_shminfo64 h;
        r = host_ret(syscall(SYS_shmctl, id, cmd, &h));
        return r < 0 ? r : put_shminfo(buf, &h, ipc64) ?: r;
    }
    case SHM_INFO: {
        struct host_shm_info h;
        r = host_ret(syscall(SYS_shmctl, id, cmd, &h));
        return r < 0 ? r : put_shm_info(buf, &h) ?: r;
    }
    default: /* IPC_RMID, SHM_LOCK, SHM_UNLOCK: no buffer */
        return host_ret(syscall(SYS_shmctl, id, cmd, NULL));
    }
}

/* ---- semctl and semop ------------------------------------------------- */

static int64_t put_semid(abi_ulong addr, const struct host_semid64_ds *h,
                         bool ipc64)
{
    if (ipc64) {
        struct target_semid64_ds t;
        memset(&t, 0, sizeof(t));
        put_perm64(&t.sem_perm, &h->sem_perm);
        PUT_TIME64(t, sem_otime, h->sem_otime);
        PUT_TIME64(t, sem_ctime, h->sem_ctime);
        tput(t.sem_nsems, h->sem_nsems);
        return copy_to_guest(addr, &t, sizeof(t));
    }
    struct target_old_semid_ds t;
    memset(&t, 0, sizeof(t));
    put_old_perm(&t.sem_perm, &h->sem_perm);
    tput(t.sem_otime, h->sem_otime);
    tput(t.sem_ctime, h->sem_ctime);
    tput(t.sem_nsems, h->sem_nsems);
    return copy_to_guest(addr, &t, sizeof(t));
}

static int64_t put_seminfo(abi_ulong addr, const struct ipc_seminfo *h)
{
    struct ipc_seminfo t;
    for (int i = 0; i < 10; i++) {
        tput(t.v[i], h->v[i]);
    }
    return copy_to_guest(addr, &t, sizeof(t));
}

/* GETALL and SETALL: the set's values are an array of unsigned shorts. */
static int64_t sem_all(int id, int cmd, abi_ulong addr)
{
    struct host_semid64_ds ds;
    if (syscall(SYS_semctl, id, 0, IPC_STAT, &ds) < 0) {
        return -errno;
    }
    uint16_t *v = malloc((ds.sem_nsems ? ds.sem_nsems : 1) * sizeof(*v));
    if (!v) {
        return -ENOMEM;
    }
    size_t bytes = ds.sem_nsems * sizeof(*v);
    int64_t r;
    if (cmd == SETALL) {
        r = copy_from_guest(v, addr, bytes);
        for (uint64_t i = 0; r == 0 && i < ds.sem_nsems; i++) {
            v[i] = tswap16(v[i]);
        }
        if (r == 0) {
            r = host_ret(syscall(SYS_semctl, id, 0, SETALL, v));
        }
    } else {
        r = host_ret(syscall(SYS_semctl, id, 0, GETALL, v));
        for (uint64_t i = 0; r == 0 && i < ds.sem_nsems; i++) {
            v[i] = tswap16(v[i]);
        }
        if (r == 0) {
            r = copy_to_guest(addr, v, bytes);
        }
    }
    free(v);
    return r;
}

/* arg: the guest's union semun, an int or a guest pointer. */
static int64_t semctl32(int id, int num, int cmd, uint32_t arg, bool ipc64)
{
    if (id < 0) {
        return -EINVAL;
    }
    int64_t r;
    switch (cmd) {
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY: {
        struct host_semid64_ds h;
        r = host_ret(syscall(SYS_semctl, id, num, cmd, &h));
        return r < 0 ? r : put_semid(arg, &h, ipc64) ?: r;
    }
    case IPC_SET: {
        struct host_semid64_ds h;
        memset(&h, 0, sizeof(h));
        r = get_perm_for_set(&h.sem_perm, arg, ipc64);
        return r < 0 ? r : host_ret(syscall(SYS_semctl, id, num, cmd, &h));
    }
    case IPC_INFO:
    case SEM_INFO: {
        struct ipc_seminfo h;
        r = host_ret(syscall(SYS_semctl, id, num, cmd, &h));
        return r < 0 ? r : put_seminfo(arg, &h) ?: r;
    }
    case GETALL:
    case SETALL:
        return sem_all(id, cmd, arg);
    case SETVAL:
        return host_ret(syscall(SYS_semctl, id, num, cmd, (long)(int32_t)arg));
    default: /* IPC_RMID, GETVAL, GETPID, GETNCNT, GETZCNT */
        return host_ret(syscall(SYS_semctl, id, num, cmd, 0L));
    }
}

/* semop and semtimedop: struct sembuf is three shorts (the guest's byte
 * order).  A count the kernel refuses anyway (0, or more than any
 * semopm) goes to the host as it is, for the host's error. */
#define SEMOP_MAX 65536
static int64_t semop32(int id, abi_ulong sops, uint32_t nsops,
                       abi_ulong timeout, bool time64)
{
    struct timespec ts, *tsp = NULL;
    if (timeout) {
        if (get_timespec(timeout, &ts, time64) < 0) {
            return -EFAULT;
        }
        tsp = &ts;
    }
    if (id < 0 || nsops == 0 || nsops > SEMOP_MAX) {
        return safe_syscall(SYS_semtimedop, (long)id, NULL, (long)nsops, tsp);
    }
    uint16_t *ops = malloc(nsops * (size_t)6);
    if (!ops) {
        return -ENOMEM;
    }
    int64_t r = copy_from_guest(ops, sops, nsops * (size_t)6);
    if (r == 0) {
        for (uint32_t i = 0; i < nsops * 3; i++) {
            ops[i] = tswap16(ops[i]);
        }
        r = safe_syscall(SYS_semtimedop, (long)id, ops, (long)nsops, tsp);
    }
    free(ops);
    return r;
}

/* ---- msgctl, msgsnd, msgrcv ------------------------------------------ */

static int64_t put_msqid(abi_ulong addr, const struct host_msqid64_ds *h,
                         bool ipc64)
{
    if (ipc64) {
        struct target_msqid64_ds t;
        memset(&t, 0, sizeof(t));
        put_perm64(&t.msg_perm, &h->msg_perm);
        PUT_TIME64(t, msg_stime, h->msg_stime);
        PUT_TIME64(t, msg_rtime, h->msg_rtime);
        PUT_TIME64(t, msg_ctime, h->msg_ctime);
        tput(t.msg_cbytes, h->msg_cbytes);
        tput(t.msg_qnum, h->msg_qnum);
        tput(t.msg_qbytes, h->msg_qbytes);
        tput(t.msg_lspid, h->msg_lspid);
        tput(t.msg_lrpid, h->msg_lrpid);
        return copy_to_guest(addr, &t, sizeof(t));
    }
    /* The 16-bit counts saturate; the long ones hold the real values. */
    struct target_old_msqid_ds t;
    memset(&t, 0, sizeof(t));
    put_old_perm(&t.msg_perm, &h->msg_perm);
    tput(t.msg_stime, h->msg_stime);
    tput(t.msg_rtime, h->msg_rtime);
    tput(t.msg_ctime, h->msg_ctime);
    tput(t.msg_lcbytes, h->msg_cbytes);
    tput(t.msg_lqbytes, h->msg_qbytes);
    tput(t.msg_cbytes, h->msg_cbytes > 0xffff ? 0xffff : h->msg_cbytes);
    tput(t.msg_qnum, h->msg_qnum > 0xffff ? 0xffff : h->msg_qnum);
    tput(t.msg_qbytes, h->msg_qbytes > 0xffff ? 0xffff : h->msg_qbytes);
    tput(t.msg_lspid, h->msg_lspid);
    tput(t.msg_lrpid, h->msg_lrpid);
    return copy_to_guest(addr, &t, sizeof(t));
}

static int64_t msgctl32(int id, int cmd, abi_ulong buf, bool ipc64)
{
    if (id < 0 || cmd < 0) {
        return -EINVAL;
    }
    int64_t r;
    switch (cmd) {
    case IPC_STAT:
    case MSG_STAT:
    case MSG_STAT_ANY: {
        struct host_msqid64_ds h;
        r = host_ret(syscall(SYS_msgctl, id, cmd, &h));
        return r < 0 ? r : put_msqid(buf, &h, ipc64) ?: r;
    }
    case IPC_SET: {
        struct host_msqid64_ds h;
        memset(&h, 0, sizeof(h));
        r = get_perm_for_set(&h.msg_perm, buf, ipc64);
        if (r < 0) {
            return r;
        }
        if (ipc64) {
            struct target_msqid64_ds t;
            r = copy_from_guest(&t, buf, sizeof(t));
            h.msg_qbytes = tget(t.msg_qbytes);
        } else {
            struct target_old_msqid_ds t;
            r = copy_from_guest(&t, buf, sizeof(t));
            /* A 16-bit 0 asks for the long value. */
            h.msg_qbytes = tget(t.msg_qbytes) ? tget(t.msg_qbytes)
                                              : tget(t.msg_lqbytes);
        }
        return r < 0 ? r : host_ret(syscall(SYS_msgctl, id, cmd, &h));
    }
    case IPC_INFO:
    case MSG_INFO: {
        struct ipc_msginfo h;
        r = host_ret(syscall(SYS_msgctl, id, cmd, &h));
        if (r < 0) {
            return r;
        }
        struct ipc_msginfo t;
        memset(&t, 0, sizeof(t));
        for (int i = 0; i < 7; i++) {
            tput(t.v[i], h.v[i]);
        }
        tput(t.msgseg, h.msgseg);
        return copy_to_guest(buf, &t, sizeof(t)) ?: r;
    }
    default: /* IPC_RMID */
        return host_ret(syscall(SYS_msgctl, id, cmd, NULL));
    }
}

/* The largest message the host takes now (msgmax): the bound of the
 * host buffers below. */
static int64_t host_msgmax(void)
{
    struct ipc_msginfo info;
    if (syscall(SYS_msgctl, 0, IPC_INFO, &info) < 0) {
        return -errno;
    }
    return info.v[2];
}

/* struct msgbuf: the guest's long (32-bit) type, then the text; the
 * host's has a 64-bit one. */
static int64_t msgsnd32(int id, abi_ulong msgp, int32_t size, int flags)
{
    int64_t max = host_msgmax();
    if (max < 0) {
        return max;
    }
    if (id < 0 || size < 0 || size > max) {
        return -EINVAL;
    }
    int32_t type;
    if (get_guest_val(int32_t, msgp, &type) < 0) {
        return -EFAULT;
    }
    long *m = malloc(sizeof(long) + (size_t)size);
    if (!m) {
        return -ENOMEM;
    }
    int64_t r = copy_from_guest(m + 1, msgp + 4, (size_t)size);
    if (r == 0) {
        m[0] = type;
        r = safe_syscall(SYS_msgsnd, (long)id, m, (long)size, (long)flags);
    }
    free(m);
    return r;
}

/* A message longer than the host's msgmax now (sent before msgmax was
 * lowered) reads as too long for a larger guest buffer. */
static int64_t msgrcv32(int id, abi_ulong msgp, int32_t size, int32_t type,
                        int flags)
{
    if (id < 0 || size < 0) {
        return -EINVAL;
    }
    int64_t max = host_msgmax();
    if (max < 0) {
        return max;
    }
    size_t cap = (size_t)size < (size_t)max ? (size_t)size : (size_t)max;
    long *m = malloc(sizeof(long) + cap);
    if (!m) {
        return -ENOMEM;
    }
    int64_t r = safe_syscall(SYS_msgrcv, (long)id, m, (long)cap, (long)type,
                             (long)flags);
    if (r >= 0) {
        if (put_guest_val(int32_t, msgp, (int32_t)m[0]) < 0 ||
            copy_to_guest(msgp + 4, m + 1, (size_t)r) < 0) {
            r = -EFAULT;
        }
    }
    free(m);
    return r;
}

/* ---- the 32-bit calls ------------------------------------------------- */

static int64_t sys_shmctl32(const uint64_t *a)
{
    return shmctl32((int)a[0], (int)a[1], (abi_ulong)a[2], true);
}

static int64_t sys_semctl32(const uint64_t *a)
{
    return semctl32((int)a[0], (int)a[1], (int)a[2], (uint32_t)a[3], true);
}

static int64_t sys_semtimedop_time64(const uint64_t *a)
{
    return semop32((int)a[0], (abi_ulong)a[1], (uint32_t)a[2],
                   (abi_ulong)a[3], true);
}

static int64_t sys_msgctl32(const uint64_t *a)
{
    return msgctl32((int)a[0], (int)a[1], (abi_ulong)a[2], true);
}

static int64_t sys_msgsnd32(const uint64_t *a)
{
    return msgsnd32((int)a[0], (abi_ulong)a[1], (int32_t)a[2], (int)a[3]);
}

static int64_t sys_msgrcv32(const uint64_t *a)
{
    return msgrcv32((int)a[0], (abi_ulong)a[1], (int32_t)a[2], (int32_t)a[3],
                    (int)a[4]);
}

/* The `ipc` multiplexer (kernel ipc/syscall.c): call is version << 16 |
 * operation; first, second, third, ptr and fifth are the operation's
 * arguments in its own order. */
enum {
    IPCOP_SEMOP = 1,
    IPCOP_SEMGET = 2,
    IPCOP_SEMCTL = 3,
    IPCOP_SEMTIMEDOP = 4,
    IPCOP_MSGSND = 11,
    IPCOP_MSGRCV = 12,
    IPCOP_MSGGET = 13,
    IPCOP_MSGCTL = 14,
    IPCOP_SHMAT = 21,
    IPCOP_SHMDT = 22,
    IPCOP_SHMGET = 23,
    IPCOP_SHMCTL = 24,
};

static int64_t sys_ipc(const uint64_t *a)
{
    uint32_t call = (uint32_t)a[0], version = call >> 16;
    int first = (int)a[1], second = (int)a[2], third = (int)a[3];
    abi_ulong ptr = (abi_ulong)a[4], fifth = (abi_ulong)a[5];
    switch (call & 0xffff) {
    case IPCOP_SEMOP:
        return semop32(first, ptr, (uint32_t)second, 0, false);
    case IPCOP_SEMTIMEDOP:
        return semop32(first, ptr, (uint32_t)second, fifth, false);
    case IPCOP_SEMGET:
        return host_ret(syscall(SYS_semget, (key_t)first, second, third));
    case IPCOP_SEMCTL: {
        /* ptr points to the union semun. */
        uint32_t arg;
        if (!ptr) {
            return -EINVAL;
        }
        if (get_guest_val(uint32_t, ptr, &arg) < 0) {
            return -EFAULT;
        }
        bool ipc64 = parse_ipc_version(&third);
        return semctl32(first, second, third, arg, ipc64);
    }
    case IPCOP_MSGSND:
        return msgsnd32(first, ptr, second, third);
    case IPCOP_MSGRCV:
        if (version == 0) {
            /* ptr points to struct ipc_kludge { msgp; long msgtyp; }. */
            uint32_t kludge[2];
            if (!ptr) {
                return -EINVAL;
            }
            if (copy_from_guest(kludge, ptr, sizeof(kludge)) < 0) {
                return -EFAULT;
            }
            return msgrcv32(first, tswap32(kludge[0]), second,
                            (int32_t)tswap32(kludge[1]), third);
        }
        return msgrcv32(first, ptr, second, (int32_t)fifth, third);
    case IPCOP_MSGGET:
        return host_ret(syscall(SYS_msgget, (key_t)first, second));
    case IPCOP_MSGCTL: {
        bool ipc64 = parse_ipc_version(&second);
        return msgctl32(first, second, ptr, ipc64);
    }
    case IPCOP_SHMAT: {
        /* The address goes back through the pointer in third. */
        if (version == 1) {
            return -EINVAL;
        }
        int64_t r = shm_attach(first, ptr, second);
        if (r < 0) {
            return r;
        }
        return put_guest_val(abi_ulong, (abi_ulong)third, (abi_ulong)r);
    }
    case IPCOP_SHMDT:
        return shm_detach(ptr);
    case IPCOP_SHMGET:
        return host_ret(syscall(SYS_shmget, (key_t)first,
                                (size_t)(uint32_t)second, third));
    case IPCOP_SHMCTL: {
        bool ipc64 = parse_ipc_version(&second);
        return shmctl32(first, second, ptr, ipc64);
    }
    default:
        return -ENOSYS;
    }
}

const SyscallDef sys_ipc_defs[] = {
    { "ipc", sys_ipc, "xdddpx", 'd' },
    { "shmget", sys_shmget, "xux", 'd' },
    { "shmat", sys_shmat, "dpx", 'p' },
    { "shmdt", sys_shmdt, "p", 'd' },
    { "shmctl", sys_shmctl32, "ddp", 'd' },
    { "semget", sys_semget, "xdx", 'd' },
    { "semctl", sys_semctl32, "dddx", 'd' },
    { "semtimedop_time64", sys_semtimedop_time64, "dpup", 'd' },
    { "msgget", sys_msgget, "xx", 'd' },
    { "msgctl", sys_msgctl32, "ddp", 'd' },
    { "msgsnd", sys_msgsnd32, "dpux", 'd' },
    { "msgrcv", sys_msgrcv32, "dpudx", 'd' },
    { NULL, NULL, NULL, 0 },
};

#else
#error "System V IPC: no structure conversion for this guest"
#endif
