/* advisor/advice.c — per-kind advice: fix, expected gain, steps, and the
 * benchmark that proves the fix, read from the kind table (common/kinds.c).
 * A loop allocation's right change depends on what the plugin advised
 * (evidence `advice`): reserve() for growth whose final count is known,
 * geometric growth, batching; the kind's row is the hoist advice.
 * Static text; the numbers come from the score (advisor/score.c).
 * Exercised by `perfadvise report --format markdown`, lit/advisor_advice.test. */
#include "advice.h"

#include "evidence.h"

#include <string.h>

/* Only the advice columns are read from these rows (the renderers). */
static const adv_advice loop_reserve = {
    .bottleneck = "a buffer or container grown piece by piece although its final size is known "
                  "before the loop",
    .fix = "Reserve the final size before the loop: v.reserve(n) for a std::vector or "
           "std::string (n = the loop's count, or the size() of the range it walks), or one "
           "malloc(n * size) in C.",
    .gain = "Removes the ~log2(n) reallocations of amortised growth and the copies or moves of "
            "the elements they make.",
    .steps = {"Compute the final count before the loop (the range's size(), the bound of the "
              "counted loop).",
              "Call reserve(count) (or allocate count elements) once, before the loop.",
              "Keep the loop as it is: push_back / emplace_back no longer reallocate.", NULL},
    .verify = "Benchmark the function with a realistic n (e.g. n = 10,000) and count allocations "
              "(ltrace -c, heaptrack): expect ~log2(n) fewer reallocations per call (about 14 "
              "for n = 10,000) and no element moves.",
};

static const adv_advice loop_geometric = {
    .bottleneck = "a buffer reallocated on every iteration of a loop",
    .fix = "Keep a capacity beside the length and grow it geometrically (double it when full), "
           "or compute the final size and allocate once before the loop.",
    .gain = "Reallocations drop from one per iteration to ~log2(n) per call.",
    .steps = {"Track the capacity separately from the length.",
              "Reallocate only when the length reaches the capacity, to twice the capacity.",
              "Or pre-compute the total size and allocate once before the loop.", NULL},
    .verify = "Benchmark with a realistic trip count (e.g. n = 10,000) and count realloc calls "
              "before/after: expect ~n down to ~log2(n).",
};

static const adv_advice loop_batch = {
    .bottleneck = "one allocation per element, each kept after its iteration",
    .fix = "Allocate the elements from one block sized before the loop (malloc(n * size)), an "
           "arena, or a std::pmr::monotonic_buffer_resource; for a node container, give it a "
           "pool allocator.",
    .gain = "Removes about one allocation per iteration; the elements also end up adjacent in "
            "memory.",
    .steps = {"Count the elements before the loop (or pick a chunk size).",
              "Allocate one block (or arena) for all of them and hand out slices in the loop.",
              "Free the block once, where the elements' owner is freed.", NULL},
    .verify = "Benchmark with a realistic trip count (e.g. n = 10,000) and count allocations: "
              "expect ~n fewer per call.",
};

static const adv_advice loop_hoist_container = {
    .bottleneck = "a container built and destroyed on every iteration of a loop",
    .fix = "Declare the container before the loop and clear() it at the top of each iteration: "
           "clear() keeps the capacity, so later iterations reuse the buffer.",
    .gain = "Removes about one allocation per iteration once the capacity has grown.",
    .steps = {"Move the declaration above the loop.",
              "Call clear() where the iteration used to construct it.",
              "Check nothing keeps a reference to it across iterations.", NULL},
    .verify = "Benchmark with a realistic trip count (e.g. n = 10,000) and count allocations: "
              "expect ~n fewer per call.",
};

static const adv_advice *loop_alloc_advice(const adv_finding *f)
{
    const char *advice = adv_finding_evidence_string(f, "advice");
    bool container = adv_finding_evidence_bool(f, "container");
    if (!advice)
        return NULL;
    if (strcmp(advice, "reserve") == 0)
        return &loop_reserve;
    if (strcmp(advice, "geometric") == 0)
        return &loop_geometric;
    if (strcmp(advice, "batch") == 0)
        return &loop_batch;
    if (strcmp(advice, "hoist") == 0 && container)
        return &loop_hoist_container;
    return NULL;
}

/* lock-in-loop whose lock is taken inside a callee (evidence `callee`):
 * the loop cannot hoist what it does not see; the callee needs a variant. */
static const adv_advice lock_in_callee = {
    .bottleneck = "a callee that takes and releases the same lock, called once per element",
    .fix = "Give the callee a batch variant that takes the lock once for all the elements (or "
           "a variant that expects the lock held, called with the lock taken around the loop).",
    .gain = "One lock/unlock pair per batch instead of one per element.",
    .steps = {"Split the callee into a locked wrapper and an unlocked body that expects the lock "
              "held.",
              "Take the lock once around the loop and call the body, or add a batch function "
              "that does so.",
              "Check that the callee does not block or call back into code that takes the lock.",
              NULL},
    .verify = "Benchmark the loop with n = 100,000 items single-threaded and with contention; expect "
              "~n fewer lock operations per call.",
};

const adv_advice *adv_advice_for(const adv_finding *f)
{
    const adv_advice *a = NULL;
    if (f->kind == PA_F_LOOP_ALLOC)
        a = loop_alloc_advice(f);
    else if (f->kind == PA_F_LOCK_IN_LOOP && adv_finding_evidence_string(f, "callee"))
        a = &lock_in_callee;
    return a ? a : pa_kind_row_or_unknown(f->kind);
}
