#include "rampart/server/auth.h"

#include <gtest/gtest.h>

namespace rampart::server {
namespace {

TEST(Passwords, HashIsArgon2idAndVerifies) {
  auto hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword("correct horse battery", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse batterz", *hash));
  EXPECT_NE(*HashPassword("correct horse battery"), *hash);  // salted
}

TEST(UserDb, TokensAuthenticateUntilRevoked) {
  auto db = UserDb::Open(":memory:");
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE((*db)->AddUser("ana", Role::kAnalyst, "", stix::TlpLevel::kAmber, "long enough password").ok());
  auto token = (*db)->CreateToken("ana");
  ASSERT_TRUE(token.ok());
  auto user = (*db)->CheckToken(*token);
  ASSERT_TRUE(user.ok() && user->has_value());
  EXPECT_EQ((*user)->name, "ana");
  EXPECT_EQ((*user)->clearance, stix::TlpLevel::kAmber);

  std::string forged = *token;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE((*db)->CheckToken(forged)->has_value());
  EXPECT_FALSE((*db)->CheckToken("rt_garbage")->has_value());
  EXPECT_FALSE((*db)->CheckToken("")->has_value());

  ASSERT_TRUE((*db)->RevokeToken(token->substr(3, 12)).ok());
  EXPECT_FALSE((*db)->CheckToken(*token)->has_value());
  EXPECT_TRUE(absl::IsNotFound((*db)->RevokeToken("000000000000")));
}

TEST(UserDb, PasswordsAndDuplicates) {
  auto db = UserDb::Open(":memory:");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->AddUser("bob", Role::kConstituentReader, "Health Canada", stix::TlpLevel::kGreen,
                             "twelve chars!").ok());
  EXPECT_FALSE((*db)->AddUser("bob", Role::kAdmin, "", stix::TlpLevel::kRed, "another password").ok());
  EXPECT_FALSE((*db)->AddUser("short", Role::kAdmin, "", stix::TlpLevel::kRed, "short").ok());
  EXPECT_TRUE((*db)->CheckPassword("bob", "twelve chars!")->has_value());
  EXPECT_FALSE((*db)->CheckPassword("bob", "twelve chars?")->has_value());
  EXPECT_FALSE((*db)->CheckPassword("nobody", "twelve chars!")->has_value());
  auto users = (*db)->ListUsers();
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].organisation, "Health Canada");
}

TEST(LoginLimiter, BlocksAfterRepeatedFailures) {
  LoginLimiter limiter(3, std::chrono::seconds(60));
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limiter.Allowed("1.2.3.4|bob"));
    limiter.Failed("1.2.3.4|bob");
  }
  EXPECT_FALSE(limiter.Allowed("1.2.3.4|bob"));
  EXPECT_TRUE(limiter.Allowed("1.2.3.4|alice"));
  limiter.Succeeded("1.2.3.4|bob");
  EXPECT_TRUE(limiter.Allowed("1.2.3.4|bob"));
}

TEST(SessionStore, FindsOnlyLiveSessions) {
  SessionStore sessions;
  auto created = sessions.Create(7);
  auto found = sessions.Find(created.cookie);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->first, 7);
  EXPECT_EQ(found->second, created.csrf);
  EXPECT_FALSE(sessions.Find(created.csrf).has_value());
  sessions.Remove(created.cookie);
  EXPECT_FALSE(sessions.Find(created.cookie).has_value());
}

}  // namespace
}  // namespace rampart::server
