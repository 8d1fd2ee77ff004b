/*
 * runstat: runs a command (N times in a row) and reports its wall time and
 * peak resident set size, which /usr/bin/time would give but is not always
 * installed.  The peak RSS comes from wait4's rusage, which covers the
 * child's waited-for descendants too (gcc's cc1 and as).
 *
 * usage: runstat [-n N] -o FILE command [args...]
 * FILE gets one line "SECONDS_PER_RUN PEAK_RSS_KB".  Exit status: the
 * command's (128 + signal if it was killed); the first failing run stops
 * the loop.  stdin/stdout/stderr are the command's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One run: returns the exit status as a shell reports it. */
static int run_once(char **argv, long *peak_rss_kb)
{
    struct rusage usage;
    int status;
    pid_t pid = fork();

    if (pid < 0) {
        perror("runstat: fork");
        return 127;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        fprintf(stderr, "runstat: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            perror("runstat: wait4");
            return 127;
        }
    }
    if (usage.ru_maxrss > *peak_rss_kb) {
        *peak_rss_kb = usage.ru_maxrss;
    }
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
    const char *out_path = NULL;
    long repeat = 1, peak_rss_kb = 0;
    int opt, status = 0;
    double start;
    FILE *out;

    while ((opt = getopt(argc, argv, "+n:o:")) != -1) {
        switch (opt) {
        case 'n':
            repeat = strtol(optarg, NULL, 10);
            break;
        case 'o':
            out_path = optarg;
            break;
        default:
            return 2;
        }
    }
    if (!out_path || optind >= argc || repeat < 1) {
        fprintf(stderr, "usage: runstat [-n N] -o FILE command [args...]\n");
        return 2;
    }
    start = now_seconds();
    for (long i = 0; i < repeat && status == 0; i++) {
        status = run_once(argv + optind, &peak_rss_kb);
    }
    out = fopen(out_path, "w");
    if (!out) {
        fprintf(stderr, "runstat: %s: %s\n", out_path, strerror(errno));
        return 127;
    }
    fprintf(out, "%.6f %ld\n", (now_seconds() - start) / (double)repeat,
            peak_rss_kb);
    fclose(out);
    return status;
}
