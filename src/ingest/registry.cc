#include "rampart/ingest/registry.h"

#include <algorithm>

#include "absl/strings/cord.h"
#include "fmt/format.h"
#include "readers/readers.h"

namespace rampart::ingest {
namespace {

// Status payload marking "no reader fits" (IsFormatNotRecognised).
constexpr char kNotRecognised[] = "rampart.ingest/format-not-recognised";

constexpr std::string_view kNames[] = {"csv", "evtx", "jsonl", "syslog", "w3c", "zeek"};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::string_view FirstLine(std::string_view head) {
  size_t nl = head.find('\n');
  std::string_view line = head.substr(0, nl);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool LooksLikeSyslog(std::string_view line) {
  if (line.size() > 2 && line[0] == '<') {
    size_t i = 1;
    while (i < line.size() && i <= 4 && line[i] >= '0' && line[i] <= '9') ++i;
    return i > 1 && i < line.size() && line[i] == '>';
  }
  static constexpr std::string_view kMonths[] = {"Jan ", "Feb ", "Mar ", "Apr ", "May ", "Jun ",
                                                 "Jul ", "Aug ", "Sep ", "Oct ", "Nov ", "Dec "};
  for (auto m : kMonths) {
    if (StartsWith(line, m) && line.size() > 15 && line[9] == ':') return true;
  }
  return false;
}

bool LooksLikeZeekJson(std::string_view line) {
  return (line.find("\"ts\":") != std::string_view::npos || line.find("\"ts\" :") != std::string_view::npos) &&
         (line.find("\"uid\":") != std::string_view::npos || line.find("\"_path\":") != std::string_view::npos ||
          line.find("\"id.orig_h\":") != std::string_view::npos);
}

bool LooksLikeCsv(std::string_view line) {
  if (line.empty()) return false;
  for (char sep : {',', ';', '\t'}) {
    if (std::count(line.begin(), line.end(), sep) >= 1) return true;
  }
  return false;
}

// Logs are text: no NUL byte, and control bytes other than tab, line breaks
// and form feed make up at most 1 in 100 (a stray escape sequence passes).
bool LooksLikeText(std::string_view head) {
  size_t control = 0;
  for (char ch : head) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == 0) return false;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F) ++control;
  }
  return control * 100 <= head.size();
}

}  // namespace

std::vector<std::string_view> ReaderNames() { return {std::begin(kNames), std::end(kNames)}; }

bool IsReaderName(std::string_view name) {
  return name == "auto" || name == "json" ||
         std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

bool IsFormatNotRecognised(const Status& status) { return status.GetPayload(kNotRecognised).has_value(); }

std::string_view DetectFormat(std::string_view head, std::string_view path) {
  if (StartsWith(head, std::string_view("ElfFile\0", 8))) return "evtx";
  // Skip a UTF-8 byte order mark and leading blank space.
  if (StartsWith(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  if (!LooksLikeText(head)) return EndsWith(path, ".evtx") ? "evtx" : "";
  size_t first = head.find_first_not_of(" \t\r\n");
  std::string_view rest = first == std::string_view::npos ? std::string_view() : head.substr(first);
  if (StartsWith(rest, "#separator")) return "zeek";
  if (StartsWith(rest, "#Software: Microsoft Internet Information Services") || StartsWith(rest, "#Version:") ||
      StartsWith(rest, "#Date:") || StartsWith(rest, "#Fields:") || StartsWith(rest, "#Software:"))
    return "w3c";
  if (StartsWith(rest, "{")) return LooksLikeZeekJson(FirstLine(rest)) ? "zeek" : "jsonl";
  if (StartsWith(rest, "[")) return "jsonl";
  std::string_view line = FirstLine(rest);
  if (LooksLikeSyslog(line)) return "syslog";
  if (EndsWith(path, ".evtx")) return "evtx";
  if (EndsWith(path, ".json") || EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson")) return "jsonl";
  if (EndsWith(path, ".csv") || EndsWith(path, ".tsv")) return "csv";
  if (LooksLikeCsv(line)) return "csv";
  return {};
}

Result<std::unique_ptr<Reader>> OpenReaderOnStream(std::unique_ptr<ByteStream> stream, std::string head,
                                                   const ReadOptions& options) {
  const std::string path = stream->path();
  std::string_view format = options.format;
  if (!IsReaderName(format)) {
    return InvalidInput(fmt::format("unknown log format '{}' (known: auto, {})", format, fmt::join(kNames, ", ")));
  }
  if (format == "auto") {
    format = DetectFormat(head, path);
    if (format.empty()) {
      if (head.empty()) format = "jsonl";  // empty input: any reader yields nothing
      else {
        Status st = InvalidInput(
            LooksLikeText(head)
                ? "log format not recognised (tried evtx, zeek, w3c, jsonl, syslog, csv); name it with --format"
                : "binary data, not a log format rampart reads (evtx, zeek, w3c, jsonl, syslog, csv)",
            ErrorContext{path});
        st.SetPayload(kNotRecognised, absl::Cord("1"));
        return st;
      }
    }
  }
  size_t first = head.find_first_not_of(" \t\r\n");
  bool json_like = first != std::string::npos && head[first] == '{';
  // Give the sniffed bytes back to the reader.
  std::unique_ptr<ByteStream> replay = PrefixStream(std::move(stream), std::move(head));
  if (format == "zeek" && json_like) return internal::NewJsonlReader("zeek", std::move(replay), options);
  if (format == "evtx") return internal::NewEvtxReader(std::move(replay), options);
  if (format == "jsonl" || format == "json") return internal::NewJsonlReader("jsonl", std::move(replay), options);
  if (format == "w3c") return internal::NewW3cReader(std::move(replay), options);
  if (format == "syslog") return internal::NewSyslogReader(std::move(replay), options);
  if (format == "csv") return internal::NewCsvReader(std::move(replay), options);
  // zeek: TSV when it has the header, else JSON.
  return internal::NewZeekTsvReader(std::move(replay), options);
}

Result<std::unique_ptr<Reader>> OpenReader(const std::string& path, const ReadOptions& options) {
  auto stream = OpenByteStream(path);
  if (!stream.ok()) return stream.status();
  std::string head(64 * 1024, '\0');
  auto got = ReadFull(**stream, head.data(), head.size());
  if (!got.ok()) return got.status();
  head.resize(*got);
  return OpenReaderOnStream(std::move(*stream), std::move(head), options);
}

}  // namespace rampart::ingest
