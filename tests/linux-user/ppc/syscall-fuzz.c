/* syscall-fuzz.c: random system calls with awkward arguments (NULL, unmapped
 * and kernel-range pointers, huge lengths).  mimic must answer each with a
 * result or an error, never crash; calls that would end or damage the
 * fuzzer itself are skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <string.h>
/* Calls that would end or disturb the fuzzer itself. */
static int skip(long nr) {
  static const long bad[] = { SYS_exit, SYS_exit_group, SYS_fork, SYS_vfork, SYS_clone, SYS_execve, SYS_kill, SYS_tkill, SYS_tgkill,
    SYS_munmap, SYS_mmap, SYS_mmap2, SYS_mremap, SYS_mprotect, SYS_brk, SYS_pause, SYS_rt_sigreturn, SYS_sigreturn, SYS_nanosleep,
    SYS_clock_nanosleep, SYS_select, SYS__newselect, SYS_poll, SYS_ppoll, SYS_pselect6, SYS_read, SYS_readv, SYS_futex, SYS_wait4, SYS_waitpid,
    SYS_close, SYS_dup2, SYS_dup3, SYS_setrlimit, SYS_prlimit64, SYS_rt_sigsuspend, SYS_setsid, SYS_setpgid, SYS_chdir, SYS_fchdir, SYS_umask,
    SYS_unlink, SYS_unlinkat, SYS_rmdir, SYS_rename, SYS_renameat, SYS_renameat2, SYS_chmod, SYS_fchmod, SYS_fchmodat, SYS_truncate, SYS_ftruncate,
    SYS_truncate64, SYS_ftruncate64, SYS_write, SYS_writev, SYS_pwrite64, SYS_sendto, SYS_ioctl, SYS_setuid, SYS_setgid, SYS_setreuid, SYS_setregid,
    SYS_setresuid, SYS_setresgid, SYS_chown, SYS_lchown, SYS_fchown, SYS_fchownat, SYS_mkdir, SYS_mkdirat, SYS_link, SYS_linkat, SYS_symlink, SYS_symlinkat,
    SYS_mknod, SYS_mknodat, SYS_open, SYS_openat, SYS_creat, SYS_utimensat, SYS_futex_time64, SYS_clock_nanosleep_time64, SYS_ppoll_time64,
    SYS_pselect6_time64, SYS_recvfrom, SYS_recv, SYS_recvmsg, SYS_accept, SYS_accept4, SYS_shutdown, SYS_fcntl, SYS_fcntl64, SYS_sigaltstack,
    SYS_rt_sigprocmask, SYS_rt_sigaction, SYS_prctl, SYS_sched_yield, SYS_madvise, SYS_msync, SYS_connect, SYS_sendmsg, SYS_listen, SYS_bind, SYS_getrandom, SYS_set_tid_address,
    /* block on the fuzzer's own descriptors, close them, arm signals, or
     * reach other processes of the machine (root may renice them all) */
    SYS_flock, SYS_close_range, SYS_sendfile, SYS_sendfile64, SYS_splice, SYS_tee, SYS_vmsplice, SYS_sendmmsg, SYS_recvmmsg,
    SYS_fallocate, SYS_timer_settime, SYS_timer_settime64, SYS_rt_tgsigqueueinfo, SYS_pidfd_open, SYS_pidfd_send_signal,
    SYS_setpriority, SYS_sched_setscheduler, SYS_sched_setparam, SYS_sched_setattr, SYS_sched_setaffinity, SYS_ioprio_set,
    SYS_chroot, SYS_capset, SYS_personality, SYS_utime, SYS_utimes, SYS_futimesat, SYS_sync, SYS_syncfs,
    /* the pre-RT signal calls as their RT forms above; swapcontext loads a random context */
    SYS_sigsuspend, SYS_sigprocmask, SYS_sigaction, SYS_swapcontext };
  for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) if (bad[i] == nr) return 1;
  return nr > 460;
}
int main(int argc, char **argv) {
  srand(argc > 1 ? atoi(argv[1]) : 1);
  static const unsigned long vals[] = { 0, 1, 2, 16, 0xffffffff, 0x7fffffff, 0x80000000, 0xbffff000, 0xc0000000, 0x1000, 4096, 100, 0x30000000, 0xfffff000, 3, 0xbfff0000 - 4 };
  static unsigned long stackbuf[16384];
  int calls = 0;
  for (int it = 0; it < 20000; it++) {
    long nr = rand() % 460;
    if (skip(nr)) continue;
    unsigned long a[6];
    for (int i = 0; i < 6; i++) { int k = rand() % 18; a[i] = k < 16 ? vals[k] : k == 16 ? (unsigned long)stackbuf : (unsigned long)rand(); }
    syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    calls++;
  }
  printf("survived %d calls\n", calls);
  return 0;
}
