// NormalizeName: the alias index key. ASCII is handled byte by byte (the
// common case, and the only one the contract requires); other code points
// are case-folded with ICU and kept if they are letters, marks or numbers,
// so "Фанси Беар" and "фанси-беар" meet. Invalid UTF-8 bytes are kept as they are.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "rampart/store/store.h"

namespace rampart::store {
namespace {

void AppendUtf8(std::string& out, UChar32 c) {
  char buf[U8_MAX_LENGTH];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(buf, len, U8_MAX_LENGTH, c, error);
  if (!error) out.append(buf, static_cast<size_t>(len));
}

bool KeepNonAscii(UChar32 c) {
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string NormalizeName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  const auto* s = reinterpret_cast<const uint8_t*>(name.data());
  int32_t length = static_cast<int32_t>(name.size());
  int32_t i = 0;
  while (i < length) {
    uint8_t byte = s[i];
    if (byte < 0x80) {
      ++i;
      if (byte >= 'A' && byte <= 'Z') out.push_back(static_cast<char>(byte - 'A' + 'a'));
      else if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) out.push_back(static_cast<char>(byte));
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      out.append(reinterpret_cast<const char*>(s + start), static_cast<size_t>(i - start));
    } else if (KeepNonAscii(c)) {
      AppendUtf8(out, u_foldCase(c, U_FOLD_CASE_DEFAULT));
    }
  }
  return out;
}

}  // namespace rampart::store
