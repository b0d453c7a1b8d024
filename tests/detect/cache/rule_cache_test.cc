// The rule cache (rule_cache.h): a cached rule set compiles from its cached
// databases to the same hits as a fresh load and compile; the codec keeps
// every field; damaged, truncated or foreign files are ignored; a changed
// rule file changes the key; the folder is trimmed to its size limit.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "detect/sigma/map_event.h"
#include "rampart/core/fs.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_cache.h"
#include "support/test_support.h"

namespace rampart::detect {
namespace {

namespace fs = std::filesystem;
using testing::MapEvent;

struct Regression {
  std::vector<std::string> rule_paths;
  std::vector<MapEvent> events;
};

// The regression cases' rules and their JSON events.
Regression LoadRegression() {
  Regression out;
  std::ifstream manifest(rampart::testing::DataPath("sigma/regression/manifest.jsonl"));
  std::string line;
  while (std::getline(manifest, line)) {
    auto j = nlohmann::json::parse(line);
    out.rule_paths.push_back(rampart::testing::DataPath("sigma/" + j["rule_path"].get<std::string>()));
    for (const auto& f : j["json_files"]) {
      std::ifstream in(rampart::testing::DataPath("sigma/regression/" + f.get<std::string>()));
      while (in >> std::ws && in.peek() != EOF) {
        nlohmann::json event;
        in >> event;
        out.events.push_back(MapEvent::FromJson(event, "json"));
      }
    }
  }
  return out;
}

// Every hit of every event, as text: rule id, event number, matched fields.
std::vector<std::string> Hits(const Matcher& matcher, const std::vector<MapEvent>& events) {
  std::vector<std::string> out;
  for (size_t i = 0; i < events.size(); ++i) {
    CollectingSink sink;
    matcher.Match(events[i], sink);
    for (const CollectedHit& hit : sink.hits()) {
      std::string text = std::to_string(i) + " " + hit.rule_id;
      for (const auto& [field, value] : hit.matched) text += " " + field + "=" + value;
      out.push_back(text);
    }
  }
  return out;
}

TEST(RuleCache, CachedRulesAndDatabasesGiveIdenticalHits) {
  Regression regression = LoadRegression();
  ASSERT_GE(regression.rule_paths.size(), 137u);
  ASSERT_GE(regression.events.size(), 160u);
  RuleSet fresh = RuleSet::Load(regression.rule_paths);
  ASSERT_EQ(fresh.rules().size(), 137u);
  DatabaseCache recorded;
  CompileOptions record;
  record.databases = &recorded;
  auto first = Matcher::Compile(fresh, record);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_GT(recorded.added(), 0u);
  std::vector<std::string> expected = Hits(**first, regression.events);
  EXPECT_GE(expected.size(), 160u);

  const std::string env = RuleCacheEnvironment();
  std::string file = EncodeRuleCacheFile("key", env, fresh, recorded);
  auto cached = DecodeRuleCacheFile(file, "key", env);
  ASSERT_TRUE(cached.ok()) << cached.status();
  EXPECT_EQ(cached->databases.size(), recorded.size());
  EXPECT_EQ(cached->databases.added(), 0u);
  CompileOptions replay;
  replay.databases = &cached->databases;
  auto second = Matcher::Compile(cached->rules, replay);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(cached->databases.added(), 0u) << "every Vectorscan result comes from the cache";
  EXPECT_EQ(Hits(**second, regression.events), expected);
  EXPECT_EQ((*second)->stats().databases, (*first)->stats().databases);
  EXPECT_EQ((*second)->stats().pcre_regexes, (*first)->stats().pcre_regexes);

  // Damaged database entries are compiled again, to the same hits.
  DatabaseCache damaged;
  for (const std::string& key : recorded.Keys()) damaged.Put(key, "Dnot a database");
  CompileOptions repair;
  repair.databases = &damaged;
  auto third = Matcher::Compile(fresh, repair);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(Hits(**third, regression.events), expected);
}

TEST(RuleCache, CodecKeepsEveryField) {
  RuleSet set = RuleSet::Load({rampart::testing::DataPath("sigma/rules-emerging-threats")});
  ASSERT_GT(set.rules().size(), 300u);
  // A correlation, a filter, a rejected document and a skipped one.
  set.AddText(R"(title: Base
id: 11111111-1111-1111-1111-111111111111
name: base
logsource: {product: windows, category: process_creation}
detection:
  sel: {Image|endswith: '\x.exe', CommandLine|re: '(?i)a+b', DestinationIp|cidr: 10.0.0.0/8}
  num: {Count|gt: 4}
  condition: sel and not num
level: high
tags: [attack.t1059.001]
---
title: Many
correlation:
  type: value_count
  rules: [base]
  group-by: [User]
  timespan: 5m
  condition: {gte: 3, field: Image}
  aliases: {u: {base: User}}
---
title: Quiet
filter:
  rules: [base]
  selection: {User: admin}
  condition: not selection
logsource: {product: windows}
---
title: Broken
logsource: {product: windows}
detection: {condition: nothing}
---
info: metadata
)", "extra.yml");
  set.ApplyFilters();
  ASSERT_EQ(set.correlations().size(), 1u);
  ASSERT_EQ(set.filters().size(), 1u);
  ASSERT_FALSE(set.errors().empty());
  ASSERT_FALSE(set.skipped().empty());
  std::string bytes = RuleSetCodec::Encode(set);
  auto back = RuleSetCodec::Decode(bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(RuleSetCodec::Encode(*back), bytes);
  ASSERT_EQ(back->rules().size(), set.rules().size());
  EXPECT_EQ(back->rules().back().info.title, "Base");
  EXPECT_EQ(back->rules().back().filters.size(), 1u);
  EXPECT_EQ(back->correlations()[0].aliases.at("u").at("base"), "User");
  EXPECT_EQ(back->files(), set.files());
  ASSERT_EQ(back->errors().size(), set.errors().size());
  for (size_t i = 0; i < set.errors().size(); ++i) {
    EXPECT_EQ(FormatError(back->errors()[i]), FormatError(set.errors()[i]));
    EXPECT_EQ(back->errors()[i].code(), set.errors()[i].code());
  }
  // Every truncation fails, never a partial set.
  for (size_t cut = 0; cut < bytes.size(); cut += bytes.size() / 150 + 1) {
    EXPECT_FALSE(RuleSetCodec::Decode(std::string_view(bytes).substr(0, cut)).ok()) << cut;
  }
}

TEST(RuleCache, DamagedTruncatedAndForeignFilesAreIgnored) {
  rampart::testing::TempDir dir;
  RuleSet set = RuleSet::Load({rampart::testing::DataPath("sigma/rules/windows/builtin/security")});
  ASSERT_GT(set.rules().size(), 50u);
  DatabaseCache databases;
  CompileOptions options;
  options.databases = &databases;
  ASSERT_TRUE(Matcher::Compile(set, options).ok());
  RuleCache cache(dir.path() + "/cache");
  const std::string key = "0123456789abcdef0123456789abcdef";
  std::string why;
  EXPECT_FALSE(cache.Read(key, &why).has_value());
  ASSERT_TRUE(cache.Write(key, set, databases).ok());
  auto hit = cache.Read(key, &why);
  ASSERT_TRUE(hit.has_value()) << why;
  EXPECT_EQ(hit->rules.rules().size(), set.rules().size());
  EXPECT_EQ(hit->databases.size(), databases.size());

  auto bytes = ReadFile(cache.PathOf(key));
  ASSERT_TRUE(bytes.ok());
  const std::string good = *bytes;
  for (size_t cut : {size_t{0}, size_t{5}, size_t{40}, good.size() / 3, good.size() / 2, good.size() - 17,
                     good.size() - 1}) {
    rampart::testing::WriteFile(cache.PathOf(key), good.substr(0, cut));
    EXPECT_FALSE(cache.Read(key, &why).has_value()) << "cut at " << cut;
  }
  for (size_t at : {size_t{3}, size_t{30}, good.size() / 4, good.size() / 2, good.size() - 3}) {
    std::string flipped = good;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x20);
    rampart::testing::WriteFile(cache.PathOf(key), flipped);
    EXPECT_FALSE(cache.Read(key, &why).has_value()) << "byte " << at;
  }
  rampart::testing::WriteFile(cache.PathOf(key), good + "x");
  EXPECT_FALSE(cache.Read(key, &why).has_value());
  // Another rampart build or platform, another key.
  EXPECT_FALSE(DecodeRuleCacheFile(good, key, RuleCacheEnvironment() + " other").ok());
  EXPECT_FALSE(DecodeRuleCacheFile(good, "fedcba9876543210fedcba9876543210", RuleCacheEnvironment()).ok());
  // A damaged file is rewritten whole.
  ASSERT_TRUE(cache.Write(key, set, databases).ok());
  EXPECT_TRUE(cache.Read(key, &why).has_value()) << why;
}

TEST(RuleCache, ChangedRuleChangesTheKey) {
  rampart::testing::TempDir dir;
  fs::create_directories(dir.path() + "/rules/sub");
  const std::string rule = R"(title: T
logsource: {product: windows}
detection: {sel: {Image: a.exe}, condition: sel}
)";
  rampart::testing::WriteFile(dir.path() + "/rules/a.yml", rule);
  rampart::testing::WriteFile(dir.path() + "/rules/sub/b.yml", rule);
  rampart::testing::WriteFile(dir.path() + "/rules/notes.txt", "not a rule");
  const std::vector<std::string> paths = {dir.path() + "/rules"};
  const std::string key = RuleCache::Key(paths, {}, {}, "");
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(RuleCache::Key(paths, {}, {}, ""), key);
  // Files that are not rules are not read.
  rampart::testing::WriteFile(dir.path() + "/rules/notes.txt", "still not a rule");
  EXPECT_EQ(RuleCache::Key(paths, {}, {}, ""), key);
  EXPECT_NE(RuleCache::Key(paths, {}, {}, "min-level=high"), key);
  ParseOptions placeholders;
  placeholders.placeholders["x"] = {"1"};
  EXPECT_NE(RuleCache::Key(paths, {}, placeholders, ""), key);
  EXPECT_NE(RuleCache::Key(paths, paths, {}, ""), key);
  rampart::testing::WriteFile(dir.path() + "/rules/sub/b.yml", rule + "level: high\n");
  const std::string changed = RuleCache::Key(paths, {}, {}, "");
  EXPECT_NE(changed, key);
  rampart::testing::WriteFile(dir.path() + "/rules/c.yml", rule);
  EXPECT_NE(RuleCache::Key(paths, {}, {}, ""), changed);
}

TEST(RuleCache, FolderIsTrimmedOldestFirst) {
  rampart::testing::TempDir dir;
  RuleSet set;
  set.AddText("title: T\nlogsource: {product: windows}\ndetection: {sel: {Image: a.exe}, condition: sel}\n", "t.yml");
  DatabaseCache databases;
  databases.Put("k", std::string(4000, 'x'));
  const uint64_t one = EncodeRuleCacheFile("0", RuleCacheEnvironment(), set, databases).size() + 32;
  RuleCache cache(dir.path(), one * 5 / 2);  // room for two files
  std::vector<std::string> keys = {"a0", "a1", "a2", "a3"};
  auto age = fs::file_time_type::clock::now() - std::chrono::hours(10);
  for (const std::string& key : keys) {
    ASSERT_TRUE(cache.Write(key, set, databases).ok());
    fs::last_write_time(cache.PathOf(key), age);  // each older than the next
    age += std::chrono::hours(1);
  }
  EXPECT_FALSE(fs::exists(cache.PathOf("a0")));
  EXPECT_FALSE(fs::exists(cache.PathOf("a1")));
  EXPECT_TRUE(fs::exists(cache.PathOf("a2")));
  EXPECT_TRUE(fs::exists(cache.PathOf("a3")));
  // Reading makes a file the newest.
  EXPECT_TRUE(cache.Read("a2").has_value());
  ASSERT_TRUE(cache.Write("a4", set, databases).ok());
  EXPECT_TRUE(fs::exists(cache.PathOf("a2")));
  EXPECT_FALSE(fs::exists(cache.PathOf("a3")));
}

}  // namespace
}  // namespace rampart::detect
