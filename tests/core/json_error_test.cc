#include "rampart/core/json_error.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rampart {
namespace {

std::string ParseError(const std::string& text) {
  try {
    nlohmann::json parsed = nlohmann::json::parse(text);
    (void)parsed;
  } catch (const nlohmann::json::exception& e) {
    return DescribeJsonError(e.what());
  }
  return "parsed";
}

TEST(JsonError, DropsTheLibraryIdAndPosition) {
  EXPECT_EQ(ParseError("{\"a\": 1,"),
            "unexpected end of input; expected string literal (in a JSON object key)");
  EXPECT_EQ(ParseError("[1, tru]"), "invalid literal; last read: '1, tru]' (in a JSON value)");
  EXPECT_EQ(ParseError(""),
            "unexpected end of input; expected '[', '{', or a literal (in a JSON value)");
  for (const char* text : {"{", "[1 2]", "{\"a\" 1}", "\"\\x\""}) {
    std::string message = ParseError(text);
    EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
    EXPECT_EQ(message.find("parse error"), std::string::npos) << message;
    EXPECT_EQ(message.find("line "), std::string::npos) << message;
  }
}

TEST(JsonError, OtherLibraryErrorsKeepTheirReason) {
  try {
    (void)nlohmann::json::parse("[1]").at(5);
    FAIL();
  } catch (const nlohmann::json::exception& e) {
    EXPECT_EQ(DescribeJsonError(e.what()), "array index 5 is out of range");
  }
  EXPECT_EQ(DescribeJsonError("plain words"), "plain words");
}

}  // namespace
}  // namespace rampart
