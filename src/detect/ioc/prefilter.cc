// The literal prefilter behind IocSet::ScanText and IocSet::FindCandidates.
// Every token that can hit an entry contains a literal derived from that
// entry: a domain's name (any case), an e-mail address or hash (any case), a
// URL's host (any case), an IPv4 address's last three octets with their dots
// (".2.3.4" of 1.2.3.4, however the first octet is written). ParseIpv4 also
// reads octets with leading zeros ("1.02.3.4"); such a token contains a
// digit, a dot, a zero and a digit, so the 100 literals "0.00".."9.09" stand
// for every one of them. One Vectorscan literal scan over a whole buffer
// finds where literals occur; only the whitespace-delimited runs around
// them are handed to the exact scanner (tokens never span whitespace), so
// the result equals a full Scan. IPv6 addresses and CIDR blocks have no such
// literal: a set holding any gets no prefilter and ScanText is a plain Scan;
// so does a set of more than 10,000 entries (below). hs_compile_lit_multi
// with one id per literal compiles 3,000 entries in 0.1 CPU s (the earlier
// regex form took 42 s, literals sharing one id 8 s).
#include <hs/hs.h>

#include <string>
#include <vector>

#include "ioc/ioc_internal.h"
#include "rampart/core/vectorscan.h"

namespace rampart::detect::internal {

struct Prefilter {
  hs_database_t* db = nullptr;
  ~Prefilter() { hs_free_database(db); }
};

void PrefilterDeleter::operator()(Prefilter* p) const { delete p; }

namespace {

struct Literal {
  std::string text;
  unsigned flags = 0;
};

// The literal of one entry; false if it has none.
bool EntryLiteral(const IocEntry& e, Literal* out) {
  out->flags = 0;
  switch (e.type) {
    case IocType::kIpv4: {
      size_t dot = e.ioc.find('.');
      if (dot == std::string::npos) return false;
      out->text = e.ioc.substr(dot);  // canonical: no leading zeros
      return true;
    }
    case IocType::kDomain: case IocType::kEmail: case IocType::kMd5: case IocType::kSha1:
    case IocType::kSha256: case IocType::kSha512:
      out->text = e.ioc;
      out->flags = HS_FLAG_CASELESS;
      return true;
    case IocType::kUrl: {
      // Canonical URLs have no scheme: the host runs to the first '/', '?' or ':'.
      std::string_view host = std::string_view(e.ioc).substr(0, e.ioc.find_first_of("/?:"));
      if (host.empty() || host.front() == '[') return false;
      out->text = std::string(host);
      out->flags = HS_FLAG_CASELESS;
      return true;
    }
    default:
      return false;  // IPv6, CIDR: no literal
  }
}

// Above this many entries the prefilter stops paying (measured 2026-11-28 in
// `hunt` on 100 MB of IIS log: compile 0.35 CPU s at 10,000 entries, 1 s at
// 20,000, 5 s and 230 MB at 100,000; scanning 100 MB 0.21 s at 500 entries,
// 0.23 s at 10,000, 0.4-0.5 s from 20,000 on, where the full scan costs 0.33 s),
// so larger sets scan in full.
constexpr size_t kMaxPrefilterEntries = 10000;

std::unique_ptr<Prefilter, PrefilterDeleter> Build(const std::deque<IocEntry>& entries) {
  if (entries.empty() || entries.size() > kMaxPrefilterEntries) return nullptr;
  std::vector<Literal> literals;
  literals.reserve(entries.size() + 100);
  bool ipv4 = false;
  for (const IocEntry& e : entries) {
    Literal lit;
    if (!EntryLiteral(e, &lit)) return nullptr;
    ipv4 |= e.type == IocType::kIpv4;
    literals.push_back(std::move(lit));
  }
  if (ipv4) {
    for (char d = '0'; d <= '9'; ++d) {
      for (char e = '0'; e <= '9'; ++e) literals.push_back({std::string{d, '.', '0', e}, 0});
    }
  }
  std::vector<const char*> exprs;
  std::vector<size_t> lens;
  std::vector<unsigned> flags;
  // Distinct ids: compile time with one shared id grew steeply (8 CPU s at 3,000).
  std::vector<unsigned> ids;
  for (const Literal& l : literals) {
    ids.push_back(static_cast<unsigned>(ids.size()));
    exprs.push_back(l.text.data());
    lens.push_back(l.text.size());
    flags.push_back(l.flags);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(), static_cast<unsigned>(exprs.size()),
                           HS_MODE_BLOCK, CompilePlatform(), &db, &err) != HS_SUCCESS) {
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

struct CandidateState {
  absl::FunctionRef<void(size_t)>* fn;
};

int OnCandidate(unsigned, unsigned long long, unsigned long long to, unsigned, void* context) {
  (*static_cast<CandidateState*>(context)->fn)(static_cast<size_t>(to) - 1);
  return 0;
}

}  // namespace

bool IocSetImpl::FindCandidates(std::string_view text, absl::FunctionRef<void(size_t)> fn) const {
  const Prefilter* pf = GetPrefilter();
  if (pf == nullptr) return false;
  hs_scratch_t* scratch = ThreadScratch(pf->db);
  if (scratch == nullptr) return false;
  if (text.size() > 0xffffffffu) return false;
  if (text.empty()) return true;  // hs_scan rejects a null buffer
  CandidateState st{&fn};
  // Only set-up errors fail a scan, before any match was reported.
  return ScanBlock(pf->db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, OnCandidate, &st) == HS_SUCCESS;
}

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
  if (ScanBlock(pf->db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, OnMatch, &st) != HS_SUCCESS) {
    // Only set-up errors fail a scan (the callback never stops it), before
    // any match was reported.
    return Scan(text, fn);
  }
  return st.hits;
}

}  // namespace rampart::detect::internal
