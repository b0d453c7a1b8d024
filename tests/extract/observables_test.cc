#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "rampart/core/fs.h"
#include "observables/classify.h"
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

TEST_F(ObservablesTest, BracketedDigitsAreDefangs) {
  EXPECT_THAT(Values("The actor's staging server 103.77.192.[2]19 and [1]98.51.100.23 were seen."),
              ElementsAre("ipv4:103.77.192.219", "ipv4:198.51.100.23"));
  EXPECT_THAT(Values("Beacons went to 45.(7)7.12.9 and 203.0.113.1[0]"),
              ElementsAre("ipv4:45.77.12.9", "ipv4:203.0.113.10"));
  // Footnote marks and list indexes stay prose.
  EXPECT_THAT(Values("as the vendor reported[2] in 2021; [3] see above"), IsEmpty());
  EXPECT_THAT(Values("example.com[1] is a reserved name"), IsEmpty());
  auto observables = extractor_->Extract("IP: 103.77.192.[2]19.");
  ASSERT_EQ(observables.size(), 1u);
  EXPECT_TRUE(observables[0].defanged);
  EXPECT_EQ(observables[0].begin, 4u);
  EXPECT_EQ(observables[0].end, 20u);
}

TEST_F(ObservablesTest, EveryCommonDefang) {
  EXPECT_THAT(Values("hxxp://update-check[.]net/a hXXps[:]//cdn(.)example[.]org[/]x "
                     "login[dot]example[DOT]com ops[at]example(dot)net admin(at)mail[.]example[.]com "
                     "203[.]0[.]113[.]5"),
              ElementsAre("url:http://update-check.net/a", "domain:update-check.net", "url:https://cdn.example.org/x",
                          "domain:cdn.example.org", "domain:login.example.com", "email:ops@example.net",
                          "email:admin@mail.example.com", "ipv4:203.0.113.5"));
  // Prose with the same brackets is not refanged.
  EXPECT_THAT(Values("we met (at) noon [dot] the end (.) of it"), IsEmpty());
}

TEST_F(ObservablesTest, ZeroWidthCharactersAreDropped) {
  EXPECT_THAT(Values("C2 evil\xE2\x80\x8B.example\xE2\x80\x8C.com and 198.51\xE2\x81\xA0.100.7 and "
                     "d41d8cd98f00\xEF\xBB\xBF" "b204e9800998ecf8427e"),
              ElementsAre("domain:evil.example.com", "ipv4:198.51.100.7", "md5:d41d8cd98f00b204e9800998ecf8427e"));
  std::string text = "see ex\xE2\x80\x8B" "ample[.]com.";
  auto observables = extractor_->Extract(text);
  ASSERT_EQ(observables.size(), 1u);
  EXPECT_EQ(observables[0].value, "example.com");
  EXPECT_EQ(text.substr(observables[0].begin, observables[0].end - observables[0].begin),
            "ex\xE2\x80\x8B" "ample[.]com");
  // Any other non-ASCII character ends a value.
  EXPECT_THAT(Values("evil-c2.com\xE2\x80\x99s operators"), ElementsAre("domain:evil-c2.com"));
}

TEST_F(ObservablesTest, ValuesBrokenAcrossLines) {
  EXPECT_THAT(Values("The loader fetched hxxps://cdn.example[.]com/assets/\nupdate.bin from it."),
              ElementsAre("url:https://cdn.example.com/assets/update.bin", "domain:cdn.example.com"));
  EXPECT_THAT(Values("SHA-256: e3b0c44298fc1c149afbf4c8996fb92427ae\r\n41e4649b934ca495991b7852b855\n"),
              ElementsAre("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  EXPECT_THAT(Values("mail-\nrelay[.]example[.]net"), ElementsAre("domain:relay.example.net"));
  EXPECT_THAT(Values("hosts: secure-login[.]\nexample[.]net"), ElementsAre("domain:secure-login.example.net"));
  // A list keeps one value per line; a sentence end is not a break.
  EXPECT_THAT(Values("d41d8cd98f00b204e9800998ecf8427e\nd41d8cd98f00b204e9800998ecf8427f\n"),
              ElementsAre("md5:d41d8cd98f00b204e9800998ecf8427e", "md5:d41d8cd98f00b204e9800998ecf8427f"));
  EXPECT_THAT(Values("It called evil[.]com.\nInfo stealers followed.\nhttps://a.example.com/\nhttps://b.example.com/"),
              ElementsAre("domain:evil.com", "url:https://a.example.com/", "domain:a.example.com",
                          "url:https://b.example.com/", "domain:b.example.com"));
  // Two halves of one hash of another length stay two values of theirs.
  EXPECT_THAT(Values("d41d8cd98f00b204e9800998ecf8427e\ne3b0c44298fc1c149afbf4c8996fb924"),
              ElementsAre("md5:d41d8cd98f00b204e9800998ecf8427e", "md5:e3b0c44298fc1c149afbf4c8996fb924"));
  std::string text = "at hxxp://example[.]com/a/\nb.php";
  auto observables = extractor_->Extract(text);
  ASSERT_FALSE(observables.empty());
  EXPECT_EQ(observables[0].value, "http://example.com/a/b.php");
  EXPECT_EQ(observables[0].begin, 3u);
  EXPECT_EQ(observables[0].end, text.size());
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
// Line-broken values are joined by the same rule in both.
std::vector<Observable> EveryToken(const ObservableExtractor& x, std::string_view text) {
  auto delim = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '"' || c == '<' ||
           c == '>' || c == ',' || c == ';' || c == '|' || c == '`' || c == '\0';
  };
  const PublicSuffixList* psl = *PublicSuffixList::Default();
  std::vector<Observable> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && !delim(text[i])) continue;
    size_t next_start = 0, next_end = 0;
    if (i > start && internal::ContinuesOnNextLine(text, start, i, &next_start, &next_end) &&
        internal::ClassifyAcrossLine(psl, text, start, i, next_start, next_end, &out)) {
      i = next_end;
    } else if (i > start) {
      x.ClassifyToken(text.substr(start, i - start), start, &out);
    }
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
      "\xE2\x80\x99", "\xC3\xA9", "fe80", "ff",
      // Defangs and breaks the newer rules read: bracketed digits,
      // zero-width characters, line ends inside values.
      "[2]", "(7)", "[1]", "\xE2\x80\x8B", "\xEF\xBB\xBF", "\xC2\xAD", "\r\n", "\n", "-\n", "/\n",
      "d41d8cd98f00b204", "e9800998ecf8427e"};
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
