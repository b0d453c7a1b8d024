#include "rampart/server/router.h"

#include <gtest/gtest.h>

namespace rampart::server {
namespace {

TEST(Router, MatchesLiteralsAndParameters) {
  Router<int> router;
  router.Add("GET", "/api/v1/objects", "list", 1);
  router.Add("GET", "/api/v1/objects/{ref}", "one", 2);
  router.Add("GET", "/api/v1/objects/{ref}/versions", "versions", 3);
  auto match = router.Find("GET", "/api/v1/objects/APT40/versions");
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(*match.handler, 3);
  EXPECT_EQ(match.params.at("ref"), "APT40");
  match = router.Find("GET", "/api/v1/objects/intrusion-set--1");
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(*match.handler, 2);
  EXPECT_EQ(router.Find("GET", "/api/v1/objects/a/b/c").handler, nullptr);
  EXPECT_EQ(router.Find("GET", "/api/v1").handler, nullptr);
}

TEST(Router, TrailingSlashIsNotSignificant) {
  Router<int> router;
  router.Add("GET", "/taxii2/{root}/collections/", "collections", 7);
  ASSERT_NE(router.Find("GET", "/taxii2/rampart/collections").handler, nullptr);
  ASSERT_NE(router.Find("GET", "/taxii2/rampart/collections/").handler, nullptr);
}

TEST(Router, WrongMethodListsTheAllowedOnes) {
  Router<int> router;
  router.Add("GET", "/x/{id}/", "get", 1);
  router.Add("POST", "/x/{id}/", "post", 2);
  auto match = router.Find("DELETE", "/x/1/");
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "POST"}));
  EXPECT_TRUE(router.Find("DELETE", "/y/").allowed.empty());
}

TEST(Router, ParametersNeverMatchEmptySegments) {
  Router<int> router;
  router.Add("GET", "/a/{b}/c", "x", 1);
  EXPECT_EQ(router.Find("GET", "/a//c").handler, nullptr);
}

}  // namespace
}  // namespace rampart::server
