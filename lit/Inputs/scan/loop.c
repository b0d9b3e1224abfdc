/* Needs GREETING from the command line (a quoted define with a space): the
 * scan must split the "command" string as a shell does. */
#include <stdlib.h>
#include <string.h>
#ifndef GREETING
#error GREETING is not defined
#endif
void use(char *);
void greet_all(int n)
{
    for (int i = 0; i < n; i++) {
        char *p = malloc(64);
        strcpy(p, GREETING);
        use(p);
        free(p);
    }
}
