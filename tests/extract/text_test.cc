#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "rampart/extract/document.h"
#include "rampart/extract/sentence.h"

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
}

TEST(DocumentTest, BadInputIsRefusedWithAReason) {
  auto empty = LoadDocument("", "e.txt");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(FormatError(empty.status()).find("e.txt"), std::string::npos);
  EXPECT_NE(FormatError(empty.status()).find("empty"), std::string::npos);

  auto binary = LoadDocument(std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10), "bin");
  ASSERT_FALSE(binary.ok());
  EXPECT_NE(std::string(binary.status().message()).find("binary"), std::string::npos);

  auto mixed = LoadDocument("ok \xC3\xA9 then \xFF\xFE broken", "m.txt");
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(std::string(mixed.status().message()).find("invalid UTF-8"), std::string::npos);

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
