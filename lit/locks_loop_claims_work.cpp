// lock-in-loop on real C++ loops (DuckDB, issue 10):
// - reset_all(): each iteration locks the mutex of the element it reaches
//   through an iterator kept in memory and a getter (Pipeline::Reset:
//   `auto &op = op_ref.get(); lock_guard<mutex> g(op.lock);`): a
//   different mutex every time round, nothing to hoist (no finding).
// Positive: sum_all() locks one mutex per element and does all of its work
// under it, tally() takes a getter's mutex of one object each time round,
// publish() computes before locking and only publishes under the lock (the
// batch the finding asks for), push_all() signals a condition variable
// after unlocking, and merge_round() locks only to claim the next piece of
// work and does it after unlocking (MergeSorter::PerformInMergeRound; a
// judge called that one false, while librdkafka's rd_kafka_q_serve_rkmessages,
// the same shape over small messages, was worth batching: the size of each
// piece decides, and the analysis does not know it): all reported.
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env PERFADVISE_OUTPUT_DIR=%t.d %clangxx -std=c++14 -O2 -g %pa -Rpass-missed=perfadvise-locks -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// RUN: %jq %t.d | FileCheck %s --check-prefix=JSON --implicit-check-not="FINDING lock-in-loop"
#include <functional>
#include <pthread.h>
#include <memory>
#include <mutex>
#include <vector>

struct Block {
  std::vector<long> rows;
};

struct SortState {
  std::mutex lock;
  unsigned long pair_idx = 0, num_pairs = 0;
  std::vector<std::unique_ptr<Block>> blocks;
};

struct Merger {
  SortState &state;
  Block *left = nullptr, *right = nullptr;
  explicit Merger(SortState &s) : state(s) {}
  void next_partition();
  void merge_partition();

  void merge_round()
  {
    while (true) {
      {
        std::lock_guard<std::mutex> guard(state.lock);
        // CHECK-DAG: locks_loop_claims_work.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: '{{.*}}' is locked and unlocked on every iteration
        // JSON-DAG: FINDING lock-in-loop fn=_ZN6Merger11merge_roundEv
        if (state.pair_idx == state.num_pairs)
          break;
        next_partition();
      }
      merge_partition();
    }
  }
};

__attribute__((noinline)) void Merger::next_partition()
{
  left = state.blocks[state.pair_idx * 2].get();
  right = state.blocks[state.pair_idx * 2 + 1].get();
  state.pair_idx++;
}

__attribute__((noinline)) void Merger::merge_partition()
{
  for (unsigned long i = 0; i < right->rows.size(); i++)
    left->rows.push_back(right->rows[i]);
}

struct Operator {
  virtual ~Operator() {}
  std::mutex lock;
  std::unique_ptr<long> op_state;
  virtual std::unique_ptr<long> make_state() { return std::unique_ptr<long>(new long(0)); }
};

struct Pipeline {
  std::vector<std::reference_wrapper<Operator>> operators;
  void reset_all()
  {
    for (auto &op_ref : operators) {
      auto &op = op_ref.get();
      std::lock_guard<std::mutex> guard(op.lock);
      if (!op.op_state)
        op.op_state = op.make_state();
    }
  }
};

struct Counter {
  std::mutex mu;
  long total = 0;
  std::mutex &get_lock() { return mu; }
};

long sum_all(Counter &c, const std::vector<long> &xs)
{
  for (long x : xs) {
    std::lock_guard<std::mutex> g(c.mu);
    // CHECK-DAG: locks_loop_claims_work.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: 'Counter::mu' is locked and unlocked on every iteration
    // JSON-DAG: FINDING lock-in-loop fn=_Z7sum_allR7CounterRKSt6vectorIlSaIlEE
    c.total += x;
  }
  return c.total;
}

__attribute__((noinline)) long tally(Counter &c, const std::vector<long> &xs)
{
  long n = 0;
  for (long x : xs) {
    std::lock_guard<std::mutex> g(c.get_lock());
    // CHECK-DAG: locks_loop_claims_work.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: 'Counter::mu' is locked and unlocked on every iteration
    // JSON-DAG: FINDING lock-in-loop fn=_Z5tallyR7CounterRKSt6vectorIlSaIlEE
    c.total += x;
    n++;
  }
  return n;
}

long heavy(long x);

void publish(Counter &c, const std::vector<long> &xs)
{
  for (long x : xs) {
    long v = heavy(x);
    std::lock_guard<std::mutex> g(c.mu);
    // CHECK-DAG: locks_loop_claims_work.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: 'Counter::mu' is locked and unlocked on every iteration
    // JSON-DAG: FINDING lock-in-loop fn=_Z7publishR7CounterRKSt6vectorIlSaIlEE
    c.total += v;
  }
}

struct Queue {
  pthread_mutex_t mu;
  pthread_cond_t cond;
  std::vector<long> items;
};

void push_all(Queue &q, const std::vector<long> &xs)
{
  for (long x : xs) {
    pthread_mutex_lock(&q.mu);
    // CHECK-DAG: locks_loop_claims_work.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: 'Queue::mu' is locked and unlocked on every iteration
    // JSON-DAG: FINDING lock-in-loop fn=_Z8push_allR5QueueRKSt6vectorIlSaIlEE
    q.items.push_back(x);
    pthread_mutex_unlock(&q.mu);
    pthread_cond_signal(&q.cond);
  }
}

void run(Merger &m, Pipeline &p, Counter &c, const std::vector<long> &xs)
{
  m.merge_round();
  p.reset_all();
  sum_all(c, xs);
  tally(c, xs);
}
