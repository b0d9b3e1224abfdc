/* lit/Inputs/sarif/nodebug.c — compiled without -g by
 * lit/advisor_sarif_paths.c: its findings have no file or line. */
#include <stdlib.h>

void sink(char *);

void nodebug_loop(int n)
{
    for (int i = 0; i < n; i++) {
        char *p = malloc(100);
        sink(p);
        free(p);
    }
}
