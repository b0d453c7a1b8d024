// The required-literal prefilter (engine/prefilter.h): which rules get a
// required set, and that the compiled matcher never skips a rule that the
// reference evaluator says matches -- in particular rules the prefilter
// must leave alone (negations, `1 of` with keywords, null/exists, neq,
// fieldref, regexes, '*').
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/prefilter.h"
#include "rampart/detect/json_event.h"
#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"

namespace rampart::detect {
namespace {

std::string Rule(const std::string& id, const std::string& detection) {
  return "title: t" + id + "\nid: " + id + "\nlogsource: {product: windows, category: process_creation}\n" +
         "detection:\n" + detection + "\n";
}

RuleSet Parse(const std::string& yaml) {
  RuleSet set;
  set.AddText(yaml, "test.yml");
  for (const auto& e : set.errors()) ADD_FAILURE() << FormatError(e);
  return set;
}

std::optional<std::vector<std::string>> Req(const std::string& detection) {
  RuleSet set = Parse(Rule("r", detection));
  if (set.rules().size() != 1) {
    ADD_FAILURE() << "no rule";
    return std::nullopt;
  }
  return internal::RequiredLiterals(set.rules()[0]);
}

using Lits = std::vector<std::string>;

TEST(RequiredLiterals, PositiveItemsGiveTheirLiterals) {
  EXPECT_EQ(Req("  sel:\n    Image|endswith: ['\\cmd.exe', '\\PowerShell.exe']\n  condition: sel"),
            (Lits{"\\cmd.exe", "\\powershell.exe"}));
  // Interior wildcards: the longest literal piece.
  EXPECT_EQ(Req("  sel:\n    CommandLine: 'abc*defgh?ij'\n  condition: sel"), (Lits{"defgh"}));
  // AND keeps the most selective side; OR needs both sides.
  EXPECT_EQ(Req("  a:\n    Image|endswith: '.exe'\n  b:\n    CommandLine|contains: 'mimikatz'\n  condition: a and b"),
            (Lits{"mimikatz"}));
  EXPECT_EQ(Req("  a:\n    Image|endswith: '\\x.exe'\n  b:\n    CommandLine|contains: 'mimikatz'\n  condition: a or b"),
            (Lits{"\\x.exe", "mimikatz"}));
  // `all`: one group is enough.
  EXPECT_EQ(Req("  sel:\n    CommandLine|contains|all: ['-enc', 'powershell']\n  condition: sel"),
            (Lits{"powershell"}));
  // A negated part does not spoil the positive one.
  EXPECT_EQ(Req("  sel:\n    Image|endswith: '\\evil.exe'\n  f:\n    User: SYSTEM\n  condition: sel and not f"),
            (Lits{"\\evil.exe"}));
  // Keywords too.
  EXPECT_EQ(Req("  kw:\n    - 'mimikatz'\n    - 'sekurlsa'\n  condition: kw"), (Lits{"mimikatz", "sekurlsa"}));
  // A short whole value (a category most events carry) is weaker than
  // substrings of the same length: the SSTI rule's keywords, not its GET.
  EXPECT_EQ(Req("  m:\n    cs-method: 'GET'\n  kw:\n    - '={{'\n    - '=${'\n  condition: m and kw"),
            (Lits{"=${", "={{"}));
  // A long whole value still wins over a short substring.
  EXPECT_EQ(Req("  a:\n    Image: 'C:\\Windows\\evil.exe'\n  b:\n    CommandLine|contains: ' -x'\n  condition: a and b"),
            (Lits{"c:\\windows\\evil.exe"}));
}

TEST(RequiredLiterals, NoneWhereAbsenceCanMatch) {
  EXPECT_FALSE(Req("  f:\n    User: SYSTEM\n  condition: not f"));
  EXPECT_FALSE(Req("  sel:\n    Image|endswith: '\\x.exe'\n  f:\n    User: SYSTEM\n  condition: sel or not f"));
  EXPECT_FALSE(Req("  sel:\n    CommandLine|re: 'a.*b'\n  condition: sel"));
  EXPECT_FALSE(Req("  sel:\n    CommandLine: '*'\n  condition: sel"));
  EXPECT_FALSE(Req("  sel:\n    CommandLine: null\n  condition: sel"));
  EXPECT_FALSE(Req("  sel:\n    CommandLine|exists: true\n  condition: sel"));
  EXPECT_FALSE(Req("  sel:\n    CommandLine|fieldref: Image\n  condition: sel"));
  EXPECT_FALSE(Req("  sel:\n    CommandLine: ''\n  condition: sel"));
  EXPECT_FALSE(Req("  sel:\n    DestinationIp|cidr: '10.0.0.0/8'\n  condition: sel"));
  EXPECT_FALSE(Req("  sel:\n    Port|gt: 1000\n  condition: sel"));
  EXPECT_FALSE(Req("  sel:\n    Image|endswith: 'ab'\n  condition: sel"));  // too short to pay
  EXPECT_FALSE(Req("  sel:\n    Image|endswith: '\\x.exe'\n  kw:\n    - 'ab'\n  condition: 1 of them"));
  EXPECT_FALSE(Req("  sel:\n    Image|endswith: '\\x.exe'\n    User|neq: SYSTEM\n  other:\n    User|neq: root\n"
                   "  condition: other"));
}

// Every rule below is checked on every event against the reference
// evaluator, through a FlatEvent and the generic Event path; each event is
// built so that some rule without a required set matches although no
// required literal of the prefiltered rules occurs in it.
TEST(Prefilter, NeverSkipsWhatTheReferenceMatches) {
  std::string yaml;
  yaml += Rule("pre", "  sel:\n    Image|endswith: '\\evil.exe'\n  condition: sel") + "---\n";
  yaml += Rule("neg", "  f:\n    User: SYSTEM\n  condition: not f") + "---\n";
  yaml += Rule("kw", "  sel:\n    Image|endswith: '\\evil.exe'\n  kw:\n    - 'xy'\n  condition: 1 of them") + "---\n";
  yaml += Rule("null", "  sel:\n    ParentImage: null\n  condition: sel") + "---\n";
  yaml += Rule("exists", "  sel:\n    Hashes|exists: false\n  condition: sel") + "---\n";
  yaml += Rule("neq", "  sel:\n    User|neq: SYSTEM\n  condition: sel") + "---\n";
  yaml += Rule("ref", "  sel:\n    ParentImage|fieldref: Image\n  condition: sel") + "---\n";
  yaml += Rule("re", "  sel:\n    CommandLine|re: '^[a-z]+ -[a-z]$'\n  condition: sel") + "---\n";
  yaml += Rule("any", "  sel:\n    CommandLine: '*'\n  condition: sel") + "---\n";
  yaml += Rule("both", "  sel:\n    CommandLine|contains: 'mimikatz'\n  f:\n    User: SYSTEM\n"
                       "  condition: sel and not f");
  RuleSet set = Parse(yaml);
  ASSERT_EQ(set.rules().size(), 10u);
  auto matcher = Matcher::Compile(set);
  ASSERT_TRUE(matcher.ok()) << matcher.status();
  ReferenceEvaluator ref(set);
  const char* sysmon = R"("Channel": "Microsoft-Windows-Sysmon/Operational", "EventID": 1)";
  std::vector<std::string> events = {
      std::string("{") + sysmon + R"(, "User": "SYSTEM", "Image": "C:\\a.exe", "CommandLine": "ab -c"})",
      std::string("{") + sysmon + R"(, "User": "bob", "Image": "C:\\a.exe", "ParentImage": "C:\\a.exe"})",
      std::string("{") + sysmon + R"(, "User": "SYSTEM", "Image": "C:\\a.exe", "CommandLine": "run xy now"})",
      std::string("{") + sysmon + R"(, "User": "SYSTEM", "Image": "C:\\a.exe", "ParentImage": null, "Hashes": "1"})",
      std::string("{") + sysmon + R"(, "User": "SYSTEM", "Image": "C:\\EVIL.EXE", "ParentImage": "p", "Hashes": "1"})",
      std::string("{") + sysmon + R"(, "User": "alice", "CommandLine": "MimiKatz", "ParentImage": "p", "Hashes": "1"})",
      std::string("{") + sysmon + R"(, "User": "SYSTEM", "CommandLine": "MimiKatz", "ParentImage": "p", "Hashes": "1"})",
  };
  std::vector<int> counts(set.rules().size(), 0);
  auto scratch = (*matcher)->NewScratch();
  for (const auto& text : events) {
    SCOPED_TRACE(text);
    auto ev = JsonEvent::Parse(text);
    ASSERT_TRUE(ev.ok()) << ev.status();
    CollectingSink hits;
    (*matcher)->Match(*ev, hits, *scratch);
    size_t next = 0;
    for (size_t i = 0; i < set.rules().size(); ++i) {
      bool compiled = next < hits.hits().size() && hits.hits()[next].rule_id == set.rules()[i].info.id &&
                      (++next, true);
      bool reference = ref.Matches(i, *ev);
      EXPECT_EQ(compiled, reference) << set.rules()[i].info.id;
      counts[i] += reference;
    }
  }
  // Each rule fires on some event and is silent on another, so a wrongly
  // skipped or wrongly kept rule shows above.
  for (size_t i = 0; i < set.rules().size(); ++i) {
    EXPECT_GT(counts[i], 0) << set.rules()[i].info.id;
    EXPECT_LT(counts[i], static_cast<int>(events.size())) << set.rules()[i].info.id;
  }
}


// UTF-16BE literals start with a NUL byte, which Vectorscan's literal API
// takes for an empty string: such rules must still compile and match.
TEST(Prefilter, LiteralsStartingWithNul) {
  RuleSet set = Parse(Rule("be", "  sel:\n    Data|utf16be|contains: 'cmd'\n  condition: sel") + "---\n" +
                      Rule("bs", "  sel:\n    Data|utf16be|startswith: 'cmd'\n  condition: sel"));
  ASSERT_EQ(set.rules().size(), 2u);
  auto matcher = Matcher::Compile(set);
  ASSERT_TRUE(matcher.ok()) << matcher.status();
  ReferenceEvaluator ref(set);
  std::string sysmon = R"({"Channel": "Microsoft-Windows-Sysmon/Operational", "EventID": 1, "Data": ")";
  for (std::string data : {R"(x\u0000c\u0000m\u0000d)", R"(\u0000c\u0000m\u0000dx)", "cmd"}) {
    auto ev = JsonEvent::Parse(sysmon + data + "\"}");
    ASSERT_TRUE(ev.ok()) << ev.status();
    CollectingSink hits, ref_hits;
    (*matcher)->Match(*ev, hits);
    ref.Match(*ev, ref_hits);
    ASSERT_EQ(hits.hits().size(), ref_hits.hits().size()) << data;
  }
}

// Vectorscan reads a regex as a C string: a NUL inside ("who\0x", YAML's
// "\0" escape) cut it to "who", which matched "whoami" where the reference
// evaluator did not (found by the Sigma fuzzer).
TEST(CompiledRegex, NulByteDoesNotCutThePattern) {
  RuleSet set = Parse(Rule("nul", "  sel:\n    CommandLine|re: \"who\\0x\"\n  condition: sel"));
  ASSERT_EQ(set.rules().size(), 1u);
  auto matcher = Matcher::Compile(set);
  ASSERT_TRUE(matcher.ok()) << matcher.status();
  ReferenceEvaluator ref(set);
  std::string sysmon = R"({"Channel": "Microsoft-Windows-Sysmon/Operational", "EventID": 1, "CommandLine": ")";
  for (std::string data : {"whoami", R"(who\u0000x)"}) {
    auto ev = JsonEvent::Parse(sysmon + data + "\"}");
    ASSERT_TRUE(ev.ok()) << ev.status();
    CollectingSink hits, ref_hits;
    (*matcher)->Match(*ev, hits);
    ref.Match(*ev, ref_hits);
    EXPECT_EQ(hits.hits().size(), data == "whoami" ? 0u : 1u) << data;
    EXPECT_EQ(hits.hits().size(), ref_hits.hits().size()) << data;
  }
}

}  // namespace
}  // namespace rampart::detect
