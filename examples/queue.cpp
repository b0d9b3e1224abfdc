// examples/queue.cpp — C++: std::vector growth inside a loop, an allocation
// under a std::mutex, and a read-only critical section.
#include <mutex>
#include <string>
#include <vector>

struct Queue {
    std::mutex mu;
    std::vector<std::string> items;
    std::size_t total = 0;
};

// loop-alloc (amortised growth): push_back without reserve.
std::vector<int> squares(int n)
{
    std::vector<int> out;
    for (int i = 0; i < n; i++)
        out.push_back(i * i);
    return out;
}

// alloc-under-lock: the string copy allocates while mu is held.
void enqueue(Queue &q, const char *text)
{
    std::lock_guard<std::mutex> guard(q.mu);
    q.items.emplace_back(text);
    q.total++;
}

// rwlock-candidate: only reads under the lock.
std::size_t queue_size(Queue &q)
{
    std::lock_guard<std::mutex> guard(q.mu);
    return q.items.size() + q.total;
}
