#include "rampart/server/taxii_filter.h"

#include <gtest/gtest.h>

namespace rampart::server {
namespace {

constexpr const char* kId = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

TEST(TaxiiFilter, ParsesEveryParameter) {
  QueryParams params = {{"added_after", "2021-03-02T00:00:00Z"},
                        {"limit", "5"},
                        {"match[id]", kId},
                        {"match[type]", "indicator,malware"},
                        {"match[version]", "first,2021-03-02T10:00:00.000Z"},
                        {"match[spec_version]", "2.1"}};
  auto filter = ParseTaxiiFilter(params, TaxiiEndpoint::kObjects);
  ASSERT_TRUE(filter.ok()) << filter.status();
  EXPECT_EQ(filter->query.limit, 5);
  EXPECT_TRUE(filter->query.added_after.has_value());
  EXPECT_EQ(filter->query.ids, std::vector<std::string>{kId});
  EXPECT_EQ(filter->query.types, (std::vector<std::string>{"indicator", "malware"}));
  EXPECT_TRUE(filter->query.versions.first);
  EXPECT_EQ(filter->query.versions.modified.size(), 1u);
}

TEST(TaxiiFilter, RefusesBadValuesAndForeignParameters) {
  const std::vector<QueryParams> bad = {
      {{"limit", "0"}},           {{"limit", "-3"}},          {{"limit", "abc"}},
      {{"added_after", "yesterday"}}, {{"match[id]", "not-an-id"}}, {{"match[type]", "Bad Type"}},
      {{"match[type]", "x' OR 1=1 --"}}, {{"match[version]", "newest"}}, {{"match[spec_version]", "3.0"}},
      {{"next", "abc"}},          {{"next", "1.2.3"}},         {{"next", "-1.5"}},
      {{"unknown", "1"}},         {{"limit", ""}}};
  for (const QueryParams& params : bad) {
    EXPECT_FALSE(ParseTaxiiFilter(params, TaxiiEndpoint::kObjects).ok()) << params[0].first << "=" << params[0].second;
  }
  // The versions endpoint takes no match[version]; object by id no match[id].
  EXPECT_FALSE(ParseTaxiiFilter({{"match[version]", "all"}}, TaxiiEndpoint::kVersions).ok());
  EXPECT_FALSE(ParseTaxiiFilter({{"match[id]", kId}}, TaxiiEndpoint::kObjectById).ok());
}

TEST(TaxiiFilter, CursorRoundTrips) {
  std::string cursor = FormatCursor(1614643200123456, 42);
  auto position = ParseCursor(cursor);
  ASSERT_TRUE(position.ok());
  EXPECT_EQ(position->first, 1614643200123456);
  EXPECT_EQ(position->second, 42);
}

TEST(TaxiiFilter, DateAddedHasSixFractionDigits) {
  EXPECT_EQ(FormatDateAdded(1614643200123456), "2021-03-02T00:00:00.123456Z");
}

TEST(AcceptsMediaType, NegotiatesTheTaxiiType) {
  const char* kType = "application/taxii+json";
  EXPECT_TRUE(AcceptsMediaType("", kType));
  EXPECT_TRUE(AcceptsMediaType("application/taxii+json;version=2.1", kType));
  EXPECT_TRUE(AcceptsMediaType("application/taxii+json", kType));
  EXPECT_TRUE(AcceptsMediaType("text/html, */*;q=0.8", kType));
  EXPECT_FALSE(AcceptsMediaType("application/taxii+json;version=2.0", kType));
  EXPECT_FALSE(AcceptsMediaType("application/vnd.oasis.taxii+json; version=2.0", kType));
  EXPECT_FALSE(AcceptsMediaType("text/html", kType));
  EXPECT_FALSE(AcceptsMediaType("application/taxii+json;version=2.1;q=0", kType));
}

}  // namespace
}  // namespace rampart::server
