// rampart hunt against hostile and damaged input, and the guards around its
// output: a hostile file is reported and every other hit kept; a truncated
// .gz keeps what decompresses; no output overwrites an input or the
// knowledge base; rules that are missing, records without a time and rules
// that cannot apply are said, never passed off as a clean result.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "support/test_support.h"

namespace rampart::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const char kHafnium[] = "sigma/rules-emerging-threats/2021/TA/HAFNIUM/web_exchange_exploitation_hafnium.yml";

class HuntRobustTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    log_ = dir_->File("u_ex210301.log");
    CommandResult gen = rampart::testing::Run({"/usr/bin/python3", ToolsDir() + "/gen-exchange-logs", "--events", "5000", "--seed", "5",
                             "--attack-rate", "5e-3", "--out", log_, "--quiet"});
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  CommandResult Hunt(std::vector<std::string> args, const std::string& db = "") {
    std::vector<std::string> argv = {RampartBinary(), "--db", db.empty() ? local_.File("none.db") : db, "hunt"};
    argv.insert(argv.end(), args.begin(), args.end());
    return rampart::testing::Run(argv);
  }
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static std::vector<json> JsonLines(const std::string& text) {
    std::vector<json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) out.push_back(json::parse(line));
    }
    return out;
  }
  // Hits without the part that names the folder they were read from.
  static std::vector<std::string> HitKeys(const std::vector<json>& hits) {
    std::vector<std::string> keys;
    for (const json& h : hits) {
      keys.push_back(h["rule"]["id"].get<std::string>() + "@" + std::to_string(h["source"]["line"].get<int64_t>()));
    }
    return keys;
  }

  static TempDir* dir_;
  static std::string log_;
  TempDir local_;
};
TempDir* HuntRobustTest::dir_ = nullptr;
std::string HuntRobustTest::log_;

// The "done when" of robust hunting: one hostile file in a folder of logs
// costs that file's records, never another file's hits.
TEST_F(HuntRobustTest, FolderWithHostileFilesKeepsEveryOtherHit) {
  CommandResult alone = Hunt({"--rules", DataPath(kHafnium), "--output", "jsonl", log_});
  ASSERT_EQ(alone.exit_code, 1) << alone.err;
  std::vector<json> expected = JsonLines(alone.out);
  ASSERT_GT(expected.size(), 3u);

  fs::create_directories(local_.File("logs"));
  fs::copy_file(log_, local_.File("logs/b_iis.log"));
  std::string deep = "{\"a\":";
  for (int i = 0; i < 50'000; ++i) deep += "{\"a\":";
  deep += "1" + std::string(50'001, '}');
  WriteFile(local_.File("logs/a_deep.jsonl"), "{\"n\":1}\n" + deep + "\n{\"n\":3}\n");
  std::string html = "<p>";
  for (int i = 0; i < 50'000; ++i) html += "<b>x";
  WriteFile(local_.File("logs/c_page.jsonl"), html);
  std::mt19937 rng(1);
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>(rng() & 0xFF));
  WriteFile(local_.File("logs/d_blob.log"), garbage);

  CommandResult r = Hunt({"--rules", DataPath(kHafnium), "--output", "jsonl", local_.File("logs")});
  EXPECT_EQ(r.exit_code, 2) << r.err;  // hits and errors: errors win
  EXPECT_EQ(HitKeys(JsonLines(r.out)), HitKeys(expected));
  EXPECT_NE(r.err.find(local_.File("logs/a_deep.jsonl") + ":2: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nested deeper than 512"), std::string::npos) << r.err;
  // Binary data found by walking the folder is not a log: skipped and counted,
  // not an error (a file named on the command line would be one).
  EXPECT_NE(r.err.find("(1 more skipped: format not recognised)"), std::string::npos) << r.err;
  CommandResult named = Hunt({"--rules", DataPath(kHafnium), local_.File("logs/d_blob.log")});
  EXPECT_EQ(named.exit_code, 2) << named.err;
  EXPECT_NE(named.err.find(local_.File("logs/d_blob.log") + ": binary data"), std::string::npos) << named.err;
  for (char c : r.err) {
    unsigned char u = static_cast<unsigned char>(c);
    ASSERT_TRUE(u >= 0x20 || c == '\n' || c == '\t') << "raw control byte in: " << r.err;
  }
}

TEST_F(HuntRobustTest, TruncatedGzipKeepsEveryRecordThatDecompresses) {
  // The attack lines sit in the first half; gzip is cut at three quarters.
  ASSERT_EQ(std::system(("gzip -c " + log_ + " > " + local_.File("log.gz")).c_str()), 0);
  fs::resize_file(local_.File("log.gz"), fs::file_size(local_.File("log.gz")) * 3 / 4);
  std::system(("zcat " + local_.File("log.gz") + " > " + local_.File("zcat.out") + " 2>/dev/null").c_str());
  const std::string recovered = Slurp(local_.File("zcat.out"));
  const size_t zcat_lines = static_cast<size_t>(std::count(recovered.begin(), recovered.end(), '\n'));
  ASSERT_GT(zcat_lines, 1000u);
  // Expected: the hits of the complete log on the lines zcat recovers whole.
  CommandResult whole = Hunt({"--rules", DataPath(kHafnium), "--output", "jsonl", log_});
  size_t expected_hits = 0;
  for (const json& h : JsonLines(whole.out)) expected_hits += h["source"]["line"].get<size_t>() <= zcat_lines;
  ASSERT_GT(expected_hits, 0u);

  CommandResult r = Hunt({"--rules", DataPath(kHafnium), "--output", "jsonl", "--summary-json",
                          local_.File("summary.json"), local_.File("log.gz")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(JsonLines(r.out).size(), expected_hits) << r.err;
  EXPECT_NE(r.err.find("gzip stream truncated"), std::string::npos) << r.err;
  json summary = json::parse(Slurp(local_.File("summary.json")));
  size_t directives = 0;  // "#Fields:" and the like are not records
  std::istringstream lines(recovered);
  for (std::string line; std::getline(lines, line);) directives += !line.empty() && line[0] == '#';
  EXPECT_GE(summary["records"].get<size_t>() + directives, zcat_lines) << summary.dump();
}

TEST_F(HuntRobustTest, AnOutputThatIsAnInputIsRefused) {
  fs::copy_file(log_, local_.File("in.log"));
  const std::string before = Slurp(local_.File("in.log"));
  fs::create_symlink(local_.File("in.log"), local_.File("link.txt"));
  fs::create_directories(local_.File("logs"));
  fs::create_hard_link(local_.File("in.log"), local_.File("logs/x.log"));
  for (auto [out, input] : std::vector<std::pair<std::string, std::string>>{
           {local_.File("in.log"), local_.File("in.log")},
           {local_.File("link.txt"), local_.File("in.log")},
           {local_.path() + "/logs/../in.log", local_.File("in.log")},
           {local_.File("in.log"), local_.File("logs")}}) {
    CommandResult r = Hunt({"--rules", DataPath(kHafnium), "--out", out, input});
    EXPECT_EQ(r.exit_code, 2) << out << " / " << input << ": " << r.err;
    EXPECT_NE(r.err.find("refusing to overwrite it"), std::string::npos) << r.err;
    EXPECT_EQ(Slurp(local_.File("in.log")), before);
  }
}

TEST_F(HuntRobustTest, NoCommandOverwritesTheKnowledgeBase) {
  const std::string kb = local_.File("kb.db");
  WriteFile(kb, "not really a store, but it must stay as it is");
  CommandResult hunt = Hunt({"--rules", DataPath(kHafnium), "--out", kb, log_}, kb);
  EXPECT_EQ(hunt.exit_code, 2) << hunt.err;
  EXPECT_NE(hunt.err.find("is also the knowledge base"), std::string::npos) << hunt.err;
  CommandResult exported = rampart::testing::Run({RampartBinary(), "--db", kb, "intel", "export", "--out", kb});
  EXPECT_EQ(exported.exit_code, 2) << exported.err;
  EXPECT_NE(exported.err.find("is also the knowledge base"), std::string::npos) << exported.err;
  EXPECT_EQ(Slurp(kb), "not really a store, but it must stay as it is");
}

TEST_F(HuntRobustTest, OutputIsWrittenWholeWithNoTemporaryLeft) {
  fs::create_directories(local_.File("out"));
  CommandResult r = Hunt({"--rules", DataPath(kHafnium), "--out", local_.File("out/hits.txt"), log_});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(local_.File("out"))) names.push_back(e.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"hits.txt"});
  EXPECT_NE(Slurp(local_.File("out/hits.txt")).find("summary: "), std::string::npos);
}

TEST_F(HuntRobustTest, AMissingRulesPathIsAnErrorNamingIt) {
  CommandResult r = Hunt({"--rules", DataPath(kHafnium), "--rules", local_.File("missing-rules"), log_});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(local_.File("missing-rules") + ": --rules: cannot read: No such file"), std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(HuntRobustTest, ARuleThatDoesNotLoadSaysWhy) {
  WriteFile(local_.File("bad.yml"), "title: broken\nlogsource: {category: webserver}\ndetection: [not, a, map]\n");
  CommandResult r = Hunt({"--rules", DataPath(kHafnium), "--rules", local_.File("bad.yml"), log_});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("rule not loaded: " + local_.File("bad.yml")), std::string::npos) << r.err;
}

TEST_F(HuntRobustTest, RecordsWithoutATimeAreNotInATimeRange) {
  WriteFile(local_.File("iocs.txt"), "203.0.113.77\n");
  WriteFile(local_.File("x.jsonl"),
            "{\"@timestamp\":\"2021-03-01T10:00:00Z\",\"src_ip\":\"203.0.113.77\"}\n"
            "{\"src_ip\":\"203.0.113.77\",\"note\":\"no time at all\"}\n"
            "{\"time\":\"not a time\",\"src_ip\":\"203.0.113.77\"}\n"
            "{\"date\":\"03/01/2021 10:00:00\",\"src_ip\":\"203.0.113.77\"}\n"
            "{\"ts\":1614592800123,\"src_ip\":\"203.0.113.77\"}\n");
  auto hunt = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"--ioc", local_.File("iocs.txt"), "--output", "jsonl", "--since",
                                     "2021-02-01", "--until", "2021-04-01", "--summary-json", "-"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(local_.File("x.jsonl"));
    return Hunt(args);
  };
  CommandResult r = hunt({});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::vector<json> lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;  // three timed hits, then the summary
  EXPECT_EQ(lines.back()["untimed"], 2) << lines.back().dump();
  EXPECT_EQ(lines.back()["in_time_range"], 3) << lines.back().dump();
  CommandResult kept = hunt({"--keep-untimed"});
  EXPECT_EQ(JsonLines(kept.out).size(), 6u) << kept.out;
  CommandResult outside = Hunt({"--ioc", local_.File("iocs.txt"), "--since", "2022-01-01", local_.File("x.jsonl")});
  EXPECT_EQ(outside.exit_code, 0) << outside.out;
  EXPECT_NE(outside.out.find("2 without a readable time"), std::string::npos) << outside.out;
}

TEST_F(HuntRobustTest, AKnowledgeBaseIndicatorHitCarriesItsActor) {
  const std::string kb = local_.File("kb.db");
  const char* created = "\"created\":\"2021-03-02T00:00:00.000Z\",\"modified\":\"2021-03-02T00:00:00.000Z\"";
  std::string bundle = std::string("{\"type\":\"bundle\",\"id\":\"bundle--6f8a0b44-4c1e-4d8e-9a43-1b2f6c5d7e01\",\"objects\":[") +
      "{\"type\":\"intrusion-set\",\"spec_version\":\"2.1\",\"id\":\"intrusion-set--2f8a0b44-4c1e-4d8e-9a43-1b2f6c5d7e02\"," +
      created + ",\"name\":\"HAFNIUM\"}," +
      "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--3f8a0b44-4c1e-4d8e-9a43-1b2f6c5d7e03\"," +
      created + ",\"name\":\"HAFNIUM server\",\"pattern\":\"[ipv4-addr:value = '203.0.113.9']\"," +
      "\"pattern_type\":\"stix\",\"valid_from\":\"2021-03-02T00:00:00Z\"}," +
      "{\"type\":\"relationship\",\"spec_version\":\"2.1\",\"id\":\"relationship--4f8a0b44-4c1e-4d8e-9a43-1b2f6c5d7e04\"," +
      created + ",\"relationship_type\":\"indicates\"," +
      "\"source_ref\":\"indicator--3f8a0b44-4c1e-4d8e-9a43-1b2f6c5d7e03\"," +
      "\"target_ref\":\"intrusion-set--2f8a0b44-4c1e-4d8e-9a43-1b2f6c5d7e02\"}]}";
  WriteFile(local_.File("hafnium.json"), bundle);
  CommandResult imported = rampart::testing::Run({RampartBinary(), "--db", kb, "intel", "import", local_.File("hafnium.json")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  WriteFile(local_.File("x.jsonl"), "{\"src_ip\":\"203.0.113.9\"}\n");
  CommandResult r = Hunt({"--intel", "--output", "jsonl", local_.File("x.jsonl")}, kb);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  std::vector<json> hits = JsonLines(r.out);
  ASSERT_EQ(hits.size(), 1u);
  const json& actors = hits[0]["rule"]["actors"];
  ASSERT_EQ(actors.size(), 1u) << hits[0].dump();
  EXPECT_EQ(actors[0]["name"], "HAFNIUM");
  EXPECT_EQ(actors[0]["id"], "intrusion-set--2f8a0b44-4c1e-4d8e-9a43-1b2f6c5d7e02");
}

TEST_F(HuntRobustTest, SaysWhenNoLoadedRuleAppliesToTheLog) {
  std::string rule = DataPath("sigma/rules/windows/process_creation/proc_creation_win_7zip_exfil_dmp_files.yml");
  CommandResult r = Hunt({"--rules", rule, log_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("no loaded rule applies to webserver events"), std::string::npos) << r.err;
  CommandResult fits = Hunt({"--rules", DataPath(kHafnium), log_});
  EXPECT_EQ(fits.err.find("no loaded rule applies"), std::string::npos) << fits.err;
}

TEST_F(HuntRobustTest, OptionValuesAreCheckedAndNamesAnyCase) {
  CommandResult negative = Hunt({"--rules", DataPath(kHafnium), "--threads", "-1", log_});
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_NE(negative.err.find("--threads: expected 0"), std::string::npos) << negative.err;
  CommandResult upper = Hunt({"--rules", DataPath(kHafnium), "--output", "JSONL", "--format", "W3C", log_});
  EXPECT_EQ(upper.exit_code, 1) << upper.err;
  EXPECT_FALSE(JsonLines(upper.out).empty());
}

TEST_F(HuntRobustTest, VerboseSaysWhatItReadsAndErrorsSayWhyOnce) {
  CommandResult v = rampart::testing::Run({RampartBinary(), "-v", "--db", local_.File("none.db"), "hunt", "--rules",
                         DataPath(kHafnium), log_});
  EXPECT_NE(v.err.find(log_ + ": reading as w3c"), std::string::npos) << v.err;
  EXPECT_NE(v.err.find("rules: 1 loaded"), std::string::npos) << v.err;
  CommandResult missing = Hunt({"--rules", DataPath(kHafnium), local_.File("missing.log")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err.find(local_.File("missing.log") + ": " + local_.File("missing.log")), std::string::npos)
      << missing.err;
  fs::create_directories(local_.File("d"));
  WriteFile(local_.File("d/fake.evtx"), "plain text, not an event log\n");
  CommandResult fake = Hunt({"--rules", DataPath(kHafnium), "--format", "evtx", local_.File("d/fake.evtx")});
  EXPECT_EQ(fake.exit_code, 2);
  EXPECT_NE(fake.err.find("not an EVTX file"), std::string::npos) << fake.err;
  EXPECT_EQ(fake.err.find("unable to"), std::string::npos) << fake.err;
}

}  // namespace
}  // namespace rampart::testing
