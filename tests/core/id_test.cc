#include "rampart/core/id.h"

#include <gtest/gtest.h>

namespace rampart {
namespace {

TEST(Uuid, V4IsRandomAndWellFormed) {
  std::string a = UuidV4(), b = UuidV4();
  EXPECT_TRUE(IsUuid(a));
  EXPECT_NE(a, b);
  EXPECT_EQ(a[14], '4');
}

TEST(Uuid, V5InTheStixScoNamespace) {
  // python3: uuid.uuid5(uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7"), '{"value":"198.51.100.3"}')
  EXPECT_EQ(UuidV5(kStixScoNamespace, R"({"value":"198.51.100.3"})"),
            "28bb3599-77cd-5a82-a950-b5bc3caf07c4");
}

TEST(Uuid, V5MatchesPythonUuid5) {
  // python3 -c 'import uuid;print(uuid.uuid5(uuid.UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),"python.org"))'
  EXPECT_EQ(UuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

TEST(Uuid, RejectsMalformed) {
  EXPECT_FALSE(IsUuid("not-a-uuid"));
  EXPECT_FALSE(IsUuid("886313e13b8a53729b900c9aee199e5d0000"));
  EXPECT_TRUE(IsUuid("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
}

}  // namespace
}  // namespace rampart
