// LoadDocument: format detection, limits, decoding and the per-format text.
#include <openssl/evp.h>

#include <fmt/format.h>

#include "rampart/extract/document.h"

namespace rampart::extract {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = Lower(c);
  return r;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

Format Sniff(std::string_view bytes, std::string_view name) {
  std::string lower_name = LowerAscii(name);
  auto ends = [&](std::string_view ext) { return lower_name.ends_with(ext); };
  if (ends(".pdf")) return Format::kPdf;
  if (ends(".html") || ends(".htm") || ends(".xhtml")) return Format::kHtml;
  if (ends(".md") || ends(".markdown")) return Format::kMarkdown;
  if (ends(".txt") || ends(".text")) return Format::kText;
  if (bytes.starts_with("%PDF-")) return Format::kPdf;
  std::string head = LowerAscii(bytes.substr(0, 1024));
  size_t start = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start != std::string::npos &&
      (head.compare(start, 9, "<!doctype") == 0 || head.compare(start, 5, "<html") == 0 ||
       head.compare(start, 5, "<head") == 0 || head.compare(start, 5, "<body") == 0)) {
    return Format::kHtml;
  }
  return Format::kText;
}

// Binary data and over-long lines are refused with the position of the
// first offending byte.
Status CheckTextBytes(std::string_view bytes, std::string_view name) {
  size_t line = 1, line_start = 0, controls = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == '\n') {
      ++line;
      line_start = i + 1;
      continue;
    }
    if (i - line_start >= kMaxLineBytes) {
      return InvalidInput(fmt::format("line {} is longer than {} bytes: not prose (binary or minified data?)",
                                      line, kMaxLineBytes),
                          ErrorContext{.file = std::string(name), .line = static_cast<int64_t>(line)});
    }
    if (c == 0) {
      return InvalidInput("binary data (NUL byte): not a text document",
                          ErrorContext{.file = std::string(name), .line = static_cast<int64_t>(line),
                                       .column = static_cast<int64_t>(i - line_start + 1)});
    }
    if (c < 0x20 && c != '\t' && c != '\r' && c != '\f') ++controls;
  }
  if (controls * 100 > bytes.size()) {
    return InvalidInput(fmt::format("binary data ({} control bytes): not a text document", controls),
                        ErrorContext{.file = std::string(name)});
  }
  return Status();
}

// "line L, column C" of byte `at` (columns count bytes).
std::string LineAndColumn(std::string_view bytes, size_t at) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < at && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("line {}, column {}", line, column);
}

// Text bytes to UTF-8 as `encoding` says; a guess is reported in `warning`.
Result<std::string> Decode(std::string_view bytes, std::string_view name, Encoding encoding, Document& doc) {
  switch (encoding) {
    case Encoding::kWindows1252:
      doc.encoding = "windows-1252";
      return text::SingleByteToUtf8(bytes, /*latin1=*/false);
    case Encoding::kLatin1:
      doc.encoding = "latin-1";
      return text::SingleByteToUtf8(bytes, /*latin1=*/true);
    case Encoding::kUtf8:
    case Encoding::kAuto:
      break;
  }
  size_t bad = text::FirstInvalidUtf8(bytes);
  if (bad != std::string_view::npos) {
    std::string where = fmt::format("byte 0x{:02X} at offset {} ({})", static_cast<unsigned char>(bytes[bad]), bad,
                                    LineAndColumn(bytes, bad));
    if (encoding == Encoding::kUtf8) {
      return InvalidInput(fmt::format("not valid UTF-8: {} (--encoding windows-1252 or latin-1 reads it)", where),
                          ErrorContext{.file = std::string(name)});
    }
    doc.warning = fmt::format("{}: not valid UTF-8 (first invalid {}): read as Windows-1252 (--encoding chooses)",
                              name, where);
  }
  return text::DecodeToUtf8(bytes, &doc.encoding);
}

std::string NormaliseLines(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\f') {
      out.push_back('\n');
    } else {
      out.push_back(c);
    }
  }
  size_t start = out.find_first_not_of(" \t\n");
  if (start == std::string::npos) return "";
  size_t end = out.find_last_not_of(" \t\n");
  return out.substr(start, end - start + 1);
}

std::string Trimmed(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  std::string collapsed;
  for (char c : s) {
    if (c == ' ' && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed.push_back(c);
  }
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return collapsed;
}

}  // namespace

Result<Format> ParseFormat(std::string_view text) {
  std::string t = LowerAscii(text);
  if (t == "auto") return Format::kAuto;
  if (t == "txt" || t == "text") return Format::kText;
  if (t == "md" || t == "markdown") return Format::kMarkdown;
  if (t == "html" || t == "htm") return Format::kHtml;
  if (t == "pdf") return Format::kPdf;
  return InvalidInput(fmt::format("unknown document format '{}' (expected auto, txt, md, html or pdf)", text));
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kAuto: return "auto";
    case Format::kText: return "txt";
    case Format::kMarkdown: return "md";
    case Format::kHtml: return "html";
    case Format::kPdf: return "pdf";
  }
  return "txt";
}

Result<Encoding> ParseEncoding(std::string_view text) {
  std::string t = LowerAscii(text);
  if (t == "utf-8" || t == "utf8") return Encoding::kUtf8;
  if (t == "windows-1252" || t == "cp1252") return Encoding::kWindows1252;
  if (t == "latin-1" || t == "latin1" || t == "iso-8859-1") return Encoding::kLatin1;
  if (t == "auto" || t.empty()) return Encoding::kAuto;
  return InvalidInput(fmt::format("unknown encoding '{}' (expected utf-8, windows-1252 or latin-1)", text));
}

Result<Document> LoadDocument(std::string_view bytes, std::string_view name, Format format, Encoding encoding) {
  ErrorContext where{.file = std::string(name)};
  if (bytes.empty()) return InvalidInput("empty document: nothing to read", where);
  if (bytes.size() > kMaxDocumentBytes) {
    return InvalidInput(fmt::format("document of {} bytes exceeds the limit of {} bytes", bytes.size(),
                                    kMaxDocumentBytes),
                        where);
  }
  Document doc;
  doc.name = std::string(name);
  doc.sha256 = Sha256Hex(bytes);
  doc.format = format == Format::kAuto ? Sniff(bytes, name) : format;
  std::string raw;
  if (doc.format == Format::kPdf) {
    auto text = text::PdfToText(bytes, &doc.title);
    if (!text.ok()) return WithContext(text.status(), where);
    doc.encoding = "pdf";
    raw = std::move(*text);
    RAMPART_RETURN_IF_ERROR(WithContext(CheckTextBytes(raw, name), where));
  } else {
    RAMPART_RETURN_IF_ERROR(CheckTextBytes(bytes, name));
    RAMPART_ASSIGN_OR_RETURN(std::string decoded, Decode(bytes, name, encoding, doc));
    if (doc.format == Format::kHtml) {
      raw = text::HtmlToText(decoded, &doc.title);
    } else if (doc.format == Format::kMarkdown) {
      raw = text::MarkdownToText(decoded, &doc.title);
    } else {
      raw = std::move(decoded);
    }
  }
  doc.text = NormaliseLines(std::move(raw));
  doc.title = Trimmed(std::move(doc.title));
  if (doc.text.empty()) {
    return InvalidInput(fmt::format("no text in this {} document (only markup, scripts or images?)",
                                    FormatName(doc.format)),
                        where);
  }
  return doc;
}

}  // namespace rampart::extract
