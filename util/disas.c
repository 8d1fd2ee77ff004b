/*
 * disas.c: capstone wrappers.  One handle per architecture, opened on first
 * use; capstone handles are not thread-safe, so each thread has its own.
 */
#include "util/disas.h"

#include <capstone/capstone.h>
#include <inttypes.h>
#include <string.h>

static __thread csh disas_handles[DISAS_PPC64_LE + 1];
static __thread bool disas_opened[DISAS_PPC64_LE + 1];

static csh disas_handle(DisasArch arch)
{
    static const struct {
        cs_arch arch;
        int mode;
    } modes[] = {
        [DISAS_X86_64] = { CS_ARCH_X86, CS_MODE_64 },
        [DISAS_I386] = { CS_ARCH_X86, CS_MODE_32 },
        [DISAS_PPC32_BE] = { CS_ARCH_PPC, CS_MODE_32 | CS_MODE_BIG_ENDIAN },
        [DISAS_PPC64_LE] = { CS_ARCH_PPC, CS_MODE_64 | CS_MODE_LITTLE_ENDIAN },
    };

    if (!disas_opened[arch]) {
        if (cs_open(modes[arch].arch, (cs_mode)modes[arch].mode,
                    &disas_handles[arch]) != CS_ERR_OK) {
            return 0;
        }
        disas_opened[arch] = true;
    }
    return disas_handles[arch];
}

void disas_dump(FILE *out, DisasArch arch, const void *code, size_t size,
                uint64_t addr)
{
    csh h = disas_handle(arch);
    const uint8_t *p = code;
    size_t unit = (arch == DISAS_PPC32_BE || arch == DISAS_PPC64_LE) ? 4 : 1;
    cs_insn *insn = h ? cs_malloc(h) : NULL;

    while (size > 0) {
        if (insn && cs_disasm_iter(h, &p, &size, &addr, insn)) {
            fprintf(out, "0x%08" PRIx64 ":  %-8s %s\n", insn->address,
                    insn->mnemonic, insn->op_str);
            continue;
        }
        /* Undecodable: print one unit and go on. */
        size_t n = size < unit ? size : unit;
        fprintf(out, "0x%08" PRIx64 ":  .byte   ", addr);
        for (size_t i = 0; i < n; i++) {
            fprintf(out, "%s0x%02x", i ? ", " : "", p[i]);
        }
        fputc('\n', out);
        p += n;
        size -= n;
        addr += n;
    }
    if (insn) {
        cs_free(insn, 1);
    }
}

size_t disas_one(DisasArch arch, const void *code, size_t size, uint64_t addr,
                 char *mnem, size_t mnem_size)
{
    csh h = disas_handle(arch);
    cs_insn *insn;
    size_t len = 0;

    if (h && cs_disasm(h, code, size, addr, 1, &insn) == 1) {
        len = insn->size;
        if (mnem && mnem_size) {
            snprintf(mnem, mnem_size, "%s%s%s", insn->mnemonic,
                     insn->op_str[0] ? " " : "", insn->op_str);
        }
        cs_free(insn, 1);
    } else if (mnem && mnem_size) {
        mnem[0] = '\0';
    }
    return len;
}
