#include <gtest/gtest.h>

#include "put_rules.h"
#include "rampart/store/store.h"
#include "sqlite/sqlite_search.h"

namespace rampart::store {
namespace {

TEST(NormalizeName, FoldsAsciiAndDropsSeparators) {
  EXPECT_EQ(NormalizeName("APT 40"), "apt40");
  EXPECT_EQ(NormalizeName("apt-40"), "apt40");
  EXPECT_EQ(NormalizeName("APT40"), "apt40");
  EXPECT_EQ(NormalizeName("TEMP.Periscope"), "tempperiscope");
  EXPECT_EQ(NormalizeName("  Fancy_Bear\t"), "fancybear");
  EXPECT_EQ(NormalizeName("C0015 (Operation: X!)"), "c0015operationx");
  EXPECT_EQ(NormalizeName(""), "");
  EXPECT_EQ(NormalizeName(" -_. "), "");
}

TEST(NormalizeName, KeepsNonAsciiLettersAndFoldsTheirCase) {
  EXPECT_EQ(NormalizeName("Фанси Беар"), "фансибеар");
  EXPECT_EQ(NormalizeName("фанси-беар"), NormalizeName("ФАНСИ БЕАР"));
  EXPECT_EQ(NormalizeName("Café"), "café");
  EXPECT_EQ(NormalizeName("\xE6\xB5\xB7\xE8\x8E\xB2 \xE8\x8E\xB2"), "\xE6\xB5\xB7\xE8\x8E\xB2\xE8\x8E\xB2");
  // Non-ASCII punctuation and spaces are separators too: en dash, no-break space.
  EXPECT_EQ(NormalizeName("APT\xE2\x80\x93" "40"), "apt40");
  EXPECT_EQ(NormalizeName("APT\xC2\xA0" "40"), "apt40");
}

TEST(NormalizeName, KeepsInvalidUtf8BytesAsTheyAre) {
  EXPECT_EQ(NormalizeName("A\xFF" "b"), "a\xFF" "b");
  EXPECT_EQ(NormalizeName("x\xC3"), "x\xC3");
}

TEST(ExternalIdKey, IsCaseInsensitiveAndTrimmed) {
  EXPECT_EQ(internal::ExternalIdKey("G0065"), "g0065");
  EXPECT_EQ(internal::ExternalIdKey(" CVE-2021-26855 "), "cve-2021-26855");
  EXPECT_EQ(internal::ExternalIdKey("T1059.001"), "t1059.001");
}

TEST(BuildFtsQuery, QuotesEveryWordAsAPrefixPhrase) {
  EXPECT_EQ(internal::BuildFtsQuery("apt china"), R"("apt"* AND "china"*)");
  EXPECT_EQ(internal::BuildFtsQuery("  T1059.001 "), R"("T1059.001"*)");
}

TEST(BuildFtsQuery, NeverPassesUserSyntaxThrough) {
  EXPECT_EQ(internal::BuildFtsQuery("AND OR NOT"), R"("AND"* AND "OR"* AND "NOT"*)");
  EXPECT_EQ(internal::BuildFtsQuery("say\"hi"), R"("say""hi"*)");
  EXPECT_EQ(internal::BuildFtsQuery("\" * - ( ) ^ :"), "");
  EXPECT_EQ(internal::BuildFtsQuery("name:x"), R"("name:x"*)");
  EXPECT_EQ(internal::BuildFtsQuery(""), "");
}

}  // namespace
}  // namespace rampart::store
