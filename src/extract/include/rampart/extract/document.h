// Documents: the text of a report as rampart reads it, from .txt, .md, .html
// or .pdf bytes, in UTF-8 or Windows-1252/Latin-1.
//
// LoadDocument() is the one entry point: it detects the format (from the
// name's extension, else from the bytes), extracts the article text
// (html: visible text of the page without <script>, <style>, <nav>,
// <header>, <footer>, <aside>, <form>, <noscript>; pdf: poppler's text of
// every page in reading order), decodes it to UTF-8 (valid UTF-8 stays as is;
// anything else is read as Windows-1252, which is a superset of the printable
// Latin-1 range) and normalises line ends to '\n'.
//
// Failure is a value: InvalidInput naming the document and the reason for
// empty input, binary data (NUL bytes or mostly control characters), a
// document whose extracted text is empty (an html page with scripts only, a
// scanned pdf without a text layer), a single line longer than
// kMaxLineBytes, or more than kMaxDocumentBytes in all. Never throws.
//
// Thread-safety: stateless; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "rampart/core/status.h"

namespace rampart::extract {

enum class Format { kAuto, kText, kMarkdown, kHtml, kPdf };

// "auto", "txt"/"text", "md"/"markdown", "html"/"htm", "pdf".
Result<Format> ParseFormat(std::string_view text);
std::string_view FormatName(Format format);

// Limits on what LoadDocument accepts (reasons in docs/design/extract.md).
inline constexpr size_t kMaxDocumentBytes = 64u << 20;  // 64 MiB of input
inline constexpr size_t kMaxLineBytes = 1u << 20;        // 1 MiB without a line break

struct Document {
  std::string name;      // as given (a path, "-" for stdin); used in messages
  Format format = Format::kText;
  std::string encoding;  // "UTF-8" or "windows-1252" (what the bytes were)
  std::string text;      // UTF-8, '\n' line ends, never empty
  std::string title;     // <title>/first heading for html and md, pdf title, else ""
  std::string sha256;    // lower-case hex SHA-256 of the original bytes
};

// Reads `bytes` (the whole file) as a document called `name`.
// `format` kAuto: by extension of `name`, else by sniffing the bytes
// ("%PDF-", "<html"/"<!doctype html", else text).
Result<Document> LoadDocument(std::string_view bytes, std::string_view name,
                              Format format = Format::kAuto);

// The pieces LoadDocument is made of, exposed for tests and fuzzing.
namespace text {

// Decodes `bytes` to UTF-8: valid UTF-8 (a leading BOM dropped) is returned
// unchanged with encoding "UTF-8"; otherwise the bytes are converted from
// Windows-1252 (ICU) and encoding is "windows-1252". Never fails.
std::string DecodeToUtf8(std::string_view bytes, std::string* encoding);

// True if `bytes` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view bytes);
// The offset of the first byte that starts an ill-formed sequence; npos if none.
size_t FirstInvalidUtf8(std::string_view bytes);

// The article text of an html page (UTF-8 in, UTF-8 out); `title` receives
// <title> (or the first <h1>). Block elements end lines; whitespace runs in
// inline text collapse to one space.
std::string HtmlToText(std::string_view html, std::string* title);

// The text of a pdf; InvalidInput if poppler cannot open it.
Result<std::string> PdfToText(std::string_view pdf, std::string* title);

// Markdown to plain text: drops code fences' markers, heading '#'s, emphasis
// markers, link targets ("[text](url)" -> "text (url)"), html comments.
std::string MarkdownToText(std::string_view markdown, std::string* title);

}  // namespace text
}  // namespace rampart::extract
