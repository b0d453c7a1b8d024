// CollectingSink: copies hits for tests and small tools.
#include "rampart/detect/sink.h"

namespace rampart::detect {

void CollectingSink::OnHit(const Hit& hit) {
  CollectedHit h;
  h.rule_id = hit.rule->id;
  h.title = hit.rule->title;
  h.level = hit.rule->level;
  for (const auto& m : hit.matched) h.matched.emplace_back(std::string(m.field), std::string(m.value));
  h.source = hit.event->Source();
  h.source.file = {};
  if (hit.correlation) {
    h.correlation = true;
    h.count = hit.correlation->count;
    h.value = hit.correlation->value;
  }
  hits_.push_back(std::move(h));
}

}  // namespace rampart::detect
