/* Assembly: not C or C++, skipped. */
.globl start_here
start_here:
    ret
