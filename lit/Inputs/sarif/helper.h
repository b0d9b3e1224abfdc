/* lit/Inputs/sarif/helper.h — a header with its own function (not inlined
 * away at -O0 of the caller's view): its findings are located in the header,
 * which lit/advisor_sarif_paths.c includes as ../include/helper.h. */
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static size_t helper_key(const char *s)
{
    char *tmp = malloc(48);
    if (!tmp)
        return 0;
    strncpy(tmp, s, 47);
    tmp[47] = '\0';
    size_t n = strlen(tmp);
    free(tmp);
    return n;
}
