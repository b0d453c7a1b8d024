#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "rampart/core/fs.h"
#include "rampart/extract/document.h"
#include "rampart/extract/sentence.h"
#include "support/test_support.h"
#include "report_inputs.h"

namespace rampart::extract {
namespace {

TEST(DocumentTest, PlainUtf8Text) {
  auto doc = LoadDocument("\xEF\xBB\xBFHello \xE2\x80\x9Cworld\xE2\x80\x9D.\r\nBye.\r\n", "a.txt");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->encoding, "UTF-8");
  EXPECT_EQ(doc->format, Format::kText);
  EXPECT_EQ(doc->text, "Hello \xE2\x80\x9Cworld\xE2\x80\x9D.\nBye.");
  EXPECT_EQ(doc->sha256.size(), 64u);
}

TEST(DocumentTest, Windows1252IsDetectedAndConverted) {
  auto doc = LoadDocument("Caf\xE9 \x93quoted\x94 \x80 5", "b.txt");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->encoding, "windows-1252");
  EXPECT_EQ(doc->text, "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC 5");
  EXPECT_EQ(doc->warning,
            "b.txt: not valid UTF-8 (first invalid byte 0xE9 at offset 3 (line 1, column 4)): read as Windows-1252 "
            "(--encoding chooses)");
  auto utf8 = LoadDocument("Caf\xC3\xA9", "c.txt");
  ASSERT_TRUE(utf8.ok());
  EXPECT_EQ(utf8->warning, "");
}

TEST(DocumentTest, OneInvalidByteInUtf8TextIsReadAsWindows1252) {
  // UTF-8 with one stray byte: the UTF-8 stays as it is, the byte is read
  // as Windows-1252, and the document is not rejected.
  auto doc = LoadDocument("ok \xC3\xA9 then\nthe \x93 quote", "m.txt");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->text, "ok \xC3\xA9 then\nthe \xE2\x80\x9C quote");
  EXPECT_NE(doc->warning.find("first invalid byte 0x93 at offset 15 (line 2, column 5)"), std::string::npos)
      << doc->warning;
}

TEST(DocumentTest, TheEncodingCanBeGiven) {
  std::string bytes = "Caf\xC3\xA9 \x80";
  auto strict = LoadDocument(bytes, "s.txt", Format::kAuto, Encoding::kUtf8);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(FormatError(strict.status()),
            "s.txt: not valid UTF-8: byte 0x80 at offset 6 (line 1, column 7) (--encoding windows-1252 or latin-1 "
            "reads it)");
  auto cp1252 = LoadDocument(bytes, "s.txt", Format::kAuto, Encoding::kWindows1252);
  ASSERT_TRUE(cp1252.ok());
  EXPECT_EQ(cp1252->text, "Caf\xC3\x83\xC2\xA9 \xE2\x82\xAC");  // every byte as cp1252, the UTF-8 too
  EXPECT_EQ(cp1252->encoding, "windows-1252");
  EXPECT_EQ(cp1252->warning, "");
  auto latin1 = LoadDocument(bytes, "s.txt", Format::kAuto, Encoding::kLatin1);
  ASSERT_TRUE(latin1.ok());
  EXPECT_EQ(latin1->text, "Caf\xC3\x83\xC2\xA9 \xC2\x80");
  EXPECT_EQ(latin1->encoding, "latin-1");
  EXPECT_EQ(*ParseEncoding("UTF8"), Encoding::kUtf8);
  EXPECT_EQ(*ParseEncoding("CP1252"), Encoding::kWindows1252);
  EXPECT_EQ(*ParseEncoding("ISO-8859-1"), Encoding::kLatin1);
  EXPECT_FALSE(ParseEncoding("ebcdic").ok());
}

TEST(DocumentTest, BadInputIsRefusedWithAReason) {
  auto empty = LoadDocument("", "e.txt");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(FormatError(empty.status()).find("e.txt"), std::string::npos);
  EXPECT_NE(FormatError(empty.status()).find("empty"), std::string::npos);

  auto binary = LoadDocument(std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10), "bin");
  ASSERT_FALSE(binary.ok());
  EXPECT_NE(std::string(binary.status().message()).find("binary"), std::string::npos);


  std::string long_line(kMaxLineBytes + 10, 'a');
  auto too_long = LoadDocument(long_line, "long.txt");
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(std::string(too_long.status().message()).find("longer than"), std::string::npos);

  auto scripts = LoadDocument("<html><head><script>var a = 1;</script></head><body><script>x()</script>"
                              "<style>p{}</style></body></html>",
                              "s.html");
  ASSERT_FALSE(scripts.ok());
  EXPECT_NE(std::string(scripts.status().message()).find("no text"), std::string::npos);

  auto pdf = LoadDocument("%PDF-1.4 not really", "x.pdf");
  EXPECT_FALSE(pdf.ok());
}

TEST(DocumentTest, HtmlArticleWithoutFurniture) {
  auto doc = LoadDocument(
      "<!doctype html><html><head><title> Advisory  AA21-062A </title><script>evil()</script></head>"
      "<body><nav>Home | News</nav><article><h1>Mitigate</h1><p>Microsoft &amp; CISA "
      "<b>urge</b>\n patching.</p><p>Second para.</p></article><footer>(c) 2021</footer></body></html>",
      "page.html");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->format, Format::kHtml);
  EXPECT_EQ(doc->title, "Advisory AA21-062A");
  EXPECT_EQ(doc->text, "Mitigate\n\nMicrosoft & CISA urge patching.\n\nSecond para.");
}

TEST(DocumentTest, MarkdownKeepsLinkTargets) {
  auto doc = LoadDocument("# Title here\n\nSee [the post](https://example.com/x) and **bold** `code`.\n",
                          "r.md");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->title, "Title here");
  EXPECT_EQ(doc->text, "Title here\n\nSee the post (https://example.com/x) and bold code.");
}

TEST(SentenceTest, AbbreviationsDoNotSplit) {
  std::string text =
      "The U.S. government, joined by the U.K., put out statements. Microsoft said so.\n\n"
      "Heading\n\nA wrapped paragraph that goes on and on for more than fifty chars\nand ends here.";
  auto sentences = SplitSentences(text);
  ASSERT_EQ(sentences.size(), 4u);
  EXPECT_EQ(sentences[0].Of(text), "The U.S. government, joined by the U.K., put out statements.");
  EXPECT_EQ(sentences[1].Of(text), "Microsoft said so.");
  EXPECT_EQ(sentences[2].Of(text), "Heading");
  EXPECT_EQ(sentences[3].Of(text),
            "A wrapped paragraph that goes on and on for more than fifty chars\nand ends here.");
}

// SplitSentences decides plain ASCII lines itself and asks ICU for the
// rest; both must give ICU's sentences.
std::vector<std::string> Show(std::string_view text, const std::vector<Sentence>& sentences) {
  std::vector<std::string> out;
  for (const Sentence& s : sentences) out.emplace_back(s.Of(text));
  return out;
}

void ExpectSameAsIcu(std::string_view text) {
  ASSERT_EQ(Show(text, SplitSentences(text)), Show(text, internal::SplitSentencesWithIcu(text))) << text;
}

TEST(SentenceTest, RuleSplitterAgreesWithIcuOnTrickyText) {
  const char* const kTexts[] = {
      "The U.S. government, joined by the U.K., put out statements. Microsoft said so.",
      "See e.g. the report. No.1 is first. It rose 3.5 percent. Mr. Smith and Dr. Jones met.",
      "NASA. The agency said. CISA. The agency said. Approx. Ten people. Prof. Brown left.",
      "He said \"stop.\" Then he left. (It was late.) Next came. [Sic.] More.",
      "Really? yes. Wow! Great. What?! Ok. Well... And then. U.S.-based firms. J. K. Rowling wrote.",
      "It happened in the U.S. Then it spread. The U.S.A. Then more. Ph.D. Students came.",
      "Tabs.\tHere. Two  spaces.  Three   spaces. End.   ",
      "Caf\xC3\xA9. The end. \xE2\x80\x9CQuoted.\xE2\x80\x9D Then. China\xE2\x80\x99s MSS. It did.",
      "Line one.\r\nLine two. Line\xC2\xA0three. Four\xE2\x80\xA8" "five. Six\xE3\x80\x82Seven.",
      "A. B. C. Smith went. Inc. Ltd. Corp. Etc. The end. vs. Them. i.e. this. a.m. Then.",
      "Version 2.0. Next. ver.2. Next. x.Y. 5.X then. A.b. End.\nHeading\n\nPara one. Para two.",
      "Mid.5 and .Net. End;. Mark:. Dash-. Yes.- no. Ok.,then.",
      "Bad \xFF byte. Next one. \xE2\x80 cut. Then.",
  };
  for (const char* text : kTexts) ExpectSameAsIcu(text);
}

TEST(SentenceTest, RuleSplitterAgreesWithIcuOnTheReports) {
  std::vector<std::string> paths = testing::ReportInputPaths();
  ASSERT_GT(paths.size(), 3u);
  for (const std::string& path : paths) {
    auto bytes = ReadFile(path);
    ASSERT_TRUE(bytes.ok()) << path;
    auto doc = LoadDocument(*bytes, path);
    ASSERT_TRUE(doc.ok()) << path;
    ExpectSameAsIcu(doc->text);
  }
}

// Random text from pieces chosen to meet at sentence ends: abbreviations of
// ICU's list, initials, numbers, quotes, brackets, spaces, line breaks,
// non-ASCII letters, spaces and terminators.
TEST(SentenceTest, RuleSplitterAgreesWithIcuOnRandomText) {
  const std::vector<std::string> pieces = {
      "The", "the", "U.S.", "U.K.", "e.g.", "i.e.", "Mr.", "Dr.", "No.", "1", "3.5", "A.", "J.", "NASA", "Inc.",
      "Ph.D.", "vs.", "Approx.", "Sept.", "Fig.", ".", ".", ".", "!", "?", ",", ";", ":", "-", "\"", "'", "(", ")",
      "[", "]", " ", " ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "caf\xC3\xA9", "\xE2\x80\x9C",
      "\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xA0", "\xE3\x80\x82", "\xE2\x80\xA6", "\xCC\x81",
      "\xE2\x80\x8B", "x", "Y", "said", "APT", "40", "2021", "...", "?!", "a.m.", "AB.", "Is.", "ok",
      // Decided by the rules, not ICU: closing quotes and brackets
      // after a terminator (ASCII and not), letters, digits, dashes and
      // separators outside ASCII after one, ". 5", defanged "[.]", words
      // ending like a partial entry ("China." and "a.m.", "U." and "U.S.").
      ".\"", ".)", ".]", "?\"", "!)", "[.]", ".\xE2\x80\x9D", "?\xE2\x80\x99", ".\xE2\x80\x9C", "\xC2\xBB",
      "\xC3\x89t\xC3\xA9", "\xC3\xA9", "\xE4\xB8\xAD", "\xD9\xA1", "\xE2\x80\x93", "\xE2\x80\x94", "\xC2\x85",
      "\xE2\x80\xA9", "\xCC\x81.", ". 5", "5", "China.", "a.", "m.", "a.m", "U.", "S.", "Ph.", "D.", "p.", "S.p.A.",
      "Lt.Cdr.", "Hon.B.A.", "U.S.C.", "avsvmcloud[.]com", "(T1190).", "\"Quoted.\"", "b", "Mr", "#", "$"};
  std::mt19937 random(20261128);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    size_t n = 1 + random() % 40;
    for (size_t i = 0; i < n; ++i) {
      text += pieces[random() % pieces.size()];
      if (random() % 3 != 0) text += ' ';
    }
    ExpectSameAsIcu(text);
    if (HasFatalFailure()) return;
  }
}

TEST(SentenceTest, CharOffsetsCountCodePoints) {
  std::string text = "\xE2\x80\x9C" "APT";
  EXPECT_EQ(CharOffset(text, 3), 1u);
  EXPECT_EQ(CharOffset(text, 6), 4u);
}

// CharOffset counts eight bytes at a time: every offset of a text mixing
// ASCII, 2-, 3- and 4-byte sequences agrees with counting lead bytes one by
// one (so a word's lanes, its tail and offsets past the end are covered).
TEST(SentenceTest, CharOffsetAgreesWithCountingEachByte) {
  std::string text;
  for (int i = 0; i < 7; ++i) {
    text += "ab\xC3\xA9" "c\xE2\x80\x9C" "\xF0\x9F\x98\x80" "d";
    text += std::string(static_cast<size_t>(i), 'x');
  }
  for (size_t offset = 0; offset <= text.size() + 3; ++offset) {
    size_t expected = 0;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++expected;
    }
    ASSERT_EQ(CharOffset(text, offset), expected) << "offset " << offset;
  }
}

}  // namespace
}  // namespace rampart::extract

namespace rampart::extract {
namespace {

TEST(HeadlineTest, SkipsMastheadBylineAndDate) {
  auto bytes = ReadFile(testing::DataPath("seed/national-post-china-cyber-attack.txt"));
  ASSERT_TRUE(bytes.ok());
  auto doc = LoadDocument(*bytes, "national-post.txt");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(text::HeadlineOf(doc->text, ""), "China behind massive cyber attack");
  EXPECT_EQ(text::HeadlineOf(doc->text, "National Post"), "China behind massive cyber attack");
  EXPECT_EQ(text::HeadlineOf("The Daily Telegraph\nTuesday, July 20, 2021\nBy Jane Doe, Security Correspondent\n\n"
                             "Hackers breach water utility in Florida\n\nThe attackers ...",
                             ""),
            "Hackers breach water utility in Florida");
  EXPECT_EQ(text::HeadlineOf("Reuters\n2021-07-20 10:00 UTC\nhttps://example.com/story\n"
                             "Microsoft says Chinese group hit Exchange servers\n",
                             ""),
            "Microsoft says Chinese group hit Exchange servers");
  // Nothing of headline shape: "".
  EXPECT_EQ(text::HeadlineOf("Short\nJuly 20, 2021\n", ""), "");
}

}  // namespace
}  // namespace rampart::extract
