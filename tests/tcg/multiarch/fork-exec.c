/*
 * Processes: fork with a pipe back to the parent, exit codes seen by
 * waitpid, a child killed by a signal (WIFSIGNALED/WTERMSIG), dup2 of a
 * pipe onto stdout, execve of this program with an argument (through
 * /proc/self/exe), process groups and sessions.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void check(int ok, const char *what)
{
    if (!ok) {
        printf("FAILED: %s (errno %d %s)\n", what, errno, strerror(errno));
        exit(1);
    }
}

static void report(const char *what, int status)
{
    if (WIFEXITED(status))
        printf("%s: exited %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        printf("%s: killed by signal %d\n", what, WTERMSIG(status));
    else
        printf("%s: status %#x\n", what, status);
}

static int wait_for(pid_t pid)
{
    int status;
    check(waitpid(pid, &status, 0) == pid, "waitpid");
    return status;
}

static void exit_codes(void)
{
    for (int code = 0; code < 256; code += 85) {
        pid_t pid = fork();
        check(pid >= 0, "fork");
        if (pid == 0)
            _exit(code);
        char what[32];
        snprintf(what, sizeof(what), "child _exit(%d)", code);
        report(what, wait_for(pid));
    }
}

static void pipe_from_child(void)
{
    int fds[2];
    check(pipe(fds) == 0, "pipe");
    pid_t pid = fork();
    check(pid >= 0, "fork");
    if (pid == 0) {
        close(fds[0]);
        for (int i = 0; i < 1000; i++) {
            char line[16];
            int n = snprintf(line, sizeof(line), "%d\n", i * i);
            if (write(fds[1], line, n) != n)
                _exit(2);
        }
        _exit(0);
    }
    close(fds[1]);
    FILE *in = fdopen(fds[0], "r");
    long sum = 0, lines = 0, v;
    while (fscanf(in, "%ld", &v) == 1) {
        sum += v;
        lines++;
    }
    fclose(in);
    printf("pipe: %ld lines, sum %ld\n", lines, sum);
    report("pipe writer", wait_for(pid));
}

static void killed_children(void)
{
    int fds[2];
    check(pipe(fds) == 0, "pipe");
    pid_t pid = fork();
    check(pid >= 0, "fork");
    if (pid == 0) {
        close(fds[0]);
        /* tell the parent we are ready, then wait to be killed */
        check(write(fds[1], "r", 1) == 1, "ready");
        for (;;)
            pause();
    }
    close(fds[1]);
    char c;
    check(read(fds[0], &c, 1) == 1, "wait ready");
    close(fds[0]);
    check(kill(pid, SIGTERM) == 0, "kill");
    report("kill SIGTERM", wait_for(pid));

    pid = fork();
    check(pid >= 0, "fork");
    if (pid == 0) {
        raise(SIGUSR1);
        _exit(0);
    }
    report("raise SIGUSR1", wait_for(pid));

    pid = fork();
    check(pid >= 0, "fork");
    if (pid == 0)
        abort();
    report("abort", wait_for(pid));
}

static void dup2_and_exec(void)
{
    int fds[2];
    check(pipe(fds) == 0, "pipe");
    fflush(stdout);
    pid_t pid = fork();
    check(pid >= 0, "fork");
    if (pid == 0) {
        close(fds[0]);
        check(dup2(fds[1], 1) == 1, "dup2");
        close(fds[1]);
        char *argv[] = { "fork-exec", "child", "hello from exec", NULL };
        char *envp[] = { "FORK_EXEC_VAR=set", NULL };
        execve("/proc/self/exe", argv, envp);
        _exit(127);
    }
    close(fds[1]);
    char buf[256];
    size_t got = 0;
    ssize_t n;
    while ((n = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0)
        got += n;
    buf[got] = 0;
    close(fds[0]);
    printf("exec child wrote: %s", buf);
    report("exec child", wait_for(pid));

    errno = 0;
    pid = fork();
    check(pid >= 0, "fork");
    if (pid == 0) {
        char *argv[] = { "missing", NULL };
        execve("/nonexistent/program", argv, argv + 1);
        _exit(errno == ENOENT ? 42 : 1);
    }
    report("exec of a missing file", wait_for(pid));
}

static void groups_and_sessions(void)
{
    pid_t pid = fork();
    check(pid >= 0, "fork");
    if (pid == 0) {
        int ok = 1;
        ok &= setpgid(0, 0) == 0;
        ok &= getpgrp() == getpid();
        pid_t sid = getsid(0);
        /* a process group leader cannot start a session */
        ok &= setsid() == -1 && errno == EPERM;
        ok &= getsid(0) == sid;
        _exit(ok ? 10 : 11);
    }
    report("setpgid child", wait_for(pid));

    pid = fork();
    check(pid >= 0, "fork");
    if (pid == 0) {
        pid_t sid = setsid();
        int ok = sid == getpid() && getsid(0) == sid && getpgrp() == sid;
        _exit(ok ? 20 : 21);
    }
    report("setsid child", wait_for(pid));

    /* a process group of two children, killed together */
    pid_t a = fork();
    check(a >= 0, "fork");
    if (a == 0) {
        setpgid(0, 0);
        for (;;)
            pause();
    }
    setpgid(a, a);
    pid_t b = fork();
    check(b >= 0, "fork");
    if (b == 0) {
        setpgid(0, a);
        for (;;)
            pause();
    }
    setpgid(b, a);
    check(getpgid(b) == a, "getpgid");
    check(kill(-a, SIGKILL) == 0, "kill group");
    report("group member 1", wait_for(a));
    report("group member 2", wait_for(b));

    errno = 0;
    int r = waitpid(-1, NULL, WNOHANG);
    printf("no children left: %d %s\n", r, errno == ECHILD ? "ECHILD" : "?");
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "child") == 0) {
        const char *var = getenv("FORK_EXEC_VAR");
        printf("%s (argc %d, FORK_EXEC_VAR=%s)\n", argv[2], argc,
               var ? var : "(unset)");
        return 7;
    }
    signal(SIGCHLD, SIG_DFL);
    exit_codes();
    pipe_from_child();
    killed_children();
    dup2_and_exec();
    groups_and_sessions();
    return 0;
}
