// Robustness, C++: exceptions, coroutines, lambdas, virtual calls, templates,
// thread_local, static-local guards, std::thread, std::shared_mutex,
// std::scoped_lock over two mutexes, std::condition_variable, std::call_once,
// placement and class-specific operator new compile with the plugin under
// several flag sets: exit 0, no perfadvise warning or crash, a valid findings
// file without internal-error, and -O2 code identical without the plugin.
// REQUIRES: slow
// RUN: rm -rf %t && mkdir -p %t
// RUN: i=0; for flags in "-O0 -g" "-O1 -g" "-O2 -g" "-O3 -g" "-Os" "-O2" \
// RUN:     "-O2 -g -fno-exceptions -DNO_EXC" "-O2 -g -fno-rtti -DNO_RTTI" \
// RUN:     "-O2 -g -fsanitize=address" "-O2 -g -fsanitize=thread" "-O2 -g -std=c++23"; do \
// RUN:   i=$((i+1)); mkdir -p %t/f$i; \
// RUN:   env PERFADVISE_OUTPUT_DIR=%t/f$i %clangxx -std=c++20 $flags -w %pa -c %s -o %t/o$i.o 2> %t/err$i \
// RUN:     || { echo "FAIL exit with: $flags"; cat %t/err$i; exit 1; }; \
// RUN:   if grep -E 'perfadvise|Sanitizer|runtime error' %t/err$i; then echo "FAIL output with: $flags"; exit 1; fi; \
// RUN:   test "$(ls %t/f$i | wc -l)" -eq 1 || { echo "FAIL no findings file with: $flags"; exit 1; }; \
// RUN:   %python %srcroot/lit/tools/findings_validate.py --counts %t/f$i > %t/v$i \
// RUN:     || { echo "FAIL invalid findings with: $flags"; cat %t/v$i; exit 1; }; \
// RUN:   if grep -q internal-error %t/v$i; then echo "FAIL internal-error with: $flags"; exit 1; fi; \
// RUN:   echo "ok $flags"; done | FileCheck %s --check-prefix=FLAGS
// FLAGS-COUNT-11: ok
// FLAGS-NOT: FAIL
//
// RUN: %plain-clangxx -std=c++20 -O2 -g -w -c %s -o %t/plain.o
// RUN: env PERFADVISE_OUTPUT_DIR=%t/f0 %clangxx -std=c++20 -O2 -g -w %pa -c %s -o %t/pa.o
// RUN: llvm-objcopy %t/plain.o %t/plain.copied.o && llvm-objcopy --remove-section=.perfadvise %t/pa.o %t/pa.stripped.o
// RUN: cmp %t/plain.copied.o %t/pa.stripped.o
// RUN: %jq %t/f0 | FileCheck %s --check-prefix=JSON
// The analyses still see the ordinary parts: a vector per iteration, and the
// thread body (the lambda) inserting into a std::map under lock_guard.
// JSON-DAG: FINDING loop-alloc fn=_Z13alloc_in_loopi
// JSON-DAG: FINDING alloc-under-lock fn={{.*}}spawn_threads{{.*}}held=[{{.*}}g_a]
#include <condition_variable>
#include <coroutine>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

void sink(void *);

static std::mutex g_a, g_b;
static std::shared_mutex g_rw;
static std::condition_variable g_cv;
static bool g_ready;
static std::map<std::string, int> g_table;

int alloc_in_loop(int n)
{
    int total = 0;
    for (int i = 0; i < n; i++) {
        std::vector<int> v(static_cast<size_t>(i) + 1, i);
        total += v.back();
    }
    return total;
}

int scoped_two_lockers()
{
    std::scoped_lock both(g_a, g_b);
    auto *p = new std::string("under both locks");
    sink(p);
    return static_cast<int>(p->size());
}

int shared_reader(const std::string &k)
{
    std::shared_lock<std::shared_mutex> rd(g_rw);
    auto it = g_table.find(k);
    return it == g_table.end() ? -1 : it->second;
}

void exclusive_writer(const std::string &k, int v)
{
    std::unique_lock<std::shared_mutex> wr(g_rw);
    g_table[k] = v;
}

void wait_ready()
{
    std::unique_lock<std::mutex> lk(g_a);
    g_cv.wait(lk, [] { return g_ready; });
}

int throws_under_lock(int x)
{
#ifndef NO_EXC
    std::lock_guard<std::mutex> g(g_b);
    try {
        if (x < 0)
            throw std::runtime_error("negative");
        return x;
    } catch (const std::exception &e) {
        return static_cast<int>(std::string(e.what()).size());
    }
#else
    std::lock_guard<std::mutex> g(g_b);
    return x;
#endif
}

struct Shape {
    virtual ~Shape() = default;
    virtual double area() const = 0;
};
struct Square : Shape {
    double s;
    explicit Square(double v) : s(v) {}
    double area() const override { return s * s; }
    static void *operator new(size_t n) { return ::operator new(n); }
    static void operator delete(void *p) { ::operator delete(p); }
};
double virtual_calls(int n)
{
    std::vector<std::unique_ptr<Shape>> shapes;
    for (int i = 0; i < n; i++)
        shapes.push_back(std::make_unique<Square>(i));
    double a = 0;
    for (auto &s : shapes) {
#ifndef NO_RTTI
        if (dynamic_cast<Square *>(s.get()))
#endif
            a += s->area();
    }
    return a;
}

template <typename T> T sum_all(const std::vector<T> &v)
{
    T s{};
    for (const T &x : v)
        s += x;
    return s;
}
template long sum_all<long>(const std::vector<long> &);

int lambdas(int n)
{
    std::function<int(int)> f = [n](int x) { return x * n; };
    auto g = [&f](int x) { return f(x) + 1; };
    return g(n);
}

thread_local std::string tl_name;
const std::string &static_local()
{
    static std::string s = std::string("initialised once ") + tl_name;
    return s;
}

int call_once_init()
{
    static std::once_flag once;
    static int value;
    std::call_once(once, [] { value = 42; });
    return value;
}

int placement(int x)
{
    alignas(std::string) unsigned char buf[sizeof(std::string)];
    auto *s = new (buf) std::string(static_cast<size_t>(x & 15), 'x');
    int n = static_cast<int>(s->size());
    s->~basic_string();
    return n;
}

void spawn_threads(int n)
{
    std::vector<std::thread> ts;
    for (int i = 0; i < n; i++)
        ts.emplace_back([i] {
            std::lock_guard<std::mutex> g(g_a);
            g_table[std::to_string(i)] = i;
        });
    for (auto &t : ts)
        t.join();
}

struct Generator {
    struct promise_type {
        int current = 0;
        Generator get_return_object() { return Generator{std::coroutine_handle<promise_type>::from_promise(*this)}; }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        std::suspend_always yield_value(int v) { current = v; return {}; }
        void return_void() {}
        void unhandled_exception() {}
    };
    std::coroutine_handle<promise_type> h;
    explicit Generator(std::coroutine_handle<promise_type> c) : h(c) {}
    Generator(Generator &&o) noexcept : h(o.h) { o.h = {}; }
    ~Generator() { if (h) h.destroy(); }
    bool next() { h.resume(); return !h.done(); }
    int value() const { return h.promise().current; }
};

Generator counter(int n)
{
    for (int i = 0; i < n; i++) {
        std::lock_guard<std::mutex> g(g_b);
        co_yield i;
    }
}

int use_coroutine(int n)
{
    int s = 0;
    auto g = counter(n);
    while (g.next())
        s += g.value();
    return s;
}
