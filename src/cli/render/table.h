// Aligned plain-text tables and small text helpers for terminal output.
//
// Output is deterministic: no terminal-width probing, no colour. Widths are
// counted in UTF-8 code points, so names with accents stay aligned.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rampart::cli {

class Table {
 public:
  // `header` may be empty (no header row). A header row is printed as given.
  explicit Table(std::vector<std::string> header = {});

  // Adds one row; missing cells are empty, extra cells widen the table.
  void AddRow(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }
  size_t size() const { return rows_.size(); }

  // Every row on its own line, preceded by `indent` spaces, columns separated
  // by two spaces. The last column is not padded (no trailing blanks).
  std::string Render(int indent = 0) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Number of UTF-8 code points in `text`.
size_t DisplayWidth(std::string_view text);

// `text` cut to at most `max_width` code points, ending in "..." when cut.
// Newlines and tabs become spaces.
std::string Ellipsize(std::string_view text, size_t max_width);

// Word-wraps `text` to lines of at most `width` code points (longer words
// stay whole); lines after the first are preceded by `indent` spaces.
std::string WrapText(std::string_view text, size_t width, int indent);

}  // namespace rampart::cli
