/* System V IPC: a shared memory segment attached twice (both views see
 * each write, a forked child writes through its copy), IPC_STAT counts,
 * shmdt and IPC_RMID; a semaphore set (SETVAL, semop, GETVAL, GETALL,
 * IPC_NOWAIT on zero); a message queue (typed messages, msgrcv by type,
 * IPC_STAT counts, IPC_NOWAIT on empty). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int shm = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
    printf("shmget %d\n", shm >= 0);
    char *a = shmat(shm, NULL, 0), *b = shmat(shm, NULL, SHM_RDONLY);
    printf("shmat %d %d distinct %d\n", a != (void *)-1, b != (void *)-1, a != b);
    strcpy(a, "hello shm");
    printf("b sees [%s]\n", b);
    pid_t p = fork();
    if (p == 0) {
        strcpy(a + 5000, "from child");
        _exit(0);
    }
    waitpid(p, NULL, 0);
    printf("b sees child [%s]\n", b + 5000);
    struct shmid_ds ds;
    int r = shmctl(shm, IPC_STAT, &ds);
    printf("IPC_STAT %d size %zu nattch %lu mode %o\n", r, (size_t)ds.shm_segsz,
           (unsigned long)ds.shm_nattch, ds.shm_perm.mode & 0777);
    printf("shmdt %d %d\n", shmdt(b), shmdt(a));
    errno = 0;
    r = shmdt(a);
    printf("shmdt again %d %d\n", r, errno == EINVAL);
    shmctl(shm, IPC_STAT, &ds);
    printf("nattch %lu\n", (unsigned long)ds.shm_nattch);
    printf("IPC_RMID %d\n", shmctl(shm, IPC_RMID, NULL));

    int sem = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    union semun arg = { .val = 3 };
    printf("semget %d SETVAL %d\n", sem >= 0, semctl(sem, 0, SETVAL, arg));
    struct sembuf ops[2] = { { 0, -2, 0 }, { 1, 5, 0 } };
    printf("semop %d\n", semop(sem, ops, 2));
    unsigned short vals[2];
    arg.array = vals;
    r = semctl(sem, 0, GETALL, arg);
    printf("GETALL %d %u %u GETVAL %d\n", r, vals[0], vals[1], semctl(sem, 1, GETVAL));
    struct sembuf take = { 0, -5, IPC_NOWAIT };
    errno = 0;
    r = semop(sem, &take, 1);
    printf("nowait %d %d\n", r, errno == EAGAIN);
    struct timespec ts = { 0, 10000000 };
    take.sem_flg = 0;
    errno = 0;
    r = semtimedop(sem, &take, 1, &ts);
    printf("timedop %d %d\n", r, errno == EAGAIN);
    printf("IPC_RMID %d\n", semctl(sem, 0, IPC_RMID));

    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    struct { long type; char text[32]; } m1 = { 2, "second type" }, m2 = { 1, "first type" }, in;
    printf("msgget %d snd %d %d\n", q >= 0, msgsnd(q, &m1, strlen(m1.text) + 1, 0),
           msgsnd(q, &m2, strlen(m2.text) + 1, 0));
    struct msqid_ds qs;
    msgctl(q, IPC_STAT, &qs);
    printf("qnum %lu\n", (unsigned long)qs.msg_qnum);
    ssize_t n = msgrcv(q, &in, sizeof in.text, 1, 0);
    printf("rcv type 1: %zd %ld [%s]\n", n, in.type, in.text);
    n = msgrcv(q, &in, sizeof in.text, 0, 0);
    printf("rcv any: %zd %ld [%s]\n", n, in.type, in.text);
    errno = 0;
    n = msgrcv(q, &in, sizeof in.text, 0, IPC_NOWAIT);
    printf("empty %zd %d\n", n, errno == ENOMSG);
    printf("IPC_RMID %d\n", msgctl(q, IPC_RMID, NULL));
    return 0;
}
