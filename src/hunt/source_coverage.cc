#include "rampart/hunt/source_coverage.h"

#include <fmt/format.h>

namespace rampart::hunt {
namespace {

struct CoverageScratch : Detector::Scratch {
  bool seen = false;  // one event per batch is enough: a batch is one file
};

std::string ClassName(const detect::EventClass& c) {
  std::string name = c.product;
  if (!c.service.empty()) name += (name.empty() ? "" : "/") + c.service;
  std::string categories = fmt::format("{}", fmt::join(c.categories, ", "));
  if (!categories.empty()) name += (name.empty() ? "" : " ") + categories;
  return name;
}

}  // namespace

std::unique_ptr<Detector::Scratch> SourceCoverage::NewScratch() const { return std::make_unique<CoverageScratch>(); }

void SourceCoverage::Match(const detect::Event& event, detect::Sink&, Scratch& scratch) const {
  auto& s = static_cast<CoverageScratch&>(scratch);
  if (s.seen) return;
  s.seen = true;
  detect::EventClass c = detect::ClassifyEvent(event);
  if (!c.known) return;
  std::string name = ClassName(c);
  std::lock_guard lock(mu_);
  if (names_.insert(name).second) classes_.push_back(std::move(c));
}

std::vector<std::string> SourceCoverage::Uncovered(const detect::RuleSet& rules) const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const detect::EventClass& c : classes_) {
    bool covered = false;
    for (const detect::SigmaRule& rule : rules.rules()) {
      if (detect::LogSourceApplies(rule.info.logsource, c)) {
        covered = true;
        break;
      }
    }
    if (!covered) out.push_back(ClassName(c));
  }
  return out;
}

}  // namespace rampart::hunt
