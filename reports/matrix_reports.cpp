#include "reports/matrix_reports.hpp"

#include "reports/file_output.hpp"
#include "reports/matrix_json.hpp"

namespace harness {

MatrixDirFiles matrix_dir_files(const std::filesystem::path& dir) {
  return {dir / "matrix.json", dir / "summary.txt", dir / "junit.xml", dir / "index.html"};
}

void write_matrix_reports(const MatrixResult& m, const std::filesystem::path& dir,
                          const std::vector<std::string>& notes) {
  const MatrixDirFiles f = matrix_dir_files(dir);
  write_matrix_json(m, f.matrix_json);
  std::string summary = render_matrix_summary(m);
  for (const auto& n : notes) summary += "note: " + n + "\n";
  write_file_atomically(f.summary, summary);
  write_matrix_junit(m, f.junit);
  write_matrix_index_html(m, dir);
}

}  // namespace harness
