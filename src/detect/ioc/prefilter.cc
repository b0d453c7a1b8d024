// The literal prefilter behind IocSet::ScanText. Every token that can hit an
// entry contains a literal derived from that entry: a domain's name (any
// case), an e-mail address or hash (any case), a URL's host (any case), an
// IPv4 address's octets (with the leading zeros ParseIpv4 accepts, hence a
// small regex). One Vectorscan scan over a whole buffer finds where such
// literals occur; only the whitespace-delimited runs around them are handed
// to the exact scanner (tokens never span whitespace), so the result equals
// a full Scan. IPv6 addresses and CIDR blocks have no such literal: a set
// holding any gets no prefilter and ScanText is a plain Scan. Very large
// sets also scan in full: Vectorscan compile time grows with the pattern
// count while the hash-based scan does not.
#include <hs/hs.h>

#include <string>
#include <vector>

#include "ioc/ioc_internal.h"

namespace rampart::detect::internal {

struct Prefilter {
  hs_database_t* db = nullptr;
  ~Prefilter() { hs_free_database(db); }
};

void PrefilterDeleter::operator()(Prefilter* p) const { delete p; }

namespace {

// Vectorscan's compile time grows faster than linearly with the IPv4 regexes
// (measured in `rampart hunt`, 2026-11-28: 1,000 gen-iocs entries 3.7 CPU s,
// 3,000 entries 42 CPU s, 100 entries well under 0.1 s), so larger sets scan
// in full: a full scan costs ~2 CPU s per GiB, never minutes.
constexpr size_t kMaxPrefilterEntries = 500;

std::string Escape(std::string_view literal) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : literal) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// "1.2.30.4" -> 0{0,2}1\.0{0,2}2\.0{0,1}30\.0{0,2}4 (ParseIpv4 reads up to
// three digits per octet).
std::string Ipv4Pattern(std::string_view ip) {
  std::string out;
  size_t start = 0;
  while (start <= ip.size()) {
    size_t dot = ip.find('.', start);
    std::string_view octet = ip.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (octet.size() < 3) out += "0{0," + std::to_string(3 - octet.size()) + "}";
    out.append(octet);
    if (dot == std::string_view::npos) break;
    out += "\\.";
    start = dot + 1;
  }
  return out;
}

// The literal pattern of one entry, or "" if it has none.
bool EntryPattern(const IocEntry& e, std::string* pattern, unsigned* flags) {
  *flags = 0;
  switch (e.type) {
    case IocType::kIpv4:
      *pattern = Ipv4Pattern(e.ioc);
      return true;
    case IocType::kDomain: case IocType::kEmail: case IocType::kMd5: case IocType::kSha1:
    case IocType::kSha256: case IocType::kSha512:
      *pattern = Escape(e.ioc);
      *flags = HS_FLAG_CASELESS;
      return true;
    case IocType::kUrl: {
      // Canonical URLs have no scheme: the host runs to the first '/', '?' or ':'.
      std::string_view host = std::string_view(e.ioc).substr(0, e.ioc.find_first_of("/?:"));
      if (host.empty() || host.front() == '[') return false;
      *pattern = Escape(host);
      *flags = HS_FLAG_CASELESS;
      return true;
    }
    default:
      return false;  // IPv6, CIDR: no literal
  }
}

std::unique_ptr<Prefilter, PrefilterDeleter> Build(const std::deque<IocEntry>& entries) {
  if (entries.empty() || entries.size() > kMaxPrefilterEntries) return nullptr;
  std::vector<std::string> patterns;
  std::vector<unsigned> flags;
  for (const IocEntry& e : entries) {
    std::string pattern;
    unsigned f = 0;
    if (!EntryPattern(e, &pattern, &f)) return nullptr;
    patterns.push_back(std::move(pattern));
    flags.push_back(f);
  }
  std::vector<const char*> exprs;
  std::vector<unsigned> ids(patterns.size(), 0);
  for (const auto& p : patterns) exprs.push_back(p.c_str());
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                       nullptr, &db, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return nullptr;  // the full scan is always correct
  }
  std::unique_ptr<Prefilter, PrefilterDeleter> out(new Prefilter);
  out->db = db;
  return out;
}

bool IsSpace(char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }

// One scratch per thread, grown for whichever database it last served.
hs_scratch_t* ThreadScratch(const hs_database_t* db) {
  struct Holder {
    hs_scratch_t* scratch = nullptr;
    ~Holder() { hs_free_scratch(scratch); }
  };
  thread_local Holder holder;
  if (hs_alloc_scratch(db, &holder.scratch) != HS_SUCCESS) return nullptr;
  return holder.scratch;
}

struct ScanState {
  const IocSetImpl* set;
  std::string_view text;
  absl::FunctionRef<void(const IocHit&)>* fn;
  size_t hits = 0;
  size_t scanned_to = 0;  // end of the last run handed to Scan
};

int OnMatch(unsigned, unsigned long long, unsigned long long to, unsigned, void* context) {
  auto* st = static_cast<ScanState*>(context);
  size_t at = static_cast<size_t>(to) - 1;  // last byte of the literal: inside its run
  if (at < st->scanned_to) return 0;        // that run was scanned already
  const char* b = st->text.data();
  size_t s = at, e = at + 1;
  while (s > st->scanned_to && !IsSpace(b[s - 1])) --s;
  while (e < st->text.size() && !IsSpace(b[e])) ++e;
  st->hits += st->set->Scan(st->text.substr(s, e - s), *st->fn);
  st->scanned_to = e;
  return 0;
}

}  // namespace

const Prefilter* IocSetImpl::GetPrefilter() const {
  if (prefilter_state.load(std::memory_order_acquire) == 0) {
    std::lock_guard<std::mutex> lock(prefilter_mu);
    if (prefilter_state.load(std::memory_order_relaxed) == 0) {
      prefilter = Build(entries);
      prefilter_state.store(1, std::memory_order_release);
    }
  }
  return prefilter.get();
}

size_t IocSetImpl::ScanText(std::string_view text, absl::FunctionRef<void(const IocHit&)> fn) const {
  const Prefilter* pf = GetPrefilter();
  if (pf == nullptr || text.size() > 0xffffffffu) return Scan(text, fn);
  hs_scratch_t* scratch = ThreadScratch(pf->db);
  if (scratch == nullptr) return Scan(text, fn);
  ScanState st{this, text, &fn};
  if (hs_scan(pf->db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, OnMatch, &st) != HS_SUCCESS) {
    // Only set-up errors fail a scan (the callback never stops it), before
    // any match was reported.
    return Scan(text, fn);
  }
  return st.hits;
}

}  // namespace rampart::detect::internal
