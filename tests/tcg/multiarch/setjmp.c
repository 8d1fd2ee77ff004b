/*
 * setjmp/longjmp: jumps out of nested frames, values of volatile locals,
 * longjmp(…, 0) turning into 1, and a jump buffer reused in a loop.
 */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static int depth_reached;

static void dive(int depth, int target)
{
    volatile char pad[64];   /* a real frame per level */
    pad[depth % 64] = 1;
    depth_reached = depth + pad[depth % 64] - 1;
    if (depth == target)
        longjmp(env, target * 10 + 1);
    if (depth > 1000)
        return;
    dive(depth + 1, target);
}

static void jump_zero(void)
{
    longjmp(env, 0);
}

static jmp_buf outer, inner;

static void nested(void)
{
    if (setjmp(inner) == 0) {
        printf("inner set\n");
        longjmp(inner, 5);
    }
    printf("inner returned\n");
    longjmp(outer, 7);
}

int main(void)
{
    for (volatile int target = 0; target <= 200; target += 50) {
        volatile int counter = 100;
        int r = setjmp(env);
        if (r == 0) {
            counter = 200;
            dive(0, target);
            printf("not reached\n");
        } else {
            printf("target=%d r=%d depth=%d counter=%d\n", target, r,
                   depth_reached, counter);
        }
    }
    int r = setjmp(env);
    if (r == 0)
        jump_zero();
    printf("longjmp(0) gives %d\n", r);

    volatile int loops = 0;
    if (setjmp(env) < 10) {
        loops++;
        if (loops < 10)
            longjmp(env, loops);
    }
    printf("loops=%d\n", loops);

    r = setjmp(outer);
    if (r == 0)
        nested();
    printf("outer got %d\n", r);

    sigjmp_buf senv;
    r = sigsetjmp(senv, 1);
    if (r == 0)
        siglongjmp(senv, 42);
    printf("siglongjmp got %d\n", r);
    return 0;
}
