/*
 * cpu.c: the x86 CPU outside translation: reset state, EFLAGS as a whole
 * register, segment loads, the -cpu models and their CPUID leaves, -d cpu
 * dumps, and the TargetInfo of the i386 and x86_64 guests.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "target-x86/cpu.h"
#include "target-x86/fpu_helper.h"
#include "target-x86/helper.h"
#include "target-x86/sse_helper.h"
#include "target-x86/translate.h"
#include "util/disas.h"

/* ---- models ----------------------------------------------------------------
 * Feature bits are what mimic implements; a model may offer less, never
 * more.  The SSE levels are those of the x87/SSE translator.
 */
#define BASE_EDX                                                               \
    (CPUID_FPU | CPUID_TSC | CPUID_CX8 | CPUID_CMOV | CPUID_CLFSH | CPUID_MMX \
     | CPUID_FXSR | CPUID_SSE | CPUID_SSE2)
#define BASE_EXT2 (CPUID_EXT2_SYSCALL | CPUID_EXT2_NX | CPUID_EXT2_LM)
#define V2_ECX                                                                 \
    (CPUID_EXT_SSE3 | CPUID_EXT_SSSE3 | CPUID_EXT_CX16 | CPUID_EXT_SSE41      \
     | CPUID_EXT_SSE42 | CPUID_EXT_POPCNT)

static const X86CPUModel x86_models[] = {
    {
        .name = "max",
        .description = "everything mimic implements (the default)",
        .vendor = "AuthenticAMD",
        .brand = "mimic x86-64 CPU",
        .family = 15, .model = 6, .stepping = 1,
        .features_edx = BASE_EDX,
        .features_ecx = V2_ECX | CPUID_EXT_MOVBE | CPUID_EXT_AES
                        | CPUID_EXT_PCLMULQDQ,
        .ext_features_edx = BASE_EXT2,
        .features_7_ebx = CPUID_7_EBX_BMI1 | CPUID_7_EBX_BMI2
                          | CPUID_7_EBX_ADX,
        .ext_features_ecx = CPUID_EXT3_LAHF_LM | CPUID_EXT3_ABM,
    },
    {
        .name = "x86-64-v2",
        .description = "x86-64 psABI level 2: SSE4.2, POPCNT, CMPXCHG16B",
        .vendor = "AuthenticAMD",
        .brand = "mimic x86-64-v2 CPU",
        .family = 15, .model = 6, .stepping = 1,
        .features_edx = BASE_EDX,
        .features_ecx = V2_ECX,
        .ext_features_edx = BASE_EXT2,
        .ext_features_ecx = CPUID_EXT3_LAHF_LM,
    },
    {
        .name = "x86-64",
        .description = "x86-64 baseline: SSE2",
        .vendor = "AuthenticAMD",
        .brand = "mimic x86-64 baseline CPU",
        .family = 15, .model = 6, .stepping = 1,
        .features_edx = BASE_EDX,
        .ext_features_edx = BASE_EXT2,
    },
};
#define DEFAULT_MODEL (&x86_models[0])
#define N_MODELS (sizeof(x86_models) / sizeof(x86_models[0]))

const X86CPUModel *x86_cpu_model_find(const char *name)
{
    for (size_t i = 0; i < N_MODELS; i++) {
        if (strcasecmp(x86_models[i].name, name) == 0) {
            return &x86_models[i];
        }
    }
    return NULL;
}

void x86_cpu_list(FILE *out)
{
    fprintf(out, "Available CPUs:\n");
    for (size_t i = 0; i < N_MODELS; i++) {
        fprintf(out, "  %-10s %s\n", x86_models[i].name,
                x86_models[i].description);
    }
}

static uint32_t str4(const char *s)
{
    return (uint32_t)(uint8_t)s[0] | (uint32_t)(uint8_t)s[1] << 8
           | (uint32_t)(uint8_t)s[2] << 16 | (uint32_t)(uint8_t)s[3] << 24;
}

void x86_cpuid(const CPUX86State *env, uint32_t leaf, uint32_t subleaf,
               uint32_t out[4])
{
    const X86CPUModel *m = env->model ? env->model : DEFAULT_MODEL;
    uint32_t signature = m->stepping | (m->model & 0xf) << 4
                         | (m->model >> 4) << 16 | (m->family > 15 ? 15
                                                   : m->family) << 8
                         | (m->family > 15 ? m->family - 15 : 0) << 20;

    memset(out, 0, 4 * sizeof(uint32_t));
    switch (leaf) {
    case 0:
        out[0] = 7;
        out[1] = str4(m->vendor);
        out[3] = str4(m->vendor + 4);
        out[2] = str4(m->vendor + 8);
        break;
    case 1:
        out[0] = signature;
        out[1] = 8 << 8 | 1 << 16; /* 64-byte CLFLUSH line, 1 logical CPU */
        out[2] = m->features_ecx;
        out[3] = m->features_edx;
        break;
    case 7:
        if (subleaf == 0) {
            out[1] = m->features_7_ebx;
        }
        break;
    case 0x80000000:
        out[0] = 0x80000008;
        out[1] = str4(m->vendor);
        out[3] = str4(m->vendor + 4);
        out[2] = str4(m->vendor + 8);
        break;
    case 0x80000001:
        out[0] = signature;
        out[2] = m->ext_features_ecx;
        out[3] = m->ext_features_edx;
        break;
    case 0x80000002: case 0x80000003: case 0x80000004: {
        char brand[48];
        memset(brand, 0, sizeof(brand));
        memcpy(brand, m->brand, strnlen(m->brand, sizeof(brand)));
        for (int i = 0; i < 4; i++) {
            out[i] = str4(brand + 16 * (leaf - 0x80000002) + 4 * i);
        }
        break;
    }
    case 0x80000005:
        /* L1 data and instruction caches: 32 KiB, 8-way, 64-byte lines. */
        out[2] = out[3] = 32u << 24 | 8 << 16 | 1 << 8 | 64;
        break;
    case 0x80000006:
        /* L2 512 KiB 8-way; L3 8 MiB 16-way (AMD associativity codes). */
        out[2] = 512u << 16 | 6 << 12 | 1 << 8 | 64;
        out[3] = 16u << 18 | 8 << 12 | 1 << 8 | 64;
        break;
    case 0x80000008:
        out[0] = 48 << 8 | 40; /* virtual, physical address bits */
        break;
    default:
        break;
    }
}

/* ---- state ---------------------------------------------------------------- */

void x86_cpu_reset(CPUX86State *env, bool code64)
{
    size_t start = offsetof(CPUX86State, regs);
    memset((char *)env + start, 0, sizeof(*env) - start);
    env->common.exception_index = EXCP_NONE;
    env->code64 = code64;
    env->df = 1;
    env->eflags = EFLAGS_IF | EFLAGS_FIXED;
    env->cc_op = CC_OP_EFLAGS;
    env->segs[R_CS].selector = code64 ? X86_USER64_CS : X86_USER32_CS;
    /* 64-bit processes start with null DS and ES. */
    env->segs[R_DS].selector = code64 ? 0 : X86_USER_DS;
    env->segs[R_ES].selector = code64 ? 0 : X86_USER_DS;
    env->segs[R_SS].selector = X86_USER_DS;
    env->fpuc = 0x37f;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->mxcsr = 0x1f80;
    env->model = DEFAULT_MODEL;
}

uint32_t x86_get_eflags(const CPUX86State *env)
{
    uint32_t arith = (uint32_t)x86_helper_cc_compute_all(
        env->cc_op, env->cc_dst, env->cc_src, env->cc_src2);
    return env->eflags | arith | (env->df < 0 ? EFLAGS_DF : 0)
           | EFLAGS_FIXED;
}

void x86_set_eflags(CPUX86State *env, uint32_t eflags)
{
    const uint32_t kept = EFLAGS_TF | EFLAGS_NT | EFLAGS_AC | EFLAGS_ID;
    env->cc_src = eflags & CC_ARITH;
    env->cc_op = CC_OP_EFLAGS;
    env->df = eflags & EFLAGS_DF ? -1 : 1;
    env->eflags = (env->eflags & ~kept) | (eflags & kept);
}

bool x86_load_seg(CPUX86State *env, int seg, uint32_t selector)
{
    uint32_t index = selector >> 3;
    uint64_t base = 0;

    if (seg == R_CS || seg < 0 || seg > R_GS) {
        return false;
    }
    if ((selector & ~3u) == 0) {
        if (seg == R_SS) {
            return false;
        }
        /* A null selector: 64-bit code keeps FS/GS bases (set through
         * arch_prctl), 32-bit code gets an unusable segment. */
        if (env->code64 && (seg == R_FS || seg == R_GS)) {
            base = env->segs[seg].base;
        }
    } else if (selector & 4) {
        return false; /* LDT: not provided */
    } else if (index >= X86_TLS_FIRST_ENTRY
               && index < X86_TLS_FIRST_ENTRY + X86_TLS_ENTRIES) {
        const X86TLSDesc *d = &env->tls[index - X86_TLS_FIRST_ENTRY];
        if (!d->present) {
            return false;
        }
        base = d->base;
    } else if (index != X86_USER_DS >> 3 && index != X86_USER32_CS >> 3
               && index != X86_USER64_CS >> 3) {
        return false;
    }
    env->segs[seg].selector = selector;
    env->segs[seg].base = base;
    return true;
}

uint16_t x86_fpu_status(const CPUX86State *env)
{
    return (uint16_t)((x86_fpus_now(env) & ~0x3800) |
                      (env->fptop & 7) << 11);
}

/* ---- TargetInfo ------------------------------------------------------------ */

/* X86_TB_X87_SHAPE's bits for env. */
static uint64_t x87_shape(const CPUX86State *env)
{
    uint64_t full = 0;

    for (int i = 0; i < 8; i++)
        full |= (uint64_t)(env->fptags[i] == 0) << i;
    return (uint64_t)(env->fptop & 7) << X86_TB_X87_TOP_SHIFT
           | full << X86_TB_X87_FULL_SHIFT;
}

static void x86_get_tb_key(CPUCommon *cs, uint64_t *pc, uint64_t *flags)
{
    const CPUX86State *env = (const CPUX86State *)cs;
    *pc = cs->pc;
    *flags = env->code64 ? X86_TB_CODE64 : 0;
    if ((env->mxcsr & 0x1f80) != 0x1f80) /* the six mask bits */
        *flags |= X86_TB_SSE_TRAPS;
    if ((env->mxcsr & ~0x3fu) == 0x1f80) /* MXCSR_DEFAULT, any flags */
        *flags |= X86_TB_SSE_DEFAULT;
    if ((env->fpuc & 0x3f) != 0x3f)
        *flags |= X86_TB_X87_TRAPS;
    if (!(*flags & X86_TB_X87_TRAPS))
        *flags |= x87_shape(env);
}

static void x86_dump_state(CPUCommon *cs, FILE *out)
{
    static const char names64[16][4] = {
        "RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
        "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15",
    };
    static const char seg_names[6][3] = { "ES", "CS", "SS", "DS", "FS", "GS" };
    const CPUX86State *env = (const CPUX86State *)cs;
    uint32_t fl = x86_get_eflags(env);

    if (env->code64) {
        for (int i = 0; i < 16; i++) {
            fprintf(out, "%-3s=%016llx%s", names64[i],
                    (unsigned long long)env->regs[i], i % 4 == 3 ? "\n" : " ");
        }
        fprintf(out, "RIP=%016llx ", (unsigned long long)cs->pc);
    } else {
        for (int i = 0; i < 8; i++) {
            fprintf(out, "E%s=%08x%s", names64[i] + 1,
                    (uint32_t)env->regs[i], i % 4 == 3 ? "\n" : " ");
        }
        fprintf(out, "EIP=%08x ", (uint32_t)cs->pc);
    }
    fprintf(out, "EFL=%08x [%c%c%c%c%c%c%c] CC_OP=%u\n", fl,
            fl & EFLAGS_DF ? 'D' : '-', fl & CC_O ? 'O' : '-',
            fl & CC_S ? 'S' : '-', fl & CC_Z ? 'Z' : '-',
            fl & CC_A ? 'A' : '-', fl & CC_P ? 'P' : '-',
            fl & CC_C ? 'C' : '-', env->cc_op);
    for (int i = 0; i < 6; i++) {
        fprintf(out, "%s=%04x %016llx%s", seg_names[i],
                env->segs[i].selector, (unsigned long long)env->segs[i].base,
                i % 3 == 2 ? "\n" : "  ");
    }
    fprintf(out, "FCW=%04x FSW=%04x MXCSR=%08x\n", env->fpuc,
            x86_fpu_status(env), env->mxcsr);
}

/* The guest's MXCSR flags live partly in the host's while its code runs
 * (README: inline scalar doubles), its x87 status word partly in
 * fpus_pending (README: x87 on the host's x87). */
static void x86_exec_enter(CPUCommon *cs)
{
    x86_mxcsr_to_host((CPUX86State *)cs);
}

static void x86_exec_leave(CPUCommon *cs)
{
    x86_mxcsr_from_host((CPUX86State *)cs);
    x86_fpu_fold_status((CPUX86State *)cs);
}

const TargetInfo x86_64_target_info = {
    .name = "x86_64",
    .disas_arch = DISAS_X86_64,
    .tcg_init = x86_64_tcg_init,
    .get_tb_key = x86_get_tb_key,
    .translate = x86_translate,
    .dump_state = x86_dump_state,
    .exec_enter = x86_exec_enter,
    .exec_leave = x86_exec_leave,
};

const TargetInfo i386_target_info = {
    .name = "i386",
    .disas_arch = DISAS_I386,
    .tcg_init = i386_tcg_init,
    .get_tb_key = x86_get_tb_key,
    .translate = x86_translate,
    .dump_state = x86_dump_state,
    .exec_enter = x86_exec_enter,
    .exec_leave = x86_exec_leave,
};
