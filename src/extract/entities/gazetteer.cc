// The gazetteer: a character trie over normalised alias keys, walked token by
// token so that "APT 40", "APT-40" and "APT40" reach the same node.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <deque>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "entities/common_words.h"
#include "rampart/core/id.h"
#include "rampart/extract/entity.h"
#include "rampart/store/store.h"

namespace rampart::extract {
namespace {

constexpr std::array<bool, 256> kAsciiAlnum = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return t;
}();
bool IsAsciiAlnum(unsigned char c) { return kAsciiAlnum[c]; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Length of the UTF-8 sequence at s[i]; `*key` gets what the code point adds
// to an alias key (store::NormalizeName's rule: ASCII letters lower-cased,
// other letters, marks and numbers case-folded, everything else dropped), and
// `*word` whether it adds anything.
size_t Utf8At(std::string_view s, size_t i, bool* word, std::string* key) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *word = IsAsciiAlnum(c);
    key->assign(1, Lower(static_cast<char>(c)));
    return 1;
  }
  size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
  if (i + len > s.size()) len = 1;
  *key = store::NormalizeName(s.substr(i, len));
  *word = !key->empty();
  return len;
}

// The letters and digits of `a` and `b` are the same, case included.
bool SameAlnum(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (true) {
    while (i < a.size() && !IsAsciiAlnum(static_cast<unsigned char>(a[i]))) ++i;
    while (j < b.size() && !IsAsciiAlnum(static_cast<unsigned char>(b[j]))) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (a[i++] != b[j++]) return false;
  }
}

int KindRank(EntityKind kind) {
  switch (kind) {
    case EntityKind::kCountry: return 0;
    case EntityKind::kOrganization: return 1;
    case EntityKind::kProduct: return 2;
    case EntityKind::kSector: return 3;
    case EntityKind::kIntrusionSet: return 4;
    case EntityKind::kThreatActor: return 5;
    case EntityKind::kCampaign: return 6;
    case EntityKind::kMalware: return 7;
    case EntityKind::kTool: return 8;
    case EntityKind::kVulnerability: return 9;
    case EntityKind::kAttackPattern: return 10;
  }
  return 11;
}

// The walk's copy of the trie, built on the first Find after an Add:
// chains of single-child nodes are one label in one array (most walk steps
// are along such chains, and a node read per step missed the cache), nodes
// in breadth-first order, the root's children in a 256-entry table.
struct FrozenTrie {
  struct Node {
    uint32_t label_begin;  // into labels; the label starts with the edge byte
    uint32_t edge_begin;   // into edge_byte / edge_child
    uint16_t label_len;
    uint16_t edge_count;
    uint32_t terminal;     // 1 + index into lists at the label's end, or 0
  };
  std::vector<Node> nodes;
  std::vector<unsigned char> labels;
  std::vector<unsigned char> edge_byte;
  std::vector<uint32_t> edge_child;
  std::array<uint32_t, 256> root{};  // byte -> node, 0 for none (node 0 is the root)
  uint64_t generation = 0;           // unique per freeze (keys the walk memo)
};

}  // namespace

struct Gazetteer::Impl {
  std::vector<GazetteerEntry> entries;
  // Children of each node, inline: below the second level almost every node
  // has one or two, so a walk step is one read of the node's own record (a
  // hash probe per step was a quarter of the whole pipeline's time).
  struct Edge {
    uint32_t child;
    unsigned char byte;
  };
  std::vector<absl::InlinedVector<Edge, 2>> children = std::vector<absl::InlinedVector<Edge, 2>>(1);
  // node -> 1 + index into `lists` of its entries, 0 for none.
  std::vector<uint32_t> terminal = std::vector<uint32_t>(1, 0);
  std::vector<std::vector<uint32_t>> lists;
  uint32_t node_count = 1;                               // node 0 is the root
  // Built-in ids that name a store object (id -> store id, store name).
  absl::flat_hash_map<std::string, std::pair<std::string, std::string>> same_as;

  using Frozen = FrozenTrie;
  mutable std::mutex frozen_mutex;
  mutable std::atomic<bool> frozen_valid{false};
  mutable Frozen frozen;
  const Frozen& Freeze() const;

  const std::vector<uint32_t>* Entries(uint32_t node) const {
    return node < terminal.size() && terminal[node] ? &lists[terminal[node] - 1] : nullptr;
  }
  uint32_t Child(uint32_t node, unsigned char c) const {
    for (const Edge& e : children[node]) {
      if (e.byte == c) return e.child;
    }
    return 0;
  }
};

Gazetteer::Gazetteer() : impl_(std::make_unique<Impl>()) {}
Gazetteer::~Gazetteer() = default;
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;

const std::vector<GazetteerEntry>& Gazetteer::entries() const { return impl_->entries; }
size_t Gazetteer::size() const { return impl_->entries.size(); }

std::string Gazetteer::NormalizeKey(std::string_view name) { return store::NormalizeName(name); }

std::string DeterministicId(std::string_view stix_type, std::string_view name) {
  // The stages ask for the same few ids in every document ("the attack",
  // the charged individuals): a per-thread cache keyed by the type and the
  // name as given saves the key normalisation (ICU case folding) and the
  // SHA-1. The type never holds a NUL, so the key is unambiguous.
  thread_local absl::flat_hash_map<std::string, std::string> cache;
  thread_local std::string key;
  key.assign(stix_type);
  key.push_back('\0');
  key.append(name);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  std::string seed = std::string(stix_type) + ":" + Gazetteer::NormalizeKey(name);
  std::string id = std::string(stix_type) + "--" + UuidV5(kRampartNamespace, seed);
  if (cache.size() >= 4096) cache.clear();
  cache.emplace(key, id);
  return id;
}

void Gazetteer::Add(GazetteerEntry entry) {
  impl_->frozen_valid.store(false, std::memory_order_relaxed);
  std::string key = NormalizeKey(entry.alias);
  if (key.size() < 2) return;
  if (std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) return;
  // Common words and very short aliases need their capitals and a place
  // inside a sentence.
  bool single_word = entry.alias.find_first_of(" -._/") == std::string::npos;
  if ((entry.flags & kFromStore) && ((single_word && IsCommonWord(key)) || key.size() <= 3)) {
    entry.flags |= kCaseSensitive | kNotSentenceStart;
    // A store alias that is a plain lower-case word ("at", "net") never
    // matches prose.
    if (!std::any_of(entry.alias.begin(), entry.alias.end(), IsUpper)) return;
  }
  if (entry.flags & kFromStore) entry.flags |= kNeedsCapital;
  uint32_t node = 0;
  for (size_t depth = 0; depth < key.size(); ++depth) {
    unsigned char c = static_cast<unsigned char>(key[depth]);
    uint32_t child = impl_->Child(node, c);
    if (child == 0) {
      child = impl_->node_count++;
      impl_->children.emplace_back();
      impl_->terminal.push_back(0);
      impl_->children[node].push_back(Impl::Edge{child, c});
    }
    node = child;
  }
  if (auto same = impl_->same_as.find(entry.stix_id); same != impl_->same_as.end()) {
    entry.stix_id = same->second.first;
    entry.name = same->second.second;
    entry.flags |= kFromStore;  // known: the store has it
  }
  if (impl_->terminal[node] == 0) {
    impl_->lists.emplace_back();
    impl_->terminal[node] = static_cast<uint32_t>(impl_->lists.size());
  }
  auto& list = impl_->lists[impl_->terminal[node] - 1];
  for (uint32_t existing : list) {
    GazetteerEntry& other = impl_->entries[existing];
    if (other.stix_id != entry.stix_id && other.kind == entry.kind &&
        ((other.flags ^ entry.flags) & kFromStore) && entry.kind != EntityKind::kProduct) {
      // A built-in and a store object of one kind under one key ("Canada"
      // the built-in country, "Canada" the location the store has): one
      // thing. Every entry of the built-in takes the store's id and name, so
      // "Canadian" and "Canada" are mentions of one location.
      const GazetteerEntry& stored = (other.flags & kFromStore) ? other : entry;
      std::string from = (other.flags & kFromStore) ? entry.stix_id : other.stix_id;
      std::pair<std::string, std::string> to{stored.stix_id, stored.name};
      impl_->same_as.emplace(from, to);
      for (GazetteerEntry& e : impl_->entries) {
        if (e.stix_id == from) {
          e.stix_id = to.first;
          e.name = to.second;
          e.flags |= kFromStore;
        }
      }
      entry.stix_id = to.first;
      entry.name = to.second;
      entry.flags |= kFromStore;
    }
    if (other.stix_id == entry.stix_id) {
      // The same object under the same key: the store confirms a built-in.
      other.flags |= entry.flags & kFromStore;
      return;
    }
  }
  list.push_back(static_cast<uint32_t>(impl_->entries.size()));
  impl_->entries.push_back(std::move(entry));
}

const FrozenTrie& Gazetteer::Impl::Freeze() const {
  if (frozen_valid.load(std::memory_order_acquire)) return frozen;
  std::lock_guard<std::mutex> lock(frozen_mutex);
  if (frozen_valid.load(std::memory_order_relaxed)) return frozen;
  Frozen f;
  f.nodes.push_back(Frozen::Node{0, 0, 0, 0, terminal[0]});
  // (frozen node, trie node at the end of its label), breadth first.
  std::deque<std::pair<uint32_t, uint32_t>> queue{{0, 0}};
  while (!queue.empty()) {
    auto [at, end] = queue.front();
    queue.pop_front();
    f.nodes[at].edge_begin = static_cast<uint32_t>(f.edge_byte.size());
    f.nodes[at].edge_count = static_cast<uint16_t>(children[end].size());
    for (const Edge& edge : children[end]) {
      auto id = static_cast<uint32_t>(f.nodes.size());
      Frozen::Node node{static_cast<uint32_t>(f.labels.size()), 0, 0, 0, 0};
      f.labels.push_back(edge.byte);
      uint32_t m = edge.child;
      // Follow the chain while a node has one child and no entries.
      while (terminal[m] == 0 && children[m].size() == 1 && f.labels.size() - node.label_begin < 0xFFFF) {
        f.labels.push_back(children[m][0].byte);
        m = children[m][0].child;
      }
      node.label_len = static_cast<uint16_t>(f.labels.size() - node.label_begin);
      node.terminal = terminal[m];
      f.nodes.push_back(node);
      f.edge_byte.push_back(edge.byte);
      f.edge_child.push_back(id);
      if (at == 0) f.root[edge.byte] = id;
      queue.emplace_back(id, m);
    }
  }
  static std::atomic<uint64_t> generations{0};
  f.generation = generations.fetch_add(1, std::memory_order_relaxed) + 1;
  frozen = std::move(f);
  frozen_valid.store(true, std::memory_order_release);
  return frozen;
}

std::vector<uint32_t> Gazetteer::Lookup(std::string_view name) const {
  std::string key = NormalizeKey(name);
  uint32_t node = 0;
  for (unsigned char c : key) {
    node = impl_->Child(node, c);
    if (node == 0) return {};
  }
  const std::vector<uint32_t>* entries = impl_->Entries(node);
  if (entries == nullptr) return {};
  std::vector<uint32_t> out = *entries;
  std::stable_sort(out.begin(), out.end(), [&](uint32_t a, uint32_t b) {
    const GazetteerEntry& x = impl_->entries[a];
    const GazetteerEntry& y = impl_->entries[b];
    int rx = KindRank(x.kind), ry = KindRank(y.kind);
    if (rx != ry) return rx < ry;
    return (x.flags & kFromStore) > (y.flags & kFromStore);
  });
  return out;
}

namespace {

using Frozen = FrozenTrie;
constexpr uint32_t kDead = UINT32_MAX;

// Where a walk is: a frozen node and how much of its label is matched.
struct WalkState {
  uint32_t node = 0;
  uint32_t pos = 0;
};

void Step(const Frozen& trie, WalkState& st, unsigned char k) {
  const Frozen::Node& n = trie.nodes[st.node];
  if (st.pos < n.label_len) {
    if (trie.labels[n.label_begin + st.pos] == k) {
      ++st.pos;
    } else {
      st.node = kDead;
    }
    return;
  }
  uint32_t child = 0;
  if (st.node == 0) {
    child = trie.root[k];
  } else {
    for (uint32_t e = n.edge_begin, stop = n.edge_begin + n.edge_count; e < stop; ++e) {
      if (trie.edge_byte[e] == k) {
        child = trie.edge_child[e];
        break;
      }
    }
  }
  st.node = child == 0 ? kDead : child;
  st.pos = 1;
}

struct Token {
  size_t begin, end;
  bool ascii;  // letters and digits only: its key is its bytes | 0x20
  // For an ASCII token of <= 16 bytes (memo): its key bytes | 0x20 as two
  // words (past its end 0x20, which no key byte is) and their hash.
  bool memo;
  uint64_t w0, w1, mix;
};

// Token transitions already walked: (state, ASCII token of <= 16 bytes) ->
// state. Most tokens of English prose are prefixes of some key ("the",
// "in", "national"), so half the token starts walked several trie nodes
// before dying, each a likely cache miss; a direct-mapped table of
// transitions answers the frequent words with one read, and says whether
// the state ends a key without reading the node. Per thread, keyed by the
// frozen trie's generation, so Find stays const and thread-safe.
struct MemoSlot {
  uint64_t w0 = 0, w1 = 0;
  uint32_t from_node = kDead;
  uint16_t from_pos = 0;
  uint16_t to_pos = 0;
  uint32_t to_node = 0;
  uint32_t to_terminal = 0;  // the node's terminal when to_pos ends its label, else 0
  uint32_t next_mask = 0;    // NextMask of the state reached
};
constexpr size_t kMemoBits = 13;
struct Memo {
  uint64_t generation = 0;
  std::array<MemoSlot, size_t{1} << kMemoBits> slots;
  MemoSlot& Slot(uint64_t mix, uint32_t node, uint32_t pos) {
    uint64_t h = mix + (uint64_t{node} << 16 | pos) * 0x165667B19E3779F9ULL;
    return slots[h >> (64 - kMemoBits)];
  }
};

Memo& ThreadMemo(uint64_t generation) {
  thread_local std::unique_ptr<Memo> memo;
  if (!memo) memo = std::make_unique<Memo>();
  if (memo->generation != generation) {
    memo->slots.fill(MemoSlot{});
    memo->generation = generation;
  }
  return *memo;
}

void KeyWords(std::string_view text, Token* tok) {
  size_t len = tok->end - tok->begin;
  tok->memo = tok->ascii && len <= 16;
  if (!tok->memo) return;
  // Two fixed-size loads when 16 bytes are readable (a variable-length
  // memcpy is a libc call).
  uint64_t w[2] = {0, 0};
  if (tok->begin + 16 <= text.size()) {
    std::memcpy(w, text.data() + tok->begin, 16);
    if (len < 8) {
      w[0] &= (uint64_t{1} << (8 * len)) - 1;
      w[1] = 0;
    } else if (len < 16) {
      w[1] &= (uint64_t{1} << (8 * (len - 8))) - 1;
    }
  } else {
    std::memcpy(w, text.data() + tok->begin, len);
  }
  constexpr uint64_t kCase = 0x2020202020202020ULL;
  tok->w0 = w[0] | kCase;
  tok->w1 = w[1] | kCase;
  tok->mix = tok->w0 * 0x9E3779B97F4A7C15ULL + tok->w1 * 0xC2B2AE3D27D4EB4FULL;
}

void WalkBytes(const Frozen& trie, std::string_view text, const Token& tok, WalkState& st, std::string* piece) {
  for (size_t i = tok.begin; i < tok.end && st.node != kDead;) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      Step(trie, st, static_cast<unsigned char>(Lower(static_cast<char>(c))));
      ++i;
      continue;
    }
    bool word = false;
    i += Utf8At(text, i, &word, piece);
    for (unsigned char k : *piece) {
      if (st.node != kDead) Step(trie, st, k);
    }
  }
}

uint32_t ByteBit(unsigned char c) { return uint32_t{1} << (c & 31); }

// Which key bytes can follow the state, folded to 32 bits (c & 31): a walk
// into the next token whose first byte has no bit dies at once, and the
// next token's memo slot (a likely cache miss) is not read.
uint32_t NextMask(const Frozen& trie, const WalkState& st) {
  if (st.node == kDead) return 0;
  const Frozen::Node& n = trie.nodes[st.node];
  if (st.pos < n.label_len) return ByteBit(trie.labels[n.label_begin + st.pos]);
  if (st.node == 0) return ~uint32_t{0};
  uint32_t mask = 0;
  for (uint32_t e = n.edge_begin, stop = n.edge_begin + n.edge_count; e < stop; ++e) mask |= ByteBit(trie.edge_byte[e]);
  return mask;
}

uint32_t TerminalAt(const Frozen& trie, const WalkState& st) {
  if (st.node == kDead) return 0;
  const Frozen::Node& n = trie.nodes[st.node];
  return st.pos == n.label_len ? n.terminal : 0;
}

// Walks `tok` from `st`; st.node becomes kDead if no key continues so.
// Returns the terminal the walk ends on (1 + index into lists), or 0;
// `*next_mask` gets NextMask of the state reached.
uint32_t Feed(const Frozen& trie, Memo& memo, std::string_view text, const Token& tok, WalkState& st,
              std::string* piece, uint32_t* next_mask) {
  if (!tok.memo) {
    WalkBytes(trie, text, tok, st, piece);
    *next_mask = NextMask(trie, st);
    return TerminalAt(trie, st);
  }
  MemoSlot& slot = memo.Slot(tok.mix, st.node, st.pos);
  if (slot.w0 == tok.w0 && slot.w1 == tok.w1 && slot.from_node == st.node && slot.from_pos == st.pos) {
    st.node = slot.to_node;
    st.pos = slot.to_pos;
    *next_mask = slot.next_mask;
    return slot.to_terminal;
  }
  WalkState from = st;
  size_t len = tok.end - tok.begin;
  const uint64_t w[2] = {tok.w0, tok.w1};
  const auto* bytes = reinterpret_cast<const unsigned char*>(w);
  for (size_t i = 0; i < len && st.node != kDead; ++i) Step(trie, st, bytes[i]);
  uint32_t terminal = TerminalAt(trie, st);
  *next_mask = NextMask(trie, st);
  // Labels are at most 0xFFFF bytes, so positions fit.
  slot = MemoSlot{tok.w0, tok.w1, from.node, static_cast<uint16_t>(from.pos), static_cast<uint16_t>(st.pos),
                  st.node, terminal, *next_mask};
  return terminal;
}

// Only light separators join tokens: spaces, '-', '_', '/', '.',
// apostrophes; ". " only after a one-letter token ("U.S. Treasury").
bool Joins(std::string_view text, const Token& a, const Token& b) {
  std::string_view sep = text.substr(a.end, b.begin - a.end);
  if (sep.size() > 4) return false;
  for (size_t k = 0; k < sep.size(); ++k) {
    char c = sep[k];
    if (c == '.' && k + 1 < sep.size() && sep[k + 1] == ' ') {
      if (a.end - a.begin != 1) return false;
    } else if (sep.substr(k).starts_with("\xE2\x80\x99")) {
      k += 2;
    } else if (!(c == ' ' || c == '-' || c == '_' || c == '/' || c == '.' || c == '\'')) {
      return false;
    }
  }
  return true;
}

// The sentence's tokens: runs of letters and digits (what NormalizeName
// keeps), with their byte offsets.
void Tokenize(std::string_view text, const Sentence& sentence, std::vector<Token>* tokens, std::string* piece) {
  tokens->clear();
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = sentence.begin; i < sentence.end;) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if (!IsAsciiAlnum(c)) {
        ++i;
        continue;
      }
      size_t j = i + 1;
      while (j < sentence.end && IsAsciiAlnum(p[j])) ++j;
      if (!tokens->empty() && tokens->back().end == i) {
        tokens->back().end = j;
        tokens->back().ascii = false;  // joined to a non-ASCII letter
      } else {
        tokens->push_back(Token{i, j, true, false, 0, 0, 0});
      }
      i = j;
      continue;
    }
    // General punctuation U+2000-U+203F (curly quotes, dashes, spaces) and
    // U+00A0 are never part of a key: skip them without ICU.
    if (c == 0xE2 && i + 2 < text.size() && p[i + 1] == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    if (c == 0xC2 && i + 1 < text.size() && p[i + 1] == 0xA0) {
      i += 2;
      continue;
    }
    bool word = false;
    size_t len = Utf8At(text, i, &word, piece);
    if (word) {
      if (!tokens->empty() && tokens->back().end == i) {
        tokens->back().end = i + len;
        tokens->back().ascii = false;
      } else {
        tokens->push_back(Token{i, i + len, false, false, 0, 0, 0});
      }
    }
    i += len;
  }
}

}  // namespace

std::vector<Mention> Gazetteer::Find(std::string_view text, const std::vector<Sentence>& sentences) const {
  std::vector<Mention> out;
  std::vector<Token> tokens;
  std::string piece;
  const Frozen& trie = impl_->Freeze();
  Memo& memo = ThreadMemo(trie.generation);
  for (const Sentence& sentence : sentences) {
    Tokenize(text, sentence, &tokens, &piece);
    // Every token may start a walk: fetch the slots of their first steps
    // now, so the misses overlap.
    for (Token& tok : tokens) {
      KeyWords(text, &tok);
      if (tok.memo) __builtin_prefetch(&memo.Slot(tok.mix, 0, 0));
    }
    for (size_t t = 0; t < tokens.size();) {
      WalkState st;
      int best_entry = -1;
      size_t best_end_token = t;
      uint32_t next_mask = ~uint32_t{0};
      for (size_t j = t; j < tokens.size(); ++j) {
        const Token& tok = tokens[j];
        if (j > t) {
          // An ASCII token's first key byte is its first byte | 0x20.
          if (tok.ascii && !(next_mask & ByteBit(static_cast<unsigned char>(text[tok.begin] | 0x20)))) break;
          if (!Joins(text, tokens[j - 1], tok)) break;
        }
        uint32_t terminal = Feed(trie, memo, text, tok, st, &piece, &next_mask);
        if (st.node == kDead) break;
        if (terminal == 0) continue;
        const std::vector<uint32_t>* term = &impl_->lists[terminal - 1];
        std::string_view span = text.substr(tokens[t].begin, tok.end - tokens[t].begin);
        int chosen = -1;
        for (uint32_t index : *term) {
          const GazetteerEntry& e = impl_->entries[index];
          if ((e.flags & kNotSentenceStart) && t == 0) continue;
          if ((e.flags & kNeedsCapital) && !std::any_of(span.begin(), span.end(), IsUpper)) continue;
          if ((e.flags & kCaseSensitive) && !SameAlnum(e.alias, span)) continue;
          if (chosen < 0) {
            chosen = static_cast<int>(index);
            continue;
          }
          const GazetteerEntry& c = impl_->entries[chosen];
          int rank_e = KindRank(e.kind), rank_c = KindRank(c.kind);
          bool better = rank_e < rank_c ||
                        (rank_e == rank_c && (e.flags & kFromStore) && !(c.flags & kFromStore));
          if (better) chosen = static_cast<int>(index);
        }
        if (chosen >= 0) {
          best_entry = chosen;
          best_end_token = j;
        }
      }
      if (best_entry >= 0) {
        out.push_back(Mention{tokens[t].begin, tokens[best_end_token].end, static_cast<uint32_t>(best_entry)});
        t = best_end_token + 1;
      } else {
        ++t;
      }
    }
  }
  return out;
}

}  // namespace rampart::extract

namespace rampart::extract {

std::string_view EntityKindName(EntityKind kind) {
  switch (kind) {
    case EntityKind::kIntrusionSet: return "intrusion-set";
    case EntityKind::kThreatActor: return "threat-actor";
    case EntityKind::kCampaign: return "campaign";
    case EntityKind::kMalware: return "malware";
    case EntityKind::kTool: return "tool";
    case EntityKind::kOrganization: return "organization";
    case EntityKind::kCountry: return "country";
    case EntityKind::kSector: return "sector";
    case EntityKind::kProduct: return "product";
    case EntityKind::kVulnerability: return "vulnerability";
    case EntityKind::kAttackPattern: return "attack-pattern";
  }
  return "entity";
}

std::string_view StixTypeOf(EntityKind kind) {
  switch (kind) {
    case EntityKind::kOrganization:
    case EntityKind::kSector: return "identity";
    case EntityKind::kCountry: return "location";
    case EntityKind::kProduct: return "software";
    default: return EntityKindName(kind);
  }
}

}  // namespace rampart::extract
