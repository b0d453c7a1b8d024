// Full-text search with PostgreSQL's own text search. Documents are
// tsvectors of the 'simple' configuration (no stemming, no stop words, like
// FTS5's unicode61) over diacritic-folded text with ASCII punctuation made
// space (postgres_schema.cc). The query is built here, never taken from the
// user as syntax: each whitespace-separated word is split at ASCII
// punctuation into tokens, each token quoted as a lexeme, the tokens of one
// word made a phrase with the last one prefix-matched ("T1059.001" ->
// 't1059' <-> '001':*), and the words ANDed, as the SQLite backend does.
//
// Order: an object whose name is the search text first (as in SQLite), then
// ts_rank with weights name > aliases > description, then id. rank is
// -ts_rank so that lower is better, as with bm25.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "postgres/postgres_store.h"
#include "search_rank.h"

namespace rampart::store::internal {
namespace {

constexpr std::string_view kSearch = R"sql(
WITH q AS (SELECT to_tsquery('simple', $1) AS query),
hits AS (
  SELECT s.id, s.type, s.name, s.aliases, s.description, -ts_rank(s.doc, q.query) AS rank,
         lower(s.name) = lower($4) AS exact, q.query
  FROM search s, q
  WHERE s.doc @@ q.query AND ($2 = '' OR s.type = $2)
  ORDER BY exact DESC, rank, s.id
  LIMIT $3::bigint)
SELECT id, type, name,
       ts_headline('simple', concat_ws(' ', name, nullif(aliases, ''), nullif(description, '')), query,
                   'StartSel=[, StopSel=], MaxWords=12, MinWords=4, ShortWord=0, MaxFragments=1, '
                   'FragmentDelimiter=...'),
       rank
FROM hits ORDER BY exact DESC, rank, id
)sql";

bool HasWordCharacter(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80 || std::isalnum(c)) return true;
  }
  return false;
}

}  // namespace

std::string BuildTsQuery(std::string_view folded) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  auto is_punct = [](char c) {
    return static_cast<unsigned char>(c) < 0x80 && std::ispunct(static_cast<unsigned char>(c));
  };
  std::string query;
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && is_space(folded[i])) ++i;
    size_t end = i;
    while (end < folded.size() && !is_space(folded[end])) ++end;
    std::vector<std::string> tokens;
    std::string token;
    for (size_t k = i; k <= end; ++k) {
      if (k == end || is_punct(folded[k])) {
        if (!token.empty()) tokens.push_back(std::move(token));
        token.clear();
      } else if (static_cast<unsigned char>(folded[k]) >= 0x20) {
        token += folded[k];
      }
    }
    i = end;
    if (tokens.empty()) continue;
    if (!query.empty()) query += " & ";
    if (tokens.size() > 1) query += '(';
    for (size_t t = 0; t < tokens.size(); ++t) {
      if (t > 0) query += " <-> ";
      query += "'" + tokens[t] + "'";  // no quote or backslash inside: both are punctuation
    }
    query += ":*";
    if (tokens.size() > 1) query += ')';
  }
  return query;
}

std::optional<std::string> FoldForSearch(std::string_view text) {
  bool ascii = true;
  for (unsigned char c : text) ascii = ascii && c < 0x80;
  if (ascii) return std::nullopt;
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(error);
  if (U_FAILURE(error)) return std::nullopt;
  icu::UnicodeString decomposed = nfd->normalize(icu::UnicodeString::fromUTF8(SanitizeText(text)), error);
  if (U_FAILURE(error)) return std::nullopt;
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) kept.append(c);
    i += U16_LENGTH(c);
  }
  std::string out;
  kept.toUTF8String(out);
  if (out == text) return std::nullopt;
  return out;
}

Result<std::vector<SearchHit>> PostgresStore::Search(std::string_view text, std::string_view type, int limit) {
  RAMPART_RETURN_IF_ERROR(FlushForRead());
  std::vector<SearchHit> out;
  if (!HasWordCharacter(text)) return out;
  std::string_view trimmed = text;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.remove_prefix(1);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.remove_suffix(1);
  std::string query = BuildTsQuery(SanitizeText(FoldForSearch(text).value_or(std::string(text))));
  if (query.empty()) return out;
  PgParam limit_param;
  std::string limit_text = std::to_string(limit);
  if (limit > 0) limit_param = limit_text;
  RAMPART_ASSIGN_OR_RETURN(PgResult rows, conn_->Query(kSearch, {query, type, limit_param, trimmed}));
  for (int row = 0; row < rows.Rows(); ++row) {
    SearchHit hit;
    hit.id = rows.Text(row, 0);
    hit.type = rows.Text(row, 1);
    hit.name = rows.Text(row, 2);
    hit.snippet = rows.Text(row, 3);
    hit.rank = rows.Real(row, 4);
    out.push_back(std::move(hit));
  }
  return RankNamedFirst(*this, trimmed, type, std::move(out), limit);
}

}  // namespace rampart::store::internal
