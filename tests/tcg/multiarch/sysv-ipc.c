/*
 * System V IPC through the guest C library (on i386 and ppc: the `ipc`
 * multiplexer and semtimedop_time64, with 32-bit structures in the
 * guest's byte order).
 * Shared memory: a segment attached twice (both views see each write, a
 * forked child writes through its copy), IPC_STAT (size, attach count,
 * mode, creator), SHM_RND, attaching over a mapping, SHM_REMAP without an
 * address and over an attached segment, IPC_INFO/SHM_INFO, shmdt, IPC_RMID.
 * Semaphores: SETVAL/GETVAL, SETALL/GETALL, semop, SEM_UNDO undone when a
 * child exits, a child blocked in semop woken by the parent, IPC_NOWAIT
 * (EAGAIN), semtimedop's timeout, IPC_STAT, IPC_INFO.
 * Message queues: typed messages received by type (exact, any, lowest
 * up to, MSG_EXCEPT), E2BIG and MSG_NOERROR, IPC_NOWAIT on empty
 * (ENOMSG), IPC_STAT counts, IPC_SET of mode and qbytes, IPC_INFO.
 * Errors: ENOENT, EEXIST, EINVAL.  32-bit guests also: shmctl's old
 * layout (no IPC_64) through the raw `ipc` call.
 * Only deterministic things are printed (ids, pids, times: whether they
 * are sane).
 * The expected output is what Linux gives (i386 natively; the layouts of
 * the old ppc32 structures from the kernel headers): qemu-ppc 7.2, run
 * with --record, differs in four places where it is wrong: it attaches
 * with SHM_REMAP and no address (Linux: EINVAL; the extra attach then
 * shows in nattch and keeps the segment after IPC_RMID), it does not
 * fill the old shmid_ds, and it stores sem_otime and msg_rtime in the
 * high time words.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
    struct seminfo *info;
};

static int err(int r)
{
    return r < 0 ? errno : 0;
}

static const char *ename(int e)
{
    switch (e) {
    case 0: return "ok";
    case EINVAL: return "EINVAL";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case EAGAIN: return "EAGAIN";
    case ENOMSG: return "ENOMSG";
    case E2BIG: return "E2BIG";
    case EIDRM: return "EIDRM";
    case EFAULT: return "EFAULT";
    case EACCES: return "EACCES";
    case EFBIG: return "EFBIG";
    default: return "other";
    }
}

static void shm_tests(void)
{
    time_t now = time(NULL);
    int shm = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0640);
    printf("shmget %d\n", shm >= 0);
    char *a = shmat(shm, NULL, 0), *b = shmat(shm, NULL, SHM_RDONLY);
    printf("shmat %d %d distinct %d aligned %d\n", a != (void *)-1,
           b != (void *)-1, a != b, ((uintptr_t)a & 4095) == 0);
    strcpy(a, "hello shm");
    printf("b sees [%s]\n", b);
    a[9999] = 'z';
    printf("last byte through b %c\n", b[9999]);
    pid_t p = fork();
    if (p == 0) {
        strcpy(a + 5000, "from child");
        _exit(0);
    }
    waitpid(p, NULL, 0);
    printf("b sees child [%s]\n", b + 5000);

    struct shmid_ds ds;
    memset(&ds, 0, sizeof(ds));
    int r = shmctl(shm, IPC_STAT, &ds);
    printf("IPC_STAT %d size %lu nattch %lu mode %o\n", r,
           (unsigned long)ds.shm_segsz, (unsigned long)ds.shm_nattch,
           (unsigned)ds.shm_perm.mode & 0777);
    printf("cpid is me %d lpid is me %d uid is me %d cuid %d\n",
           ds.shm_cpid == getpid(), ds.shm_lpid == getpid(),
           ds.shm_perm.uid == getuid(), ds.shm_perm.cuid == getuid());
    printf("times sane: atime %d ctime %d dtime 0 %d\n",
           ds.shm_atime >= now - 5 && ds.shm_atime <= now + 60,
           ds.shm_ctime >= now - 5 && ds.shm_ctime <= now + 60,
           ds.shm_dtime == 0);

    /* Attaching over b without SHM_REMAP, a misaligned address, and
     * SHM_REMAP without an address are refused. */
    errno = 0;
    void *x = shmat(shm, b, 0);
    printf("over a mapping %s\n", x == (void *)-1 ? ename(errno) : "attached");
    x = shmat(shm, b + 1, 0);
    printf("misaligned %s\n", x == (void *)-1 ? ename(errno) : "attached");
    x = shmat(shm, NULL, SHM_REMAP);
    printf("SHM_REMAP at 0 %s\n", x == (void *)-1 ? ename(errno) : "attached");

    printf("shmdt %d %d\n", shmdt(b), shmdt(a));
    errno = 0;
    r = shmdt(a);
    printf("shmdt again %d %s\n", r, ename(errno));
    /* SHM_RND: the address rounds down to where a was. */
    char *c = shmat(shm, a + 100, SHM_RND);
    printf("SHM_RND at a %d sees [%s]\n", c == a, c == a ? c : "");
    shmctl(shm, IPC_STAT, &ds);
    printf("nattch %lu dtime set %d\n", (unsigned long)ds.shm_nattch,
           ds.shm_dtime != 0);
    /* SHM_REMAP over c: the old attachment goes, one shmdt detaches. */
    char *d = shmat(shm, c, SHM_REMAP);
    shmctl(shm, IPC_STAT, &ds);
    printf("SHM_REMAP over c %d nattch %lu\n", d == c,
           (unsigned long)ds.shm_nattch);
    r = shmdt(d);
    errno = 0;
    int r2 = shmdt(c);
    shmctl(shm, IPC_STAT, &ds);
    printf("shmdt %d again %d %s nattch %lu\n", r, r2, ename(errno),
           (unsigned long)ds.shm_nattch);

    struct shminfo info;
    r = shmctl(0, IPC_INFO, (struct shmid_ds *)&info);
    printf("IPC_INFO %d shmmin %lu shmmni>0 %d shmmax>=size %d\n", r >= 0,
           (unsigned long)info.shmmin, info.shmmni > 0,
           info.shmmax >= 10000);
    struct shm_info sinfo;
    r = shmctl(0, SHM_INFO, (struct shmid_ds *)&sinfo);
    printf("SHM_INFO %d used_ids>=1 %d\n", r >= 0, sinfo.used_ids >= 1);
    r = shmctl(r, SHM_STAT, &ds);
    printf("SHM_STAT %s\n", r >= 0 || errno == EINVAL || errno == EACCES
                                ? "sane" : ename(errno));

#ifdef SYS_ipc
    /* The old layout (no IPC_64): struct ipc_perm and shmid_ds of
     * linux/ipc.h and linux/shm.h for this 32-bit ABI. */
    unsigned char old[128];
    memset(old, 0xee, sizeof(old));
    r = syscall(SYS_ipc, 24 /* SHMCTL */, shm, IPC_STAT, 0, old);
    uint32_t segsz, mode;
    uint16_t nattch;
#if defined(__i386__)
    uint16_t mode16;
    memcpy(&mode16, old + 12, 2);
    mode = mode16;
    memcpy(&segsz, old + 16, 4);
    memcpy(&nattch, old + 36, 2);
#else
    memcpy(&mode, old + 20, 4);
    memcpy(&segsz, old + 28, 4);
    memcpy(&nattch, old + 48, 2);
#endif
    printf("old IPC_STAT %d size %u nattch %u mode %o untouched %02x\n", r,
           (unsigned)segsz, (unsigned)nattch, (unsigned)mode & 0777,
           old[100]);
#endif

    printf("IPC_RMID %d\n", shmctl(shm, IPC_RMID, NULL));
    errno = 0;
    r = shmctl(shm, IPC_STAT, &ds);
    printf("after RMID %d %s\n", r, ename(errno));
}

static void sem_tests(void)
{
    int sem = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
    union semun arg = { .val = 3 };
    printf("semget %d SETVAL %d\n", sem >= 0, semctl(sem, 0, SETVAL, arg));
    unsigned short set[3] = { 3, 7, 32767 }, vals[3] = { 0, 0, 0 };
    arg.array = set;
    printf("SETALL %d\n", semctl(sem, 0, SETALL, arg));
    arg.array = vals;
    int r = semctl(sem, 0, GETALL, arg);
    printf("GETALL %d %u %u %u\n", r, vals[0], vals[1], vals[2]);
    struct sembuf ops[2] = { { 0, -2, 0 }, { 1, 5, 0 } };
    printf("semop %d\n", semop(sem, ops, 2));
    printf("GETVAL %d %d %d\n", semctl(sem, 0, GETVAL), semctl(sem, 1, GETVAL),
           semctl(sem, 2, GETVAL));
    printf("GETPID is me %d GETNCNT %d GETZCNT %d\n",
           semctl(sem, 0, GETPID) == getpid(), semctl(sem, 0, GETNCNT),
           semctl(sem, 0, GETZCNT));

    /* SEM_UNDO: the child's change is undone when it exits. */
    pid_t p = fork();
    if (p == 0) {
        struct sembuf up = { 1, 10, SEM_UNDO };
        semop(sem, &up, 1);
        printf("child sees %d\n", semctl(sem, 1, GETVAL));
        _exit(0);
    }
    waitpid(p, NULL, 0);
    printf("after child exit %d\n", semctl(sem, 1, GETVAL));

    /* A child blocked taking one from semaphore 2 (at 0) runs on when
     * the parent adds one. */
    struct sembuf zero2 = { 2, -1, 0 };
    arg.val = 0;
    semctl(sem, 2, SETVAL, arg);
    p = fork();
    if (p == 0) {
        int rr = semop(sem, &zero2, 1);
        printf("child woken %d\n", rr);
        _exit(0);
    }
    for (int i = 0; i < 500 && semctl(sem, 2, GETNCNT) != 1; i++) {
        usleep(10000);
    }
    printf("waiter counted %d\n", semctl(sem, 2, GETNCNT));
    struct sembuf give = { 2, 1, 0 };
    semop(sem, &give, 1);
    waitpid(p, NULL, 0);
    printf("semaphore 2 now %d\n", semctl(sem, 2, GETVAL));

    struct sembuf take = { 0, -5, IPC_NOWAIT };
    errno = 0;
    r = semop(sem, &take, 1);
    printf("nowait %d %s\n", r, ename(errno));
    struct timespec ts = { 0, 20000000 };
    take.sem_flg = 0;
    errno = 0;
    r = semtimedop(sem, &take, 1, &ts);
    printf("timedop %d %s\n", r, ename(errno));
    errno = 0;
    r = semop(sem, &take, 0);
    printf("no ops %d %s\n", r, ename(errno));
    struct sembuf bad = { 3, 1, 0 };
    errno = 0;
    r = semop(sem, &bad, 1);
    printf("semaphore 3 of 3 %d %s\n", r, ename(errno));

    struct semid_ds ds;
    arg.buf = &ds;
    r = semctl(sem, 0, IPC_STAT, arg);
    printf("IPC_STAT %d nsems %lu mode %o uid is me %d otime set %d\n", r,
           (unsigned long)ds.sem_nsems, (unsigned)ds.sem_perm.mode & 0777,
           ds.sem_perm.uid == getuid(), ds.sem_otime != 0);
    ds.sem_perm.mode = 0640;
    printf("IPC_SET %d\n", semctl(sem, 0, IPC_SET, arg));
    semctl(sem, 0, IPC_STAT, arg);
    printf("mode now %o\n", (unsigned)ds.sem_perm.mode & 0777);
    struct seminfo si;
    arg.info = &si;
    r = semctl(sem, 0, IPC_INFO, arg);
    printf("IPC_INFO %d semmsl>=3 %d semopm>0 %d semvmx %d\n", r >= 0,
           si.semmsl >= 3, si.semopm > 0, si.semvmx);
    printf("IPC_RMID %d\n", semctl(sem, 0, IPC_RMID));
    errno = 0;
    r = semctl(sem, 0, GETVAL);
    printf("after RMID %d %s\n", r, ename(errno));
}

struct msg {
    long type;
    char text[64];
};

static void msg_send(int q, long type, const char *text)
{
    struct msg m;
    m.type = type;
    strcpy(m.text, text);
    if (msgsnd(q, &m, strlen(text) + 1, 0) != 0) {
        printf("msgsnd %ld failed %s\n", type, ename(errno));
    }
}

static void msg_recv(int q, size_t size, long type, int flags, const char *what)
{
    struct msg m;
    memset(&m, 0, sizeof(m));
    errno = 0;
    ssize_t n = msgrcv(q, &m, size, type, flags);
    if (n < 0) {
        printf("%s: %s\n", what, ename(errno));
    } else {
        printf("%s: %zd type %ld [%.*s]\n", what, n, m.type, (int)n, m.text);
    }
}

static void msg_tests(void)
{
    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    printf("msgget %d\n", q >= 0);
    msg_send(q, 2, "second type");
    msg_send(q, 1, "first type");
    msg_send(q, 3, "third type, a longer one");
    msg_send(q, 1, "first again");
    msg_send(q, 4, "fourth");

    struct msqid_ds qs;
    memset(&qs, 0, sizeof(qs));
    int r = msgctl(q, IPC_STAT, &qs);
    printf("IPC_STAT %d qnum %lu cbytes %lu qbytes>0 %d lspid is me %d "
           "lrpid 0 %d mode %o\n",
           r, (unsigned long)qs.msg_qnum, (unsigned long)qs.__msg_cbytes,
           qs.msg_qbytes > 0, qs.msg_lspid == getpid(), qs.msg_lrpid == 0,
           (unsigned)qs.msg_perm.mode & 0777);

    msg_recv(q, 64, 1, 0, "type 1");
    msg_recv(q, 64, 0, 0, "any");
    msg_recv(q, 5, 3, 0, "type 3 into 5 bytes");
    msg_recv(q, 5, 3, MSG_NOERROR, "type 3 MSG_NOERROR");
    msg_recv(q, 64, 1, MSG_EXCEPT, "not type 1");
    msg_recv(q, 64, -2, 0, "lowest type up to 2");
    msg_recv(q, 64, 0, IPC_NOWAIT, "empty");
    msg_recv(q, 64, 7, IPC_NOWAIT, "no type 7");

    /* A child waits for a message, the parent sends it. */
    pid_t p = fork();
    if (p == 0) {
        msg_recv(q, 64, 9, 0, "child got");
        _exit(0);
    }
    usleep(20000);
    msg_send(q, 9, "wake up");
    waitpid(p, NULL, 0);

    msgctl(q, IPC_STAT, &qs);
    printf("qnum %lu cbytes %lu lrpid set %d rtime set %d\n",
           (unsigned long)qs.msg_qnum, (unsigned long)qs.__msg_cbytes,
           qs.msg_lrpid != 0, qs.msg_rtime != 0);
    qs.msg_perm.mode = 0640;
    qs.msg_qbytes = 1000;
    printf("IPC_SET %d\n", msgctl(q, IPC_SET, &qs));
    memset(&qs, 0, sizeof(qs));
    msgctl(q, IPC_STAT, &qs);
    printf("mode %o qbytes %lu\n", (unsigned)qs.msg_perm.mode & 0777,
           (unsigned long)qs.msg_qbytes);

    struct msginfo mi;
    r = msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
    printf("IPC_INFO %d msgmax>0 %d msgmnb>=msgmax %d msgmni>0 %d\n", r >= 0,
           mi.msgmax > 0, mi.msgmnb >= mi.msgmax, mi.msgmni > 0);
    struct msg m = { 0, "x" };
    errno = 0;
    r = msgsnd(q, &m, 2, 0);
    printf("type 0 %d %s\n", r, ename(errno));
    m.type = 1;
    errno = 0;
    r = msgsnd(q, &m, (size_t)-1, 0);
    printf("size -1 %d %s\n", r, ename(errno));
    errno = 0;
    r = msgsnd(-1, &m, 2, 0);
    printf("queue -1 %d %s\n", r, ename(errno));
    printf("IPC_RMID %d\n", msgctl(q, IPC_RMID, NULL));
    errno = 0;
    r = msgsnd(q, &m, 2, IPC_NOWAIT);
    printf("after RMID %d %s\n", r, ename(errno));
}

static void error_tests(void)
{
    /* A key nobody uses (this program's pid in an unlikely range). */
    key_t key = 0x51c00000 + (getpid() & 0xfffff);
    errno = 0;
    int r = shmget(key, 4096, 0600);
    printf("shmget missing key %d %s\n", r, ename(errno));
    errno = 0;
    r = msgget(key, 0600);
    printf("msgget missing key %d %s\n", r, ename(errno));
    errno = 0;
    r = semget(key, 1, 0600);
    printf("semget missing key %d %s\n", r, ename(errno));
    int id = semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
    errno = 0;
    r = semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
    printf("semget IPC_EXCL twice %d %d %s\n", id >= 0, r, ename(errno));
    semctl(id, 0, IPC_RMID);
    errno = 0;
    r = shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600);
    printf("shmget size 0 %d %s\n", r, ename(errno));
    errno = 0;
    r = semget(IPC_PRIVATE, -1, IPC_CREAT | 0600);
    printf("semget -1 semaphores %d %s\n", r, ename(errno));
    errno = 0;
    r = shmctl(-1, IPC_RMID, NULL);
    printf("shmctl id -1 %d %s\n", r, ename(errno));
    errno = 0;
    r = msgctl(0x7ffffff0, IPC_STAT, &(struct msqid_ds){ 0 });
    printf("msgctl unused id %s\n", r < 0 && (errno == EINVAL || errno == EIDRM)
                                        ? "refused" : "accepted");
    errno = 0;
    r = shmctl(0, 12345, NULL);
    printf("shmctl bad command %d %s\n", r, ename(err(r)));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    shm_tests();
    sem_tests();
    msg_tests();
    error_tests();
    return 0;
}
