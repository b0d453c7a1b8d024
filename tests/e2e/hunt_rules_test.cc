// `rampart rules check` / `rules list` / `hunt` on what is not a rule (the
// regression set's info.yml metadata) and on `expand` placeholders
// (--placeholder NAME=VALUE, --placeholders FILE), through the real binary.
#include <gtest/gtest.h>

#include <string>

#include "support/test_support.h"

namespace rampart::testing {
namespace {

const std::string kCdcRule =
    "sigma/rules-emerging-threats/2026/Exploits/CVE-2026-54121/win_security_adcs_certighost_cdc_chase_request.yml";

CommandResult Rampart(const TempDir& dir, std::vector<std::string> args) {
  std::vector<std::string> argv = {RampartBinary(), "--db", dir.File("none.db")};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv);
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(HuntRulesTest, MetadataFilesAreSkippedNotUnsupported) {
  TempDir dir;
  CommandResult r = Rampart(dir, {"rules", "check", DataPath("sigma/regression")});
  EXPECT_EQ(r.exit_code, 0) << r.out.substr(0, 2000) << r.err;
  EXPECT_EQ(Count(r.out, "skipped "), 137 + 1) << r.out.substr(0, 2000);  // 137 lines + the summary's "skipped"
  EXPECT_NE(r.out.find("0 unsupported"), std::string::npos) << r.out.substr(r.out.size() > 400 ? r.out.size() - 400 : 0);
  EXPECT_NE(r.out.find("137 skipped (not Sigma rules)"), std::string::npos);
  EXPECT_NE(r.out.find("info.yml:1:1: "), std::string::npos);
  EXPECT_NE(r.out.find(": not a Sigma rule (no 'detection', 'logsource' or 'correlation'; keys: id,"),
            std::string::npos);
  EXPECT_NE(r.out.find("regression_tests_info"), std::string::npos);

  // hunt: no warning about them.
  WriteFile(dir.File("e.jsonl"), R"({"Channel":"Security","EventID":4886,"Attributes":"cdc:10.6.6.6"})" "\n");
  CommandResult h = Rampart(dir, {"hunt", "--rules", DataPath("sigma/regression"), "--rules", DataPath(kCdcRule),
                                  "--placeholder", "known_cdcs=dc01", "--output", "jsonl", dir.File("e.jsonl")});
  EXPECT_EQ(h.exit_code, 1) << h.err;
  EXPECT_EQ(h.err.find("were not loaded"), std::string::npos) << h.err;
}

TEST(HuntRulesTest, PlaceholdersFromFlagsAndFiles) {
  TempDir dir;
  const std::string rule = DataPath(kCdcRule);
  // Without a value: unsupported, named, exit 2.
  CommandResult none = Rampart(dir, {"rules", "check", rule});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.out.find("placeholder %known_cdcs% has no value"), std::string::npos) << none.out;

  CommandResult flag = Rampart(dir, {"rules", "check", "--placeholder", "known_cdcs=dc01.corp", rule});
  EXPECT_EQ(flag.exit_code, 0) << flag.out;
  EXPECT_NE(flag.out.find("1 rules and 0 correlations ok, 0 unsupported"), std::string::npos) << flag.out;

  WriteFile(dir.File("vars.yml"), "vars:\n  known_cdcs:\n    - dc01.corp\n    - 10.0.0.5\n");
  CommandResult file = Rampart(dir, {"rules", "list", "--placeholders", dir.File("vars.yml"), "--json", rule});
  EXPECT_EQ(file.exit_code, 0) << file.err;
  EXPECT_NE(file.out.find("c4a1f389-2e6b-4d9a-8f0c-b73e5a12d947"), std::string::npos);

  WriteFile(dir.File("bad.yml"), "known_cdcs: {a: 1}\n");
  CommandResult bad = Rampart(dir, {"rules", "check", "--placeholders", dir.File("bad.yml"), rule});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.yml:1:"), std::string::npos) << bad.err;
  CommandResult malformed = Rampart(dir, {"hunt", "--rules", rule, "--placeholder", "known_cdcs", "-"});
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_NE(malformed.err.find("NAME=VALUE"), std::string::npos) << malformed.err;

  // hunt: the known DCs (from the file, or two flags) are filtered, others hit.
  WriteFile(dir.File("events.jsonl"),
            R"({"Channel":"Security","EventID":4886,"Attributes":"cdc:dc01.corp\nrmd:dc01.corp"})" "\n"
            R"({"Channel":"Security","EventID":4886,"Attributes":"cdc:10.0.0.5"})" "\n"
            R"({"Channel":"Security","EventID":4886,"Attributes":"cdc:10.6.6.6\nrmd:evil.example"})" "\n");
  for (const std::vector<std::string>& values :
       {std::vector<std::string>{"--placeholders", dir.File("vars.yml")},
        std::vector<std::string>{"--placeholder", "known_cdcs=dc01.corp", "--placeholder", "known_cdcs=10.0.0.5"}}) {
    std::vector<std::string> args = {"hunt", "--rules", rule, "--output", "jsonl"};
    args.insert(args.end(), values.begin(), values.end());
    args.push_back(dir.File("events.jsonl"));
    CommandResult h = Rampart(dir, args);
    EXPECT_EQ(h.exit_code, 1) << h.err;
    EXPECT_EQ(Count(h.out, "\"line\":3"), 1) << h.out;
    EXPECT_EQ(Count(h.out, "c4a1f389"), 1) << h.out;
  }
  // Without values, hunt warns and has no rule left to hunt with.
  CommandResult unset = Rampart(dir, {"hunt", "--rules", rule, dir.File("events.jsonl")});
  EXPECT_EQ(unset.exit_code, 2);
  EXPECT_NE(unset.err.find("were not loaded"), std::string::npos) << unset.err;
}

}  // namespace
}  // namespace rampart::testing
