// Template instances, substitutions and names of BinXmlDecoder.
#include <algorithm>
#include <cstring>

#include "readers/evtx/binxml_decoder.h"
#include "readers/evtx/binxml_values.h"

namespace rampart::ingest::internal::evtx {
namespace {

template <typename T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

bool Has(const uint8_t* p, const uint8_t* end, size_t n) { return p <= end && static_cast<size_t>(end - p) >= n; }

constexpr uint8_t kOptionalSubToken = 0x0e;
constexpr size_t kTemplateHeader = 24;  // next offset, GUID, data size
constexpr uint32_t kMaxValues = 4096;

}  // namespace

bool BinXmlDecoder::Substitution(const uint8_t*& p, const uint8_t* end, const Ctx* ctx, int depth, ElementState& state,
                                 bool in_attribute) {
  if (!Has(p, end, 4)) return Fail("truncated substitution");
  const bool optional = (*p & 0xBF) == kOptionalSubToken;
  const uint16_t id = Load<uint16_t>(p + 1);
  p += 4;
  if (ctx == nullptr || id >= ctx->count) {
    if (optional) state.drop = true;
    return true;
  }
  const Sub v = subs_[ctx->base + id];  // a copy: nested templates grow subs_
  if (v.type == kNull) {
    if (optional) state.drop = true;
    return true;
  }
  const size_t from = text_.size();
  if (v.type == kBinXml) {
    if (in_attribute) return true;
    const uint8_t* q = v.data;
    return Body(q, v.data + v.size, nullptr, false, depth + 1);
  }
  if (v.type & kArray) {
    const uint8_t type = v.type & 0x7f;
    int n = 0;
    ForEachArrayItem(type, v.data, v.size, [&](const uint8_t* item, size_t size) {
      if (n == state.item) AppendValue(type, item, size, text_);
      ++n;
    });
    state.items = std::max(state.items, n);
  } else {
    AppendValue(v.type, v.data, v.size, text_);
  }
  PushText(from, in_attribute);
  return true;
}

bool BinXmlDecoder::TemplateInstance(const uint8_t*& p, const uint8_t* end, int depth) {
  if (depth > 48) return Fail("BinXML nested too deep");
  if (!Has(p, end, 10)) return Fail("truncated template instance");
  const uint32_t def_off = Load<uint32_t>(p + 6);
  p += 10;
  const uint8_t* body;
  size_t body_size;
  if (def_off == static_cast<size_t>(p - chunk_)) {
    // The definition is stored here, on its first use in the chunk.
    if (!Has(p, end, kTemplateHeader)) return Fail("truncated template definition");
    body_size = Load<uint32_t>(p + 20);
    p += kTemplateHeader;
    if (!Has(p, end, body_size)) return Fail("template definition overruns the record");
    body = p;
    p += body_size;
  } else {
    if (static_cast<size_t>(def_off) + kTemplateHeader > size_) return Fail("template offset outside the chunk");
    body_size = Load<uint32_t>(chunk_ + def_off + 20);
    if (def_off + kTemplateHeader + static_cast<size_t>(body_size) > size_) {
      return Fail("template definition overruns the chunk");
    }
    body = chunk_ + def_off + kTemplateHeader;
  }
  if (!Has(p, end, 4)) return Fail("truncated template values");
  const uint32_t n = Load<uint32_t>(p);
  p += 4;
  if (n > kMaxValues || !Has(p, end, 4 * static_cast<size_t>(n))) return Fail("bad template value count");
  const uint8_t* desc = p;
  p += 4 * static_cast<size_t>(n);
  Ctx ctx{subs_.size(), n};
  for (uint32_t i = 0; i < n; ++i) {
    uint16_t size = Load<uint16_t>(desc + 4 * i);
    if (!Has(p, end, size)) return Fail("template value overruns the record");
    subs_.push_back(Sub{desc[4 * i + 2], p, size});
    p += size;
  }
  const uint8_t* q = body;
  bool ok = Body(q, body + body_size, &ctx, true, depth + 1);
  subs_.resize(ctx.base);
  return ok;
}

bool BinXmlDecoder::Name(uint32_t offset, const uint8_t*& p, const uint8_t* end, std::string_view& out) {
  if (offset == static_cast<size_t>(p - chunk_)) {
    // Stored inline: next-string offset, hash, count, text, NUL.
    if (!Has(p, end, 8)) return Fail("truncated name");
    size_t chars = Load<uint16_t>(p + 6);
    if (!Has(p, end, 8 + 2 * chars + 2)) return Fail("truncated name");
    p += 8 + 2 * chars + 2;
  }
  // Names sit at distinct offsets of one 64 KiB chunk: a direct-mapped
  // table by offset answers nearly every lookup; the map keeps the rest.
  RecentName& slot = recent_names_[(offset * 0x9E3779B1u) >> (32 - kRecentNameBits)];
  if (slot.offset == offset && slot.name.data() != nullptr) {
    out = slot.name;
    return true;
  }
  if (auto it = names_.find(offset); it != names_.end()) {
    out = it->second;
    slot = RecentName{offset, out};
    return true;
  }
  if (static_cast<size_t>(offset) + 8 > size_) return Fail("name offset outside the chunk");
  size_t chars = Load<uint16_t>(chunk_ + offset + 6);
  if (offset + 8 + 2 * chars > size_) return Fail("name overruns the chunk");
  name_scratch_.clear();
  AppendUtf16(chunk_ + offset + 8, chars, name_scratch_);
  out = arena_.Copy(name_scratch_);
  names_.emplace(offset, out);
  slot = RecentName{offset, out};
  return true;
}

}  // namespace rampart::ingest::internal::evtx
