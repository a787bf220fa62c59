#pragma once
// Work on several nodes at once: under TCG every command is slow and the nodes are independent.
// Every thread is joined before a failure is rethrown, so no step is left running behind the
// caller's back.
#include <functional>
#include <string>
#include <vector>

namespace harness {

// Calls fn(node) for every node on its own thread and waits for all of them; rethrows the first
// failure in `nodes` order.
void on_each_node(const std::vector<std::string>& nodes,
                  const std::function<void(const std::string&)>& fn);

// The same for independent tasks; the first failure in `tasks` order is rethrown.
void in_parallel(const std::vector<std::function<void()>>& tasks);

}  // namespace harness
