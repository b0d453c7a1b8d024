// Why the prefilters are shaped as they are is told in detectors.h.
#include "rampart/hunt/detectors.h"

#include <algorithm>
#include <future>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "rampart/core/time.h"
#include "rampart/stix/object.h"

namespace rampart::hunt {

bool IndicatorDetector::Prefilter(const ingest::EventBatch& batch, std::vector<uint8_t>& may_hit, Scratch& scratch) const {
  if (matcher_.stateless_pattern_count() > 0) return false;
  std::fill(may_hit.begin(), may_hit.end(), 0);
  const detect::IocSet& iocs = matcher_.ioc_set();
  if (iocs.empty()) return true;
  (void)scratch;
  // Kept per thread, not per batch scratch: re-growing a 4 MiB buffer for
  // every batch cost more system time (page faults) than the scan itself.
  thread_local IndicatorScratch s;
  s.text.clear();
  s.starts.clear();
  for (const detect::Event& event : batch) {
    s.starts.push_back(s.text.size());
    event.Fields([&](std::string_view, const detect::Value& v) {
      s.text.append(v.text);
      s.text.push_back('\n');
    });
  }
  iocs.ScanText(s.text, [&](const detect::IocHit& hit) {
    size_t offset = static_cast<size_t>(hit.token.data() - s.text.data());
    size_t event = static_cast<size_t>(std::upper_bound(s.starts.begin(), s.starts.end(), offset) - s.starts.begin()) - 1;
    may_hit[event] = 1;
  });
  return true;
}

void IocRecordFilter::Candidates(std::string_view text, std::vector<size_t>& offsets) const {
  const size_t first = offsets.size();
  if (threads_ > 1 && text.size() >= kSplitBytes) {
    size_t cut = text.find('\n', text.size() / 2);
    if (cut != std::string_view::npos && cut + 1 < text.size()) {
      std::string_view head = text.substr(0, cut + 1), tail = text.substr(cut + 1);
      std::vector<size_t> tail_offsets;
      auto tail_ok = std::async(std::launch::async, [&] {
        return iocs_.FindCandidates(tail, [&](size_t at) { tail_offsets.push_back(at); });
      });
      bool head_ok = iocs_.FindCandidates(head, [&](size_t at) { offsets.push_back(at); });
      if (tail_ok.get() && head_ok) {
        for (size_t at : tail_offsets) offsets.push_back(at + head.size());
        if (!std::is_sorted(offsets.begin() + first, offsets.end())) std::sort(offsets.begin() + first, offsets.end());
        return;
      }
      offsets.resize(first);
    }
  }
  if (!iocs_.FindCandidates(text, [&](size_t at) { offsets.push_back(at); })) {
    // Cannot tell (no prefilter after all): every line is a candidate.
    offsets.resize(first);
    size_t at = 0;
    while (at < text.size()) {
      offsets.push_back(at);
      size_t nl = text.find('\n', at);
      if (nl == std::string_view::npos) break;
      at = nl + 1;
    }
    return;
  }
  if (!std::is_sorted(offsets.begin() + first, offsets.end())) std::sort(offsets.begin() + first, offsets.end());
}

Result<StoredIndicators> IndicatorsFromStore(store::Store& kb, HuntedIndicators& hunted) {
  StoredIndicators out;
  store::ExportFilter filter;
  filter.types = {"indicator"};
  Status status = kb.Scan(filter, [&](const stix::Object& object) -> Status {
    nlohmann::json j = stix::ToJson(object);
    const std::string type = j.value("pattern_type", "stix");
    if (!j.contains("pattern") || !j["pattern"].is_string()) {
      out.not_huntable.emplace_back(object.id, "no pattern");
      return Status();
    }
    if (type == "sigma") {
      if (object.revoked) {
        out.not_huntable.emplace_back(object.id, "revoked");
        return Status();
      }
      hunted.AddStored(object);
      out.sigma.emplace_back(object.id, j["pattern"].get<std::string>());
      return Status();
    }
    if (type != "stix") {
      out.not_huntable.emplace_back(object.id, fmt::format("pattern_type '{}' is not hunted in logs", type));
      return Status();
    }
    hunted.AddStored(object);
    detect::IndicatorSpec spec;
    spec.id = object.id;
    spec.name = object.name;
    spec.description = object.description;
    spec.pattern = j["pattern"].get<std::string>();
    spec.pattern_version = j.value("pattern_version", "2.1");
    spec.revoked = object.revoked;
    if (j.contains("valid_from")) {
      if (auto t = ParseTimestamp(j["valid_from"].get<std::string>()); t.ok()) spec.valid_from = *t;
    }
    if (j.contains("valid_until")) {
      if (auto t = ParseTimestamp(j["valid_until"].get<std::string>()); t.ok()) spec.valid_until = *t;
    }
    for (const char* key : {"indicator_types", "labels"}) {
      if (j.contains(key) && j[key].is_array()) {
        for (const auto& label : j[key]) if (label.is_string()) spec.labels.push_back(label.get<std::string>());
      }
    }
    out.specs.push_back(std::move(spec));
    return Status();
  });
  if (!status.ok()) return status;
  return out;
}


}  // namespace rampart::hunt
