// `rampart intel search | graph | export` on the ATT&CK + galaxy knowledge base.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "intel_kb.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

constexpr const char* kHafnium = "intrusion-set--2688b13e-8e71-405a-9c40-0dee94bddf87";

TEST(IntelSearch, FindsActorsByDescriptionWords) {
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "search", "Exchange", "--type", "intrusion-set", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json hits = json::parse(r.out);
  ASSERT_TRUE(hits.is_array());
  ASSERT_FALSE(hits.empty());
  bool hafnium = false;
  for (const auto& h : hits) {
    EXPECT_EQ(h["type"], "intrusion-set");
    hafnium |= h["id"] == kHafnium;
  }
  EXPECT_TRUE(hafnium) << r.out;
}

TEST(IntelSearch, TableHasOneRowPerHit) {
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "search", "Hafnium", "--limit", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("TYPE", 0), 0u) << header;
  int rows = 0;
  for (std::string line; std::getline(lines, line);) ++rows;
  EXPECT_GE(rows, 1);
  EXPECT_LE(rows, 5);
  EXPECT_NE(r.out.find(kHafnium), std::string::npos) << r.out;
}

TEST(IntelSearch, NoMatchIsExitOne) {
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "search", "zzqxqzzy"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(IntelGraph, JsonHasRootNeighboursAndConsistentEdges) {
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "graph", "HAFNIUM", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json g = json::parse(r.out);
  EXPECT_EQ(g["root"], kHafnium);
  EXPECT_EQ(g["depth"], 1);
  ASSERT_FALSE(g["nodes"].empty());
  EXPECT_EQ(g["nodes"][0]["id"], kHafnium);
  std::set<std::string> ids;
  for (const auto& n : g["nodes"]) {
    EXPECT_TRUE(ids.insert(n["id"]).second) << "duplicate node " << n["id"];
    EXPECT_LE(n["depth"].get<int>(), 1);
  }
  bool t1190 = false;
  for (const auto& n : g["nodes"]) t1190 |= n["external_id"] == "T1190";
  EXPECT_TRUE(t1190);
  ASSERT_GE(g["edges"].size(), 50u);  // ATT&CK alone links HAFNIUM to 50 objects
  for (const auto& e : g["edges"]) {
    EXPECT_TRUE(ids.count(e["source_ref"]) && ids.count(e["target_ref"])) << e.dump();
    EXPECT_TRUE(e["source_ref"] == kHafnium || e["target_ref"] == kHafnium) << e.dump();
  }
}

TEST(IntelGraph, DepthTwoReachesFurther) {
  std::string db = KnowledgeBase();
  json one = json::parse(RunRampart(db, {"intel", "graph", "HAFNIUM", "--format", "json"}).out);
  json two = json::parse(RunRampart(db, {"intel", "graph", "HAFNIUM", "--depth", "2", "--format", "json"}).out);
  EXPECT_GT(two["nodes"].size(), one["nodes"].size());
  json zero = json::parse(RunRampart(db, {"intel", "graph", "HAFNIUM", "--depth", "0", "--format", "json"}).out);
  EXPECT_EQ(zero["nodes"].size(), 1u);
  EXPECT_TRUE(zero["edges"].empty());
}

TEST(IntelGraph, DotIsWellFormed) {
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "graph", "APT40", "--format", "dot"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "digraph rampart {");
  // "id" [label="..."]; or "a" -> "b" [label="..."]; with escaped quotes only.
  const std::string q = R"("(?:[^"\\]|\\.)*")";
  std::regex node("  " + q + " \\[label=" + q + "(, style=(bold|dashed))?\\];");
  std::regex edge("  " + q + " -> " + q + " \\[label=" + q + "\\];");
  int nodes = 0, edges = 0;
  std::string last;
  while (std::getline(lines, line)) {
    last = line;
    if (std::regex_match(line, node)) ++nodes;
    else if (std::regex_match(line, edge)) ++edges;
    else if (line != "}" && line.rfind("  rankdir", 0) != 0 && line.rfind("  node [", 0) != 0)
      ADD_FAILURE() << "not DOT: " << line;
  }
  EXPECT_EQ(last, "}");
  EXPECT_GT(nodes, 10);
  EXPECT_GE(edges, nodes - 1);
  EXPECT_NE(r.out.find("\"intrusion-set--7113eaa5-ba79-4fb3-b68a-398ee9cd698e\" [label="), std::string::npos);
}

TEST(IntelGraph, TextIsATree) {
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "graph", "G0125"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("G0125 HAFNIUM (intrusion-set) ", 0), 0u) << r.out.substr(0, 200);
  EXPECT_NE(r.out.find("\n  -[uses]-> T1190 Exploit Public-Facing Application (attack-pattern)\n"), std::string::npos)
      << r.out;
}

// Every object of the exported ATT&CK + galaxy store must validate against
// the STIX 2.1 JSON schemas (scripts/validate-stix-schemas.py).
TEST(IntelExport, WholeStoreValidatesAgainstStix21Schemas) {
  TempDir tmp;
  std::string out = tmp.File("all.json");
  CommandResult r = RunRampart(KnowledgeBase(), {"intel", "export", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json bundle = json::parse(ReadText(out));
  EXPECT_EQ(bundle["type"], "bundle");
  ASSERT_GT(bundle["objects"].size(), 24000u);
  std::set<std::string> ids;
  for (const auto& o : bundle["objects"]) {
    EXPECT_EQ(o["spec_version"], "2.1") << o["id"];
    EXPECT_TRUE(ids.insert(o["id"]).second) << "exported twice: " << o["id"];
  }
  // Every reference resolves within the bundle (or names a built-in TLP
  // marking definition, which the exporter adds when it is referenced): the
  // relationships to revoked objects are left out with them.
  std::vector<std::string> unresolved;
  std::function<void(const json&, const std::string&)> walk = [&](const json& v, const std::string& owner) {
    if (v.is_array()) {
      for (const auto& item : v) walk(item, owner);
      return;
    }
    if (!v.is_object()) return;
    for (const auto& [key, item] : v.items()) {
      auto check = [&](const json& ref) {
        // ATT&CK writes "x_mitre_data_source_ref": "" on some data components.
        if (ref.is_string() && !ref.get<std::string>().empty() && !ids.count(ref.get<std::string>())) {
          unresolved.push_back(owner + " " + key + " -> " + ref.get<std::string>());
        }
      };
      if (key.ends_with("_ref")) {
        check(item);
      } else if (key.ends_with("_refs") && item.is_array()) {
        for (const auto& ref : item) check(ref);
      } else {
        walk(item, owner);
      }
    }
  };
  for (const auto& o : bundle["objects"]) walk(o, o["id"].get<std::string>());
  EXPECT_TRUE(unresolved.empty()) << unresolved.size() << " unresolved, first " << unresolved[0];
  EXPECT_NE(r.err.find("point at revoked objects left out"), std::string::npos) << r.err;
  std::string script = std::string(RAMPART_SOURCE_DIR) + "/scripts/validate-stix-schemas.py";
  ASSERT_TRUE(std::filesystem::exists(script)) << script;
  CommandResult v = rampart::testing::Run({"/usr/bin/python3", script, DataPath("stix-schemas/schemas"), out});
  EXPECT_EQ(v.exit_code, 0) << v.out.substr(0, 4000) << v.err.substr(0, 4000);
}

TEST(IntelExport, TypeAndSinceFilter) {
  std::string db = KnowledgeBase();
  CommandResult r = RunRampart(db, {"intel", "export", "--type", "intrusion-set", "--type", "campaign"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json bundle = json::parse(r.out);
  size_t sets = 0;
  for (const auto& o : bundle["objects"]) {
    std::string type = o["type"];
    EXPECT_TRUE(type == "intrusion-set" || type == "campaign" || type == "marking-definition") << type;
    sets += type == "intrusion-set";
  }
  EXPECT_GE(sets, 187u);
  CommandResult future = RunRampart(db, {"intel", "export", "--since", "2999-01-01T00:00:00Z"});
  ASSERT_EQ(future.exit_code, 0) << future.err;
  EXPECT_TRUE(json::parse(future.out)["objects"].empty());
  CommandResult bad = RunRampart(db, {"intel", "export", "--since", "last tuesday"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--since"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace rampart::testing
