// rampart hunt --ioc with a STIX bundle: `=` is STIX equality (no subdomain,
// no other case, no URL field), while a plain IOC list keeps the looser
// matching; an indicator whose paths no log field provides is listed as not
// huntable and the hunt does not fail for it.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/test_support.h"

namespace rampart::testing {
namespace {

using nlohmann::json;

class HuntStixPatternTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = dir_.File("dns.jsonl");
    std::ofstream(log_) << R"({"ts": "2024-01-10T12:00:00Z", "query": "example.org", "c-ip": "198.51.100.7"})" "\n"
                        << R"({"ts": "2024-01-10T12:00:01Z", "query": "www.evil.example.org"})" "\n"
                        << R"({"ts": "2024-01-10T12:00:02Z", "query": "EXAMPLE.ORG"})" "\n"
                        << R"({"ts": "2024-01-10T12:00:03Z", "url": "http://example.org/login"})" "\n";
    bundle_ = dir_.File("feed.json");
    std::ofstream(bundle_) << R"({"type": "bundle", "id": "bundle--6f1c1b6e-3f7a-4b57-9d0e-2b1c7d5e9a01", "objects": [
      {"type": "indicator", "spec_version": "2.1", "id": "indicator--6f1c1b6e-3f7a-4b57-9d0e-2b1c7d5e9a02",
       "created": "2024-01-01T00:00:00Z", "modified": "2024-01-01T00:00:00Z", "name": "domain",
       "pattern_type": "stix", "pattern": "[domain-name:value = 'example.org']", "valid_from": "2024-01-01T00:00:00Z"},
      {"type": "indicator", "spec_version": "2.1", "id": "indicator--6f1c1b6e-3f7a-4b57-9d0e-2b1c7d5e9a03",
       "created": "2024-01-01T00:00:00Z", "modified": "2024-01-01T00:00:00Z", "name": "protocols",
       "pattern_type": "stix", "pattern": "[network-traffic:protocols[*] = 'tcp']", "valid_from": "2024-01-01T00:00:00Z"}
    ]})";
    list_ = dir_.File("iocs.txt");
    std::ofstream(list_) << "example.org\n";
  }

  CommandResult Hunt(std::vector<std::string> args) {
    std::vector<std::string> argv = {RampartBinary(), "--db", dir_.File("none.db"), "hunt", "--output", "jsonl"};
    argv.insert(argv.end(), args.begin(), args.end());
    return rampart::testing::Run(argv);
  }
  // The values matched by each hit, in output order.
  static std::vector<std::string> Matched(const std::string& out) {
    std::vector<std::string> values;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      json hit = json::parse(line);
      std::string all;
      for (const auto& m : hit.at("matched")) all += (all.empty() ? "" : " ") + m.at("value").get<std::string>();
      values.push_back(all);
    }
    return values;
  }

  TempDir dir_;
  std::string log_, bundle_, list_;
};

TEST_F(HuntStixPatternTest, StixEqualityHitsOnlyTheEqualValue) {
  CommandResult r = Hunt({"--ioc", bundle_, log_});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // hits, no error
  EXPECT_EQ(Matched(r.out), std::vector<std::string>{"example.org"}) << r.out;
}

TEST_F(HuntStixPatternTest, UnmappedPathIsListedNotAnError) {
  CommandResult r = Hunt({"--ioc", bundle_, log_});
  EXPECT_NE(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("not huntable"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("indicator--6f1c1b6e-3f7a-4b57-9d0e-2b1c7d5e9a03"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("network-traffic:protocols[*]"), std::string::npos) << r.err;
}

TEST_F(HuntStixPatternTest, PlainIocListKeepsTheLooserMatching) {
  CommandResult r = Hunt({"--ioc", list_, log_});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Matched(r.out).size(), 4u) << r.out;
}

}  // namespace
}  // namespace rampart::testing
