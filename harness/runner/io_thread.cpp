#include "harness/runner/io_thread.hpp"

#include <csignal>
#include <future>
#include <iostream>
#include <stdexcept>

namespace harness {

namespace {
const char* signal_name(int signo) {
  switch (signo) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "signal";
  }
}
}  // namespace

IoThread::IoThread() : work_(boost::asio::make_work_guard(ctx_)) {
  thread_ = std::thread([this] {
    // A handler that throws must not take the whole run down silently: report and go on.
    for (;;) {
      try {
        ctx_.run();
        return;
      } catch (const std::exception& e) {
        std::cerr << "harness: io thread: unhandled error: " << e.what() << std::endl;
      }
    }
  });
}

IoThread::~IoThread() { stop(); }

void IoThread::handle_signals(StopControl& stop) {
  if (!thread_.joinable()) throw std::logic_error("IoThread::handle_signals after stop()");
  // The signal_set is created and armed on the io thread so that it is only ever touched there.
  std::promise<void> armed;
  auto done = armed.get_future();
  post([this, &stop, &armed] {
    stop_control_ = &stop;
    signals_ = std::make_unique<boost::asio::signal_set>(ctx_, SIGINT, SIGTERM);
    wait_for_signal();
    armed.set_value();
  });
  done.wait();
}

void IoThread::wait_for_signal() {
  signals_->async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;  // cancelled: we are stopping
    stop_control_->request(signal_name(signo));
    wait_for_signal();  // the second signal escalates, so keep listening
  });
}

void IoThread::stop() {
  if (!thread_.joinable()) return;
  // Remove the signal handlers on the io thread (restoring the default disposition) so a late
  // Ctrl-C behaves as without a harness; then stop, because an observer's pending timer or
  // read would otherwise keep run() going forever. Work posted before this point has run.
  post([this] {
    if (signals_) {
      boost::system::error_code ignored;
      signals_->cancel(ignored);
      signals_->clear(ignored);
      signals_.reset();
    }
    ctx_.stop();
  });
  work_.reset();
  thread_.join();
}

}  // namespace harness
