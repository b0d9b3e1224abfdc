// std::recursive_mutex taken twice, std::scoped_lock and std::lock of two
// mutexes (their try-lock back-off), in both orders: no finding.
// RUN: %clangxx -std=c++17 -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | count 0
#include <mutex>
struct Acct {
  std::mutex mu;
  std::recursive_mutex rmu;
  long bal = 0;
  void deposit(long v) { std::lock_guard<std::recursive_mutex> g(rmu); bal += v; }
  void deposit2(long v) { std::lock_guard<std::recursive_mutex> g(rmu); deposit(v); deposit(v); }
};
void transfer(Acct &a, Acct &b, long v) {
  std::scoped_lock l(a.mu, b.mu);
  a.bal -= v;
  b.bal += v;
}
void transfer2(Acct &a, Acct &b, long v) {
  std::unique_lock<std::mutex> la(a.mu, std::defer_lock), lb(b.mu, std::defer_lock);
  std::lock(la, lb);
  a.bal -= v;
  b.bal += v;
}
void use(Acct &a, Acct &b) { a.deposit2(1); transfer(a, b, 1); transfer2(b, a, 2); }
