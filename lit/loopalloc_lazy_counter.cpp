// loop-alloc negative: lazy initialisation keyed on a count, not a pointer
// (issue 10 item 3). A member array allocated when the element count is
// zero, in a loop that increments that count on every iteration, is
// allocated once per object: the count is zero at most once (RE2
// Regexp::AddRuneToString inlined into LiteralString, regexp.cc:185).
// Positive: the same shape where the loop also resets the count (a call
// that may clear the object, or a store of zero) allocates again after each
// reset; and a count the loop does not increment on every iteration.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -O2 -g %pa %pa-remarks -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=perfadvise-loopalloc
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING loop-"
typedef int Rune;

void flush(const Rune *runes, int n);

class Str {
  public:
    explicit Str(int op) : op_(op), nrunes_(0), runes_(nullptr) {}
    void Add(Rune r);
    static Str *Literal(const Rune *runes, int n);
    static Str *Batched(const Rune *runes, int n);
    static Str *Selective(const Rune *runes, int n);

  private:
    int op_;
    int nrunes_;
    Rune *runes_;
};

void Str::Add(Rune r) {
    if (nrunes_ == 0) {
        runes_ = new Rune[8];
    } else if (nrunes_ >= 8 && (nrunes_ & (nrunes_ - 1)) == 0) {
        Rune *old = runes_;
        runes_ = new Rune[nrunes_ * 2];
        for (int i = 0; i < nrunes_; i++)
            runes_[i] = old[i];
        delete[] old;
    }
    runes_[nrunes_++] = r;
}

Str *Str::Literal(const Rune *runes, int n) {
    Str *s = new Str(3);
    for (int i = 0; i < n; i++)
        s->Add(runes[i]);
    return s;
}

// Each batch of 8 is handed on and the count starts again at zero.
Str *Str::Batched(const Rune *runes, int n) {
    Str *s = new Str(3);
    for (int i = 0; i < n; i++) {
        if (s->nrunes_ == 0)
            s->runes_ = new Rune[8];
        // REMARK: loopalloc_lazy_counter.cpp:[[@LINE-1]]:25: remark: {{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-alloc fn=_ZN3Str7BatchedEPKii at=loopalloc_lazy_counter.cpp:[[@LINE-2]]:25
        s->runes_[s->nrunes_++] = runes[i];
        if (s->nrunes_ == 8) {
            flush(s->runes_, 8);
            delete[] s->runes_;
            s->nrunes_ = 0;
        }
    }
    return s;
}

// The count grows only for some runes: it can stay zero for many
// iterations, each allocating.
Str *Str::Selective(const Rune *runes, int n) {
    Str *s = new Str(3);
    for (int i = 0; i < n; i++) {
        if (s->nrunes_ == 0) {
            delete[] s->runes_;
            s->runes_ = new Rune[8];
        }
        // REMARK: loopalloc_lazy_counter.cpp:[[@LINE-2]]:25: remark: {{.*}}[-Rpass-missed=perfadvise-loopalloc]
        // JSON: FINDING loop-alloc fn=_ZN3Str9SelectiveEPKii at=loopalloc_lazy_counter.cpp:[[@LINE-3]]:25
        if (runes[i] > 0)
            s->runes_[s->nrunes_++ & 7] = runes[i];
    }
    return s;
}
