// Run independent tasks on a few threads. Work is handed out task by task from an atomic counter, so the
// result of each task never depends on the thread count; the first exception thrown by a task is rethrown
// in the caller once every thread has stopped.
#pragma once

#include <cstdint>
#include <functional>

namespace strata {

// The default thread count: std::thread::hardware_concurrency(), at least 1.
int default_thread_count();

// Call fn(i) for i in [0, count) on up to `threads` threads (0 = default_thread_count()). The calling thread
// takes part. Blocks until all tasks are done.
void parallel_for(int64_t count, int threads, const std::function<void(int64_t)>& fn);

}  // namespace strata
