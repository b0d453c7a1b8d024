#include "render/table.h"

#include <algorithm>

namespace rampart::cli {

Table::Table(std::vector<std::string> header) : header_(std::move(header)) {}

void Table::AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

size_t DisplayWidth(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Table::Render(int indent) const {
  std::vector<const std::vector<std::string>*> all;
  if (!header_.empty()) all.push_back(&header_);
  for (const auto& row : rows_) all.push_back(&row);
  std::vector<size_t> widths;
  for (const auto* row : all) {
    if (row->size() > widths.size()) widths.resize(row->size(), 0);
    for (size_t i = 0; i < row->size(); ++i) widths[i] = std::max(widths[i], DisplayWidth((*row)[i]));
  }
  std::string out;
  for (const auto* row : all) {
    std::string line(indent, ' ');
    // Trailing empty cells would only produce blanks.
    size_t last = row->size();
    while (last > 0 && (*row)[last - 1].empty()) --last;
    for (size_t i = 0; i < last; ++i) {
      line += (*row)[i];
      if (i + 1 < last) line.append(widths[i] - DisplayWidth((*row)[i]) + 2, ' ');
    }
    out += line;
    out += '\n';
  }
  return out;
}

std::string Ellipsize(std::string_view text, size_t max_width) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) clean += (c == '\n' || c == '\t' || c == '\r') ? ' ' : c;
  if (DisplayWidth(clean) <= max_width) return clean;
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < clean.size(); ++i) {
    unsigned char c = clean[i];
    if ((c & 0xC0) != 0x80) {
      if (n + 3 >= max_width) break;
      ++n;
    }
    out += clean[i];
  }
  return out + "...";
}

std::string WrapText(std::string_view text, size_t width, int indent) {
  std::string out, line;
  size_t line_width = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n')) ++pos;
    size_t end = pos;
    while (end < text.size() && text[end] != ' ' && text[end] != '\n') ++end;
    if (end == pos) break;
    std::string_view word = text.substr(pos, end - pos);
    size_t w = DisplayWidth(word);
    if (line_width > 0 && line_width + 1 + w > width) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
      line_width = 0;
    }
    if (line_width > 0) {
      line += ' ';
      ++line_width;
    }
    line += word;
    line_width += w;
    pos = end;
  }
  return out + line;
}

}  // namespace rampart::cli
