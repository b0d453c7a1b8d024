#include "ingest_test_util.h"

#include <cstdlib>

#include "rampart/ingest/registry.h"

namespace rampart::ingest::testing {

Collected ReadAll(const std::string& path, const ReadOptions& options,
                  const std::function<void(const detect::Event&)>& each) {
  Collected out;
  auto reader = OpenReader(path, options);
  if (!reader.ok()) {
    out.open_error = FormatError(reader.status());  // "path: why", as a hunt prints it
    return out;
  }
  out.format = std::string((*reader)->format());
  EventBatch batch;
  while ((*reader)->Next(batch)) {
    for (const detect::Event& e : batch) {
      out.json.push_back(e.ToJson());
      detect::EventSource s = e.Source();
      out.files.emplace_back(s.file);
      out.where.push_back(s);
      if (each) each(e);
    }
  }
  out.stats = (*reader)->stats();
  return out;
}

int Shell(const std::string& command) { return std::system(command.c_str()); }

std::string IssuesText(const ReadStats& stats) {
  std::string s;
  for (const auto& i : stats.issues) s += i.ToString() + "\n";
  return s;
}

}  // namespace rampart::ingest::testing
