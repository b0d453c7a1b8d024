// rampart hunt on inputs as analysts hand them over: Windows Defender events
// whose EventData names hold spaces ("Source Name"), read by SigmaHQ's rules
// as "SourceName"; and folders holding a README beside the logs.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "support/test_support.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

const char* const kAmsiRule = "sigma/rules/windows/builtin/windefend/win_defender_malware_detected_amsi_source.yml";
const char* const kAmsiRuleId = "ea9bf0fa-edec-4fb8-8b78-b119f2528186";

void WriteFileIn(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  WriteFile(path, content);
}

CommandResult Hunt(const TempDir& dir, std::vector<std::string> args) {
  std::vector<std::string> argv = {RampartBinary(), "--db", dir.File("none.db"), "hunt"};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv);
}

std::set<std::string> RuleIds(const std::string& out) {
  std::set<std::string> ids;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) ids.insert(json::parse(line)["rule"].value("id", ""));
  }
  return ids;
}

// Event 1116 as Windows Defender writes it (EventData names with spaces),
// exported from EVTX as JSON.
std::string DefenderEvent(const std::string& source_name) {
  json e = {{"Event",
             {{"System",
               {{"Provider", {{"#attributes", {{"Name", "Microsoft-Windows-Windows Defender"}}}}},
                {"EventID", 1116},
                {"Channel", "Microsoft-Windows-Windows Defender/Operational"},
                {"Computer", "WS01"}}},
              {"EventData",
               {{"Product Name", "Microsoft Defender Antivirus"},
                {"Threat Name", "Trojan:PowerShell/Mimikatz.A"},
                {"Source Name", source_name},
                {"Process Name", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"}}}}}};
  return e.dump() + "\n";
}

TEST(HuntInputsTest, DefenderNamesWithSpacesAnswerSigmaNamesWithout) {
  TempDir dir;
  WriteFile(dir.File("amsi.json"), DefenderEvent("AMSI"));
  CommandResult hit = Hunt(dir, {"--rules", DataPath(kAmsiRule), "--output", "jsonl", dir.File("amsi.json")});
  ASSERT_EQ(hit.exit_code, 1) << hit.err;
  EXPECT_EQ(RuleIds(hit.out), std::set<std::string>{kAmsiRuleId});
  // Output keeps the names as logged.
  json event = json::parse(hit.out.substr(0, hit.out.find('\n')))["event"];
  EXPECT_EQ(event.value("Source Name", ""), "AMSI") << hit.out;
  EXPECT_FALSE(event.contains("SourceName")) << hit.out;

  WriteFile(dir.File("rtp.json"), DefenderEvent("Real-Time Protection"));
  CommandResult miss = Hunt(dir, {"--rules", DataPath(kAmsiRule), "--output", "jsonl", dir.File("rtp.json")});
  EXPECT_EQ(miss.exit_code, 0) << miss.out << miss.err;
}

TEST(HuntInputsTest, FolderSkipsFilesOfNoKnownFormatButNamedOnesAreErrors) {
  TempDir dir;
  const std::string logs = dir.File("logs");
  WriteFileIn(logs + "/README.md", "# Collected logs\n\nFrom WS01, March 2021.\n");
  WriteFileIn(logs + "/LICENSE", "                    GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007\n");
  WriteFileIn(logs + "/defender/amsi.json", DefenderEvent("AMSI"));
  CommandResult r = Hunt(dir, {"--rules", DataPath(kAmsiRule), "--output", "jsonl", logs});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(RuleIds(r.out), std::set<std::string>{kAmsiRuleId});
  EXPECT_NE(r.err.find("from 1 files (2 more skipped: format not recognised), 0 bad records, 0 errors"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("README"), std::string::npos) << r.err;

  // -v names them.
  std::vector<std::string> argv = {RampartBinary(), "-v", "--db", dir.File("none.db"), "hunt", "--rules",
                                   DataPath(kAmsiRule), "--output", "jsonl", logs};
  CommandResult verbose = rampart::testing::Run(argv);
  EXPECT_EQ(verbose.exit_code, 1) << verbose.err;
  EXPECT_NE(verbose.err.find("skipped " + logs + "/README.md: format not recognised"), std::string::npos)
      << verbose.err;
  EXPECT_NE(verbose.err.find("skipped " + logs + "/LICENSE: format not recognised"), std::string::npos);

  // Named on the command line, the same file is an error (exit 2), and the
  // logs beside it are still hunted.
  CommandResult named = Hunt(dir, {"--rules", DataPath(kAmsiRule), "--output", "jsonl", logs + "/README.md", logs});
  EXPECT_EQ(named.exit_code, 2) << named.err;
  EXPECT_NE(named.err.find("README.md: log format not recognised"), std::string::npos) << named.err;
  EXPECT_EQ(RuleIds(named.out), std::set<std::string>{kAmsiRuleId});

  // A folder with only a README: nothing read, no error.
  const std::string docs = dir.File("docs");
  WriteFileIn(docs + "/README.md", "# Nothing here yet\n");
  CommandResult empty = Hunt(dir, {"--rules", DataPath(kAmsiRule), docs});
  EXPECT_EQ(empty.exit_code, 0) << empty.out << empty.err;
}

}  // namespace
}  // namespace rampart::testing
