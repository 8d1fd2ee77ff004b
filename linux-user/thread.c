/*
 * thread.c: guest threads.  clone(CLONE_VM|CLONE_THREAD|...) starts one
 * host thread per guest thread, running a copy of the creator's CPU with
 * its own translation context (tcg_ctx), TB jump cache and signal state;
 * guest thread ids are host thread ids.  The guest's memory, files and
 * signal actions are shared as the flags require (mimic has one of each,
 * so the sharing flags must all be there).
 */
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "util/log.h"

/* What a thread sharing everything with its creator must ask for; the
 * rest of the flags mimic accepts on top. */
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
                      CLONE_THREAD)
#define THREAD_OPTIONAL_FLAGS (CLONE_SYSVSEM | CLONE_SETTLS |             \
                               CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |  \
                               CLONE_CHILD_CLEARTID | CLONE_DETACHED)

/* Host threads running guest code (the first one included). */
static int live_threads = 1;
/* set_tid_address / CLONE_CHILD_CLEARTID of this thread (0: none). */
static __thread abi_ulong clear_tid;
/* The CPU of this thread was allocated by thread_clone (the first
 * thread's is static). */
static __thread bool cpu_allocated;

/* The child of fork is one thread, the one that forked. */
static void fork_child(void)
{
    live_threads = 1;
}

static void register_fork_handler(void)
{
    pthread_atfork(NULL, NULL, fork_child);
}

typedef struct ThreadStart {
    CPUCommon *cpu;
    uint32_t flags;
    abi_ulong ptid, ctid;
    uint64_t guest_mask;
    pid_t tid;     /* out */
    sem_t started; /* posted when tid is known and written */
} ThreadStart;

static void *thread_main(void *arg)
{
    ThreadStart *st = arg;
    pid_t tid = gettid();
    user_cpu = st->cpu;
    cpu_allocated = true;
    /* The kernel writes both before clone returns in either thread. */
    if (st->flags & CLONE_PARENT_SETTID) {
        uint32_t *p = g2h(st->ptid);
        tput(*p, tid);
    }
    if (st->flags & CLONE_CHILD_SETTID) {
        uint32_t *p = g2h(st->ctid);
        tput(*p, tid);
    }
    if (st->flags & CLONE_CHILD_CLEARTID) {
        clear_tid = st->ctid;
    }
    tcg_context_init();
    TARGET_INFO.tcg_init();
    cpu_thread_register(user_cpu);
    uint64_t mask = st->guest_mask;
    st->tid = tid;
    sem_post(&st->started); /* st belongs to the creator from here */
    signal_thread_init(mask);
    target_cpu_loop();
}

int64_t thread_clone(uint32_t flags, abi_ulong newsp, abi_ulong ptid,
                     abi_ulong tls, abi_ulong ctid)
{
    uint32_t other = flags & ~(THREAD_FLAGS | THREAD_OPTIONAL_FLAGS | 0xff);
    if ((flags & THREAD_FLAGS) != THREAD_FLAGS || other) {
        if (log_enabled(LOG_UNIMP)) {
            log_printf("Unsupported clone flags for a thread: 0x%x\n", flags);
        }
        return -EINVAL;
    }
    if ((flags & CLONE_PARENT_SETTID) &&
        !guest_access_ok(ptid, 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) &&
        !guest_access_ok(ctid, 4, PAGE_WRITE)) {
        return -EFAULT;
    }
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, register_fork_handler);
    CPUCommon *cpu = target_cpu_thread_copy(newsp, flags & CLONE_SETTLS, tls);
    if (!cpu) {
        return (flags & CLONE_SETTLS) ? -EINVAL : -ENOMEM;
    }
    cpu->exception_index = EXCP_NONE;
    cpu->exit_request = 0;
    cpu->jmp_env = NULL;
    cpu->current_tb = NULL;

    ThreadStart st = { .cpu = cpu, .flags = flags, .ptid = ptid,
                       .ctid = ctid, .guest_mask = signal_thread_mask() };
    sem_init(&st.started, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* The new thread starts with every host signal blocked and takes its
     * guest mask itself; this thread waits for it with them blocked too,
     * so no handler runs in between. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    __atomic_add_fetch(&live_threads, 1, __ATOMIC_SEQ_CST);
    pthread_t th;
    int err = pthread_create(&th, &attr, thread_main, &st);
    if (err == 0) {
        while (sem_wait(&st.started) != 0) {
        }
    } else {
        __atomic_sub_fetch(&live_threads, 1, __ATOMIC_SEQ_CST);
        free(cpu);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    sem_destroy(&st.started);
    return err ? -err : st.tid;
}

void thread_set_clear_tid(abi_ulong addr)
{
    clear_tid = addr;
}

_Noreturn void thread_exit(int status)
{
    signal_thread_end();
    if (__atomic_sub_fetch(&live_threads, 1, __ATOMIC_SEQ_CST) == 0) {
        user_exit(status);
    }
    /* The guest's join waits for this word to become 0 (glibc's
     * pthread_join; the kernel does it on thread exit). */
    if (clear_tid && guest_access_ok(clear_tid, 4, PAGE_WRITE)) {
        uint32_t *p = g2h(clear_tid);
        __atomic_store_n(p, 0, __ATOMIC_SEQ_CST);
        syscall(SYS_futex, p, FUTEX_WAKE, 1, NULL, NULL, 0);
    }
    cpu_thread_unregister();
    strace_syscall_noreturn();
    if (cpu_allocated) {
        free(user_cpu);
    }
    tcg_thread_cleanup();
    pthread_exit(NULL);
}
