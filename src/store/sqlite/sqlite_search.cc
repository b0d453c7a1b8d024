// Full-text search. User text never reaches FTS5 as syntax: each
// whitespace-separated word becomes a quoted phrase with a prefix star
// ("T1059.001" -> "T1059.001"*, which FTS5 tokenizes into the phrase
// "t1059 001" with the last token prefix-matched), and the phrases are ANDed.
// Words without a letter or digit ("*", "-", a lone quote) are dropped;
// FTS5 keywords (AND, OR, NOT, NEAR) lose their meaning inside quotes.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "search_rank.h"
#include "sqlite/sqlite_search.h"
#include "sqlite/sqlite_store.h"

namespace rampart::store::internal {
namespace {

// An object whose name is exactly the search text comes first ("powershell"
// finds PowerShell before PowerShell Profile); then bm25 with weights per
// column (id, type, name, aliases, description), so a hit in the name or an
// alias outranks one in a long description.
constexpr std::string_view kSearch =
    "SELECT id, type, name, snippet(search, -1, '[', ']', '...', 12), "
    "bm25(search, 0.0, 0.0, 10.0, 5.0, 1.0) AS rank "
    "FROM search WHERE search MATCH ?1 AND (?2 = '' OR type = ?2) "
    "ORDER BY name = ?4 COLLATE NOCASE DESC, rank LIMIT ?3";

bool HasWordCharacter(std::string_view word) {
  for (unsigned char c : word) {
    if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return true;
  }
  return false;
}

}  // namespace

std::string BuildFtsQuery(std::string_view text) {
  std::string query;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') ++i;
    std::string_view word = text.substr(start, i - start);
    if (word.empty() || !HasWordCharacter(word)) continue;
    if (!query.empty()) query += " AND ";
    query += '"';
    for (char c : word) {
      if (c == '"') query += '"';  // FTS5 string escape: a doubled quote
      if (c != '\0') query += c;
    }
    query += "\"*";
  }
  return query;
}

Result<std::vector<SearchHit>> SqliteStore::Search(std::string_view text, std::string_view type, int limit) {
  RAMPART_RETURN_IF_ERROR(FlushBulk());  // a transaction reads its own Puts
  std::string query = BuildFtsQuery(text);
  if (query.empty()) return std::vector<SearchHit>();
  std::string_view trimmed = text;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.remove_prefix(1);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.remove_suffix(1);
  RAMPART_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kSearch));
  stmt.Bind(1, query).Bind(2, type).Bind(3, int64_t{limit > 0 ? limit : -1}).Bind(4, trimmed);
  std::vector<SearchHit> full_text;
  while (true) {
    RAMPART_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    full_text.push_back(SearchHit{std::string(stmt.Text(0)), std::string(stmt.Text(1)), std::string(stmt.Text(2)),
                                  std::string(stmt.Text(3)), stmt.Real(4)});
  }
  return RankNamedFirst(*this, trimmed, type, std::move(full_text), limit);
}

}  // namespace rampart::store::internal
