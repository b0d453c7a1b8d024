#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "ingest_test_util.h"
#include "nlohmann/json.hpp"
#include "rampart/detect/flat_event.h"
#include "rampart/detect/logsource.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"
#include "rampart/ingest/registry.h"
#include "support/test_support.h"

namespace rampart::ingest {
namespace {

using testing::Collected;
using testing::ReadAll;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every attack sample opens and yields exactly manifest.jsonl's record count.
TEST(EvtxReaderTest, AllAttackSamplesMatchManifestCounts) {
  std::ifstream manifest(rampart::testing::DataPath("evtx/manifest.jsonl"));
  ASSERT_TRUE(manifest.good());
  std::string line;
  int files = 0;
  uint64_t total = 0;
  while (std::getline(manifest, line)) {
    auto m = nlohmann::json::parse(line);
    std::string path = rampart::testing::DataPath("evtx/" + m["path"].get<std::string>());
    int64_t expected = m["records"].get<int64_t>();
    int64_t with_event_id = 0;
    Collected c = ReadAll(path, {}, [&](const detect::Event& e) {
      // ETW-converted samples have no Channel; every record has an EventID.
      with_event_id += e.Get("EventID").has_value() && e.Get("Provider_Name").has_value();
    });
    ASSERT_EQ(c.open_error, "") << path;
    EXPECT_EQ(c.format, "evtx");
    EXPECT_EQ(static_cast<int64_t>(c.json.size()), expected) << path << "\n" << testing::IssuesText(c.stats);
    EXPECT_EQ(with_event_id, expected) << path;
    EXPECT_TRUE(c.stats.clean()) << path << "\n" << testing::IssuesText(c.stats);
    ++files;
    total += c.json.size();
  }
  EXPECT_EQ(files, 277);
  EXPECT_EQ(total, 8255u);
}

// The regression .evtx files answer the same values as their .json twins
// for the EventData fields and the System fields Sigma uses.
TEST(EvtxReaderTest, RegressionEvtxAgreesWithJsonTwin) {
  std::ifstream manifest(rampart::testing::DataPath("sigma/regression/manifest.jsonl"));
  ASSERT_TRUE(manifest.good());
  std::string line;
  int cases = 0, compared = 0;
  while (std::getline(manifest, line)) {
    auto m = nlohmann::json::parse(line);
    if (m["event_files"].empty() || m["json_files"].empty()) continue;
    std::string evtx = rampart::testing::DataPath("sigma/regression/" + m["event_files"][0].get<std::string>());
    std::string json = rampart::testing::DataPath("sigma/regression/" + m["json_files"][0].get<std::string>());
    if (evtx.size() < 5 || evtx.substr(evtx.size() - 5) != ".evtx") continue;
    // name -> values, per event, from each side.
    using Fields = std::map<std::string, std::string>;
    std::vector<Fields> from_json;
    Collected cj = ReadAll(json, {}, [&](const detect::Event& e) {
      Fields f;
      e.Fields([&](std::string_view n, const detect::Value& v) {
        if (v.kind != detect::ValueKind::kNull) f[std::string(n)] = std::string(v.text);
      });
      from_json.push_back(f);
    });
    size_t index = 0;
    Collected ce = ReadAll(evtx, {}, [&](const detect::Event& e) {
      ASSERT_LT(index, from_json.size()) << evtx;
      const Fields& want = from_json[index++];
      for (std::string_view name : {"EventID", "Channel", "Computer", "Provider_Name", "EventRecordID", "Level"}) {
        ASSERT_TRUE(e.Get(name).has_value()) << evtx << " " << name;
        EXPECT_EQ(std::string(*e.Get(name)), want.count(std::string(name)) ? want.at(std::string(name)) : std::string(*e.Get(name)));
      }
      // Every EventData field of the twin, by its flat name.
      for (const auto& [name, value] : want) {
        if (name.rfind("Event.", 0) == 0) continue;  // ambiguous names listed by path
        static const char* kSystem[] = {"xmlns", "Name", "Guid", "SystemTime", "ProcessID", "ThreadID",
                                        "UserID", "EventSourceName", "Qualifiers", "ActivityID", "RelatedActivityID"};
        bool system = false;
        for (auto s : kSystem) system |= name == s;
        if (system) continue;
        auto got = e.Get(name);
        ASSERT_TRUE(got.has_value()) << evtx << ": no field " << name;
        std::string g(*got);
        // libevtx renders GUIDs in braces, evtx_dump without.
        if (g.size() == 38 && g.front() == '{' && g.back() == '}' && value.size() == 36) g = g.substr(1, 36);
        // One twin differs only in case ("Explorer.EXE" vs "Explorer.exe");
        // Sigma compares case-insensitively by default.
        EXPECT_TRUE(detect::EqualsIgnoreCase(g, value)) << evtx << ": field " << name << ": " << g << " vs " << value;
        ++compared;
      }
      EXPECT_EQ(std::string(*e.Get("EventID")), want.at("EventID")) << evtx;
    });
    ASSERT_EQ(ce.open_error, "") << evtx;
    EXPECT_TRUE(ce.stats.clean()) << testing::IssuesText(ce.stats);
    EXPECT_TRUE(cj.stats.clean()) << testing::IssuesText(cj.stats);
    EXPECT_EQ(ce.json.size(), cj.json.size()) << evtx;
    ++cases;
  }
  EXPECT_EQ(cases, 136);
  EXPECT_GT(compared, 2000);
}

TEST(EvtxReaderTest, CorruptCopiesAreReportedNotFatal) {
  rampart::testing::TempDir dir;
  std::string src = rampart::testing::DataPath(
      "evtx/EVTX-ATTACK-SAMPLES/AutomatedTestingTools/Malware/rundll32_cmd_schtask.evtx");
  std::string bytes = Slurp(src);
  ASSERT_GT(bytes.size(), 8192u);

  // Flip bytes inside the first chunk's records (chunk starts at 4096, records at 4096+512).
  std::string flipped = bytes;
  for (size_t i = 4096 + 3000; i < 4096 + 3400; ++i) flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
  rampart::testing::WriteFile(dir.File("flipped.evtx"), flipped);
  Collected f = ReadAll(dir.File("flipped.evtx"));
  EXPECT_EQ(f.open_error, "");
  EXPECT_FALSE(f.stats.clean()) << "flipped bytes went unnoticed";
  for (const auto& issue : f.stats.issues) EXPECT_EQ(issue.file, dir.File("flipped.evtx"));

  // Truncated in the middle of the chunk.
  rampart::testing::WriteFile(dir.File("trunc.evtx"), bytes.substr(0, 4096 + 20000));
  Collected t = ReadAll(dir.File("trunc.evtx"));
  if (t.open_error.empty()) {
    EXPECT_LT(t.json.size(), 50u);
  } else {
    EXPECT_NE(t.open_error.find("trunc.evtx"), std::string::npos);
  }

  // Header only, and zero bytes.
  rampart::testing::WriteFile(dir.File("header.evtx"), bytes.substr(0, 4096));
  Collected h = ReadAll(dir.File("header.evtx"));
  EXPECT_TRUE(h.json.empty());
  rampart::testing::WriteFile(dir.File("zero.evtx"), "");
  Collected z = ReadAll(dir.File("zero.evtx"), {.format = "evtx"});
  EXPECT_NE(z.open_error, "");
}

// Security 4688 is Sigma's process_creation without Sysmon: classed so, with
// Sysmon's field names as aliases (docs/formats/logsource-mapping.md, 2a).
TEST(EvtxReaderTest, Security4688ReadsAsProcessCreation) {
  const std::string path = rampart::testing::DataPath("evtx/EVTX-ATTACK-SAMPLES/Credential Access/tutto_malseclogon.evtx");
  detect::RuleSet rules;
  rules.AddText(R"(title: MalSeclogon started from cmd
id: 00000000-0000-4000-8000-000000004688
level: high
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\MalSeclogon.exe'
    ParentImage|endswith: '\cmd.exe'
    IntegrityLevel: High
    User: 'MSEDGEWIN10\IEUser'
  condition: selection
)", "r.yml");
  ASSERT_TRUE(rules.errors().empty()) << FormatError(rules.errors()[0]);
  auto matcher = detect::Matcher::Compile(rules);
  ASSERT_TRUE(matcher.ok()) << matcher.status();
  detect::CollectingSink sink;
  int seen = 0;
  std::string first_hit;  // EventRecordID
  Collected c = ReadAll(path, {}, [&](const detect::Event& e) {
    if (e.Get("EventID") != std::optional<std::string_view>("4688")) return;
    ++seen;
    detect::EventClass ec = detect::ClassifyEvent(e);
    EXPECT_EQ(ec.service, "security");
    EXPECT_EQ(ec.categories, (std::vector<std::string>{"process_creation"}));
    EXPECT_EQ(e.Get("Image"), e.Get("NewProcessName"));
    EXPECT_EQ(e.Get("ParentImage"), e.Get("ParentProcessName"));
    EXPECT_EQ(e.Get("LogonId"), e.Get("SubjectLogonId"));
    // Aliases are for lookups only: the output keeps the Windows names once.
    EXPECT_EQ(e.ToJson().find("\"ParentImage\""), std::string::npos);
    EXPECT_NE(e.ToJson().find("\"ParentProcessName\""), std::string::npos);
    size_t before = sink.hits().size();
    (*matcher)->Match(e, sink);
    if (sink.hits().size() > before && first_hit.empty()) first_hit = std::string(e.Get("EventRecordID").value_or("?"));
  });
  ASSERT_EQ(c.open_error, "");
  EXPECT_TRUE(c.stats.clean()) << testing::IssuesText(c.stats);
  EXPECT_EQ(seen, 6);
  ASSERT_FALSE(sink.hits().empty());
  EXPECT_EQ(sink.hits().size(), 1u);
  EXPECT_EQ(first_hit, "329914");  // MalSeclogon.exe, parent cmd.exe, High, IEUser

  // Version 1 (Windows 7/2008): no parent name, no label; User is the subject.
  const std::string v1 = rampart::testing::DataPath("evtx/EVTX-ATTACK-SAMPLES/Command and Control/DE_RDP_Tunnel_5156.evtx");
  bool checked = false;
  ReadAll(v1, {}, [&](const detect::Event& e) {
    if (checked || e.Get("EventID") != std::optional<std::string_view>("4688")) return;
    checked = true;
    EXPECT_EQ(e.Get("Image"), std::optional<std::string_view>("C:\\Windows\\System32\\TSTheme.exe"));
    EXPECT_FALSE(e.Get("ParentImage").has_value());
    EXPECT_FALSE(e.Get("IntegrityLevel").has_value());
    EXPECT_EQ(e.Get("User"), std::optional<std::string_view>("EXAMPLE\\PC01$"));
  });
  EXPECT_TRUE(checked);
}

}  // namespace
}  // namespace rampart::ingest