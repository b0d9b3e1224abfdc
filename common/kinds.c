/* common/kinds.c — the table of finding kinds (kinds.h): one row per kind,
 * read by the plugin (name, pass, remark type), the advisor's scorer
 * (cost, effort, risk: docs/scoring.md) and every report renderer (advice).
 * The scoring numbers are estimates documented in docs/scoring.md: change
 * both together. */
#include "kinds.h"

#include <string.h>

#define MALLOC_FREE_BASIS "malloc + free pair: 60 ns + 0.05 ns per byte"
#define DEADLOCK_BASIS "a deadlock: the program stops (counted as 1 s)"
#define NO_COST_BASIS "no run-time cost: a note, not a slowdown"

/* One row per kind reads better as written than as clang-format lays it out. */
/* clang-format off */
static const pa_kind_row kind_rows[PA_F_KIND_COUNT] = {
    [PA_F_HEAP_TO_STACK] = {
        .kind = "heap-to-stack",
        .pass = "perfadvise-escape",
        .remark = PA_REMARK_MISSED,
        .sarif_level = PA_SARIF_WARNING,
        .unit_ns = 60,
        .unit_ns_per_byte = 0.05,
        .unit_basis = MALLOC_FREE_BASIS,
        .effort = PA_EFFORT_HOURS,
        .effort_reason = "local change: a fixed-size local array instead of malloc/free",
        .risk = PA_LEVEL_LOW,
        .risk_reason = "at most 4 KiB moves to the stack",
        .refine = PA_REFINE_STACK_BYTES,
        .bottleneck = "heap allocation that could live on the stack",
        .fix = "Replace the malloc/free pair with a fixed-size local array (or a small-buffer "
               "optimisation that falls back to malloc for large sizes).",
        .gain = "One allocator call and one free fewer per call; better cache locality.",
        .steps = {"Declare a local array of the constant size.",
                  "Point the existing pointer at it and delete the free() calls on every path.",
                  "Keep a malloc fallback if the size can grow past a few KiB.", NULL},
        .verify = "Benchmark the function in a tight loop (e.g. 1,000,000 calls) before and after; count "
                  "malloc calls with ltrace or a malloc hook: expect one fewer per call.",
    },
    [PA_F_HEAP_ESCAPE] = {
        .kind = "heap-escape",
        .pass = "perfadvise-escape",
        .remark = PA_REMARK_ANALYSIS,
        .sarif_level = PA_SARIF_NOTE,
        .unit_ns = 60,
        .unit_ns_per_byte = 0.05,
        .unit_basis = MALLOC_FREE_BASIS,
        .effort = PA_EFFORT_DAYS,
        .effort_reason = "ownership/API change: the pointer leaves the function",
        .risk = PA_LEVEL_HIGH,
        .risk_reason = "callers' memory ownership changes: behaviour change",
        .bottleneck = "heap allocation that escapes its function",
        .fix = "If the object's lifetime can be bounded by the caller, let the caller pass the memory "
               "in (caller-provided buffer) instead of returning or storing a fresh allocation.",
        .gain = "Fewer allocations on hot paths once ownership moves to a longer-lived owner.",
        .steps = {"Find every consumer of the escaping pointer.",
                  "Introduce a caller-provided buffer or an object pool.",
                  "Update callers to own and reuse it.", NULL},
        .verify = "Benchmark the caller's hot path; count allocations per operation before and after.",
    },
    [PA_F_NO_ESCAPE] = {
        .kind = "no-escape",
        .pass = "perfadvise-escape",
        .remark = PA_REMARK_ANALYSIS,
        .sarif_level = PA_SARIF_NOTE,
        .unit_ns = 0,
        .unit_basis = NO_COST_BASIS,
        .effort = PA_EFFORT_HOURS,
        .effort_reason = "no code change, or a build flag",
        .risk = PA_LEVEL_LOW,
        .risk_reason = "no behaviour change",
        .bottleneck = "allocation that stays inside its function",
        .fix = "No change needed; this is a supporting fact for other findings.",
        .gain = "None by itself.",
        .steps = {NULL},
        .verify = "None needed.",
    },
    [PA_F_LOOP_ALLOC] = {
        .kind = "loop-alloc",
        .pass = "perfadvise-loopalloc",
        .remark = PA_REMARK_MISSED,
        .sarif_level = PA_SARIF_WARNING,
        .unit_ns = 60,
        .unit_ns_per_byte = 0.05,
        .unit_basis = MALLOC_FREE_BASIS,
        .effort = PA_EFFORT_HOURS,
        .effort_reason = "local change: hoist the buffer out of the loop or pre-size it",
        .risk = PA_LEVEL_LOW,
        .risk_reason = "same data, one buffer reused inside one function",
        .refine = PA_REFINE_LOOP_OWNERSHIP,
        .bottleneck = "allocation inside a loop",
        .fix = "Allocate the buffer once before the loop and reuse it (grow it only when needed); "
               "free it after the loop. For containers, reserve the final size before the loop.",
        .gain = "Removes about one malloc/free pair per iteration: the estimate above is the saving.",
        .steps = {"Move the allocation above the loop, sized for the largest iteration (or grow on demand).",
                  "Reset instead of reallocating at the top of each iteration.",
                  "Free once after the loop, on every exit path.", NULL},
        .verify = "Write a benchmark calling the function with a realistic trip count (e.g. n = 10,000) "
                  "and compare wall time and allocation count before/after: expect ~n fewer allocations "
                  "per call.",
    },
    [PA_F_LOOP_REALLOC_GROWTH] = {
        .kind = "loop-realloc-growth",
        .pass = "perfadvise-loopalloc",
        .remark = PA_REMARK_MISSED,
        .sarif_level = PA_SARIF_WARNING,
        .unit_ns = 60,
        .unit_basis = "realloc call: 60 ns",
        .multiplier = PA_MULT_QUADRATIC_COPY,
        .effort = PA_EFFORT_HOURS,
        .effort_reason = "local change: grow geometrically (double the capacity)",
        .risk = PA_LEVEL_LOW,
        .risk_reason = "same contents, fewer copies",
        .bottleneck = "buffer grown by a constant step in a loop (quadratic copying)",
        .fix = "Grow geometrically: keep a capacity and double it when full, or compute the final size "
               "and allocate once.",
        .gain = "Copying drops from quadratic to linear in the number of iterations.",
        .steps = {"Track capacity separately from length.",
                  "When length reaches capacity, realloc to twice the capacity.",
                  "Or pre-compute the total size and allocate once before the loop.", NULL},
        .verify = "Benchmark appending n = 100,000 items before and after: time should grow linearly "
                  "with n afterwards (check n = 10,000 and 100,000).",
    },
    [PA_F_LOCK_ORDER_INVERSION] = {
        .kind = "lock-order-inversion",
        .pass = "perfadvise-locks",
        .remark = PA_REMARK_MISSED,
        .correctness = true,
        .sarif_level = PA_SARIF_WARNING,
        .unit_ns = 1e9,
        .unit_basis = DEADLOCK_BASIS,
        .once_basis = "once: one deadlock is enough",
        .effort = PA_EFFORT_DAYS,
        .effort_reason = "reorder the acquisitions in the functions of one file",
        .risk = PA_LEVEL_HIGH,
        .risk_reason = "every path taking these locks changes order (concurrency)",
        .refine = PA_REFINE_WHOLE_PROGRAM,
        .bottleneck = "locks taken in inconsistent orders (deadlock)",
        .fix = "Choose one global order for these locks, document it next to their definitions, and "
               "take them in that order everywhere (release the inner one first or restructure).",
        .gain = "Removes a deadlock: the program can no longer hang when the two paths race.",
        .steps = {"List every acquisition site in the cycle (see the evidence).",
                  "Pick the order (e.g. by module layer) and write it down next to the lock definitions.",
                  "Change the minority sites to follow it, dropping and re-taking a lock if needed.",
                  "Add an assertion or lock-order checker (e.g. TSan's deadlock detector) in debug builds."},
        .verify = "Write a stress test running the two code paths of the cycle from two threads "
                  "(e.g. 10,000 iterations each) under ThreadSanitizer: it must finish and report no "
                  "lock-order-inversion.",
    },
    [PA_F_DOUBLE_LOCK] = {
        .kind = "double-lock",
        .pass = "perfadvise-locks",
        .remark = PA_REMARK_MISSED,
        .correctness = true,
        .sarif_level = PA_SARIF_WARNING,
        .unit_ns = 1e9,
        .unit_basis = DEADLOCK_BASIS,
        .once_basis = "once: one deadlock is enough",
        .effort = PA_EFFORT_DAYS,
        .effort_reason = "split locked and unlocked variants of the callee",
        .risk = PA_LEVEL_MEDIUM,
        .risk_reason = "callers' locking contract changes (concurrency)",
        .bottleneck = "lock taken twice by the same thread (self-deadlock)",
        .fix = "Split the callee into a locked and an unlocked variant (foo / foo_locked) and call the "
               "unlocked one while the lock is held.",
        .gain = "Removes a self-deadlock.",
        .steps = {"Find the path that reaches the second acquisition.",
                  "Create a _locked variant that assumes the lock is held.",
                  "Call it from the path that already holds the lock.", NULL},
        .verify = "A unit test driving the path that re-acquires the lock must return instead of hanging.",
    },
    [PA_F_LOCK_HELD_AT_RETURN] = {
        .kind = "lock-held-at-return",
        .pass = "perfadvise-locks",
        .remark = PA_REMARK_MISSED,
        .correctness = true,
        .sarif_level = PA_SARIF_WARNING,
        .unit_ns = 1e8,
        .unit_basis = "the next acquisition waits forever on some path (counted as 0.1 s)",
        .once_basis = "once: one leaked lock is enough",
        .effort = PA_EFFORT_HOURS,
        .effort_reason = "local change: unlock on the early-return path",
        .risk = PA_LEVEL_LOW,
        .risk_reason = "only the path that leaked the lock changes",
        .bottleneck = "lock still held on a return path",
        .fix = "Release the lock on every return path (single exit with a cleanup label).",
        .gain = "The next acquisition no longer hangs after the early return.",
        .steps = {"Find the early return (see the location).",
                  "Route it through one unlock-and-return cleanup label.", NULL},
        .verify = "A unit test taking the early-return path twice in a row must not hang.",
    },
    [PA_F_BLOCKING_UNDER_LOCK] = {
        .kind = "blocking-under-lock",
        .pass = "perfadvise-locks",
        .remark = PA_REMARK_MISSED,
        .sarif_level = PA_SARIF_WARNING,
        .unit_ns = 5000,
        .unit_basis = "a call that may block (I/O, sleep, wait): 5 us",
        .multiplier = PA_MULT_HELD_LOCKS,
        .effort = PA_EFFORT_DAYS,
        .effort_reason = "restructure: copy the state out under the lock, block after unlocking",
        .risk = PA_LEVEL_MEDIUM,
        .risk_reason = "data used after unlocking may be stale (concurrency)",
        .bottleneck = "blocking call while holding a lock",
        .fix = "Copy what the blocking call needs while holding the lock, release the lock, then "
               "block (I/O, sleep or wait) outside the critical section.",
        .gain = "Other threads stop waiting for the I/O: contention drops by the blocking time.",
        .steps = {"Identify the state the blocking call reads.",
                  "Copy it to locals under the lock.",
                  "Unlock, then make the blocking call on the copy.", NULL},
        .verify = "Benchmark N threads (e.g. 8) calling the locked operation concurrently with one thread "
                  "in the blocking path; compare throughput and lock wait time (perf lock / mutrace).",
    },
    [PA_F_ALLOC_UNDER_LOCK] = {
        .kind = "alloc-under-lock",
        .pass = "perfadvise-locks",
        .remark = PA_REMARK_MISSED,
        .sarif_level = PA_SARIF_WARNING,
        .unit_ns = 60,
        .unit_ns_per_byte = 0.05,
        .unit_basis = MALLOC_FREE_BASIS,
        .multiplier = PA_MULT_HELD_LOCKS,
        .effort = PA_EFFORT_HOURS,
        .effort_reason = "local change: allocate before taking the lock",
        .risk = PA_LEVEL_LOW,
        .risk_reason = "the critical section only gets shorter",
        .bottleneck = "allocation while holding a lock",
        .fix = "Allocate before taking the lock (and free after releasing it).",
        .gain = "Shorter critical section; malloc's own locking no longer nests inside yours.",
        .steps = {"Move the allocation above the lock acquisition.",
                  "Free any unused allocation after unlocking.", NULL},
        .verify = "Benchmark concurrent callers (e.g. 8 threads) before and after; measure throughput.",
    },
    [PA_F_LOCK_IN_LOOP] = {
        .kind = "lock-in-loop",
        .pass = "perfadvise-locks",
        .remark = PA_REMARK_MISSED,
        .sarif_level = PA_SARIF_WARNING,
        .unit_ns = 25,
        .unit_basis = "uncontended lock + unlock pair: 25 ns",
        .effort = PA_EFFORT_HOURS,
        .effort_reason = "local change: lock once around the loop, or batch the updates",
        .risk = PA_LEVEL_MEDIUM,
        .risk_reason = "longer critical sections change thread interleaving (concurrency)",
        .bottleneck = "lock taken and released on every iteration",
        .fix = "Take the lock once around the loop, or collect the updates locally and apply them "
               "in one locked batch.",
        .gain = "One lock/unlock pair per call instead of per iteration.",
        .steps = {"Check that holding the lock for the whole loop is acceptable for other threads.",
                  "Hoist lock/unlock out of the loop, or batch updates into a local buffer.", NULL},
        .verify = "Benchmark the loop with n = 100,000 items single-threaded and with contention; expect "
                  "~n fewer lock operations per call.",
    },
    [PA_F_RWLOCK_CANDIDATE] = {
        .kind = "rwlock-candidate",
        .pass = "perfadvise-locks",
        .remark = PA_REMARK_MISSED,
        .sarif_level = PA_SARIF_WARNING,
        .unit_ns = 50,
        .unit_basis = "readers serialised behind one another: 50 ns",
        .effort = PA_EFFORT_DAYS,
        .effort_reason = "change the lock type at every user of the lock class",
        .risk = PA_LEVEL_MEDIUM,
        .risk_reason = "writers can starve behind readers (concurrency)",
        .bottleneck = "mutex whose critical sections only read",
        .fix = "Use a reader-writer lock (pthread_rwlock_t / std::shared_mutex) so readers run in "
               "parallel.",
        .gain = "Readers no longer serialise behind one another.",
        .steps = {"Confirm every critical section of this lock class that only reads.",
                  "Switch the lock type; take the read lock in the read-only sections.", NULL},
        .verify = "Benchmark 8 reader threads and 1 writer before and after; compare read throughput.",
    },
    [PA_F_NO_DEBUG_INFO] = {
        .kind = "no-debug-info",
        .pass = "perfadvise",
        .remark = PA_REMARK_ANALYSIS,
        .sarif_level = PA_SARIF_NOTE,
        .unit_ns = 0,
        .unit_basis = NO_COST_BASIS,
        .effort = PA_EFFORT_HOURS,
        .effort_reason = "no code change, or a build flag",
        .risk = PA_LEVEL_LOW,
        .risk_reason = "no behaviour change",
        .bottleneck = "translation unit compiled without debug info",
        .fix = "Compile with -g so perfadvise can name lock classes and source locations.",
        .gain = "Better names and locations in every finding.",
        .steps = {"Add -g to the compile flags of this target.", NULL},
        .verify = "Rebuild and check findings carry file:line locations.",
    },
    [PA_F_INTERNAL_ERROR] = {
        .kind = "internal-error",
        .pass = "perfadvise",
        .remark = PA_REMARK_WARNING,
        .sarif_level = PA_SARIF_WARNING,
        .unit_ns = 0,
        .unit_basis = NO_COST_BASIS,
        .effort = PA_EFFORT_HOURS,
        .effort_reason = "no code change, or a build flag",
        .risk = PA_LEVEL_LOW,
        .risk_reason = "no behaviour change",
        .bottleneck = "perfadvise could not analyse part of this translation unit",
        .fix = "Report the message to the perfadvise maintainers with the source if possible.",
        .gain = "Full analysis of the affected functions.",
        .steps = {"Re-run with PERFADVISE_DUMP_MODEL=1 to capture the model.", NULL},
        .verify = "None.",
    },
    [PA_F_MEMORY_LEAK] = {
        .kind = "memory-leak",
        .pass = "perfadvise-escape",
        .remark = PA_REMARK_MISSED,
        .sarif_level = PA_SARIF_WARNING,
        .unit_ns = 60,
        .unit_ns_per_byte = 0.05,
        .unit_basis = "malloc call: 60 ns + 0.05 ns per byte, and the bytes are never returned",
        .effort = PA_EFFORT_HOURS,
        .effort_reason = "local change: free it before the function returns",
        .risk = PA_LEVEL_LOW,
        .risk_reason = "the memory is not used after the function returns",
        .bottleneck = "allocation that is never freed and does not escape (memory leak)",
        .fix = "Free the memory before every return (or, for a small constant size, use a local "
               "array); nothing outside the function can reach it.",
        .gain = "Memory no longer grows with every call; one allocator call fewer with a local array.",
        .steps = {"Check the evidence's confidence: in main() the process exit releases it.",
                  "Add free() (delete) on every return path, or a single cleanup label.", NULL},
        .verify = "Run the function's test under valgrind --leak-check=full or -fsanitize=address "
                  "(LeakSanitizer): the leak report for this line disappears.",
    },
};

/* clang-format on */

/* For a kind this build does not know (a findings file from a newer plugin). */
static const pa_kind_row unknown_row = {
    .kind = NULL,
    .pass = "perfadvise",
    .remark = PA_REMARK_MISSED,
    .sarif_level = PA_SARIF_WARNING,
    .unit_ns = 0,
    .unit_basis = NO_COST_BASIS,
    .effort = PA_EFFORT_DAYS,
    .effort_reason = "unknown kind: assumed a non-local change",
    .risk = PA_LEVEL_MEDIUM,
    .risk_reason = "unknown kind: assumed medium",
    .bottleneck = "finding of a kind this perfadvise does not know",
    .fix = "See the message; upgrade perfadvise to get specific advice.",
    .gain = "Unknown.",
    .steps = {NULL},
    .verify = "See the message.",
};

const pa_kind_row *pa_kind_row_of(pa_finding_kind k)
{
    return (unsigned)k < PA_F_KIND_COUNT ? &kind_rows[k] : NULL;
}

const pa_kind_row *pa_kind_row_or_unknown(int k)
{
    return k >= 0 && k < PA_F_KIND_COUNT ? &kind_rows[k] : &unknown_row;
}

pa_finding_kind pa_kind_from_string(const char *kind)
{
    if (!kind)
        return PA_F_KIND_COUNT;
    for (int k = 0; k < PA_F_KIND_COUNT; k++)
        if (strcmp(kind_rows[k].kind, kind) == 0)
            return (pa_finding_kind)k;
    return PA_F_KIND_COUNT;
}
