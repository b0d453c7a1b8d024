#include "rampart/respond/asset_index.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace rampart::respond {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

void Add(std::unordered_map<std::string, std::vector<uint32_t>>& map, const std::string& key, uint32_t owner) {
  if (key.empty()) return;
  std::vector<uint32_t>& owners = map[key];
  if (owners.empty() || owners.back() != owner) owners.push_back(owner);
}

// The product part of "cpe:2.3:a:<vendor>:<product>:..."; empty if absent.
std::string_view CpeProduct(std::string_view cpe) {
  for (int field = 0; field < 4; ++field) {
    size_t colon = cpe.find(':');
    if (colon == std::string_view::npos) return {};
    cpe.remove_prefix(colon + 1);
  }
  return cpe.substr(0, cpe.find(':'));
}

}  // namespace

std::string AssetIndex::ProductKey(std::string_view product) {
  std::string key;
  for (char ch : product) {
    if (std::isalnum(static_cast<unsigned char>(ch))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return key;
}

AssetIndex::AssetIndex(std::vector<Constituent> constituents) : constituents_(std::move(constituents)) {
  struct Event {
    Address at;
    bool start;
    uint32_t owner;
  };
  std::vector<Event> events;
  for (uint32_t i = 0; i < constituents_.size(); ++i) {
    const Constituent& c = constituents_[i];
    if (c.revoked) continue;
    Add(names_, c.name, i);
    for (const std::string& network : c.networks) {
      auto cidr = ParseCidr(network);
      if (!cidr.ok()) continue;  // canonicalised constituents always parse
      events.push_back({cidr->first, true, i});
      if (cidr->last != ~Address{0}) events.push_back({cidr->last + 1, false, i});
    }
    for (const std::string& domain : c.domains) Add(domains_, Lower(domain), i);
    for (const std::string& host : c.hosts) {
      std::string name = Lower(host);
      Add(hosts_, name, i);
      Add(short_hosts_, name.substr(0, name.find('.')), i);
    }
    for (const std::string& sector : c.sectors) Add(sectors_, sector, i);
    for (const SoftwareItem& item : c.software) {
      Add(products_, ProductKey(item.product), i);
      std::string cpe_key = ProductKey(CpeProduct(item.cpe));
      if (cpe_key != ProductKey(item.product)) Add(products_, cpe_key, i);
    }
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
  std::map<uint32_t, int> active;  // owner -> number of its networks covering the sweep point
  for (size_t i = 0; i < events.size();) {
    Address at = events[i].at;
    for (; i < events.size() && events[i].at == at; ++i) {
      if (events[i].start) {
        ++active[events[i].owner];
      } else if (--active[events[i].owner] == 0) {
        active.erase(events[i].owner);
      }
    }
    std::vector<uint32_t> owners;
    owners.reserve(active.size());
    for (const auto& [owner, count] : active) owners.push_back(owner);
    range_starts_.push_back(at);
    range_owners_.push_back(std::move(owners));
  }
}

AssetIndex::Owners AssetIndex::Find(const Map& map, const std::string& key) {
  auto it = map.find(key);
  if (it == map.end()) return {};
  return it->second;
}

AssetIndex::Owners AssetIndex::ByAddress(Address address) const {
  auto it = std::upper_bound(range_starts_.begin(), range_starts_.end(), address);
  if (it == range_starts_.begin()) return {};
  return range_owners_[static_cast<size_t>(it - range_starts_.begin()) - 1];
}

AssetIndex::Owners AssetIndex::ByAddress(std::string_view address) const {
  std::optional<Address> parsed = ParseAddress(address);
  if (!parsed) return {};
  return ByAddress(*parsed);
}

AssetIndex::Owners AssetIndex::ByDomain(std::string_view name) const {
  std::string key = Lower(name);
  if (!key.empty() && key.back() == '.') key.pop_back();
  std::string_view rest = key;
  while (!rest.empty()) {
    if (auto it = domains_.find(std::string(rest)); it != domains_.end()) return it->second;
    size_t dot = rest.find('.');
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return {};
}

AssetIndex::Owners AssetIndex::ByHost(std::string_view host) const {
  std::string key = Lower(host);
  if (!key.empty() && key.back() == '.') key.pop_back();
  if (key.find('.') == std::string::npos) return Find(short_hosts_, key);
  return Find(hosts_, key);
}

AssetIndex::Owners AssetIndex::BySector(std::string_view sector) const { return Find(sectors_, Lower(sector)); }

AssetIndex::Owners AssetIndex::BySoftware(std::string_view product) const {
  return Find(products_, ProductKey(product));
}

int64_t AssetIndex::ByName(std::string_view name) const {
  Owners owners = Find(names_, std::string(name));
  return owners.empty() ? int64_t{-1} : static_cast<int64_t>(owners.front());
}

}  // namespace rampart::respond
