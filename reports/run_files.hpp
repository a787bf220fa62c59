#pragma once
// The files of a run directory that report.html links, so that a reader goes from a mark on the
// plot to the node's journal, the History or the progress lines in one click. Only files the
// directory holds when the page is written are listed: a run killed before its verdict, or a
// node whose logs could not be collected, shows fewer links, never dead ones.
#include <filesystem>
#include <string>
#include <vector>

namespace harness {

struct RunFileLink {
  std::string href;  // relative to the run directory, percent-encoded
  std::string name;  // "history.jsonl", "logs/n1/journal.txt"
  std::string what;  // what it holds, for people; "" for node logs
};

// The run's own files first (docs/REPORTS.md, "Run directory"), then logs/<node>/... per node,
// each in name order. report.html itself and temporary files are left out.
std::vector<RunFileLink> run_file_links(const std::filesystem::path& run_dir);

}  // namespace harness
