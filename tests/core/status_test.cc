#include "rampart/core/status.h"

#include <gtest/gtest.h>

namespace rampart {
namespace {

TEST(Status, FormatsEveryPartOfTheContext) {
  Status s = InvalidInput("missing 'name'", ErrorContext{.file = "x.json", .line = 12, .column = 3,
                                                         .object_index = 4, .object_id = "tool--1"});
  EXPECT_EQ(FormatError(s), "x.json:12:3: object 4 (tool--1): missing 'name'");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
}

TEST(Status, LeavesOutWhatIsUnknown) {
  EXPECT_EQ(FormatError(NotFound("no such actor")), "no such actor");
  EXPECT_EQ(FormatError(IoError("denied", ErrorContext{.file = "a.db"})), "a.db: denied");
  EXPECT_EQ(FormatError(InvalidInput("bad", ErrorContext{.object_id = "x--1"})), "object x--1: bad");
}

TEST(Status, WithContextKeepsTheInnermostKnowledge) {
  Status inner = InvalidInput("bad timestamp", ErrorContext{.object_index = 7});
  Status outer = WithContext(inner, ErrorContext{.file = "b.json", .object_index = 99});
  EXPECT_EQ(FormatError(outer), "b.json: object 7: bad timestamp");
  EXPECT_TRUE(WithContext(Status(), ErrorContext{.file = "x"}).ok());
}

Result<int> Half(int x) {
  if (x % 2) return InvalidInput("odd");
  return x / 2;
}
Result<int> Quarter(int x) {
  RAMPART_ASSIGN_OR_RETURN(int h, Half(x));
  RAMPART_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(Status, MacrosPropagate) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_FALSE(Quarter(6).ok());
}

}  // namespace
}  // namespace rampart
