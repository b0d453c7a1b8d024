// The text pipeline on arbitrary bytes: the first byte picks the format
// (and, from its high bits, the encoding); the headline rule reads the text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rampart/extract/claim.h"

using namespace rampart::extract;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Gazetteer* gazetteer = [] {
    auto* g = new Gazetteer();
    g->AddBuiltins();
    return g;
  }();
  static const PublicSuffixList* psl = *PublicSuffixList::Default();
  if (size == 0) return 0;
  static constexpr const char* kNames[] = {"a.txt", "a.md", "a.html", "a.pdf"};
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  static constexpr Encoding kEncodings[] = {Encoding::kAuto, Encoding::kUtf8, Encoding::kWindows1252,
                                            Encoding::kLatin1};
  auto doc = LoadDocument(bytes, kNames[data[0] % 4], Format::kAuto, kEncodings[(data[0] >> 2) % 4]);
  if (!doc.ok()) return 0;
  if (doc->format != Format::kPdf && !text::IsValidUtf8(doc->text)) __builtin_trap();
  std::string headline = text::HeadlineOf(doc->text, "");
  if (headline.size() > 200) __builtin_trap();
  Extractor extractor(gazetteer, psl);
  Extraction x = extractor.Run(*doc);
  for (const Claim& c : x.claims) {
    if (c.source >= x.entities.size() || c.target >= x.entities.size()) __builtin_trap();
  }
  return 0;
}
