#include "drivers/parallel.hpp"

#include <exception>
#include <thread>

namespace harness {

void on_each_node(const std::vector<std::string>& nodes,
                  const std::function<void(const std::string&)>& fn) {
  std::vector<std::function<void()>> tasks;
  tasks.reserve(nodes.size());
  for (const auto& n : nodes) tasks.push_back([&fn, &n] { fn(n); });
  in_parallel(tasks);
}

void in_parallel(const std::vector<std::function<void()>>& tasks) {
  if (tasks.size() == 1) return tasks.front()();
  std::vector<std::exception_ptr> errors(tasks.size());
  {
    std::vector<std::jthread> threads;
    threads.reserve(tasks.size());
    for (std::size_t i = 0; i < tasks.size(); ++i)
      threads.emplace_back([&, i] {
        try {
          tasks[i]();
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
  }  // jthreads join here
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace harness
