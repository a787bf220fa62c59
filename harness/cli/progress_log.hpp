#pragma once
// The run's progress lines kept in its directory (progress.log, linked from report.html) and,
// unless --quiet, shown on stderr as they happen.
#include <filesystem>
#include <fstream>
#include <ostream>
#include <streambuf>

namespace harness {

class ProgressLog {
 public:
  // `echo`: where the lines are also shown (nullptr: only the file).
  ProgressLog(const std::filesystem::path& file, std::ostream* echo)
      : file_(file, std::ios::app), buf_(file_.rdbuf(), echo ? echo->rdbuf() : nullptr),
        out_(&buf_) {}
  std::ostream& stream() { return out_; }

 private:
  class Tee final : public std::streambuf {
   public:
    Tee(std::streambuf* a, std::streambuf* b) : a_(a), b_(b) {}

   protected:
    int overflow(int c) override {
      if (c == traits_type::eof()) return traits_type::not_eof(c);
      a_->sputc(static_cast<char>(c));
      if (b_) b_->sputc(static_cast<char>(c));
      return c;
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
      a_->sputn(s, n);
      if (b_) b_->sputn(s, n);
      return n;
    }
    int sync() override {
      const int r = a_->pubsync();
      if (b_) b_->pubsync();
      return r;
    }

   private:
    std::streambuf* a_;
    std::streambuf* b_;
  };

  std::ofstream file_;
  Tee buf_;
  std::ostream out_;
};

}  // namespace harness
