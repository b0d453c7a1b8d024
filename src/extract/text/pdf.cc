// Text of a pdf with poppler-cpp, page by page in reading order.
#include <poppler-document.h>
#include <poppler-page.h>

#include <memory>

#include "rampart/extract/document.h"

namespace rampart::extract::text {
namespace {

std::string ToUtf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// poppler reports problems on stderr through this hook; rampart reports its
// own error values instead.
void Quiet(const std::string&, void*) {}

}  // namespace

Result<std::string> PdfToText(std::string_view pdf, std::string* title) {
  poppler::set_debug_error_function(&Quiet, nullptr);
  if (pdf.size() > static_cast<size_t>(INT32_MAX)) return InvalidInput("pdf too large");
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  if (!doc) return InvalidInput("not a readable pdf (poppler could not open it)");
  if (doc->is_locked()) return InvalidInput("the pdf is encrypted");
  if (title) *title = ToUtf8(doc->get_title());
  std::string text;
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    text += ToUtf8(page->text());
    text += "\n\n";
  }
  return text;
}

}  // namespace rampart::extract::text
