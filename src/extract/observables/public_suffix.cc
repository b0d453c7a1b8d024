#include <cstdlib>
#include <mutex>
#include <string>
#include <unordered_set>

#include <fmt/format.h>

#include "rampart/core/fs.h"
#include "rampart/extract/observable.h"

namespace rampart::extract {

struct PublicSuffixList::Rules {
  std::unordered_set<std::string> exact;       // "co.uk"
  std::unordered_set<std::string> wildcard;    // "*.ck" stored as "ck"
  std::unordered_set<std::string> exception;   // "!www.ck" stored as "www.ck"
};

PublicSuffixList::PublicSuffixList() : rules_(std::make_unique<Rules>()) {}
PublicSuffixList::~PublicSuffixList() = default;

Result<std::unique_ptr<PublicSuffixList>> PublicSuffixList::Parse(std::string_view list_text) {
  std::unique_ptr<PublicSuffixList> list(new PublicSuffixList());
  size_t pos = 0;
  while (pos < list_text.size()) {
    size_t eol = list_text.find('\n', pos);
    if (eol == std::string_view::npos) eol = list_text.size();
    std::string_view line = list_text.substr(pos, eol - pos);
    pos = eol + 1;
    // A rule is the first whitespace-delimited word of a line.
    size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string_view::npos) continue;
    line.remove_prefix(start);
    size_t stop = line.find_first_of(" \t\r");
    if (stop != std::string_view::npos) line = line.substr(0, stop);
    if (line.empty() || line.starts_with("//")) continue;
    std::string rule(line);
    for (char& c : rule) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (rule.starts_with("!")) {
      list->rules_->exception.insert(rule.substr(1));
    } else if (rule.starts_with("*.")) {
      list->rules_->wildcard.insert(rule.substr(2));
    } else {
      list->rules_->exact.insert(std::move(rule));
    }
  }
  if (list->rules_->exact.empty() && list->rules_->wildcard.empty()) {
    return InvalidInput("public suffix list holds no rule");
  }
  return list;
}

Result<const PublicSuffixList*> PublicSuffixList::Default() {
  static std::once_flag once;
  static Result<std::unique_ptr<PublicSuffixList>>* loaded = nullptr;
  std::call_once(once, [] {
    const char* env = std::getenv("RAMPART_PUBLIC_SUFFIX_LIST");
    std::string path = env && *env ? env : "/usr/share/publicsuffix/public_suffix_list.dat";
    auto text = ReadFile(path);
    if (!text.ok()) {
      loaded = new Result<std::unique_ptr<PublicSuffixList>>(IoError(fmt::format(
          "{}: cannot read the public suffix list (install Debian's publicsuffix package): {}",
          path, std::string(text.status().message()))));
      return;
    }
    loaded = new Result<std::unique_ptr<PublicSuffixList>>(Parse(*text));
  });
  if (!loaded->ok()) return loaded->status();
  return loaded->value().get();
}

size_t PublicSuffixList::SuffixLength(std::string_view domain) const {
  // Longest rule first: walk the suffixes from the whole name to the last label.
  size_t at = 0;
  std::string key;
  while (true) {
    std::string_view suffix = domain.substr(at);
    key.assign(suffix);
    size_t dot = suffix.find('.');
    if (rules_->exception.contains(key)) {
      return dot == std::string_view::npos ? 0 : suffix.size() - dot - 1;
    }
    if (rules_->exact.contains(key)) return suffix.size();
    if (dot != std::string_view::npos) {
      key.assign(suffix.substr(dot + 1));
      if (rules_->wildcard.contains(key)) return suffix.size();
      at += dot + 1;
    } else {
      return 0;
    }
  }
}

bool PublicSuffixList::IsRegistrable(std::string_view domain) const {
  size_t n = SuffixLength(domain);
  return n > 0 && domain.size() > n + 1 && domain[domain.size() - n - 1] == '.';
}

}  // namespace rampart::extract
