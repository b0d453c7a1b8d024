// Token layouts: "Windows XML Event Log (EVTX) format" (libevtx
// documentation, J. Metz) and [MS-EVEN6]. Every read is bounds-checked
// against the record's end or the chunk's end; offsets come from the input.
#include "readers/evtx/binxml_decoder.h"

#include <cstring>

#include "readers/evtx/binxml_values.h"

namespace rampart::ingest::internal::evtx {
namespace {

constexpr int kMaxDepth = 48;
constexpr size_t kMaxElements = 1 << 16;  // per record; real records have tens

enum Token : uint8_t {
  kEof = 0x00, kOpenStart = 0x01, kCloseStart = 0x02, kCloseEmpty = 0x03, kEndElement = 0x04, kValue = 0x05,
  kAttribute = 0x06, kCdata = 0x07, kCharRef = 0x08, kEntityRef = 0x09, kPiTarget = 0x0a, kPiData = 0x0b,
  kTemplateInstance = 0x0c, kNormalSub = 0x0d, kOptionalSub = 0x0e, kFragmentHeader = 0x0f,
};

uint8_t Base(uint8_t token) { return token & 0xBF; }  // without the "more data" / "has attributes" bit

template <typename T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

bool Has(const uint8_t* p, const uint8_t* end, size_t n) { return p <= end && static_cast<size_t>(end - p) >= n; }

}  // namespace

bool BinXmlDecoder::Fail(const char* why) {
  if (error_.empty()) error_ = why;
  return false;
}

bool BinXmlDecoder::Decode(const uint8_t* begin, const uint8_t* end) {
  steps_.clear();
  text_.clear();
  subs_.clear();
  error_.clear();
  budget_ = kMaxElements;
  return Body(begin, end, nullptr, true, 0);
}

// A document or fragment: fragment headers, elements, template instances,
// processing instructions, up to the end-of-file token or `end`.
bool BinXmlDecoder::Body(const uint8_t*& p, const uint8_t* end, const Ctx* ctx, bool dependency_id, int depth) {
  if (depth > kMaxDepth) return Fail("BinXML nested too deep");
  while (p < end) {
    switch (Base(*p)) {
      case kEof: ++p; return true;
      case kFragmentHeader:
        if (!Has(p, end, 4)) return Fail("truncated fragment header");
        p += 4;
        break;
      case kOpenStart:
        if (!Element(p, end, ctx, dependency_id, depth + 1)) return false;
        break;
      case kTemplateInstance:
        if (!TemplateInstance(p, end, depth + 1)) return false;
        break;
      case kPiTarget: {
        if (!Has(p, end, 5)) return Fail("truncated processing instruction");
        uint32_t off = Load<uint32_t>(p + 1);
        p += 5;
        std::string_view ignored;
        if (!Name(off, p, end, ignored)) return false;
        break;
      }
      case kPiData: {
        ++p;
        size_t mark = text_.size();
        if (!UnicodeText(p, end)) return false;
        text_.resize(mark);
        break;
      }
      default: return Fail("unexpected BinXML token outside an element");
    }
  }
  return true;
}

bool BinXmlDecoder::Element(const uint8_t*& p, const uint8_t* end, const Ctx* ctx, bool dependency_id, int depth) {
  if (depth > kMaxDepth) return Fail("BinXML nested too deep");
  const uint8_t* start = p;
  ElementState state;
  while (true) {
    p = start;
    state.items = -1;
    state.drop = false;
    if (!ElementOnce(p, end, ctx, dependency_id, depth, state)) return false;
    if (state.items <= state.item + 1) return true;
    ++state.item;  // an array value: the element once more for the next item
  }
}

bool BinXmlDecoder::ElementOnce(const uint8_t*& p, const uint8_t* end, const Ctx* ctx, bool dependency_id, int depth,
                                ElementState& state) {
  if (budget_ == 0 || text_.size() > (1u << 30)) return Fail("record expands to too many elements");
  --budget_;
  const uint8_t token = *p++;
  const size_t head = dependency_id ? 10 : 8;
  if (!Has(p, end, head)) return Fail("truncated element start");
  if (dependency_id) p += 2;
  p += 4;  // data size
  uint32_t name_off = Load<uint32_t>(p);
  p += 4;
  std::string_view name;
  if (!Name(name_off, p, end, name)) return false;
  const size_t first_step = steps_.size(), first_text = text_.size();
  steps_.push_back(DocStep{DocStep::kStart, name});
  if (token & 0x40) {
    if (!Has(p, end, 4)) return Fail("truncated attribute list");
    p += 4;
    while (p < end && Base(*p) == kAttribute) {
      if (!Attribute(p, end, ctx, state)) return false;
    }
  }
  if (!Has(p, end, 1)) return Fail("truncated element");
  const uint8_t close = *p++;
  if (close == kCloseStart) {
    while (true) {
      if (!Has(p, end, 1)) return Fail("element not closed");
      if (*p == kEndElement) {
        ++p;
        break;
      }
      if (!Content(p, end, ctx, dependency_id, depth, state, false)) return false;
    }
  } else if (close != kCloseEmpty) {
    return Fail("expected the end of an element start");
  }
  steps_.push_back(DocStep{DocStep::kEnd, {}});
  if (state.drop) {
    steps_.resize(first_step);
    text_.resize(first_text);
  }
  return true;
}

bool BinXmlDecoder::Attribute(const uint8_t*& p, const uint8_t* end, const Ctx* ctx, ElementState& state) {
  if (!Has(p, end, 5)) return Fail("truncated attribute");
  uint32_t name_off = Load<uint32_t>(p + 1);
  p += 5;
  std::string_view name;
  if (!Name(name_off, p, end, name)) return false;
  const size_t from = text_.size();
  ElementState attr_state{state.item};
  while (p < end) {
    uint8_t b = Base(*p);
    if (b != kValue && b != kNormalSub && b != kOptionalSub && b != kCharRef && b != kEntityRef) break;
    if (!Content(p, end, ctx, true, 0, attr_state, true)) return false;
  }
  if (attr_state.drop) {
    text_.resize(from);
    return true;
  }
  steps_.push_back(DocStep{DocStep::kAttr, name, static_cast<uint32_t>(from), static_cast<uint32_t>(text_.size() - from)});
  return true;
}

// One piece of content: an element, text, a substitution, a reference, a
// CDATA section, a processing instruction (skipped) or a template instance.
bool BinXmlDecoder::Content(const uint8_t*& p, const uint8_t* end, const Ctx* ctx, bool dependency_id, int depth,
                            ElementState& state, bool in_attribute) {
  const uint8_t token = *p;
  const size_t from = text_.size();
  switch (Base(token)) {
    case kOpenStart:
      if (in_attribute) return Fail("element inside an attribute");
      return Element(p, end, ctx, dependency_id, depth + 1);
    case kValue:
      if (!Has(p, end, 2)) return Fail("truncated value");
      p += 2;  // token, value type (a string)
      if (!UnicodeText(p, end)) return false;
      PushText(from, in_attribute);
      return true;
    case kNormalSub:
    case kOptionalSub:
      return Substitution(p, end, ctx, depth, state, in_attribute);
    case kCdata: {
      if (in_attribute) return Fail("CDATA inside an attribute");
      ++p;
      if (!UnicodeText(p, end)) return false;
      steps_.push_back(DocStep{DocStep::kCdata, {}, static_cast<uint32_t>(from), static_cast<uint32_t>(text_.size() - from)});
      return true;
    }
    case kCharRef: {
      if (!Has(p, end, 3)) return Fail("truncated character reference");
      uint8_t unit[2] = {p[1], p[2]};
      p += 3;
      AppendUtf16(unit, 1, text_);
      PushText(from, in_attribute);
      return true;
    }
    case kEntityRef: {
      if (!Has(p, end, 5)) return Fail("truncated entity reference");
      uint32_t off = Load<uint32_t>(p + 1);
      p += 5;
      std::string_view entity;
      if (!Name(off, p, end, entity)) return false;
      if (entity == "lt") text_.push_back('<');
      else if (entity == "gt") text_.push_back('>');
      else if (entity == "amp") text_.push_back('&');
      else if (entity == "quot") text_.push_back('"');
      else if (entity == "apos") text_.push_back('\'');
      PushText(from, in_attribute);
      return true;
    }
    case kPiTarget: {
      if (!Has(p, end, 5)) return Fail("truncated processing instruction");
      uint32_t off = Load<uint32_t>(p + 1);
      p += 5;
      std::string_view ignored;
      return Name(off, p, end, ignored);
    }
    case kPiData: {
      ++p;
      bool ok = UnicodeText(p, end);
      text_.resize(from);
      return ok;
    }
    case kTemplateInstance:
      if (in_attribute) return Fail("template inside an attribute");
      return TemplateInstance(p, end, depth + 1);
    default:
      return Fail("unexpected BinXML token in element content");
  }
}

void BinXmlDecoder::PushText(size_t from, bool in_attribute) {
  if (in_attribute || text_.size() == from) return;
  steps_.push_back(DocStep{DocStep::kText, {}, static_cast<uint32_t>(from), static_cast<uint32_t>(text_.size() - from)});
}

bool BinXmlDecoder::UnicodeText(const uint8_t*& p, const uint8_t* end) {
  if (!Has(p, end, 2)) return Fail("truncated text");
  size_t chars = Load<uint16_t>(p);
  p += 2;
  if (!Has(p, end, 2 * chars)) return Fail("truncated text");
  AppendUtf16(p, chars, text_);
  p += 2 * chars;
  return true;
}

}  // namespace rampart::ingest::internal::evtx
