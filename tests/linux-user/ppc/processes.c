/* processes.c: fork, wait, execve of a guest program and of a host one,
 * a child killed by a signal, system().  Expected output: the same program
 * built for and run on the host (processes.expected). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) { printf("child argv0=%s arg=%s env=%s\n", argv[0], argv[2], getenv("PROCVAR")); return 9; }
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) { printf("in child\n"); _exit(5); }
  int st; waitpid(p, &st, 0); printf("child exited %d %d\n", WIFEXITED(st), WEXITSTATUS(st));
  p = fork();
  if (p == 0) { char *av[] = { "renamed", "child", "xyz", NULL }; char *ev[] = { "PROCVAR=42", NULL }; execve(argv[0], av, ev); perror("execve"); _exit(1); }
  waitpid(p, &st, 0); printf("exec child exited %d\n", WEXITSTATUS(st));
  p = fork();
  if (p == 0) { execl("/bin/echo", "echo", "host echo", NULL); _exit(1); }
  waitpid(p, &st, 0); printf("host child exited %d\n", WEXITSTATUS(st));
  p = fork(); if (p == 0) { abort(); } waitpid(p, &st, 0); printf("signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
  printf("system: %d\n", WEXITSTATUS(system("exit 3")));
  return 0; }
