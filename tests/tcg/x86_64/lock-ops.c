/*
 * LOCK-prefixed read-modify-writes, XCHG, XADD, CMPXCHG, CMPXCHG8B and
 * CMPXCHG16B from four threads at once on shared words: every total must
 * be exact (a read-modify-write that is not one host atomic loses
 * updates when threads overlap).
 * CFLAGS: -O2 -pthread -mcx16
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define THREADS 4
#define ITERS 200000

static uint32_t add_w, inc_w, sub_w, xadd_w, cas_w, bts_count;
static uint16_t inc_h;
static uint8_t inc_b;
static uint64_t or_q, cas8_q;
static unsigned __int128 cas16 __attribute__((aligned(16)));
static uint32_t spin;
static uint64_t spin_protected;

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (int i = 0; i < ITERS; i++) {
        __asm__ volatile("lock addl $3, %0" : "+m"(add_w));
        __asm__ volatile("lock incl %0" : "+m"(inc_w));
        __asm__ volatile("lock subl $2, %0" : "+m"(sub_w));
        __asm__ volatile("lock incw %0" : "+m"(inc_h));
        __asm__ volatile("lock incb %0" : "+m"(inc_b));
        uint32_t one = 1;
        __asm__ volatile("lock xaddl %0, %1" : "+r"(one), "+m"(xadd_w));

        uint32_t old = cas_w, new;
        do {
            new = old + 5;
        } while (!__atomic_compare_exchange_n(&cas_w, &old, new, 0,
                                              __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST));

        /* cmpxchg8b through its own loop on a 64-bit counter. */
        uint64_t o8 = cas8_q;
        for (;;) {
            uint64_t n8 = o8 + 0x100000001ull;
            uint32_t lo = (uint32_t)o8, hi = (uint32_t)(o8 >> 32);
            uint8_t ok;
            __asm__ volatile("lock cmpxchg8b %1\n\tsete %0"
                             : "=q"(ok), "+m"(cas8_q), "+a"(lo), "+d"(hi)
                             : "b"((uint32_t)n8), "c"((uint32_t)(n8 >> 32))
                             : "cc", "memory");
            if (ok) {
                break;
            }
            o8 = (uint64_t)hi << 32 | lo;
        }

        if ((i & 7) == 0) {
            unsigned __int128 o = cas16, n;
            do {
                n = o + (((unsigned __int128)1 << 64) | 1);
            } while (!__sync_bool_compare_and_swap(&cas16, o, n) &&
                     ((o = cas16), 1));
        }

        /* A spinlock by XCHG; the protected counter is plain. */
        if ((i & 3) == 0) {
            uint32_t v = 1;
            do {
                __asm__ volatile("xchgl %0, %1" : "+r"(v), "+m"(spin));
            } while (v);
            spin_protected++;
            __asm__ volatile("movl $0, %0" : "=m"(spin) : : "memory");
        }

        uint8_t was;
        int bit = (id * ITERS + i) & 63;
        __asm__ volatile("lock btsq %2, %1\n\tsetc %0"
                         : "=q"(was), "+m"(or_q) : "r"((uint64_t)bit)
                         : "cc");
        if (!was) {
            __atomic_fetch_add(&bts_count, 1, __ATOMIC_RELAXED);
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++) {
        pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
    }
    printf("add=%u inc=%u sub=%u inc16=%u inc8=%u xadd=%u cas=%u\n", add_w,
           inc_w, sub_w, inc_h, inc_b, xadd_w, cas_w);
    printf("cmpxchg8b=%llx cmpxchg16b=%llx:%llx\n",
           (unsigned long long)cas8_q, (unsigned long long)(cas16 >> 64),
           (unsigned long long)cas16);
    printf("xchg spinlock=%llu bts bits=%u or=%llx\n",
           (unsigned long long)spin_protected, bts_count,
           (unsigned long long)or_q);
    return 0;
}
