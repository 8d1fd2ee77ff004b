/* placeholder: the MMX/SSE group (helper "x86fp") replaces this file. */
#include "target-x86/translate.h"

bool x86_translate_sse(DisasContext *s)
{
    return false;
}

void x86_fpu_tcg_init(void)
{
}
