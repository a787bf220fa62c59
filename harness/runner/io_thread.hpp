#pragma once
// The run's one Boost.Asio io_context, run on one background thread. Signal handling lives here
// (SIGINT/SIGTERM feed a StopControl), and observers and the libvirt event loop post their work
// onto it, so the runner itself stays plain sequential code on the calling thread.
#include <functional>
#include <memory>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include "harness/runner/stop_control.hpp"

namespace harness {

class IoThread {
 public:
  IoThread();   // starts the thread; the context runs until stop() or destruction
  ~IoThread();  // stop() and join
  IoThread(const IoThread&) = delete;
  IoThread& operator=(const IoThread&) = delete;

  boost::asio::io_context& context() { return ctx_; }
  std::thread::id thread_id() const { return thread_.get_id(); }
  bool running_in_this_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

  template <class F>
  void post(F&& f) {
    boost::asio::post(ctx_, std::forward<F>(f));
  }

  // From now on SIGINT and SIGTERM go to `stop.request(...)` instead of killing the process.
  // The default disposition comes back when the IoThread stops.
  void handle_signals(StopControl& stop);

  // Ends signal handling, lets queued handlers finish, joins. Idempotent; not from the thread.
  void stop();

 private:
  void wait_for_signal();

  boost::asio::io_context ctx_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::unique_ptr<boost::asio::signal_set> signals_;
  StopControl* stop_control_ = nullptr;
  std::thread thread_;
};

}  // namespace harness
