// The constituents YAML loader: the demo file, and bad input named by file,
// line and field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rampart/respond/constituent.h"

namespace rampart::respond {
namespace {

using ::testing::HasSubstr;

constexpr const char* kGood = R"(constituents:
  - name: Department of Health
    sectors: [healthcare]
    tlp: amber
    networks: [10.2.0.1/16, "2001:DB8:2::/48", 192.0.2.7]
    domains: [Health.Example.GOV.]
    hosts: [MAIL01.health.example.gov]
    software:
      - {vendor: Microsoft, product: Exchange Server, version: 15.1.2176.2,
         cpe: "cpe:2.3:a:microsoft:exchange_server:2016:cumulative_update_19:*:*:*:*:*:*"}
    contacts:
      email: soc@health.example.gov
      webhook: {url: "https://hooks.example.gov/x", secret: s}
      syslog: {transport: TCP, host: 10.2.0.5, port: 6514}
)";

// Parses `text` and returns the formatted error ("" if it loaded).
std::string ErrorOf(const std::string& text) {
  auto loaded = ParseConstituentsYaml(text, "c.yaml");
  return loaded.ok() ? "" : FormatError(loaded.status());
}

TEST(ConstituentYaml, LoadsAndCanonicalises) {
  auto loaded = ParseConstituentsYaml(kGood, "c.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(loaded->constituents.size(), 1u);
  const Constituent& c = loaded->constituents[0];
  EXPECT_EQ(c.networks, (std::vector<std::string>{"10.2.0.0/16", "2001:db8:2::/48", "192.0.2.7/32"}));
  EXPECT_EQ(c.domains, std::vector<std::string>{"health.example.gov"});
  EXPECT_EQ(c.hosts, std::vector<std::string>{"mail01.health.example.gov"});
  EXPECT_EQ(c.clearance, stix::TlpLevel::kAmber);
  ASSERT_TRUE(c.contacts.syslog.has_value());
  EXPECT_EQ(c.contacts.syslog->transport, "tcp");
  EXPECT_EQ(c.id, ConstituentId("Department of Health"));
  EXPECT_TRUE(loaded->warnings.empty());
}

TEST(ConstituentYaml, DemoConstituencyLoads) {
  auto loaded = LoadConstituentsYaml(std::string(RAMPART_SOURCE_DIR) + "/examples/constituents.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->constituents.size(), 28u);
  EXPECT_TRUE(loaded->warnings.empty()) << loaded->warnings[0].message;
  int exchange = 0;
  for (const Constituent& c : loaded->constituents) {
    for (const SoftwareItem& s : c.software) exchange += s.product == "Exchange Server";
  }
  EXPECT_GE(exchange, 10);
}

TEST(ConstituentYaml, UnknownSectorNamesLineAndField) {
  std::string text = "constituents:\n  - name: A\n    tlp: green\n    sectors:\n      - healthcare\n      - hospital\n";
  EXPECT_THAT(ErrorOf(text), HasSubstr("c.yaml:6: constituents[0] (A): sectors[1]: unknown sector 'hospital'"));
}

TEST(ConstituentYaml, UnknownTlpIsAnError) {
  EXPECT_THAT(ErrorOf("- name: A\n  tlp: purple\n"), HasSubstr("c.yaml:2: constituents[0] (A): tlp: unknown TLP 'purple'"));
  EXPECT_THAT(ErrorOf("- name: A\n"), HasSubstr("tlp: missing"));
}

TEST(ConstituentYaml, BadCidrNamesTheNetwork) {
  std::string text = "- name: A\n  tlp: clear\n  networks:\n    - 10.0.0.0/8\n    - 10.0.0.0/33\n";
  EXPECT_THAT(ErrorOf(text), HasSubstr("c.yaml:5: constituents[0] (A): networks[1]: '10.0.0.0/33' is not a CIDR"));
  EXPECT_THAT(ErrorOf("- name: A\n  tlp: clear\n  networks: [2001:db8::/129]\n"), HasSubstr("networks[0]"));
  EXPECT_THAT(ErrorOf("- name: A\n  tlp: clear\n  networks: [10.1.2]\n"), HasSubstr("is not a CIDR"));
}

TEST(ConstituentYaml, WebhookWithoutSecret) {
  std::string text = "- name: A\n  tlp: clear\n  contacts:\n    webhook: {url: 'https://x.example/h'}\n";
  EXPECT_THAT(ErrorOf(text), HasSubstr("c.yaml:4: constituents[0] (A): contacts.webhook.secret"));
}

TEST(ConstituentYaml, VersionThatIsNotAVersion) {
  std::string text = "- name: A\n  tlp: clear\n  software:\n    - {vendor: M, product: P, version: latest}\n";
  EXPECT_THAT(ErrorOf(text), HasSubstr("c.yaml:4: constituents[0] (A): software[0]: version 'latest' is not a version"));
}

TEST(ConstituentYaml, UnknownKeyTypoIsAnError) {
  EXPECT_THAT(ErrorOf("- name: A\n  tlp: clear\n  netwroks: [10.0.0.0/8]\n"),
              HasSubstr("c.yaml:3: constituents[0] (A): netwroks: unknown field"));
}

TEST(ConstituentYaml, DuplicateNameAndBadEmail) {
  EXPECT_THAT(ErrorOf("- {name: A, tlp: clear}\n- {name: A, tlp: clear}\n"), HasSubstr("defined twice"));
  EXPECT_THAT(ErrorOf("- {name: A, tlp: clear, contacts: {email: [nobody]}}\n"),
              HasSubstr("contacts.email[0]: 'nobody' is not an e-mail address"));
}

TEST(ConstituentYaml, SyntaxErrorHasLine) {
  EXPECT_THAT(ErrorOf("- name: A\n  tlp: [clear\n"), HasSubstr("c.yaml:"));
  EXPECT_THAT(ErrorOf("just text"), HasSubstr("expected a list of constituents"));
}

TEST(ConstituentYaml, SharedNetworkIsAWarningAndBothKeepIt) {
  std::string text = "- {name: A, tlp: clear, networks: [10.0.0.0/16]}\n- {name: B, tlp: clear, networks: [10.0.5.0/24]}\n";
  auto loaded = ParseConstituentsYaml(text, "c.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(loaded->warnings.size(), 1u);
  EXPECT_THAT(loaded->warnings[0].message, HasSubstr("10.0.0.0/16 of A overlaps 10.0.5.0/24 of B"));
  EXPECT_EQ(loaded->constituents[1].networks, std::vector<std::string>{"10.0.5.0/24"});
}

}  // namespace
}  // namespace rampart::respond
