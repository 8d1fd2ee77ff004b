/*
 * cpuinfo.c: /proc/cpuinfo as a 32-bit PowerPC Linux kernel shows it:
 * one block per processor naming the core (from the PVR), then the
 * machine block.  glibc reads "timebase" for __ppc_get_timebase_freq.
 */
#include <stddef.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "target-ppc/cpu.h"
#include "target-ppc/helper.h"

/* The kernel's cpu names (cputable) by PVR version. */
static const char *core_name(uint32_t pvr)
{
    switch (pvr >> 16) {
    case 0x0004: return "604";
    case 0x0006: return "603e";
    case 0x0008: return "740/750";
    case 0x0009: return "604e";
    case 0x000c: return "7400";
    case 0x0085: return "e300c3";
    default: return NULL;
    }
}

void target_cpuinfo(FILE *out)
{
    const CPUPPCState *env = (const CPUPPCState *)(
        (const char *)user_cpu - offsetof(CPUPPCState, common));
    uint32_t pvr = env->pvr;
    const char *name = core_name(pvr);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    for (long i = 0; i < (n > 0 ? n : 1); i++) {
        fprintf(out, "processor\t: %ld\n", i);
        if (name) {
            fprintf(out, "cpu\t\t: %s\n", name);
        } else {
            fprintf(out, "cpu\t\t: unknown (%08x)\n", pvr);
        }
        fprintf(out, "revision\t: %u.%u (pvr %04x %04x)\n",
                (pvr >> 8) & 0xff, pvr & 0xff, pvr >> 16, pvr & 0xffff);
        /* The kernel's bogomips is the time base frequency / 500000. */
        fprintf(out, "bogomips\t: %llu.%02llu\n\n",
                PPC_TIMEBASE_FREQ / 500000,
                PPC_TIMEBASE_FREQ / 5000 % 100);
    }
    fprintf(out, "timebase\t: %llu\n", PPC_TIMEBASE_FREQ);
    fprintf(out, "platform\t: mimic\n");
    fprintf(out, "model\t\t: mimic-ppc\n");
}
