/* passes/loopalloc_growth.c — classify how a realloc size evolves around a
 * loop, from phis (MERGE values) and integer arithmetic (ARITH values). See loopalloc_growth.h.
 * Exercised by: ctest -R unit.test_loopalloc */
#include "loopalloc_growth.h"

#include <stddef.h>

/* Bounds that keep the walk cheap on huge or cyclic value graphs. */
#define WALK_MAX_DEPTH 32
#define WALK_BUDGET 4096

/* How a value relates to a phi m while we walk m's back-edge inputs. */
typedef enum rel_kind {
    REL_NONE = 0, /* does not depend on m */
    REL_SAME,     /* m itself */
    REL_PLUS,     /* m + step */
    REL_SCALE,    /* m * k, m << k, m + m / k: geometric */
    REL_FRACTION, /* m / k, m >> k: only meaningful inside m + m / k */
    REL_OTHER,    /* depends on m in a way we do not model, or unknown */
} rel_kind;

typedef struct rel {
    rel_kind kind;
    int64_t step; /* REL_PLUS: constant step or PA_UNKNOWN_SIZE */
    bool cond;    /* REL_PLUS: added on some paths only (capacity grown under a check) */
} rel;

/* The arithmetic defining a value: op over lhs (, rhs). */
typedef struct arith_view {
    pa_arith_op op;
    int lhs, rhs;
} arith_view;

typedef struct walk {
    const pa_function *f;
    int budget;
    int stack[WALK_MAX_DEPTH]; /* phis being expanded: cycles stop here */
    size_t nstack;
} walk;

const char *pa_loopalloc_growth_name(pa_loopalloc_growth g)
{
    switch (g) {
    case PA_LOOPALLOC_GROWTH_INVARIANT: return "invariant";
    case PA_LOOPALLOC_GROWTH_LINEAR: return "linear";
    case PA_LOOPALLOC_GROWTH_GEOMETRIC: return "geometric";
    default: return "unknown";
    }
}

static bool arith_of(const walk *w, int v, arith_view *a)
{
    a->op = PA_ARITH_NONE;
    a->lhs = a->rhs = PA_NONE;
    if (!pa_value_ok(w->f, v) || w->f->values[v].kind != PA_VAL_ARITH)
        return false;
    const pa_value *x = &w->f->values[v];
    a->op = x->arith;
    a->lhs = x->ninputs > 0 && x->inputs ? x->inputs[0] : PA_NONE;
    a->rhs = x->ninputs > 1 && x->inputs ? x->inputs[1] : PA_NONE;
    return true;
}

static bool spend(walk *w, unsigned depth)
{
    return depth < WALK_MAX_DEPTH && --w->budget > 0;
}

/* Integer constant behind v (through casts). */
static bool const_of(walk *w, int v, int64_t *c, unsigned depth)
{
    if (!pa_value_ok(w->f, v) || !spend(w, depth))
        return false;
    arith_view a;
    if (arith_of(w, v, &a))
        return a.op == PA_ARITH_CAST && const_of(w, a.lhs, c, depth + 1);
    const pa_value *x = &w->f->values[v];
    if (x->kind != PA_VAL_CONST || x->offset == PA_UNKNOWN_SIZE)
        return false;
    *c = x->offset;
    return true;
}

static bool on_stack(const walk *w, int v)
{
    for (size_t i = 0; i < w->nstack; i++)
        if (w->stack[i] == v)
            return true;
    return false;
}

static bool push(walk *w, int v)
{
    if (w->nstack >= WALK_MAX_DEPTH)
        return false;
    w->stack[w->nstack++] = v;
    return true;
}

static int64_t add_steps(int64_t a, int64_t b)
{
    if (a == PA_UNKNOWN_SIZE || b == PA_UNKNOWN_SIZE)
        return PA_UNKNOWN_SIZE;
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN + 1 - b))
        return PA_UNKNOWN_SIZE;
    return a + b;
}

static int64_t mul_steps(int64_t a, int64_t c)
{
    if (a == PA_UNKNOWN_SIZE || c <= 0 || a > INT64_MAX / c || a < (INT64_MIN + 1) / c)
        return PA_UNKNOWN_SIZE;
    return a * c;
}

static rel make_rel(rel_kind k, int64_t step)
{
    rel r = {k, step, false};
    return r;
}

static rel plus_rel(int64_t step, bool cond)
{
    rel r = {REL_PLUS, step, cond};
    return r;
}

static bool additive(rel r)
{
    return r.kind == REL_SAME || r.kind == REL_PLUS;
}

static bool depends(rel r)
{
    return r.kind == REL_SAME || r.kind == REL_PLUS || r.kind == REL_SCALE ||
           r.kind == REL_FRACTION;
}

static rel rel_of(walk *w, int v, int m, unsigned depth);

/* m + x where x does not depend on m. */
static rel plus_independent(walk *w, rel r, int x, unsigned depth, bool subtract)
{
    int64_t c;
    int64_t base = r.kind == REL_PLUS ? r.step : 0;
    bool cond = r.kind == REL_PLUS && r.cond;
    if (!const_of(w, x, &c, depth + 1))
        return subtract ? make_rel(REL_OTHER, 0) : plus_rel(PA_UNKNOWN_SIZE, cond);
    if (subtract) {
        if (c == INT64_MIN)
            return make_rel(REL_OTHER, 0);
        c = -c;
    }
    int64_t s = add_steps(base, c);
    if (s == 0)
        return make_rel(REL_SAME, 0);
    if (s != PA_UNKNOWN_SIZE && s < 0)
        return make_rel(REL_OTHER, 0); /* shrinking */
    return plus_rel(s, cond);
}

static rel rel_add(walk *w, const arith_view *a, rel ra, rel rb, unsigned depth)
{
    if (ra.kind == REL_NONE && rb.kind == REL_NONE)
        return make_rel(REL_NONE, 0);
    if (additive(ra) && rb.kind == REL_NONE)
        return plus_independent(w, ra, a->rhs, depth, false);
    if (additive(rb) && ra.kind == REL_NONE)
        return plus_independent(w, rb, a->lhs, depth, false);
    if ((ra.kind == REL_SCALE && rb.kind == REL_NONE) ||
        (rb.kind == REL_SCALE && ra.kind == REL_NONE))
        return make_rel(REL_SCALE, 0);
    if (depends(ra) && depends(rb) && !(ra.kind == REL_FRACTION && rb.kind == REL_FRACTION))
        return make_rel(REL_SCALE, 0); /* m + m, m + m / 2 */
    return make_rel(REL_OTHER, 0);
}

/* m * k or m << k with k a constant factor >= 2 (shift >= 1). */
static rel rel_scale(walk *w, rel r, int k_value, bool shift, unsigned depth)
{
    int64_t k;
    if (!const_of(w, k_value, &k, depth + 1))
        return make_rel(REL_OTHER, 0);
    if ((shift && k == 0) || (!shift && k == 1))
        return r;
    if ((shift && k >= 1 && k < 63) || (!shift && k >= 2))
        return r.kind == REL_FRACTION ? make_rel(REL_OTHER, 0) : make_rel(REL_SCALE, 0);
    return make_rel(REL_OTHER, 0);
}

static rel rel_arith(walk *w, const arith_view *a, int m, unsigned depth)
{
    rel ra = rel_of(w, a->lhs, m, depth + 1);
    if (a->op == PA_ARITH_CAST)
        return ra;
    rel rb = rel_of(w, a->rhs, m, depth + 1);
    if (ra.kind == REL_OTHER || rb.kind == REL_OTHER)
        return make_rel(REL_OTHER, 0);
    if (ra.kind == REL_NONE && rb.kind == REL_NONE)
        return make_rel(REL_NONE, 0);
    switch (a->op) {
    case PA_ARITH_ADD:
        return rel_add(w, a, ra, rb, depth);
    case PA_ARITH_SUB:
        if (additive(ra) && rb.kind == REL_NONE)
            return plus_independent(w, ra, a->rhs, depth, true);
        if (ra.kind == REL_SCALE && rb.kind == REL_NONE)
            return ra;
        return make_rel(REL_OTHER, 0);
    case PA_ARITH_MUL:
        if (depends(ra) && rb.kind == REL_NONE)
            return rel_scale(w, ra, a->rhs, false, depth);
        if (depends(rb) && ra.kind == REL_NONE)
            return rel_scale(w, rb, a->lhs, false, depth);
        return make_rel(REL_OTHER, 0);
    case PA_ARITH_SHL:
        if (depends(ra) && rb.kind == REL_NONE)
            return rel_scale(w, ra, a->rhs, true, depth);
        return make_rel(REL_OTHER, 0);
    case PA_ARITH_SHR:
    case PA_ARITH_DIV:
        if (additive(ra) && rb.kind == REL_NONE)
            return make_rel(REL_FRACTION, 0);
        return make_rel(REL_OTHER, 0);
    default:
        return make_rel(REL_OTHER, 0);
    }
}

/* How the inputs of phi x relate to m, counted by kind; other: some input
 * relates in a way no count covers. step is the common step of the PLUS
 * inputs (PA_UNKNOWN_SIZE when they differ). */
typedef struct rel_tally {
    size_t none, same, plus, scale;
    int64_t step;
    bool cond, other;
} rel_tally;

static rel_tally tally_inputs(walk *w, const pa_value *xv, int m, unsigned depth)
{
    rel_tally t = {0, 0, 0, 0, 0, false, false};
    for (size_t i = 0; i < xv->ninputs && !t.other; i++) {
        rel r = rel_of(w, xv->inputs[i], m, depth + 1);
        switch (r.kind) {
        case REL_NONE: t.none++; break;
        case REL_SAME: t.same++; break;
        case REL_PLUS:
            t.step = t.plus++ == 0 ? r.step : (t.step == r.step ? t.step : PA_UNKNOWN_SIZE);
            t.cond = t.cond || r.cond;
            break;
        case REL_SCALE: t.scale++; break;
        default: t.other = true; break;
        }
    }
    return t;
}

/* Relation of the inputs of a phi x (not m) to m: every path must agree. */
static rel rel_merge(walk *w, int x, int m, unsigned depth)
{
    const pa_value *xv = &w->f->values[x];
    if (on_stack(w, x) || !xv->inputs || !push(w, x))
        return make_rel(REL_OTHER, 0);
    rel_tally t = tally_inputs(w, xv, m, depth);
    size_t none = t.none, plus = t.plus, scale = t.scale, same = t.same;
    int64_t step = t.step;
    bool other = t.other, cond = t.cond;
    w->nstack--;
    if (other)
        return make_rel(REL_OTHER, 0);
    if (none == xv->ninputs)
        return make_rel(REL_NONE, 0);
    if (none > 0 || (scale > 0 && plus > 0))
        return make_rel(REL_OTHER, 0); /* some path resets or mixes growth styles */
    if (scale > 0)
        return make_rel(REL_SCALE, 0);
    if (plus > 0)
        return plus_rel(step, cond || same > 0);
    return same > 0 ? make_rel(REL_SAME, 0) : make_rel(REL_OTHER, 0);
}

static rel rel_of(walk *w, int v, int m, unsigned depth)
{
    if (v == m)
        return make_rel(REL_SAME, 0);
    if (!pa_value_ok(w->f, v) || !spend(w, depth))
        return make_rel(REL_OTHER, 0);
    arith_view a;
    if (arith_of(w, v, &a))
        return rel_arith(w, &a, m, depth);
    switch (w->f->values[v].kind) {
    case PA_VAL_MERGE:
        return rel_merge(w, v, m, depth);
    case PA_VAL_UNKNOWN:
        return make_rel(REL_OTHER, 0); /* might be m + 1 the model cannot show */
    default:
        /* Constants, parameters, loads, call results: not an SSA function of m. */
        return make_rel(REL_NONE, 0);
    }
}

static pa_loopalloc_size_growth growth(pa_loopalloc_growth k, int64_t step)
{
    pa_loopalloc_size_growth g = {k, step, false, 0, 0, PA_UNKNOWN_SIZE};
    return g;
}

static pa_loopalloc_size_growth invariant(int64_t value)
{
    pa_loopalloc_size_growth g = growth(PA_LOOPALLOC_GROWTH_INVARIANT, 0);
    g.offset = value;
    return g;
}

/* ---- the affine form size = coef * x + offset, coef a small fraction ---- */

#define RAT_LIMIT ((int64_t)1 << 30)

static int64_t gcd(int64_t a, int64_t b)
{
    a = a < 0 ? -a : a;
    b = b < 0 ? -b : b;
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a ? a : 1;
}

/* Reduce num/den into g; out of range or den 0 gives unknown (0/0). */
static void set_coef(pa_loopalloc_size_growth *g, int64_t num, int64_t den)
{
    if (den <= 0 || num <= -RAT_LIMIT || num >= RAT_LIMIT || den >= RAT_LIMIT) {
        g->coef_num = g->coef_den = 0;
        return;
    }
    int64_t d = gcd(num, den);
    g->coef_num = num / d;
    g->coef_den = den / d;
}

static bool coef_known(const pa_loopalloc_size_growth *g)
{
    return g->coef_den > 0;
}

static int64_t add_offsets(int64_t a, int64_t b, bool subtract)
{
    if (a == PA_UNKNOWN_SIZE || b == PA_UNKNOWN_SIZE || b == INT64_MIN)
        return PA_UNKNOWN_SIZE;
    return add_steps(a, subtract ? -b : b);
}

static pa_loopalloc_size_growth eval(walk *w, int v, unsigned depth);

static pa_loopalloc_size_growth induction(int64_t step, bool cond)
{
    pa_loopalloc_size_growth g = growth(PA_LOOPALLOC_GROWTH_LINEAR, step);
    g.conditional = cond;
    g.coef_num = g.coef_den = 1;
    g.offset = 0;
    return g;
}

/* A phi: an induction when its back-edge inputs add a step or scale it. */
static pa_loopalloc_size_growth eval_merge(walk *w, int m, unsigned depth)
{
    const pa_value *mv = &w->f->values[m];
    if (on_stack(w, m) || !mv->inputs || mv->ninputs == 0 || !push(w, m))
        return growth(PA_LOOPALLOC_GROWTH_UNKNOWN, 0);
    rel_tally t = tally_inputs(w, mv, m, depth);
    size_t plus = t.plus, scale = t.scale, same = t.same;
    size_t deps = t.same + t.plus + t.scale; /* inputs that depend on m */
    int64_t step = t.step;
    bool other = t.other, cond = t.cond;
    pa_loopalloc_size_growth g = growth(PA_LOOPALLOC_GROWTH_UNKNOWN, 0);
    if (other || (scale > 0 && plus > 0)) {
        /* unknown */
    } else if (scale > 0) {
        g = growth(PA_LOOPALLOC_GROWTH_GEOMETRIC, 0);
    } else if (plus > 0) {
        g = induction(step, cond || same > 0);
    } else if (deps > 0) {
        g = invariant(PA_UNKNOWN_SIZE); /* only ever itself */
    } else {
        /* A select or join of values unrelated to m: invariant when all are. */
        g = invariant(PA_UNKNOWN_SIZE);
        for (size_t i = 0; i < mv->ninputs; i++)
            if (eval(w, mv->inputs[i], depth + 1).kind != PA_LOOPALLOC_GROWTH_INVARIANT) {
                g = growth(PA_LOOPALLOC_GROWTH_UNKNOWN, 0);
                break;
            }
    }
    w->nstack--;
    return g;
}

static bool is(pa_loopalloc_size_growth g, pa_loopalloc_growth k)
{
    return g.kind == k;
}

/* linear +/- invariant: same slope, shifted. */
static pa_loopalloc_size_growth shift_linear(pa_loopalloc_size_growth lin, int64_t by,
                                             bool subtract)
{
    lin.offset = add_offsets(lin.offset, by, subtract);
    return lin;
}

static pa_loopalloc_size_growth eval_add(pa_loopalloc_size_growth a, pa_loopalloc_size_growth b,
                                         bool subtract)
{
    const pa_loopalloc_growth INV = PA_LOOPALLOC_GROWTH_INVARIANT;
    const pa_loopalloc_growth LIN = PA_LOOPALLOC_GROWTH_LINEAR;
    const pa_loopalloc_growth GEO = PA_LOOPALLOC_GROWTH_GEOMETRIC;
    if (is(a, INV) && is(b, INV))
        return invariant(add_offsets(a.offset, b.offset, subtract));
    if (is(a, LIN) && is(b, INV))
        return shift_linear(a, b.offset, subtract);
    if (!subtract && is(a, INV) && is(b, LIN))
        return shift_linear(b, a.offset, false);
    if (!subtract && is(a, LIN) && is(b, LIN)) {
        /* x + x / 2: the same induction twice (a different one: coef unknown) */
        pa_loopalloc_size_growth g = growth(LIN, add_steps(a.step, b.step));
        g.conditional = a.conditional || b.conditional;
        g.offset = add_offsets(a.offset, b.offset, false);
        if (coef_known(&a) && coef_known(&b))
            set_coef(&g, a.coef_num * b.coef_den + b.coef_num * a.coef_den,
                     a.coef_den * b.coef_den);
        return g;
    }
    if (is(a, GEO) && (is(b, INV) || (!subtract && is(b, GEO))))
        return a;
    if (!subtract && is(a, INV) && is(b, GEO))
        return b;
    return growth(PA_LOOPALLOC_GROWTH_UNKNOWN, 0);
}

/* The factor `c` of a scaling op as a fraction num/den (x * c, x << c: c/1
 * or 2^c/1; x / c, x >> c: 1/c or 1/2^c). False when not a usable constant. */
static bool scale_factor(walk *w, int c_value, pa_arith_op op, unsigned depth, int64_t *num,
                         int64_t *den)
{
    int64_t c;
    if (!const_of(w, c_value, &c, depth + 1))
        return false;
    int64_t f = c;
    if (op == PA_ARITH_SHL || op == PA_ARITH_SHR) {
        if (c < 0 || c >= 30)
            return false;
        f = (int64_t)1 << c;
    }
    if (f <= 0 || f >= RAT_LIMIT)
        return false;
    bool divide = op == PA_ARITH_DIV || op == PA_ARITH_SHR;
    *num = divide ? 1 : f;
    *den = divide ? f : 1;
    return true;
}

/* a * c, a << c, a / c, a >> c with the other operand `c` invariant. */
static pa_loopalloc_size_growth eval_scale(walk *w, pa_loopalloc_size_growth a, int c_value,
                                           pa_arith_op op, unsigned depth)
{
    if (is(a, PA_LOOPALLOC_GROWTH_GEOMETRIC))
        return a;
    int64_t num = 0, den = 0;
    bool known = scale_factor(w, c_value, op, depth, &num, &den);
    if (is(a, PA_LOOPALLOC_GROWTH_INVARIANT)) {
        if (!known || a.offset == PA_UNKNOWN_SIZE || a.offset % den != 0)
            return invariant(PA_UNKNOWN_SIZE);
        return invariant(mul_steps(a.offset / den, num));
    }
    if (!is(a, PA_LOOPALLOC_GROWTH_LINEAR))
        return growth(PA_LOOPALLOC_GROWTH_UNKNOWN, 0);
    pa_loopalloc_size_growth g = growth(PA_LOOPALLOC_GROWTH_LINEAR, PA_UNKNOWN_SIZE);
    g.conditional = a.conditional;
    if (!known)
        return g; /* x * n: still linear, slope unknown */
    if (a.step != PA_UNKNOWN_SIZE && a.step % den == 0 && a.step / den != 0)
        g.step = mul_steps(a.step / den, num);
    if (a.offset != PA_UNKNOWN_SIZE && a.offset % den == 0)
        g.offset = mul_steps(a.offset / den, num);
    else if (a.offset == 0)
        g.offset = 0;
    if (coef_known(&a))
        set_coef(&g, a.coef_num * num, a.coef_den * den);
    return g;
}

static pa_loopalloc_size_growth eval_arith(walk *w, const arith_view *a, unsigned depth)
{
    pa_loopalloc_size_growth ea = eval(w, a->lhs, depth + 1);
    if (a->op == PA_ARITH_CAST)
        return ea;
    pa_loopalloc_size_growth eb = eval(w, a->rhs, depth + 1);
    const pa_loopalloc_growth INV = PA_LOOPALLOC_GROWTH_INVARIANT;
    switch (a->op) {
    case PA_ARITH_ADD:
        return eval_add(ea, eb, false);
    case PA_ARITH_SUB:
        return eval_add(ea, eb, true);
    case PA_ARITH_MUL:
        if (is(eb, INV))
            return eval_scale(w, ea, a->rhs, a->op, depth);
        if (is(ea, INV))
            return eval_scale(w, eb, a->lhs, a->op, depth);
        break;
    case PA_ARITH_SHL:
    case PA_ARITH_SHR:
    case PA_ARITH_DIV:
        if (is(eb, INV))
            return eval_scale(w, ea, a->rhs, a->op, depth);
        break;
    default:
        if (is(ea, INV) && is(eb, INV))
            return invariant(PA_UNKNOWN_SIZE);
        break;
    }
    return growth(PA_LOOPALLOC_GROWTH_UNKNOWN, 0);
}

static pa_loopalloc_size_growth eval(walk *w, int v, unsigned depth)
{
    if (!pa_value_ok(w->f, v) || !spend(w, depth))
        return growth(PA_LOOPALLOC_GROWTH_UNKNOWN, 0);
    arith_view a;
    if (arith_of(w, v, &a))
        return eval_arith(w, &a, depth);
    switch (w->f->values[v].kind) {
    case PA_VAL_CONST:
        return invariant(w->f->values[v].offset);
    case PA_VAL_ARG:
    case PA_VAL_GLOBAL:
        return invariant(PA_UNKNOWN_SIZE);
    case PA_VAL_MERGE:
        return eval_merge(w, v, depth);
    default:
        /* Loads and call results (strlen) may change every iteration. */
        return growth(PA_LOOPALLOC_GROWTH_UNKNOWN, 0);
    }
}

pa_loopalloc_size_growth pa_loopalloc_classify_growth(const pa_function *f, int size)
{
    pa_loopalloc_size_growth g = growth(PA_LOOPALLOC_GROWTH_UNKNOWN, 0);
    if (!f)
        return g;
    walk w = {.f = f, .budget = WALK_BUDGET, .nstack = 0};
    g = eval(&w, size, 0);
    if (g.kind == PA_LOOPALLOC_GROWTH_LINEAR && ((g.step != PA_UNKNOWN_SIZE && g.step <= 0) ||
                                                 (coef_known(&g) && g.coef_num <= 0)))
        g = growth(PA_LOOPALLOC_GROWTH_UNKNOWN, 0); /* shrinking is not growth */
    if (w.budget <= 0)
        g = growth(PA_LOOPALLOC_GROWTH_UNKNOWN, 0); /* gave up part-way: claim nothing */
    return g;
}

/* ---- exact-size growth of a length kept in memory ------------------------ */

/* Constant value of v, when it is one. */
static bool const_value(const pa_function *f, int v, int64_t *out)
{
    const pa_value *x = pa_value_at(f, v);
    if (!x || x->kind != PA_VAL_CONST || x->offset == PA_UNKNOWN_SIZE)
        return false;
    *out = x->offset;
    return true;
}

bool pa_loopalloc_plus_positive(const pa_function *f, int v, int *rest, int64_t *k)
{
    const pa_value *x = pa_value_at(f, v);
    if (!x || x->kind != PA_VAL_ARITH || x->arith != PA_ARITH_ADD || x->ninputs != 2 || !x->inputs)
        return false;
    for (int i = 0; i < 2; i++)
        if (const_value(f, x->inputs[i], k) && *k > 0) {
            *rest = x->inputs[1 - i];
            return true;
        }
    return false;
}

/* Every leaf of v (through phis, casts and + positive constants) is a load
 * from root+offset, the same for all; the first leaf fixes root and off. */
static bool length_loads(const pa_function *f, int v, int *root, int64_t *off, unsigned depth)
{
    const pa_value *x = pa_value_at(f, v);
    if (!x || depth > 8)
        return false;
    int rest;
    int64_t k;
    if (pa_loopalloc_plus_positive(f, v, &rest, &k))
        return length_loads(f, rest, root, off, depth + 1);
    if (x->kind == PA_VAL_ARITH && x->arith == PA_ARITH_CAST && x->ninputs >= 1 && x->inputs)
        return length_loads(f, x->inputs[0], root, off, depth + 1);
    if (x->kind == PA_VAL_MERGE && x->inputs) {
        for (size_t i = 0; i < x->ninputs; i++)
            if (x->inputs[i] != v && !length_loads(f, x->inputs[i], root, off, depth + 1))
                return false;
        return x->ninputs > 0;
    }
    if (x->kind != PA_VAL_LOAD)
        return false;
    int64_t o = 0;
    int r = pa_value_root(f, x->base, &o);
    if (r == PA_NONE || o == PA_UNKNOWN_SIZE)
        return false;
    if (*root == PA_NONE) {
        *root = r;
        *off = o;
        return true;
    }
    return *root == r && *off == o;
}

/* Does the loop store to root+off (the length is updated in the loop)? */
static bool stores_in_loop(const pa_function *f, int root, int64_t off, int loop)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        if (o->kind != PA_OP_STORE || !pa_block_in_loop(f, o->block, loop))
            continue;
        int64_t so = 0;
        if (pa_value_root(f, o->addr, &so) == root && so == off)
            return true;
    }
    return false;
}

/* Where the length behind an exact size (len + k, possibly times an
 * element size) is kept: root and offset; *headroom receives k. */
static bool exact_length_place(const pa_function *f, int size, int *root, int64_t *off,
                               int64_t *headroom)
{
    const pa_value *x = pa_value_at(f, size);
    int64_t scale;
    /* (len + 1) times the element size, or shifted by its log2 */
    if (x && x->kind == PA_VAL_ARITH && (x->arith == PA_ARITH_MUL || x->arith == PA_ARITH_SHL) &&
        x->ninputs == 2 && x->inputs && const_value(f, x->inputs[1], &scale) && scale > 0)
        size = x->inputs[0];
    size = pa_value_skip_casts(f, size);
    int rest;
    if (!pa_loopalloc_plus_positive(f, size, &rest, headroom))
        return false;
    *root = PA_NONE;
    *off = 0;
    return length_loads(f, rest, root, off, 0);
}

bool pa_loopalloc_exact_size(const pa_function *f, int size, int loop, int64_t *headroom)
{
    int root;
    int64_t off;
    return exact_length_place(f, size, &root, &off, headroom) && stores_in_loop(f, root, off, loop);
}

bool pa_loopalloc_length_emptied(const pa_function *f, int size, int loop)
{
    int root;
    int64_t off, headroom;
    if (!exact_length_place(f, size, &root, &off, &headroom))
        return false;
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        int64_t so = 0, stored;
        if (o->kind == PA_OP_STORE && !pa_block_in_loop(f, o->block, loop) &&
            const_value(f, o->stored, &stored) && stored == 0 &&
            pa_value_root(f, o->addr, &so) == root && so == off)
            return true;
    }
    return false;
}

/* ---- a capacity kept in memory, grown geometrically ------------------------ */

/* v is a value scaled by a constant factor >= 2 (cap * 2, cap << 1,
 * cap + cap / 2 counts too: factor 1.5): that value in *scaled. */
static bool scaled_base(const pa_function *f, int v, int *scaled)
{
    const pa_value *x = pa_value_at(f, pa_value_skip_casts(f, v));
    if (!x || x->kind != PA_VAL_ARITH || x->ninputs != 2 || !x->inputs)
        return false;
    int64_t c = 0;
    int base;
    if ((x->arith == PA_ARITH_MUL && const_value(f, x->inputs[1], &c) && c >= 2) ||
        (x->arith == PA_ARITH_SHL && const_value(f, x->inputs[1], &c) && c >= 1 && c < 8))
        base = x->inputs[0];
    else if (x->arith == PA_ARITH_MUL && const_value(f, x->inputs[0], &c) && c >= 2)
        base = x->inputs[1];
    else if (x->arith == PA_ARITH_ADD) {
        /* cap + cap / 2 (or >> 1): the same load on both sides */
        const pa_value *h = pa_value_at(f, pa_value_skip_casts(f, x->inputs[1]));
        int other = x->inputs[0];
        if (!h || h->kind != PA_VAL_ARITH || h->ninputs != 2 || !h->inputs) {
            h = pa_value_at(f, pa_value_skip_casts(f, x->inputs[0]));
            other = x->inputs[1];
        }
        if (!h || h->kind != PA_VAL_ARITH || h->ninputs != 2 || !h->inputs ||
            (h->arith != PA_ARITH_DIV && h->arith != PA_ARITH_SHR) ||
            pa_value_skip_casts(f, h->inputs[0]) != pa_value_skip_casts(f, other))
            return false;
        base = other;
    } else
        return false;
    *scaled = pa_value_skip_casts(f, base);
    return true;
}

/* v is load(A) scaled by a constant factor: the root and offset of A. */
static bool scaled_load(const pa_function *f, int v, int *root, int64_t *off)
{
    int base;
    if (!scaled_base(f, v, &base))
        return false;
    const pa_value *l = pa_value_at(f, base);
    if (!l || l->kind != PA_VAL_LOAD)
        return false;
    *root = pa_value_root(f, l->base, off);
    return *root != PA_NONE && *off != PA_UNKNOWN_SIZE;
}

/* Does f store `v` (or a cast of it) to root+off? */
static bool stores_back(const pa_function *f, int v, int root, int64_t off)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        int64_t so = 0;
        if (o->kind == PA_OP_STORE && pa_value_skip_casts(f, o->stored) == v &&
            pa_value_root(f, o->addr, &so) == root && so == off)
            return true;
    }
    return false;
}

/* Does f store to root+off a scaling of the value loaded there (cap *= 2)?
 * The size asked for may be a different scaling of the same load: -O2
 * folds `cap * 2 * sizeof(int)` into one shift by 3 while the field gets
 * the shift by 1. */
static bool stores_scaled_back(const pa_function *f, int root, int64_t off)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        int64_t so = 0, vo = 0;
        int vr;
        if (o->kind == PA_OP_STORE && o->stored != PA_NONE &&
            pa_value_root(f, o->addr, &so) == root && so == off &&
            scaled_load(f, o->stored, &vr, &vo) && vr == root && vo == off)
            return true;
    }
    return false;
}

/* ---- a capacity kept as a begin/end pointer pair ---------------------------- */

/* A place in memory: root + offset, unset while root is PA_NONE. */
typedef struct place {
    int root;
    int64_t off;
} place;

/* Every leaf of v (through measured addresses, casts and merges) is the
 * pointer kept at *at: loaded from it, or a value f stores there (the new
 * buffer, forwarded round the loop instead of reloaded). The first load
 * fixes *at when it is unset. */
static bool kept_at(const pa_function *f, int v, place *at, unsigned depth)
{
    v = pa_value_skip_casts(f, v);
    const pa_value *x = pa_value_at(f, v);
    if (!x || depth > 8)
        return false;
    if (x->kind == PA_VAL_ARITH && x->arith == PA_ARITH_ADDR && x->ninputs >= 1 && x->inputs)
        return kept_at(f, x->inputs[0], at, depth + 1);
    if (x->kind == PA_VAL_MERGE && x->inputs) {
        /* loads first, so that a forwarded value is checked against them */
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < x->ninputs; i++) {
                const pa_value *in = pa_value_at(f, pa_value_skip_casts(f, x->inputs[i]));
                bool load = in && in->kind == PA_VAL_LOAD;
                if (x->inputs[i] != v && load == (pass == 0) &&
                    !kept_at(f, x->inputs[i], at, depth + 1))
                    return false;
            }
        return x->ninputs > 0;
    }
    if (x->kind == PA_VAL_LOAD) {
        int64_t o = 0;
        int r = pa_value_root(f, x->base, &o);
        if (r == PA_NONE || o == PA_UNKNOWN_SIZE)
            return false;
        if (at->root == PA_NONE) {
            at->root = r;
            at->off = o;
        }
        return at->root == r && at->off == o;
    }
    return at->root != PA_NONE && stores_back(f, v, at->root, at->off);
}

/* Does f store to `end` a pointer into a buffer it stores to `begin`
 * (buf = tmp; bufEnd = tmp + size)? The extent is re-set with the buffer. */
static bool stores_end_with_buffer(const pa_function *f, place end, place begin)
{
    for (size_t i = 0; i < f->nops; i++) {
        const pa_op *o = &f->ops[i];
        int64_t so = 0;
        const pa_value *s = o->kind == PA_OP_STORE ? pa_value_at(f, o->stored) : NULL;
        if (s && s->kind == PA_VAL_DERIVED && pa_value_root(f, o->addr, &so) == end.root &&
            so == end.off && stores_back(f, s->base, begin.root, begin.off))
            return true;
    }
    return false;
}

/* v is end - begin, two pointers kept side by side in one object (a
 * buffer's start and end), and f re-sets the end with the buffer: the
 * extent is the capacity, kept in memory like a count would be. */
static bool kept_extent(const pa_function *f, int v)
{
    const pa_value *x = pa_value_at(f, pa_value_skip_casts(f, v));
    if (!x || x->kind != PA_VAL_ARITH || x->arith != PA_ARITH_SUB || x->ninputs != 2 || !x->inputs)
        return false;
    place end = {PA_NONE, 0}, begin = {PA_NONE, 0};
    return kept_at(f, x->inputs[0], &end, 0) && kept_at(f, x->inputs[1], &begin, 0) &&
           begin.root == end.root && begin.off != end.off &&
           stores_end_with_buffer(f, end, begin);
}

static bool grows_kept_capacity(const pa_function *f, int v, unsigned depth)
{
    v = pa_value_skip_casts(f, v);
    const pa_value *x = pa_value_at(f, v);
    if (!x || depth > 6)
        return false;
    int root;
    int64_t off;
    if (scaled_load(f, v, &root, &off) &&
        (stores_back(f, v, root, off) || stores_scaled_back(f, root, off)))
        return true;
    int scaled;
    if (scaled_base(f, v, &scaled) && kept_extent(f, scaled))
        return true;
    if (x->kind == PA_VAL_MERGE && x->inputs) {
        /* `cap ? cap * 2 : 16`: every input a constant or the same capacity
         * scaled, and the choice (or each scaled input) stored back */
        int mroot = PA_NONE;
        int64_t moff = 0;
        bool each_stored = true;
        for (size_t i = 0; i < x->ninputs; i++) {
            int64_t c;
            if (const_value(f, x->inputs[i], &c))
                continue;
            if (!scaled_load(f, x->inputs[i], &root, &off) || (mroot != PA_NONE && (root != mroot || off != moff)))
                return false;
            mroot = root;
            moff = off;
            each_stored = each_stored && stores_back(f, pa_value_skip_casts(f, x->inputs[i]), root, off);
        }
        return mroot != PA_NONE && (each_stored || stores_back(f, v, mroot, moff));
    }
    /* the element size: new_cap * sizeof(T) */
    int64_t c;
    if (x->kind == PA_VAL_ARITH && (x->arith == PA_ARITH_MUL || x->arith == PA_ARITH_SHL) &&
        x->ninputs == 2 && x->inputs && const_value(f, x->inputs[1], &c) && c > 0)
        return grows_kept_capacity(f, x->inputs[0], depth + 1);
    return false;
}

bool pa_growth_doubles_kept_capacity(const pa_function *f, int size)
{
    return f && size != PA_NONE && grows_kept_capacity(f, size, 0);
}
