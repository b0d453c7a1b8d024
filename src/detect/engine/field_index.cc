// Two passes over the event's fields: the first finds, per name, the best
// lookup step that hits anything; the second lists the fields of that step
// in record order (the FlatEvent::Values contract).
#include "engine/field_index.h"

#include <algorithm>

#include "engine/compiled.h"
#include "rampart/core/strings.h"

namespace rampart::detect::internal {
namespace {

// Events whose paths are not interned would grow the cache without bound.
constexpr size_t kMaxCached = 1 << 16;

std::string Fold(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(FoldAscii(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const std::vector<uint32_t> EventFieldIndex::kNone;

int32_t NameTable::Add(const std::string& name) {
  auto [it, added] = exact_.try_emplace(name, static_cast<int32_t>(names_.size()));
  if (added) names_.push_back(name);
  return it->second;
}

void NameTable::Finish() {
  folded_.clear();
  for (size_t i = 0; i < names_.size(); ++i) folded_[Fold(names_[i])].push_back(static_cast<int32_t>(i));
}

int32_t NameTable::Exact(std::string_view s) const {
  auto it = exact_.find(ToAbsl(s));
  return it == exact_.end() ? -1 : it->second;
}

const std::vector<int32_t>* NameTable::Folded(std::string_view folded) const {
  auto it = folded_.find(ToAbsl(folded));
  return it == folded_.end() ? nullptr : &it->second;
}

EventFieldIndex::EventFieldIndex(const NameTable& table)
    : table_(table),
      best_(table.size(), 0),
      best_epoch_(table.size(), 0),
      list_epoch_(table.size(), 0),
      lists_(table.size()) {}

const EventFieldIndex::StrInfo& EventFieldIndex::Info(std::string_view s) {
  auto key = std::make_pair(s.data(), s.size());
  auto it = cache_.find(key);
  if (it != cache_.end() && it->second.text == s) return it->second;
  if (it == cache_.end() && cache_.size() >= kMaxCached) cache_.clear();
  StrInfo& info = cache_[key];
  info.text.assign(s);
  info.exact = table_.Exact(s);
  fold_.assign(s);
  for (char& c : fold_) c = static_cast<char>(FoldAscii(static_cast<unsigned char>(c)));
  const std::vector<int32_t>* folded = table_.Folded(fold_);
  if (folded) info.folded = *folded;
  else info.folded.clear();
  return info;
}

void EventFieldIndex::Consider(int32_t id, uint8_t pass) {
  if (best_epoch_[id] != epoch_ || pass < best_[id]) {
    best_epoch_[id] = epoch_;
    best_[id] = pass;
  }
}

void EventFieldIndex::Build(const FlatEvent& event) {
  if (++epoch_ == 0) {
    std::fill(best_epoch_.begin(), best_epoch_.end(), 0);
    std::fill(list_epoch_.begin(), list_epoch_.end(), 0);
    epoch_ = 1;
  }
  const auto& fields = event.fields();
  // A reference into the cache dies at the next insertion: resolve each
  // string once and keep only the small results.
  auto& hits = hits_;
  hits.clear();
  for (uint32_t i = 0; i < fields.size(); ++i) {
    const FlatField& f = fields[i];
    {
      const StrInfo& p = Info(f.path);
      if (p.exact >= 0) hits.push_back({p.exact, 0, i});
      for (int32_t id : p.folded) hits.push_back({id, 2, i});
    }
    const StrInfo& n = Info(f.name);
    if (n.exact >= 0) hits.push_back({n.exact, 1, i});
    for (int32_t id : n.folded) hits.push_back({id, 3, i});
  }
  for (const Hit& h : hits) Consider(h.id, h.pass);
  // hits are in field order; within a field a name may hit by several steps
  // but only one of them is the best.
  for (const Hit& h : hits) {
    if (best_[h.id] != h.pass) continue;
    if (list_epoch_[h.id] != epoch_) {
      list_epoch_[h.id] = epoch_;
      lists_[h.id].clear();
    }
    auto& list = lists_[h.id];
    if (list.empty() || list.back() != h.field) list.push_back(h.field);
  }
}

}  // namespace rampart::detect::internal
