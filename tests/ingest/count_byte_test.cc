// CountByte (the line skipper of hunt --ioc's record filter) against
// std::count: every length around the 16-byte blocks and the 255-block fold,
// every alignment, bytes above 0x7f, and runs where every byte matches (a lane
// that wrapped would show there).
#include <algorithm>
#include <random>
#include <string>

#include "gtest/gtest.h"
#include "readers/text_reader.h"

namespace rampart::ingest::internal {
namespace {

TEST(CountByteTest, EqualsStdCountForEveryLengthAndAlignment) {
  std::mt19937 rng(7);
  std::string text(16 * 255 * 3 + 64, ' ');
  for (char& ch : text) ch = "ab \xff"[rng() % 4];
  for (size_t start : {0, 1, 7, 15}) {
    for (size_t len = 0; start + len <= text.size(); len += (len < 300 ? 1 : 61)) {
      std::string_view s(text.data() + start, len);
      for (char c : {' ', 'a', '\xff', 'z'}) {
        ASSERT_EQ(CountByte(s, c), static_cast<size_t>(std::count(s.begin(), s.end(), c)))
            << "start " << start << " len " << len << " byte " << static_cast<int>(c);
      }
    }
  }
}

TEST(CountByteTest, AllBytesMatchingDoNotWrapALane) {
  for (size_t len : {size_t{16 * 255}, size_t{16 * 256}, size_t{16 * 255 * 4 + 5}, size_t{1} << 20}) {
    std::string all(len, ' ');
    EXPECT_EQ(CountByte(all, ' '), len);
  }
}

}  // namespace
}  // namespace rampart::ingest::internal
