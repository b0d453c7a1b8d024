// The compiled matcher reads FlatEvents (what the JSON, EVTX and text
// readers produce) through its own field index and matches literal atoms
// with position checks; both must give exactly what the reference evaluator
// gives through FlatEvent::Values.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "engine/field_index.h"
#include "rampart/detect/json_event.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"
#include "support/test_support.h"

namespace rampart::detect {
namespace {

std::vector<uint32_t> ViaValues(const FlatEvent& e, std::string_view name) {
  std::vector<uint32_t> out;
  e.Values(name, [&](const Value& v) {
    for (uint32_t i = 0; i < e.fields().size(); ++i) {
      // Values hands out the field's own Value: find it by address.
      if (e.fields()[i].value.text.data() == v.text.data() && e.fields()[i].value.kind == v.kind &&
          std::find(out.begin(), out.end(), i) == out.end()) {
        out.push_back(i);
        break;
      }
    }
  });
  return out;
}

TEST(FieldIndex, AgreesWithFlatEventValues) {
  // Every value text is distinct so that fields can be told apart by address.
  std::vector<std::string> texts;
  for (int i = 0; i < 64; ++i) texts.push_back("v" + std::to_string(i));
  internal::NameTable names;
  std::vector<std::string> asked = {"CommandLine", "commandline", "Commandline", "Image",
                                    "Event.EventData.Image", "event.eventdata.image", "Name", "Provider_Name",
                                    "Missing", "x", "X", "a.b"};
  for (const auto& n : asked) names.Add(n);
  names.Finish();
  internal::EventFieldIndex index(names);
  std::mt19937 rng(7);
  const char* paths[][2] = {{"Event.EventData.CommandLine", "CommandLine"},
                            {"Event.EventData.COMMANDLINE", "COMMANDLINE"},
                            {"commandline", "commandline"},
                            {"Event.EventData.Image", "Image"},
                            {"Event.System.Provider.Name", "Name"},
                            {"Provider_Name", "Provider_Name"},
                            {"x", "x"},
                            {"X", "X"},
                            {"a.b", "b"},
                            {"A.B", "B"}};
  for (int round = 0; round < 300; ++round) {
    FlatEvent e;
    e.Reset("jsonl", {});
    int n = rng() % 12;
    for (int k = 0; k < n; ++k) {
      const auto& p = paths[rng() % 10];
      ValueKind kind = rng() % 5 == 0 ? ValueKind::kNull : ValueKind::kString;
      e.Add(p[0], p[1], Value{texts[k], kind}, rng() % 4 == 0);
    }
    index.Build(e);
    for (const auto& name : asked) {
      EXPECT_EQ(index.Fields(names.Exact(name)), ViaValues(e, name)) << "round " << round << " name " << name;
    }
  }
}

// Pretty-printed JSON objects, one after another, as one-line JSON texts.
std::vector<std::string> JsonObjects(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  while (in >> std::ws && in.peek() != EOF) {
    nlohmann::json j;
    in >> j;
    out.push_back(j.dump());
  }
  return out;
}

struct Flat {
  StringArena arena;
  FlatEvent event;
};

TEST(CompiledOverFlatEvents, AgreesWithReferenceOnEveryRuleAndEvent) {
  RuleSet set = RuleSet::Load({rampart::testing::DataPath("sigma/rules"),
                               rampart::testing::DataPath("sigma/rules-emerging-threats"),
                               rampart::testing::DataPath("sigma/rules-threat-hunting")});
  ASSERT_GT(set.rules().size(), 3700u);
  auto matcher = Matcher::Compile(set);
  ASSERT_TRUE(matcher.ok()) << matcher.status();
  ReferenceEvaluator ref(set);

  std::vector<std::string> texts;
  std::ifstream manifest(rampart::testing::DataPath("sigma/regression/manifest.jsonl"));
  std::string line;
  while (std::getline(manifest, line)) {
    nlohmann::json entry = nlohmann::json::parse(line);
    for (const auto& f : entry["json_files"]) {
      for (auto& t : JsonObjects(rampart::testing::DataPath("sigma/regression/" + f.get<std::string>())))
        texts.push_back(std::move(t));
    }
  }
  ASSERT_EQ(texts.size(), 160u);
  // Random events from the rules' own literals, under nested paths and
  // case-changed names, with duplicates and nulls, so that every lookup step
  // and every literal position check is exercised.
  std::vector<std::pair<std::string, std::string>> atoms;
  for (const auto& r : set.rules()) {
    for (const auto& id : r.identifiers) {
      for (const auto& alt : id.alternatives) {
        for (const auto& item : alt) {
          for (const auto& v : item.values) {
            if (!item.field.empty() && v.kind == MatchKind::kString) atoms.push_back({item.field, v.string.LiteralText()});
          }
        }
      }
    }
  }
  std::mt19937 rng(1234);
  const char* junk[] = {"", "x", " ", "\\", "C:\\Windows\\", ".exe", "-", "/", "A", "\n"};
  for (int i = 0; i < 200; ++i) {
    nlohmann::json data = nlohmann::json::object();
    int n = 1 + rng() % 10;
    for (int k = 0; k < n; ++k) {
      auto [field, value] = atoms[rng() % atoms.size()];
      if (rng() % 4 == 0) {
        for (char& c : field) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      std::string v = std::string(junk[rng() % 10]) + value + junk[rng() % 10];
      if (rng() % 3 == 0) {
        for (char& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      if (rng() % 10 == 0) data[field] = nullptr;
      else if (data.contains(field) && data[field].is_string()) data[field] = {data[field], v};
      else data[field] = v;
    }
    nlohmann::json ev = {{"Event",
                          {{"System",
                            {{"Channel", "Microsoft-Windows-Sysmon/Operational"},
                             {"EventID", 1 + rng() % 25},
                             {"Provider", {{"#attributes", {{"Name", "Microsoft-Windows-Sysmon"}}}}}}},
                           {"EventData", data}}}};
    texts.push_back(ev.dump());
  }

  auto scratch = (*matcher)->NewScratch();
  StringArena arena;
  JsonFlattener flattener;
  FlatEvent flat;
  int hits_total = 0;
  for (size_t ev = 0; ev < texts.size(); ++ev) {
    SCOPED_TRACE(texts[ev]);
    flat.Reset("jsonl", {});
    ASSERT_TRUE(flattener.Flatten(texts[ev], texts[ev].size(), arena, flat).ok());
    CollectingSink hits;
    (*matcher)->Match(flat, hits, *scratch);
    size_t next = 0;
    for (size_t i = 0; i < set.rules().size(); ++i) {
      bool compiled = next < hits.hits().size() && hits.hits()[next].rule_id == set.rules()[i].info.id &&
                      (++next, true);
      bool reference = ref.Matches(i, flat);
      ASSERT_EQ(compiled, reference) << "event " << ev << " rule " << set.rules()[i].info.id << " "
                                     << set.rules()[i].info.title;
    }
    EXPECT_EQ(next, hits.hits().size());
    // The generic path (an Event that is not a FlatEvent) gives the same hits.
    auto generic = JsonEvent::Parse(texts[ev]);
    ASSERT_TRUE(generic.ok());
    CollectingSink generic_hits;
    (*matcher)->Match(*generic, generic_hits, *scratch);
    ASSERT_EQ(generic_hits.hits().size(), hits.hits().size());
    for (size_t h = 0; h < hits.hits().size(); ++h) {
      EXPECT_EQ(generic_hits.hits()[h].rule_id, hits.hits()[h].rule_id);
      EXPECT_EQ(generic_hits.hits()[h].matched, hits.hits()[h].matched);
    }
    hits_total += static_cast<int>(hits.hits().size());
    // Paths are interned per batch: forget them now and then, as readers do.
    if (ev % 50 == 49) {
      arena.Clear();
      flattener.ForgetPaths();
    }
  }
  // The regression events alone fire at least one rule each case (136).
  EXPECT_GE(hits_total, 136);
}

}  // namespace
}  // namespace rampart::detect
