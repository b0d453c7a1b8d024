// Hostile html: deep nesting costs linear time and bounded depth, and the
// text of every dropped tag is kept.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "rampart/extract/document.h"
#include "text/html_nesting.h"

namespace rampart::extract {
namespace {

double SecondsToText(const std::string& html, std::string* text) {
  auto start = std::chrono::steady_clock::now();
  std::string title;
  *text = text::HtmlToText(html, &title);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(HtmlHostileTest, TwoHundredThousandNestedDivLinesFinishQuickly) {
  std::string html = "<html><body>\n";
  for (int i = 0; i < 200'000; ++i) html += "<div>w" + std::to_string(i) + "\n";
  for (int i = 0; i < 200'000; ++i) html += "</div>\n";
  html += "</body></html>\n";
  std::string out;
  double seconds = SecondsToText(html, &out);
  EXPECT_LT(seconds, 30.0);  // quadratic: minutes (40,000 lines took 6 s)
  EXPECT_NE(out.find("w0"), std::string::npos);
  EXPECT_NE(out.find("w199999"), std::string::npos);  // text past the bound is kept
}

TEST(HtmlHostileTest, TwoHundredThousandUnclosedBoldOnOneLineDoesNotCrash) {
  std::string html = "<p>";
  for (int i = 0; i < 200'000; ++i) html += "<b>x";
  html += "end</p>";
  std::string out;
  double seconds = SecondsToText(html, &out);
  EXPECT_LT(seconds, 30.0);
  EXPECT_NE(out.find("xxxend"), std::string::npos);
}

TEST(HtmlHostileTest, OrdinaryPagesAreLeftAlone) {
  std::string page = "<html><head><title>t</title><script>if (a<b) { x = '<div>'; }</script></head><body>";
  for (int i = 0; i < 2'000; ++i) page += "<p>para <b>bold</b> <br> <img src=x><li>item";
  for (int i = 0; i < 100; ++i) page += "<div><span>";
  for (int i = 0; i < 100; ++i) page += "</span></div>";
  page += "<svg>";
  for (int i = 0; i < 1'000; ++i) page += "<path d='M0 0'/>";
  page += "</svg><!-- <div><div><div> --></body></html>";
  std::string bounded;
  EXPECT_FALSE(text::internal::BoundHtmlNesting(page, text::internal::kMaxHtmlOpenElements, bounded));
}

TEST(HtmlHostileTest, RealReportPagesAreLeftByteForByte) {
  int pages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(RAMPART_EXTRACT_CASES_DIR)) {
    if (entry.path().extension() != ".html") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string html((std::istreambuf_iterator<char>(in)), {});
    std::string bounded;
    EXPECT_FALSE(text::internal::BoundHtmlNesting(html, text::internal::kMaxHtmlOpenElements, bounded))
        << entry.path();
    ++pages;
  }
  EXPECT_GT(pages, 0);
}

TEST(HtmlHostileTest, OnlyTagsPastTheBoundAreDropped) {
  std::string html;
  for (int i = 0; i < 5; ++i) html += "<div>";
  html += "x";
  for (int i = 0; i < 5; ++i) html += "</div>";
  std::string bounded;
  ASSERT_TRUE(text::internal::BoundHtmlNesting(html, 3, bounded));
  EXPECT_EQ(bounded, "<div><div><div>x</div></div></div>");
}

}  // namespace
}  // namespace rampart::extract
