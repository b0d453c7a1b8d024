#include "rampart/intel/registry.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "common/json_file.h"
#include "misp/misp_event.h"

namespace rampart::intel {
namespace {

namespace fs = std::filesystem;

// The value of the first top-level `"key"` in `head` (a JSON prefix), as raw
// text up to the next delimiter; empty if the key does not occur.
bool HasKey(std::string_view head, std::string_view key) {
  return head.find(fmt::format("\"{}\"", key)) != std::string_view::npos;
}

bool TypeIsBundle(std::string_view head) {
  size_t pos = 0;
  while ((pos = head.find("\"type\"", pos)) != std::string_view::npos) {
    pos += 6;
    size_t colon = head.find_first_not_of(" \t\r\n", pos);
    if (colon == std::string_view::npos || head[colon] != ':') continue;
    size_t value = head.find_first_not_of(" \t\r\n", colon + 1);
    if (value != std::string_view::npos && head.substr(value, 8) == "\"bundle\"") return true;
  }
  return false;
}

Result<Format> DetectFile(const std::string& path) {
  if (fs::path(path).filename() == "manifest.json") return Format::kMisp;
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(fmt::format("cannot open file: {}", std::strerror(errno)), ErrorContext{.file = path});
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  size_t first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string::npos) return InvalidInput("empty file", ErrorContext{.file = path});
  if (TypeIsBundle(head)) return Format::kStix;
  if (HasKey(head, "Event")) return Format::kMisp;
  if (head[first] == '{' && HasKey(head, "values") && !HasKey(head, "spec_version")) {
    return Format::kGalaxy;
  }
  if (head[first] == '[' || (HasKey(head, "type") && HasKey(head, "id"))) return Format::kStix;
  // Small files whose telling keys come late: parse and look.
  RAMPART_ASSIGN_OR_RETURN(auto document, internal::ReadJsonFile(path));
  if (internal::LooksLikeMispEvent(document) || internal::LooksLikeMispManifest(document)) {
    return Format::kMisp;
  }
  if (document.is_object() && document.contains("values")) return Format::kGalaxy;
  return InvalidInput(
      "not a STIX bundle or object, a MISP event or feed manifest, or a MISP galaxy cluster file",
      ErrorContext{.file = path});
}

}  // namespace

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kAuto: return "auto";
    case Format::kStix: return "stix";
    case Format::kMisp: return "misp";
    case Format::kGalaxy: return "galaxy";
  }
  return "auto";
}

Result<Format> ParseFormat(std::string_view text) {
  for (Format format : {Format::kAuto, Format::kStix, Format::kMisp, Format::kGalaxy}) {
    if (text == FormatName(format)) return format;
  }
  return InvalidInput(fmt::format("unknown format '{}' (expected auto, stix, misp or galaxy)", text));
}

Result<Format> DetectFormat(const std::string& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    if (fs::exists(fs::path(path) / "manifest.json", error)) return Format::kMisp;
    return InvalidInput("a folder is not one format; its files are detected one by one",
                        ErrorContext{.file = path});
  }
  return DetectFile(path);
}

Result<std::vector<ImportFile>> ExpandPaths(const std::vector<std::string>& paths, Format format) {
  std::vector<ImportFile> files;
  for (const auto& path : paths) {
    std::error_code error;
    if (!fs::exists(path, error)) return IoError("no such file or folder", ErrorContext{.file = path});
    if (!fs::is_directory(path, error)) {
      files.push_back(ImportFile{path, format});
      continue;
    }
    fs::path manifest = fs::path(path) / "manifest.json";
    if (fs::exists(manifest, error)) {
      RAMPART_ASSIGN_OR_RETURN(auto document, internal::ReadJsonFile(manifest.string()));
      if (!internal::LooksLikeMispManifest(document)) {
        return InvalidInput("manifest.json is not a MISP feed manifest (uuid -> event)",
                            ErrorContext{.file = manifest.string()});
      }
      for (const auto& [uuid, summary] : document.items()) {
        fs::path event = fs::path(path) / (uuid + ".json");
        if (!fs::exists(event, error)) {
          return IoError(fmt::format("feed event {} listed in manifest.json is missing", uuid),
                         ErrorContext{.file = event.string()});
        }
        files.push_back(ImportFile{event.string(), Format::kMisp});
      }
      continue;
    }
    std::vector<std::string> names;
    for (fs::directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
      if (it->is_regular_file(error) && it->path().extension() == ".json") {
        names.push_back(it->path().string());
      }
    }
    if (error) return IoError(fmt::format("cannot list folder: {}", error.message()),
                              ErrorContext{.file = path});
    std::sort(names.begin(), names.end());
    for (auto& name : names) files.push_back(ImportFile{std::move(name), format});
  }
  return files;
}

}  // namespace rampart::intel
