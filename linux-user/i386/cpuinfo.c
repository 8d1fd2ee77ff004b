/*
 * cpuinfo.c: /proc/cpuinfo as an x86 Linux kernel shows it, from the
 * guest CPU's CPUID: vendor, family/model/stepping, brand string and the
 * feature flags (the kernel's names for the CPUID bits mimic reports).
 */
#include <stddef.h>
#include <unistd.h>

#include "linux-user/user.h"
#include "target-x86/cpu.h"

typedef struct FlagName {
    uint8_t word; /* 0 leaf 1 EDX, 1 leaf 1 ECX, 2 leaf 7 EBX,
                   * 3 0x80000001 EDX, 4 0x80000001 ECX */
    uint8_t bit;
    const char *name;
} FlagName;

/* In the kernel's order (its cpufeatures words). */
static const FlagName flag_names[] = {
    { 0, 0, "fpu" }, { 0, 1, "vme" }, { 0, 2, "de" }, { 0, 3, "pse" },
    { 0, 4, "tsc" }, { 0, 5, "msr" }, { 0, 6, "pae" }, { 0, 7, "mce" },
    { 0, 8, "cx8" }, { 0, 9, "apic" }, { 0, 11, "sep" }, { 0, 12, "mtrr" },
    { 0, 13, "pge" }, { 0, 14, "mca" }, { 0, 15, "cmov" }, { 0, 16, "pat" },
    { 0, 17, "pse36" }, { 0, 19, "clflush" }, { 0, 23, "mmx" },
    { 0, 24, "fxsr" }, { 0, 25, "sse" }, { 0, 26, "sse2" }, { 0, 28, "ht" },
    { 3, 11, "syscall" }, { 3, 20, "nx" }, { 3, 26, "pdpe1gb" },
    { 3, 27, "rdtscp" }, { 3, 29, "lm" },
    { 1, 0, "pni" }, { 1, 1, "pclmulqdq" }, { 1, 9, "ssse3" }, { 1, 12, "fma" },
    { 1, 13, "cx16" }, { 1, 19, "sse4_1" }, { 1, 20, "sse4_2" },
    { 1, 21, "x2apic" }, { 1, 22, "movbe" }, { 1, 23, "popcnt" },
    { 1, 25, "aes" }, { 1, 26, "xsave" }, { 1, 28, "avx" }, { 1, 29, "f16c" },
    { 1, 30, "rdrand" },
    { 4, 0, "lahf_lm" }, { 4, 5, "abm" }, { 4, 6, "sse4a" },
    { 4, 8, "3dnowprefetch" },
    { 2, 0, "fsgsbase" }, { 2, 3, "bmi1" }, { 2, 5, "avx2" }, { 2, 7, "smep" },
    { 2, 8, "bmi2" }, { 2, 9, "erms" }, { 2, 18, "rdseed" }, { 2, 19, "adx" },
    { 2, 23, "clflushopt" }, { 2, 29, "sha_ni" },
};

void target_cpuinfo(FILE *out)
{
    const CPUX86State *env = (const CPUX86State *)(
        (const char *)user_cpu - offsetof(CPUX86State, common));
    uint32_t r[4], words[5] = { 0 };
    x86_cpuid(env, 0, 0, r);
    uint32_t max_leaf = r[0];
    char vendor[13];
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    vendor[12] = 0;
    x86_cpuid(env, 1, 0, r);
    uint32_t sig = r[0];
    words[0] = r[3];
    words[1] = r[2];
    unsigned family = (sig >> 8) & 0xf, model = (sig >> 4) & 0xf;
    if (family == 0xf) {
        family += (sig >> 20) & 0xff;
    }
    if (family >= 6) {
        model += ((sig >> 16) & 0xf) << 4;
    }
    if (max_leaf >= 7) {
        x86_cpuid(env, 7, 0, r);
        words[2] = r[1];
    }
    char brand[49] = "";
    x86_cpuid(env, 0x80000000, 0, r);
    if (r[0] >= 0x80000001) {
        x86_cpuid(env, 0x80000001, 0, r);
        words[3] = r[3];
        words[4] = r[2];
    }
    if (r[0] >= 0x80000004) {
        for (uint32_t leaf = 0; leaf < 3; leaf++) {
            x86_cpuid(env, 0x80000002 + leaf, 0, r);
            memcpy(brand + 16 * leaf, r, 16);
        }
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    for (long i = 0; i < (n > 0 ? n : 1); i++) {
        fprintf(out, "processor\t: %ld\n", i);
        fprintf(out, "vendor_id\t: %s\n", vendor);
        fprintf(out, "cpu family\t: %u\n", family);
        fprintf(out, "model\t\t: %u\n", model);
        fprintf(out, "model name\t: %s\n", brand[0] ? brand : "unknown");
        fprintf(out, "stepping\t: %u\n", sig & 0xf);
        fprintf(out, "fpu\t\t: %s\n", words[0] & 1 ? "yes" : "no");
        fprintf(out, "fpu_exception\t: yes\n");
        fprintf(out, "cpuid level\t: %u\n", max_leaf);
        fprintf(out, "wp\t\t: yes\n");
        fprintf(out, "flags\t\t:");
        for (size_t k = 0; k < sizeof(flag_names) / sizeof(flag_names[0]);
             k++) {
            if (words[flag_names[k].word] >> flag_names[k].bit & 1) {
                fprintf(out, " %s", flag_names[k].name);
            }
        }
        fprintf(out, "\nclflush size\t: 64\n");
        fprintf(out, "cache_alignment\t: 64\n\n");
    }
}
