// ReadOptions::record_filter: a filtered read returns a subset of the
// unfiltered read's events (same JSON, same line numbers, same order) that
// includes every event whose record holds a candidate, and its stats equal
// the unfiltered ones with `filtered` taken out of `events` (bad records and
// issues unchanged). Every text format, with chunks so small that records
// straddle them, and with the default chunk.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ingest_test_util.h"
#include "support/test_support.h"

namespace rampart::ingest {
namespace {

using rampart::testing::TempDir;
using rampart::testing::WriteFile;
using testing::Collected;
using testing::ReadAll;

// Candidates: the last byte of every "HIT".
class HitFilter final : public RecordFilter {
 public:
  void Candidates(std::string_view text, std::vector<size_t>& offsets) const override {
    for (size_t at = text.find("HIT"); at != std::string_view::npos; at = text.find("HIT", at + 1)) {
      offsets.push_back(at + 2);
    }
  }
};

struct Case {
  const char* format;
  const char* file;
  std::string text;
  size_t hits;  // events whose values hold "HIT"
};

std::vector<Case> Cases() {
  return {
      {"w3c", "u_ex1.log",
       "#Software: IIS\r\n#Fields: date time c-ip cs-uri-stem\r\n"
       "2021-03-01 00:00:01 10.0.0.1 /a\r\n"
       "2021-03-01 00:00:02 10.0.0.2 /HIT\r\n"
       "2021-03-01 00:00:03 10.0.0.3\r\n"           // bad: 3 fields
       "2021-03-01 00:00:04 10.0.0.4 /x HIT\r\n"    // bad, with a candidate
       "\r\n"
       "#Fields: date time cs-uri-stem\r\n"         // schema change
       "2021-03-01 00:00:05 /b\r\n"
       "2021-03-01 00:00:06 /HIT/c\r\n"
       "2021-03-01 00:00:07 /d\r\n"
       "2021-03-01 00:00:08 /HIT",                  // no final newline
       3},
      {"zeek", "conn.log",
       "#separator \\x09\n#fields\tts\tuid\tquery\n#types\ttime\tstring\tstring\n"
       "1614556801.0\tC1\tplain\n"
       "1614556802.0\tC2\tHIT.example\n"
       "1614556803.0\tC3\n"                         // bad: 2 fields
       "1614556804.0\tC4\tHIT\textra\n"             // bad, with a candidate
       "1614556805.0\tC5\t-\n"
       "#fields\tts\tquery\n"
       "1614556806.0\tHIT\n"
       "1614556807.0\tquiet\n"
       "#close\t2021-03-01\n",
       2},
      {"csv", "log.csv",
       "time,user,message\n"
       "2021-03-01T00:00:01Z,alice,hello\n"
       "2021-03-01T00:00:02Z,bob,\"multi\nline HIT\nrecord\"\n"
       "2021-03-01T00:00:03Z,carol,\"quoted, HIT\"\n"
       "2021-03-01T00:00:04Z,dave\n"                 // bad: 2 fields
       "2021-03-01T00:00:05Z,erin,\"open\nstill\"\n"
       "2021-03-01T00:00:06Z,frank,bye\n",
       2},
      {"syslog", "messages",
       "Mar  1 00:00:01 host sshd[1]: Accepted password for alice\n"
       "<13>Mar  1 00:00:02 host app: HIT here\n"
       "<999>Mar  1 00:00:03 host app: bad pri HIT\n"  // bad record, with a candidate
       "<34>1 2021-03-01T00:00:04Z host app 42 ID1 [x@1 a=\"HIT\"] msg\n"
       "Mar  1 00:00:05 host cron[2]: quiet\n",
       2},
      {"jsonl", "events.jsonl",
       "{\"a\":\"plain\"}\n"
       "{\"a\":\"HIT\"}\n"
       "{\"a\":\"\\u0048IT\"}\n"                    // decodes to HIT: no literal in the raw line
       "{not json HIT\n"
       "{\n  \"b\": \"quiet\",\n  \"c\": \"HIT\"\n}\n"  // pretty-printed, candidate on an inner line
       "{\n  \"b\": \"quiet\"\n}\n"
       "\n"
       "{\"a\":[1,\"x HIT y\"]}\n"
       "{\"a\":\"last\"}",
       4},
  };
}

bool HasHit(const std::string& json) { return json.find("HIT") != std::string::npos; }

// The file read without and with `filter`, everything else the same.
struct ReadPair {
  Collected all, some;
};
ReadPair ReadWithAndWithout(const std::string& path, const char* format, std::shared_ptr<const RecordFilter> filter,
                            size_t chunk = ReadOptions().chunk_bytes) {
  ReadOptions plain;
  plain.format = format;
  plain.chunk_bytes = chunk;
  ReadOptions filtered = plain;
  filtered.record_filter = std::move(filter);
  return {ReadAll(path, plain), ReadAll(path, filtered)};
}

TEST(RecordFilterTest, FilteredReadIsTheUnfilteredReadMinusRecordsWithoutCandidates) {
  TempDir dir;
  for (const Case& c : Cases()) {
    std::string path = dir.File(c.file);
    WriteFile(path, c.text);
    for (size_t chunk : {size_t{7}, size_t{64}, size_t{4} << 20}) {
      SCOPED_TRACE(std::string(c.format) + " chunk " + std::to_string(chunk));
      auto [all, some] = ReadWithAndWithout(path, c.format, std::make_shared<HitFilter>(), chunk);
      ASSERT_TRUE(all.open_error.empty()) << all.open_error;
      ASSERT_TRUE(some.open_error.empty()) << some.open_error;

      size_t with_hit = 0;
      for (const auto& j : all.json) with_hit += HasHit(j);
      EXPECT_EQ(with_hit, c.hits) << "the unfiltered read itself";

      // Same counts and reports.
      EXPECT_EQ(all.stats.filtered, 0u);
      EXPECT_EQ(some.stats.events + some.stats.filtered, all.stats.events);
      EXPECT_EQ(some.stats.bad_records, all.stats.bad_records);
      EXPECT_EQ(some.stats.bytes, all.stats.bytes);
      EXPECT_EQ(testing::IssuesText(some.stats), testing::IssuesText(all.stats));
      EXPECT_GT(all.stats.bad_records, 0u);

      // A subsequence of the unfiltered events holding every hit.
      size_t k = 0;
      for (size_t i = 0; i < all.json.size(); ++i) {
        if (k < some.json.size() && some.where[k].line == all.where[i].line) {
          EXPECT_EQ(some.json[k], all.json[i]);
          ++k;
        } else {
          EXPECT_FALSE(HasHit(all.json[i])) << "dropped an event with a candidate: " << all.json[i];
        }
      }
      EXPECT_EQ(k, some.json.size()) << "filtered events out of order or invented";
      EXPECT_GT(some.stats.filtered, 0u);
    }
  }
}

// A filter finding nothing drops every record but keeps the counts.
class NoneFilter final : public RecordFilter {
 public:
  void Candidates(std::string_view, std::vector<size_t>&) const override {}
};

TEST(RecordFilterTest, NoCandidateMeansNoEventButTheSameCounts) {
  TempDir dir;
  for (const Case& c : Cases()) {
    if (std::string(c.format) == "jsonl") continue;  // its escaped line is a candidate by itself
    SCOPED_TRACE(c.format);
    std::string path = dir.File(c.file);
    WriteFile(path, c.text);
    auto [all, none] = ReadWithAndWithout(path, c.format, std::make_shared<NoneFilter>());
    EXPECT_TRUE(none.json.empty());
    EXPECT_EQ(none.stats.filtered, all.stats.events);
    EXPECT_EQ(none.stats.bad_records, all.stats.bad_records);
    EXPECT_EQ(testing::IssuesText(none.stats), testing::IssuesText(all.stats));
  }
}

// Candidates: every raw occurrence of a literal.
class LiteralFilter final : public RecordFilter {
 public:
  explicit LiteralFilter(std::string literal) : literal_(std::move(literal)) {}
  void Candidates(std::string_view text, std::vector<size_t>& offsets) const override {
    for (size_t at = text.find(literal_); at != std::string_view::npos; at = text.find(literal_, at + 1)) {
      offsets.push_back(at);
    }
  }

 private:
  std::string literal_;
};

// A value whose text the raw line does not show (CSV `"a""b"` is a"b, JSON
// "a\u0022b" too) is still returned when the filter looks for that text.
TEST(RecordFilterTest, ValuesDecodedFromEscapesAreKept) {
  TempDir dir;
  struct Escaped {
    const char* format;
    const char* file;
    std::string text;
  };
  const Escaped cases[] = {
      {"csv", "q.csv", "time,message\n2021-03-01T00:00:01Z,plain\n2021-03-01T00:00:02Z,\"say a\"\"b now\"\n"},
      {"jsonl", "q.jsonl", "{\"m\":\"plain\"}\n{\"m\":\"say a\\u0022b now\"}\n"},
  };
  for (const Escaped& c : cases) {
    SCOPED_TRACE(c.format);
    std::string path = dir.File(c.file);
    WriteFile(path, c.text);
    auto [all, some] = ReadWithAndWithout(path, c.format, std::make_shared<LiteralFilter>("a\"b"));
    ASSERT_EQ(all.json.size(), 2u);
    ASSERT_NE(all.json[1].find("a\\\"b"), std::string::npos) << all.json[1];
    ASSERT_EQ(some.json.size(), 1u) << "the decoded value was dropped";
    EXPECT_EQ(some.json[0], all.json[1]);
    EXPECT_EQ(some.stats.filtered, 1u);
  }
}

}  // namespace
}  // namespace rampart::ingest
