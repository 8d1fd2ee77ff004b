/*
 * Calls and returns that a translator's return handling (chaining, jump
 * caches, return prediction) must get right: deep recursion, longjmp and
 * siglongjmp out of deep frames, returns to an address the callee changed,
 * a return used as an indirect jump, signal handlers that return into
 * deep recursion, mutual recursion through function pointers, sibling
 * calls, handlers on an alternate signal stack that return or
 * siglongjmp to the main one, and threads doing all of it at once.
 * Every line is a checksum the native run computes too.  (Not here:
 * swapcontext, which needs the i386 sigprocmask and PowerPC swapcontext
 * system calls that mimic lacks.)
 *
 * CFLAGS: -O2 -pthread
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- return-address tricks in assembly -------------------------------- */

/* call_skipping: calls skip_next, which returns past the instruction
 * after the call (a jump to the failure path).  push_ret_jump(f, x):
 * f(x) entered by a return instruction (x86) or by bctr after a bl
 * whose return address is not a call site of f (PowerPC). */
int call_skipping(void);      /* 1 when the skip worked, else 0 */
int push_ret_jump(int (*f)(int), int x);

#if defined(__x86_64__)
__asm__(".text\n"
        "skip_next:\n"
        "  addq $2, (%rsp)\n"          /* over the 2-byte jmp below */
        "  ret\n"
        ".globl call_skipping\n"
        "call_skipping:\n"
        "  call skip_next\n"
        "  jmp 1f\n"                   /* 2 bytes: eb xx */
        "  movl $1, %eax\n"
        "  ret\n"
        "1: xorl %eax, %eax\n"
        "  ret\n"
        ".globl push_ret_jump\n"
        "push_ret_jump:\n"             /* f in rdi, x in esi */
        "  subq $8, %rsp\n"
        "  movq %rdi, %rax\n"
        "  movl %esi, %edi\n"
        "  leaq 2f(%rip), %rcx\n"
        "  pushq %rcx\n"               /* f returns to 2: */
        "  pushq %rax\n"
        "  ret\n"                      /* = jmp *%rax */
        "2: addq $8, %rsp\n"
        "  ret\n");
#elif defined(__i386__)
__asm__(".text\n"
        "skip_next:\n"
        "  addl $2, (%esp)\n"
        "  ret\n"
        ".globl call_skipping\n"
        "call_skipping:\n"
        "  call skip_next\n"
        "  jmp 1f\n"
        "  movl $1, %eax\n"
        "  ret\n"
        "1: xorl %eax, %eax\n"
        "  ret\n"
        ".globl push_ret_jump\n"
        "push_ret_jump:\n"             /* f at 4(%esp), x at 8(%esp) */
        "  movl 4(%esp), %ecx\n"
        "  movl 8(%esp), %eax\n"
        "  subl $8, %esp\n"
        "  pushl %eax\n"               /* f's argument */
        "  pushl $2f\n"                /* f returns to 2: */
        "  pushl %ecx\n"
        "  ret\n"                      /* = jmp *%ecx */
        "2: addl $12, %esp\n"
        "  ret\n");
#elif defined(__powerpc__)
__asm__(".text\n"
        "skip_next:\n"
        "  mflr 11\n"
        "  addi 11, 11, 4\n"           /* over the b below */
        "  mtlr 11\n"
        "  blr\n"
        ".globl call_skipping\n"
        "call_skipping:\n"
        "  mflr 12\n"
        "  bl skip_next\n"
        "  b 1f\n"
        "  li 3, 1\n"
        "  mtlr 12\n"
        "  blr\n"
        "1: li 3, 0\n"
        "  mtlr 12\n"
        "  blr\n"
        ".globl push_ret_jump\n"
        "push_ret_jump:\n"             /* f in r3, x in r4 */
        "  stwu 1, -16(1)\n"
        "  mflr 0\n"
        "  stw 0, 20(1)\n"
        "  mtctr 3\n"
        "  mr 3, 4\n"
        "  bl 2f\n"                    /* f returns after this bl */
        "  lwz 0, 20(1)\n"
        "  mtlr 0\n"
        "  addi 1, 1, 16\n"
        "  blr\n"
        "2: bctr\n");
#else
#error "call-return: no assembly for this target"
#endif

static int f_added(int x)
{
    return x + 1;
}

/* ---- recursion ---------------------------------------------------------- */

static unsigned depth_sum(unsigned n)
{
    volatile unsigned pad = n; /* a real frame per level */
    return n == 0 ? 0 : pad + depth_sum(n - 1);
}

static unsigned fib(unsigned n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/* Mutual recursion through a table of function pointers. */
typedef unsigned (*step_fn)(unsigned, unsigned);
static unsigned step_a(unsigned n, unsigned acc);
static unsigned step_b(unsigned n, unsigned acc);
static unsigned step_c(unsigned n, unsigned acc);
static volatile step_fn steps[3] = { step_a, step_b, step_c };

static unsigned step_a(unsigned n, unsigned acc)
{
    return n == 0 ? acc : steps[n % 3](n - 1, acc * 3 + 1) + 1;
}

static unsigned step_b(unsigned n, unsigned acc)
{
    return n == 0 ? acc : steps[(n * 7) % 3](n - 1, acc ^ (n << 3)) + 2;
}

static unsigned step_c(unsigned n, unsigned acc)
{
    /* a sibling call at -O2 */
    return n == 0 ? acc : steps[(n + 1) % 3](n - 1, acc + n);
}

/* ---- longjmp and signals out of deep frames ----------------------------- */

static jmp_buf jb;
static sigjmp_buf sjb;
static volatile unsigned long long deepest;

static void dive_longjmp(unsigned n, unsigned at)
{
    volatile char frame[48];
    frame[n % 48] = (char)n;
    deepest += (unsigned char)frame[n % 48];
    if (n == at) {
        longjmp(jb, (int)n);
    }
    if (n < 100000) {
        dive_longjmp(n + 1, at);
    }
    deepest++; /* not a sibling call */
}

static volatile sig_atomic_t handler_calls;
static volatile unsigned handler_sum;

static void on_usr1(int sig)
{
    (void)sig;
    handler_calls++;
    handler_sum += fib(12) + depth_sum(200); /* calls inside the handler */
}

static void on_usr2(int sig)
{
    (void)sig;
    siglongjmp(sjb, 7);
}

static unsigned dive_signal(unsigned n, unsigned at, int sig)
{
    volatile unsigned here = n;
    if (n == at) {
        raise(sig);
    }
    if (n == 0) {
        return 0;
    }
    return here + dive_signal(n - 1, at, sig);
}

/* ---- stack switching: handlers on an alternate signal stack --------- */

static char alt_stack[128 * 1024] __attribute__((aligned(16)));
static sigjmp_buf alt_jb;
static volatile int alt_leave;
static volatile unsigned alt_sum;

static void on_alrm(int sig)
{
    (void)sig;
    alt_sum = alt_sum * 3 + depth_sum(300) + fib(14);
    if (alt_leave) {
        siglongjmp(alt_jb, 1); /* from the alternate stack to the main one */
    }
}

static unsigned run_alt_stack(void)
{
    stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof(alt_stack) };
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alrm;
    sa.sa_flags = SA_ONSTACK;
    sigaltstack(&ss, NULL);
    sigaction(SIGALRM, &sa, NULL);
    volatile unsigned sum = 0;
    for (volatile int i = 0; i < 20; i++) {
        alt_leave = i % 2;
        if (sigsetjmp(alt_jb, 1) == 0) {
            sum = sum * 7 + dive_signal(800, (unsigned)(i * 37), SIGALRM);
        } else {
            sum = sum * 7 + 1;
        }
    }
    return sum + alt_sum;
}

/* ---- threads ---------------------------------------------------------- */

struct job {
    unsigned n, result;
};

static void *thread_work(void *arg)
{
    struct job *j = arg;
    unsigned r = 0;
    for (int round = 0; round < 40; round++) {
        r = r * 17 + fib(j->n) + depth_sum(j->n * 100) +
            steps[j->n % 3](j->n * 10, j->n);
        r += (unsigned)call_skipping() + (unsigned)push_ret_jump(f_added, round);
    }
    j->result = r;
    return NULL;
}

int main(void)
{
    printf("depth_sum(100000) = %u\n", depth_sum(100000));
    printf("fib(24) = %u\n", fib(24));
    printf("steps(3000) = %u\n", steps[0](3000, 1));

    /* returns to where the callee, not the call, says */
    int skips = 0;
    for (int i = 0; i < 1000; i++) {
        skips += call_skipping();
    }
    printf("skipped %d of 1000\n", skips);
    unsigned jumped = 0;
    for (int i = 0; i < 1000; i++) {
        jumped += (unsigned)push_ret_jump(f_added, i);
    }
    printf("push/ret jumps: %u\n", jumped);

    /* longjmp out of ever deeper recursion, then ordinary returns */
    volatile unsigned long long lj = 0;
    for (volatile unsigned at = 1; at <= 2000; at += 37) {
        int v = setjmp(jb);
        if (v == 0) {
            dive_longjmp(0, at);
        }
        lj = lj * 7 + (unsigned)v + fib(10);
    }
    printf("longjmp: %llu deepest %llu\n", lj, deepest);

    /* a handler that runs (and returns) in the middle of a recursion */
    signal(SIGUSR1, on_usr1);
    unsigned sig_total = 0;
    for (unsigned at = 0; at < 3000; at += 250) {
        sig_total = sig_total * 3 + dive_signal(3000, at, SIGUSR1);
    }
    printf("signal returns: %u calls %d sum %u\n", sig_total,
           (int)handler_calls, handler_sum);

    /* a handler that leaves the recursion with siglongjmp */
    signal(SIGUSR2, on_usr2);
    volatile unsigned sj = 0;
    for (volatile unsigned at = 5; at < 3000; at += 333) {
        int v = sigsetjmp(sjb, 1);
        if (v == 0) {
            dive_signal(3000, at, SIGUSR2);
        }
        sj = sj * 5 + (unsigned)v + depth_sum(at % 50);
    }
    printf("siglongjmp: %u\n", sj);

    printf("alternate stack: %u\n", run_alt_stack());

    pthread_t th[4];
    struct job jobs[4] = { { 18, 0 }, { 19, 0 }, { 20, 0 }, { 21, 0 } };
    for (int i = 0; i < 4; i++) {
        pthread_create(&th[i], NULL, thread_work, &jobs[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        printf("thread %d: %u\n", i, jobs[i].result);
    }
    return 0;
}
