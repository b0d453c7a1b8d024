#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "rampart/core/fs.h"
#include "rampart/extract/observable.h"
#include "support/test_support.h"
#include "report_inputs.h"

namespace rampart::extract {
namespace {

class ObservablesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto psl = PublicSuffixList::Default();
    ASSERT_TRUE(psl.ok()) << psl.status();
    extractor_ = std::make_unique<ObservableExtractor>(*psl);
  }
  std::vector<std::string> Values(std::string_view text) {
    std::vector<std::string> out;
    for (const Observable& o : extractor_->Extract(text)) {
      out.push_back(std::string(ObservableTypeName(o.type)) + ":" + o.value);
    }
    return out;
  }
  std::unique_ptr<ObservableExtractor> extractor_;
};

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_F(ObservablesTest, Addresses) {
  EXPECT_THAT(Values("C2 at 203.0.113.7, and 198.51.100.0/24; also 2001:db8::1 and fe80::/10."),
              ElementsAre("ipv4:203.0.113.7", "ipv4-cidr:198.51.100.0/24", "ipv6:2001:db8::1",
                          "ipv6-cidr:fe80::/10"));
  EXPECT_THAT(Values("not ips: 256.1.1.1 01.2.3.4 1.2.3 1.2.3.4/33 12:30:45"), IsEmpty());
}

TEST_F(ObservablesTest, DomainsNeedAPublicSuffix) {
  EXPECT_THAT(Values("Beacons to update.example.co.uk and evil-c2.com."),
              ElementsAre("domain:update.example.co.uk", "domain:evil-c2.com"));
  EXPECT_THAT(Values("The U.S. and the U.K., e.g. No.1 in version 2.0.1 of Texasbased i.e. "
                     "ASP.NET at 3.14 on 2021-03-02 at 10:30 a.m. the attack.The end"),
              IsEmpty());
}

TEST_F(ObservablesTest, DefangedForms) {
  EXPECT_THAT(Values("hxxps://evil[.]example[.]com/a/b?c=1 and bad(.)example(.)org"),
              ElementsAre("url:https://evil.example.com/a/b?c=1", "domain:evil.example.com",
                          "domain:bad.example.org"));
  EXPECT_THAT(Values("mail jdoe[@]example[dot]com or admin(at)example.net"),
              ElementsAre("email:jdoe@example.com", "email:admin@example.net"));
  EXPECT_THAT(Values("hxxp://203.0.113[.]9[:]8080/x"),
              ElementsAre("url:http://203.0.113.9:8080/x", "ipv4:203.0.113.9"));
  auto observables = extractor_->Extract("see evil[.]com");
  ASSERT_EQ(observables.size(), 1u);
  EXPECT_TRUE(observables[0].defanged);
  EXPECT_EQ(observables[0].begin, 4u);
  EXPECT_EQ(observables[0].end, 14u);
}

TEST_F(ObservablesTest, UrlsAndEmails) {
  EXPECT_THAT(Values("(https://Example.COM/Path)."),
              ElementsAre("url:https://example.com/Path", "domain:example.com"));
  EXPECT_THAT(Values("Contact SOC@Example.org today"), ElementsAre("email:soc@example.org"));
  EXPECT_THAT(Values("@handle and user@localhost"), IsEmpty());
}

TEST_F(ObservablesTest, HashesAndIds) {
  EXPECT_THAT(Values("MD5 d41d8cd98f00b204e9800998ecf8427e sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709"),
              ElementsAre("md5:d41d8cd98f00b204e9800998ecf8427e",
                          "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709"));
  EXPECT_THAT(Values("SHA256 E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"),
              ElementsAre("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  EXPECT_THAT(Values("exploits cve-2021-26855, CVE-2021-27065 (T1190) and T1059.001."),
              ElementsAre("cve:CVE-2021-26855", "cve:CVE-2021-27065", "attack-technique:T1190",
                          "attack-technique:T1059.001"));
  EXPECT_THAT(Values("CVE-21-1 T12345 T1059.1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 12345678901234567890123456789012"),
              IsEmpty());
}

TEST_F(ObservablesTest, FilesPathsRegistry) {
  EXPECT_THAT(Values("dropped C:\\Windows\\Temp\\svchost.exe and %APPDATA%\\x\\run.ps1"),
              ElementsAre("windows-path:C:\\Windows\\Temp\\svchost.exe", "file:svchost.exe",
                          "windows-path:%APPDATA%\\x\\run.ps1", "file:run.ps1"));
  EXPECT_THAT(Values("key HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run set"),
              ElementsAre("registry-key:HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"));
  EXPECT_THAT(Values("the web shell China.aspx and invoice.zip, not Node.js"),
              ElementsAre("file:China.aspx", "file:invoice.zip"));
}

TEST_F(ObservablesTest, PublicSuffixRules) {
  auto psl = PublicSuffixList::Parse("// c\ncom\nco.uk\n*.ck\n!www.ck\n");
  ASSERT_TRUE(psl.ok());
  EXPECT_EQ((*psl)->SuffixLength("a.b.co.uk"), 5u);
  EXPECT_EQ((*psl)->SuffixLength("x.y.ck"), 4u);
  EXPECT_EQ((*psl)->SuffixLength("www.ck"), 2u);
  EXPECT_TRUE((*psl)->IsRegistrable("example.com"));
  EXPECT_FALSE((*psl)->IsRegistrable("com"));
  EXPECT_FALSE((*psl)->IsRegistrable("co.uk"));
  EXPECT_FALSE((*psl)->IsRegistrable("example.invalidtld"));
  EXPECT_FALSE(PublicSuffixList::Parse("// only comments\n").ok());
}

TEST_F(ObservablesTest, RefangReportsChanges) {
  std::string out;
  EXPECT_TRUE(Refang("hXXps://a[.]b", &out));
  EXPECT_EQ(out, "https://a.b");
  EXPECT_FALSE(Refang("plain.example.com", &out));
  EXPECT_EQ(out, "plain.example.com");
}


// The scanner classifies only tokens that may hold an observable; the
// reference classifies every token. Both must find the same observables on
// the reports and on random text built from pieces that meet at token edges
// (sentence ends, defanged hosts, brackets, labels, digits, non-ASCII).
std::vector<Observable> EveryToken(const ObservableExtractor& x, std::string_view text) {
  auto delim = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '"' || c == '<' ||
           c == '>' || c == ',' || c == ';' || c == '|' || c == '`' || c == '\0';
  };
  std::vector<Observable> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && !delim(text[i])) continue;
    if (i > start) x.ClassifyToken(text.substr(start, i - start), start, &out);
    start = i + 1;
  }
  return out;
}

std::vector<std::string> Show(const std::vector<Observable>& list) {
  std::vector<std::string> out;
  for (const Observable& o : list) {
    out.push_back(std::string(ObservableTypeName(o.type)) + ":" + o.value + "@" + std::to_string(o.begin) + "-" +
                  std::to_string(o.end) + (o.defanged ? "d" : ""));
  }
  return out;
}

TEST_F(ObservablesTest, ScannerAgreesWithClassifyingEveryToken) {
  std::vector<std::string> paths = testing::ReportInputPaths();
  ASSERT_GT(paths.size(), 3u);
  for (const std::string& path : paths) {
    auto bytes = ReadFile(path);
    ASSERT_TRUE(bytes.ok()) << path;
    ASSERT_EQ(Show(extractor_->Extract(*bytes)), Show(EveryToken(*extractor_, *bytes))) << path;
  }
  const std::vector<std::string> pieces = {
      "servers", "said", "U.S", "e.g", "a", "evil", "example", "com", "co", "uk", "exe", "dll", "js", "Node", "1",
      "10", "192", "168", "2021", "0", "255", "T1190", "T1505", "003", "CVE-2021-26855", "d41d8cd98f00b204e9800998ecf8427e",
      "abcdefabcdefabcdefabcdefabcdefab", "HKLM", "C:", "Windows", "System32", "sha256", "md5", "hxxp", "hxxps",
      "http", "ftp", "user", ".", ".", ".", ":", "::", "/", "//", "://", "\\", "@", "=", "[.]", "(.)", "{.}", "[dot]",
      "[at]", "(", ")", "[", "]", "{", "}", "'", "*", "\"", "!", "?", ",", ";", "-", "_", "%", " ", " ", "\n", "\xE2\x80\x9D",
      "\xE2\x80\x99", "\xC3\xA9", "fe80", "ff"};
  std::mt19937 random(20261128);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    size_t n = 1 + random() % 30;
    for (size_t i = 0; i < n; ++i) {
      text += pieces[random() % pieces.size()];
      if (random() % 4 == 0) text += ' ';
    }
    ASSERT_EQ(Show(extractor_->Extract(text)), Show(EveryToken(*extractor_, text))) << text;
  }
}

}  // namespace
}  // namespace rampart::extract
