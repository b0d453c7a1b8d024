#include "rampart/server/query.h"

#include <gtest/gtest.h>

namespace rampart::server {
namespace {

TEST(ParseTarget, SplitsPathAndDecodesParameters) {
  auto target = ParseTarget("/api/v1/objects/APT%2040?q=web+shell&type=malware&&limit=5");
  ASSERT_TRUE(target.ok()) << target.status();
  EXPECT_EQ(target->path, "/api/v1/objects/APT 40");
  ASSERT_EQ(target->params.size(), 3u);
  EXPECT_EQ(target->params[0], (std::pair<std::string, std::string>{"q", "web shell"}));
  EXPECT_EQ(target->params[2].second, "5");
}

TEST(ParseTarget, KeepsTheTrailingSlash) {
  EXPECT_EQ(ParseTarget("/taxii2/")->path, "/taxii2/");
  EXPECT_EQ(ParseTarget("/")->path, "/");
  EXPECT_EQ(ParseTarget("/taxii2/rampart/collections/?limit=1")->path, "/taxii2/rampart/collections/");
  EXPECT_EQ(ParseTarget("/a?match%5Bid%5D=x")->params[0].first, "match[id]");
}

TEST(ParseTarget, RefusesTraversalAndBadEncoding) {
  for (const char* bad : {"/api/../etc/passwd", "/api/%2e%2e/x", "/a/%2Fetc", "/a/%5c", "/a%00b", "/a?x=%0",
                          "/a?x=%zz", "relative", "", "/a/%0a", "/a/./b"}) {
    EXPECT_FALSE(ParseTarget(bad).ok()) << bad;
  }
  EXPECT_FALSE(ParseTarget("/" + std::string(9000, 'a')).ok());
}

TEST(PositiveIntParam, AcceptsOnlyIntegersInRange) {
  Request request;
  request.query = {{"limit", "10"}, {"bad", "1x"}, {"zero", "0"}, {"huge", "99999999999"}};
  EXPECT_EQ(*PositiveIntParam(request, "limit", 5, 100), 10);
  EXPECT_EQ(*PositiveIntParam(request, "absent", 5, 100), 5);
  EXPECT_FALSE(PositiveIntParam(request, "bad", 5, 100).ok());
  EXPECT_FALSE(PositiveIntParam(request, "zero", 5, 100).ok());
  EXPECT_FALSE(PositiveIntParam(request, "huge", 5, 100).ok());
  EXPECT_FALSE(PositiveIntParam(request, "limit", 5, 9).ok());
}

}  // namespace
}  // namespace rampart::server
