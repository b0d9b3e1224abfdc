/* advisor/advice.c — per-kind advice: fix, expected gain, steps, and the
 * benchmark that proves the fix. Static text; the numbers come from the score
 * (advisor/score.c). Exercised by `perfadvise report --format markdown`. */
#include "advice.h"

#include "findings.h"

#include <string.h>

static const adv_advice advice_table[PA_F_KIND_COUNT + 1] = {
    [PA_F_HEAP_TO_STACK] = {
        "heap allocation that could live on the stack",
        "Replace the malloc/free pair with a fixed-size local array (or a small-buffer "
        "optimisation that falls back to malloc for large sizes).",
        "One allocator call and one free fewer per call; better cache locality.",
        {"Declare a local array of the constant size.",
         "Point the existing pointer at it and delete the free() calls on every path.",
         "Keep a malloc fallback if the size can grow past a few KiB.", NULL},
        "Benchmark the function in a tight loop (e.g. 1,000,000 calls) before and after; count "
        "malloc calls with ltrace or a malloc hook: expect one fewer per call."},
    [PA_F_HEAP_ESCAPE] = {
        "heap allocation that escapes its function",
        "If the object's lifetime can be bounded by the caller, let the caller pass the memory "
        "in (caller-provided buffer) instead of returning or storing a fresh allocation.",
        "Fewer allocations on hot paths once ownership moves to a longer-lived owner.",
        {"Find every consumer of the escaping pointer.",
         "Introduce a caller-provided buffer or an object pool.",
         "Update callers to own and reuse it.", NULL},
        "Benchmark the caller's hot path; count allocations per operation before and after."},
    [PA_F_NO_ESCAPE] = {
        "allocation that stays inside its function",
        "No change needed; this is a supporting fact for other findings.",
        "None by itself.",
        {NULL},
        "None needed."},
    [PA_F_LOOP_ALLOC] = {
        "allocation inside a loop",
        "Allocate the buffer once before the loop and reuse it (grow it only when needed); "
        "free it after the loop. For containers, reserve the final size before the loop.",
        "Removes about one malloc/free pair per iteration: the estimate above is the saving.",
        {"Move the allocation above the loop, sized for the largest iteration (or grow on demand).",
         "Reset instead of reallocating at the top of each iteration.",
         "Free once after the loop, on every exit path.", NULL},
        "Write a benchmark calling the function with a realistic trip count (e.g. n = 10,000) "
        "and compare wall time and allocation count before/after: expect ~n fewer allocations "
        "per call."},
    [PA_F_LOOP_REALLOC_GROWTH] = {
        "buffer grown by a constant step in a loop (quadratic copying)",
        "Grow geometrically: keep a capacity and double it when full, or compute the final size "
        "and allocate once.",
        "Copying drops from quadratic to linear in the number of iterations.",
        {"Track capacity separately from length.",
         "When length reaches capacity, realloc to twice the capacity.",
         "Or pre-compute the total size and allocate once before the loop.", NULL},
        "Benchmark appending n = 100,000 items before and after: time should grow linearly "
        "with n afterwards (check n = 10,000 and 100,000)."},
    [PA_F_LOCK_ORDER_INVERSION] = {
        "locks taken in inconsistent orders (deadlock)",
        "Choose one global order for these locks, document it next to their definitions, and "
        "take them in that order everywhere (release the inner one first or restructure).",
        "Removes a deadlock: the program can no longer hang when the two paths race.",
        {"List every acquisition site in the cycle (see the evidence).",
         "Pick the order (e.g. by module layer) and write it down next to the lock definitions.",
         "Change the minority sites to follow it, dropping and re-taking a lock if needed.",
         "Add an assertion or lock-order checker (e.g. TSan's deadlock detector) in debug builds."},
        "Write a stress test running the two code paths of the cycle from two threads "
        "(e.g. 10,000 iterations each) under ThreadSanitizer: it must finish and report no "
        "lock-order-inversion."},
    [PA_F_DOUBLE_LOCK] = {
        "lock taken twice by the same thread (self-deadlock)",
        "Split the callee into a locked and an unlocked variant (foo / foo_locked) and call the "
        "unlocked one while the lock is held.",
        "Removes a self-deadlock.",
        {"Find the path that reaches the second acquisition.",
         "Create a _locked variant that assumes the lock is held.",
         "Call it from the path that already holds the lock.", NULL},
        "A unit test driving the path that re-acquires the lock must return instead of hanging."},
    [PA_F_LOCK_HELD_AT_RETURN] = {
        "lock still held on a return path",
        "Release the lock on every return path (single exit with a cleanup label).",
        "The next acquisition no longer hangs after the early return.",
        {"Find the early return (see the location).",
         "Route it through one unlock-and-return cleanup label.", NULL},
        "A unit test taking the early-return path twice in a row must not hang."},
    [PA_F_BLOCKING_UNDER_LOCK] = {
        "blocking call while holding a lock",
        "Copy what the blocking call needs while holding the lock, release the lock, then "
        "block (I/O, sleep or wait) outside the critical section.",
        "Other threads stop waiting for the I/O: contention drops by the blocking time.",
        {"Identify the state the blocking call reads.",
         "Copy it to locals under the lock.",
         "Unlock, then make the blocking call on the copy.", NULL},
        "Benchmark N threads (e.g. 8) calling the locked operation concurrently with one thread "
        "in the blocking path; compare throughput and lock wait time (perf lock / mutrace)."},
    [PA_F_ALLOC_UNDER_LOCK] = {
        "allocation while holding a lock",
        "Allocate before taking the lock (and free after releasing it).",
        "Shorter critical section; malloc's own locking no longer nests inside yours.",
        {"Move the allocation above the lock acquisition.",
         "Free any unused allocation after unlocking.", NULL},
        "Benchmark concurrent callers (e.g. 8 threads) before and after; measure throughput."},
    [PA_F_LOCK_IN_LOOP] = {
        "lock taken and released on every iteration",
        "Take the lock once around the loop, or collect the updates locally and apply them "
        "in one locked batch.",
        "One lock/unlock pair per call instead of per iteration.",
        {"Check that holding the lock for the whole loop is acceptable for other threads.",
         "Hoist lock/unlock out of the loop, or batch updates into a local buffer.", NULL},
        "Benchmark the loop with n = 100,000 items single-threaded and with contention; expect "
        "~n fewer lock operations per call."},
    [PA_F_RWLOCK_CANDIDATE] = {
        "mutex whose critical sections only read",
        "Use a reader-writer lock (pthread_rwlock_t / std::shared_mutex) so readers run in "
        "parallel.",
        "Readers no longer serialise behind one another.",
        {"Confirm every critical section of this lock class that only reads.",
         "Switch the lock type; take the read lock in the read-only sections.", NULL},
        "Benchmark 8 reader threads and 1 writer before and after; compare read throughput."},
    [PA_F_NO_DEBUG_INFO] = {
        "translation unit compiled without debug info",
        "Compile with -g so perfadvise can name lock classes and source locations.",
        "Better names and locations in every finding.",
        {"Add -g to the compile flags of this target.", NULL},
        "Rebuild and check findings carry file:line locations."},
    [PA_F_INTERNAL_ERROR] = {
        "perfadvise could not analyse part of this translation unit",
        "Report the message to the perfadvise maintainers with the source if possible.",
        "Full analysis of the affected functions.",
        {"Re-run with PERFADVISE_DUMP_MODEL=1 to capture the model.", NULL},
        "None."},
    [PA_F_KIND_COUNT] = {
        "finding of a kind this perfadvise does not know",
        "See the message; upgrade perfadvise to get specific advice.",
        "Unknown.",
        {NULL},
        "See the message."},
};

const adv_advice *adv_advice_for(const adv_finding *f)
{
    int k = f->kind;
    if (k < 0 || k > PA_F_KIND_COUNT)
        k = PA_F_KIND_COUNT;
    return &advice_table[k];
}
