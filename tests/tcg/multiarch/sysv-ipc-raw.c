/*
 * System V IPC by raw system calls, the structures read at the kernel's
 * offsets for each ABI (asm/shmbuf.h, sembuf.h, msgbuf.h; linux/shm.h,
 * sem.h, msg.h for the old layouts): the direct calls (shmget, shmat,
 * shmctl, shmdt, semget, semctl with the union passed by value,
 * semtimedop(_time64), msgsnd, msgrcv, msgctl; a command with IPC_64 is
 * refused by them), and on 32-bit ABIs the `ipc` multiplexer: SHMAT's
 * address through the third argument, MSGRCV version 0 (struct
 * ipc_kludge) and version 1 (type in the fifth argument), SEMCTL's union
 * by pointer, the old layouts of a ctl command without IPC_64, version
 * and argument errors, SEMTIMEDOP's 32-bit timespec.
 * The expected output (ppc) is what Linux gives: the i386 output
 * (native), as both kernels run the same ipc/syscall.c and this test
 * reads each ABI's layout at its own offsets.  qemu-ppc 7.2 (--record)
 * is wrong in six places: it accepts IPC_64 in a direct call's command,
 * stores sem_otime in the high word, does not fill the old structures,
 * and reads a NULL union (SEMCTL) or ipc_kludge (MSGRCV) instead of
 * refusing it (EINVAL).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
/* asm-generic 64-bit; x86's semid64_ds has a spare word after each time */
#define SHM_SEGSZ 48
#define SHM_ATIME 56
#define SHM_NATTCH 88
#define SEM_OTIME 48
#define SEM_NSEMS 80
#define MSG_QNUM 80
#define LONG_TIME 1
#elif defined(__i386__)
/* asm-generic 32-bit: times low word first */
#define SHM_SEGSZ 36
#define SHM_ATIME 40
#define SHM_NATTCH 72
#define SEM_OTIME 36
#define SEM_NSEMS 52
#define MSG_QNUM 64
#define OLD_PERM 16
#elif defined(__powerpc__)
/* ppc32: times high word first, shm_segsz after them */
#define SHM_SEGSZ 76
#define SHM_ATIME 52
#define SHM_NATTCH 88
#define SEM_OTIME 52
#define SEM_NSEMS 64
#define MSG_QNUM 76
#define OLD_PERM 28
#endif

static uint32_t u32_at(const unsigned char *b, int off)
{
    uint32_t v;
    memcpy(&v, b + off, 4);
    return v;
}

static long time_at(const unsigned char *b, int off)
{
#ifdef LONG_TIME
    long v;
    memcpy(&v, b + off, sizeof(v));
    return v;
#else
    return (long)u32_at(b, off);
#endif
}

static int sane_time(long t)
{
    long now = (long)time(NULL);
    return t >= now - 5 && t <= now + 60;
}

/* A result as text (several per printf: rotating buffers). */
static const char *res(long r)
{
    static char bufs[4][32];
    static int next;
    if (r >= 0) {
        char *buf = bufs[next++ & 3];
        snprintf(buf, 32, "%ld", r);
        return buf;
    }
    switch (errno) {
    case EINVAL: return "EINVAL";
    case EFAULT: return "EFAULT";
    case ENOSYS: return "ENOSYS";
    case EAGAIN: return "EAGAIN";
    case ENOMSG: return "ENOMSG";
    default: return "other";
    }
}

struct msg {
    long type;
    char text[16];
};

static void direct_calls(void)
{
    unsigned char b[256];
    long id = syscall(SYS_shmget, IPC_PRIVATE, 12345, IPC_CREAT | 0600);
    long addr = syscall(SYS_shmat, id, 0, 0);
    printf("shmget %d shmat %d\n", id >= 0, addr != -1 && (addr & 4095) == 0);
    strcpy((char *)addr, "direct");
    memset(b, 0xee, sizeof(b));
    long r = syscall(SYS_shmctl, id, IPC_STAT, b);
    printf("shmctl IPC_STAT %s segsz %u nattch %u atime sane %d tail %02x\n",
           res(r), u32_at(b, SHM_SEGSZ), u32_at(b, SHM_NATTCH),
           sane_time(time_at(b, SHM_ATIME)), b[200]);
    errno = 0;
    r = syscall(SYS_shmctl, id, IPC_STAT | 0x100, b);
    printf("shmctl IPC_STAT|IPC_64 %s\n", res(r));
    printf("shmdt %s\n", res(syscall(SYS_shmdt, addr)));
    syscall(SYS_shmctl, id, IPC_RMID, 0);

    id = syscall(SYS_semget, IPC_PRIVATE, 2, IPC_CREAT | 0600);
    r = syscall(SYS_semctl, id, 1, SETVAL, 5);
    printf("semctl SETVAL %s GETVAL %s\n", res(r),
           res(syscall(SYS_semctl, id, 1, GETVAL, 0)));
    struct sembuf op = { 1, -2, 0 };
#ifdef SYS_semtimedop_time64
    struct { int64_t sec, nsec; } ts64 = { 0, 20000000 };
    r = syscall(SYS_semtimedop_time64, id, &op, 1, &ts64);
    printf("semtimedop_time64 %s\n", res(r));
    op.sem_num = 0;
    errno = 0;
    r = syscall(SYS_semtimedop_time64, id, &op, 1, &ts64);
    printf("semtimedop_time64 timeout %s\n", res(r));
#else
    struct timespec ts = { 0, 20000000 };
    r = syscall(SYS_semtimedop, id, &op, 1, &ts);
    printf("semtimedop_time64 %s\n", res(r));
    op.sem_num = 0;
    errno = 0;
    r = syscall(SYS_semtimedop, id, &op, 1, &ts);
    printf("semtimedop_time64 timeout %s\n", res(r));
#endif
    memset(b, 0xee, sizeof(b));
    r = syscall(SYS_semctl, id, 0, IPC_STAT, b);
    printf("semctl IPC_STAT %s nsems %u otime sane %d\n", res(r),
           u32_at(b, SEM_NSEMS), sane_time(time_at(b, SEM_OTIME)));
    syscall(SYS_semctl, id, 0, IPC_RMID, 0);

    id = syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600);
    struct msg m = { 7, "raw message" };
    r = syscall(SYS_msgsnd, id, &m, 12, 0);
    memset(b, 0xee, sizeof(b));
    long r2 = syscall(SYS_msgctl, id, IPC_STAT, b);
    printf("msgsnd %s msgctl IPC_STAT %s qnum %u\n", res(r), res(r2),
           u32_at(b, MSG_QNUM));
    memset(&m, 0, sizeof(m));
    r = syscall(SYS_msgrcv, id, &m, sizeof(m.text), -8L, 0);
    printf("msgrcv %s type %ld [%s]\n", res(r), m.type, m.text);
    syscall(SYS_msgctl, id, IPC_RMID, 0);
}

#ifdef SYS_ipc
static uint16_t u16_at(const unsigned char *b, int off)
{
    uint16_t v;
    memcpy(&v, b + off, 2);
    return v;
}

enum { SEMOP = 1, SEMGET = 2, SEMCTL = 3, SEMTIMEDOP = 4, MSGSND = 11,
       MSGRCV = 12, MSGGET = 13, MSGCTL = 14, SHMAT = 21, SHMDT = 22,
       SHMGET = 23, SHMCTL = 24 };

static void ipc_calls(void)
{
    unsigned char b[256];
    long id = syscall(SYS_ipc, SHMGET, IPC_PRIVATE, 8192, IPC_CREAT | 0600, 0, 0);
    unsigned long where = 1;
    long r = syscall(SYS_ipc, SHMAT, id, 0, &where, 0, 0);
    printf("ipc SHMAT %s address sane %d\n", res(r), where != 1 && !(where & 4095));
    errno = 0;
    r = syscall(SYS_ipc, 1 << 16 | SHMAT, id, 0, &where, 0, 0);
    printf("ipc SHMAT version 1 %s\n", res(r));
    memset(b, 0xee, sizeof(b));
    r = syscall(SYS_ipc, SHMCTL, id, IPC_STAT, 0, b, 0);
    printf("ipc SHMCTL old IPC_STAT %s segsz %u nattch %u\n", res(r),
           u32_at(b, OLD_PERM), u16_at(b, OLD_PERM + 20));
    memset(b, 0xee, sizeof(b));
    r = syscall(SYS_ipc, SHMCTL, id, IPC_STAT | 0x100, 0, b, 0);
    printf("ipc SHMCTL IPC_64 IPC_STAT %s segsz %u nattch %u\n", res(r),
           u32_at(b, SHM_SEGSZ), u32_at(b, SHM_NATTCH));
    memset(b, 0xee, sizeof(b));
    r = syscall(SYS_ipc, SHMCTL, 0, IPC_INFO, 0, b, 0);
    printf("ipc SHMCTL old IPC_INFO %d shmmin %u tail %02x\n", r >= 0,
           u32_at(b, 4), b[20]);
    printf("ipc SHMDT %s\n", res(syscall(SYS_ipc, SHMDT, 0, 0, 0, where, 0)));
    syscall(SYS_ipc, SHMCTL, id, IPC_RMID, 0, 0, 0);

    id = syscall(SYS_ipc, SEMGET, IPC_PRIVATE, 3, IPC_CREAT | 0600, 0, 0);
    int val = 9;
    r = syscall(SYS_ipc, SEMCTL, id, 2, SETVAL, &val, 0);
    printf("ipc SEMCTL SETVAL %s GETVAL %s\n", res(r),
           res(syscall(SYS_ipc, SEMCTL, id, 2, GETVAL, &val, 0)));
    errno = 0;
    r = syscall(SYS_ipc, SEMCTL, id, 2, GETVAL, 0, 0);
    printf("ipc SEMCTL no union %s\n", res(r));
    struct sembuf op = { 2, -9, IPC_NOWAIT };
    r = syscall(SYS_ipc, SEMOP, id, 1, 0, &op, 0);
    errno = 0;
    long r2 = syscall(SYS_ipc, SEMOP, id, 1, 0, &op, 0);
    printf("ipc SEMOP %s again %s\n", res(r), res(r2));
    struct { int32_t sec, nsec; } ts32 = { 0, 20000000 };
    op.sem_flg = 0;
    errno = 0;
    r = syscall(SYS_ipc, SEMTIMEDOP, id, 1, 0, &op, &ts32);
    printf("ipc SEMTIMEDOP timeout %s\n", res(r));
    memset(b, 0xee, sizeof(b));
    void *bp = b;
    r = syscall(SYS_ipc, SEMCTL, id, 0, IPC_STAT, &bp, 0);
    printf("ipc SEMCTL old IPC_STAT %s nsems %u\n", res(r),
           u16_at(b, OLD_PERM + 24));
    syscall(SYS_ipc, SEMCTL, id, 0, IPC_RMID, &val, 0);

    id = syscall(SYS_ipc, MSGGET, IPC_PRIVATE, IPC_CREAT | 0600, 0, 0, 0);
    struct msg m = { 3, "three" };
    syscall(SYS_ipc, MSGSND, id, 6, 0, &m, 0);
    m.type = 5;
    strcpy(m.text, "five");
    syscall(SYS_ipc, MSGSND, id, 5, 0, &m, 0);
    memset(b, 0xee, sizeof(b));
    r = syscall(SYS_ipc, MSGCTL, id, IPC_STAT, 0, b, 0);
    printf("ipc MSGCTL old IPC_STAT %s cbytes %u qnum %u\n", res(r),
           u16_at(b, OLD_PERM + 28), u16_at(b, OLD_PERM + 30));
    memset(&m, 0, sizeof(m));
    r = syscall(SYS_ipc, 1 << 16 | MSGRCV, id, sizeof(m.text), 0, &m, 5);
    printf("ipc MSGRCV version 1 %s type %ld [%s]\n", res(r), m.type, m.text);
    memset(&m, 0, sizeof(m));
    long kludge[2] = { (long)&m, 0 };
    r = syscall(SYS_ipc, MSGRCV, id, sizeof(m.text), 0, kludge, 0);
    printf("ipc MSGRCV kludge %s type %ld [%s]\n", res(r), m.type, m.text);
    errno = 0;
    r = syscall(SYS_ipc, MSGRCV, id, sizeof(m.text), IPC_NOWAIT, 0, 0);
    printf("ipc MSGRCV no kludge %s\n", res(r));
    errno = 0;
    r = syscall(SYS_ipc, MSGRCV, id, sizeof(m.text), IPC_NOWAIT, kludge, 0);
    printf("ipc MSGRCV empty %s\n", res(r));
    syscall(SYS_ipc, MSGCTL, id, IPC_RMID, 0, 0, 0);
    errno = 0;
    r = syscall(SYS_ipc, 99, 0, 0, 0, 0, 0);
    printf("ipc 99 %s\n", res(r));
}
#endif

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    direct_calls();
#ifdef SYS_ipc
    ipc_calls();
#else
    printf("no ipc multiplexer on this ABI\n");
#endif
    return 0;
}
