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

// How the bytes of a text/markdown/html document are decoded.
//   kAuto:        UTF-8 if the bytes are valid UTF-8; otherwise each invalid
//                 byte is read as Windows-1252 (valid UTF-8 sequences are
//                 kept) and Document::warning says so, naming the first
//                 invalid byte.
//   kUtf8:        UTF-8 only; invalid UTF-8 is an error naming the byte.
//   kWindows1252: every byte as Windows-1252 (cp1252).
//   kLatin1:      every byte as ISO-8859-1 (byte = code point).
enum class Encoding { kAuto, kUtf8, kWindows1252, kLatin1 };

// "utf-8"/"utf8", "windows-1252"/"cp1252", "latin-1"/"latin1"/"iso-8859-1"
// (any case); InvalidInput otherwise.
Result<Encoding> ParseEncoding(std::string_view text);

struct Document {
  std::string name;      // as given (a path, "-" for stdin); used in messages
  Format format = Format::kText;
  std::string encoding;  // "UTF-8", "windows-1252", "latin-1" or "pdf" (what the bytes were read as)
  std::string warning;   // set when the encoding was guessed (kAuto on invalid UTF-8), else ""
  std::string text;      // UTF-8, '\n' line ends, never empty
  std::string title;     // <title>/first heading for html and md, pdf title, else ""
  std::string sha256;    // lower-case hex SHA-256 of the original bytes
};

// Reads `bytes` (the whole file) as a document called `name`.
// `format` kAuto: by extension of `name`, else by sniffing the bytes
// ("%PDF-", "<html"/"<!doctype html", else text).
// `encoding`: see Encoding (ignored for pdf).
Result<Document> LoadDocument(std::string_view bytes, std::string_view name,
                              Format format = Format::kAuto, Encoding encoding = Encoding::kAuto);

// The pieces LoadDocument is made of, exposed for tests and fuzzing.
namespace text {

// Decodes `bytes` to UTF-8: valid UTF-8 (a leading BOM dropped) is returned
// unchanged with encoding "UTF-8"; otherwise valid UTF-8 sequences are kept
// and every other byte is read as Windows-1252, and encoding is
// "windows-1252". Never fails.
std::string DecodeToUtf8(std::string_view bytes, std::string* encoding);
// The headline of a plain-text article (UTF-8, '\n' lines): the first of
// its first 20 lines that has headline shape (3-25 words, at most 200 bytes,
// not ending in ':') and is not the masthead (a line naming `publication`,
// or a short line with "Edition", "Post", "Times", "News" ...), a byline
// ("By ...", "... Staff Reporter"), a date line ("Tuesday, July 20, 2021"),
// a URL, an address or a copyright line. "" if no line qualifies.
std::string HeadlineOf(std::string_view text, std::string_view publication);

// Every byte as Windows-1252 (`latin1` false) or ISO-8859-1 (true).
std::string SingleByteToUtf8(std::string_view bytes, bool latin1);

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
