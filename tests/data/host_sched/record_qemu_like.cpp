// Records what the host-starvation sampler reads, from a process laid out like a QEMU TCG guest
// (libvirt starts QEMU with debug-threads=on, so every thread has a name): the main thread
// "qemu-system-x86", vCPU threads "CPU 0/TCG" (busy) and "CPU 1/TCG" (idle: a halted vCPU), and
// helper threads "call_rcu", "IO mon_iothread" (sleeping) and "worker" (busy). The whole process
// is pinned to one host CPU, so the two busy threads queue behind each other: each should wait
// about half of the time, the idle vCPU almost never.
//
// Writes OUT/<k>/task/<tid>/{schedstat,comm} (verbatim copies of /proc/self/task/<tid>/...) and
// OUT/<k>/t_ns (CLOCK_MONOTONIC at the copy) for samples k = 0..8, 250 ms apart.
// Build and run (README.md beside this file):
//   g++ -std=c++20 -O2 -pthread record_qemu_like.cpp -o /tmp/record_qemu_like
//   /tmp/record_qemu_like qemu_like
#include <sched.h>
#include <sys/prctl.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::atomic<bool> stop{false};

void name_this_thread(const char* name) { prctl(PR_SET_NAME, name, 0, 0, 0); }

void busy(const char* name) {
  name_this_thread(name);
  volatile unsigned long n = 0;
  while (!stop.load(std::memory_order_relaxed)) n = n + 1;
}

void sleepy(const char* name, std::chrono::milliseconds period) {
  name_this_thread(name);
  while (!stop.load()) std::this_thread::sleep_for(period);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

long long monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: record_qemu_like OUT_DIR\n";
    return 2;
  }
  const fs::path out = argv[1];
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(0, &one);
  if (sched_setaffinity(0, sizeof one, &one) != 0) {
    std::perror("sched_setaffinity");
    return 1;
  }
  name_this_thread("qemu-system-x86");
  std::vector<std::thread> threads;
  threads.emplace_back(sleepy, "call_rcu", 50ms);
  threads.emplace_back(busy, "CPU 0/TCG");
  threads.emplace_back(sleepy, "CPU 1/TCG", 100ms);
  threads.emplace_back(sleepy, "IO mon_iothread", 50ms);
  threads.emplace_back(busy, "worker");
  std::this_thread::sleep_for(100ms);  // every thread named
  for (int k = 0; k < 9; ++k) {
    if (k) std::this_thread::sleep_for(250ms);
    const fs::path dir = out / std::to_string(k);
    const long long t = monotonic_ns();
    for (const auto& task : fs::directory_iterator("/proc/self/task")) {
      const fs::path to = dir / "task" / task.path().filename();
      fs::create_directories(to);
      for (const char* f : {"schedstat", "comm"}) std::ofstream(to / f) << slurp(task.path() / f);
    }
    std::ofstream(dir / "t_ns") << t << '\n';
  }
  stop = true;
  for (auto& th : threads) th.join();
  return 0;
}
