/* advisor/rwlock.h — read-write lock candidates, judged once per lock class
 * over every critical section of the build (lock_sections). */
#ifndef ADV_RWLOCK_H
#define ADV_RWLOCK_H

#include "advisor.h"

/* A class is a candidate when at least ADV_RW_MIN_READERS of its sections
 * only read, they are at least 3/4 of all its sections, and it is taken
 * inside a loop somewhere: a lock taken rarely gains nothing from readers
 * running in parallel. */
#define ADV_RW_MIN_READERS 2

/* Add one rwlock-candidate finding per qualifying class of s. Returns the
 * number added, or -1 on out of memory. */
int adv_rwlock_candidates(adv_set *s);

#endif
