/* Running a program by descriptor: fexecve of a close-on-exec descriptor
 * (the kernel opens the file before it closes the descriptor; CPython's
 * fds are all close-on-exec), execveat with a path relative to a
 * directory descriptor, and execveat's errors.  The program runs itself;
 * its copy says which way it was started. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void run(const char *what, int fd, const char *path, int flags)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = { "fexecve", "child", (char *)what, NULL };
        if (path) {
            syscall(SYS_execveat, fd, path, argv, environ, flags);
        } else {
            fexecve(fd, argv, environ);
        }
        printf("%s: exec failed: %s\n", what, strerror(errno));
        fflush(stdout);
        _exit(1);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("%s: status %d\n", what, WEXITSTATUS(status));
}

static void execveat_error(const char *what, int fd, const char *path,
                           int flags)
{
    char *argv[] = { "fexecve", "child", "error", NULL };
    errno = 0;
    long r = syscall(SYS_execveat, fd, path, argv, environ, flags);
    printf("%s: %ld %s\n", what, r, strerror(errno));
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "child")) {
        printf("child %s runs\n", argv[2]);
        return 0;
    }
    int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    run("fexecve, close-on-exec", self, NULL, 0);
    int kept = open("/proc/self/exe", O_RDONLY);
    run("fexecve, inherited", kept, NULL, 0);
    run("execveat AT_EMPTY_PATH", self, "", AT_EMPTY_PATH);

    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[n < 0 ? 0 : n] = 0;
    char *slash = strrchr(exe, '/');
    *slash = 0;
    int dir = open(exe, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    run("execveat relative", dir, slash + 1, 0);

    execveat_error("execveat bad fd", 1000, "", AT_EMPTY_PATH);
    execveat_error("execveat empty path, no flag", self, "", 0);
    execveat_error("execveat bad flag", self, "", AT_EMPTY_PATH | 0x40000000);
    execveat_error("execveat bad flag, empty path", self, "", 0x40000000);
    execveat_error("execveat missing", dir, "no-such-program", 0);
    return 0;
}
