#include "readers/evtx/evtx_xml.h"

#include "readers/evtx/binxml_doc.h"
#include "readers/evtx/binxml_values.h"

#include <cstring>
#include <string>
#include <vector>

#include "fmt/format.h"

namespace rampart::ingest::internal {
namespace {

using detect::Value;
using detect::ValueKind;

using evtx::AppendUtf8;
using evtx::IsNumericSystemField;

class Scanner {
 public:
  Scanner(std::string_view xml, detect::StringArena& arena, detect::FlatEvent& event)
      : xml_(xml), arena_(arena), event_(event) {}

  Status Run() {
    size_t pos = 0;
    while (pos < xml_.size()) {
      size_t lt = xml_.find('<', pos);
      if (lt == std::string_view::npos) break;
      if (lt > pos) text_ = xml_.substr(pos, lt - pos);
      if (xml_.compare(lt, 4, "<!--") == 0) {
        size_t end = xml_.find("-->", lt);
        if (end == std::string_view::npos) return Error(lt, "unterminated comment");
        pos = end + 3;
        continue;
      }
      if (xml_.compare(lt, 2, "<?") == 0) {
        size_t end = xml_.find("?>", lt);
        if (end == std::string_view::npos) return Error(lt, "unterminated processing instruction");
        pos = end + 2;
        continue;
      }
      if (xml_.compare(lt, 9, "<![CDATA[") == 0) {
        size_t end = xml_.find("]]>", lt);
        if (end == std::string_view::npos) return Error(lt, "unterminated CDATA");
        cdata_ = xml_.substr(lt + 9, end - lt - 9);
        pos = end + 3;
        continue;
      }
      size_t gt = xml_.find('>', lt);
      if (gt == std::string_view::npos) return Error(lt, "unterminated tag");
      std::string_view tag = xml_.substr(lt + 1, gt - lt - 1);
      pos = gt + 1;
      if (!tag.empty() && tag[0] == '/') {
        RAMPART_RETURN_IF_ERROR(EndTag(lt, tag.substr(1)));
      } else {
        bool self_closing = !tag.empty() && tag.back() == '/';
        if (self_closing) tag.remove_suffix(1);
        RAMPART_RETURN_IF_ERROR(StartTag(lt, tag));
        if (self_closing) RAMPART_RETURN_IF_ERROR(EndTag(lt, stack_.back().name));
      }
    }
    if (!stack_.empty()) return Error(xml_.size(), fmt::format("element <{}> not closed", stack_.back().name));
    return absl::OkStatus();
  }

 private:
  static constexpr size_t kMaxDepth = 256;
  struct Element {
    std::string_view name;
    std::string_view data_name;  // <Data Name="...">
    bool has_data_name = false;
    bool has_children = false;
  };

  Status Error(size_t offset, std::string_view what) {
    return InvalidInput(fmt::format("malformed event XML at byte {}: {}", offset, what));
  }

  // The dotted path of the open elements plus `leaf`.
  std::string_view Path(std::string_view leaf) {
    path_.clear();
    for (const Element& e : stack_) {
      if (!path_.empty()) path_.push_back('.');
      path_.append(e.name);
    }
    if (!leaf.empty()) {
      if (!path_.empty()) path_.push_back('.');
      path_.append(leaf);
    }
    return arena_.Copy(path_);
  }

  std::string_view Decode(std::string_view s) {
    if (s.find('&') == std::string_view::npos) return s;
    scratch_.clear();
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '&') {
        scratch_.push_back(s[i]);
        continue;
      }
      size_t semi = s.find(';', i);
      std::string_view ent = semi == std::string_view::npos ? std::string_view() : s.substr(i + 1, semi - i - 1);
      if (ent == "lt") scratch_.push_back('<');
      else if (ent == "gt") scratch_.push_back('>');
      else if (ent == "amp") scratch_.push_back('&');
      else if (ent == "quot") scratch_.push_back('"');
      else if (ent == "apos") scratch_.push_back('\'');
      else if (ent.size() > 1 && ent[0] == '#') {
        uint32_t cp = 0;
        bool hex = ent[1] == 'x' || ent[1] == 'X';
        for (size_t k = hex ? 2 : 1; k < ent.size(); ++k) {
          char c = ent[k];
          int d = (c >= '0' && c <= '9') ? c - '0'
                  : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10
                  : (hex && c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                  : -1;
          if (d < 0 || cp > 0x10FFFF) { cp = 0xFFFD; break; }
          cp = cp * (hex ? 16 : 10) + d;
        }
        AppendUtf8(scratch_, cp);
      } else {
        scratch_.push_back('&');  // not an entity: keep as written
        continue;
      }
      i = semi;
    }
    return arena_.Copy(scratch_);
  }

  // As Windows (and evtx_dump) render values: HexInt64 without libevtx's
  // zero padding ("0x000000000015d1ae" -> "0x15d1ae"), trailing blanks dropped.
  std::string_view Normalize(std::string_view v) {
    std::string_view n = evtx::NormalizeValue(v, normalized_);
    return n.data() == normalized_.data() ? arena_.Copy(n) : n;
  }

  bool InSystem() const { return stack_.size() == 2 && stack_[1].name == "System"; }
  bool InEventData() const { return stack_.size() == 2 && stack_[1].name == "EventData"; }

  Status StartTag(size_t at, std::string_view tag) {
    size_t i = 0;
    while (i < tag.size() && tag[i] != ' ' && tag[i] != '\t' && tag[i] != '\n' && tag[i] != '\r') ++i;
    std::string_view name = tag.substr(0, i);
    if (name.empty()) return Error(at, "empty tag name");
    // Windows events nest a few levels; Path() walks the open elements, so a
    // hostile record thousands deep would cost quadratic time.
    if (stack_.size() >= kMaxDepth) return Error(at, fmt::format("elements nested deeper than {}", kMaxDepth));
    if (!stack_.empty()) stack_.back().has_children = true;
    Element el{name};
    const bool system_child = InSystem();
    const bool data = InEventData() && name == "Data";
    // Attributes: name="value" or name='value'.
    while (i < tag.size()) {
      while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r')) ++i;
      if (i >= tag.size()) break;
      size_t eq = tag.find('=', i);
      if (eq == std::string_view::npos || eq + 1 >= tag.size()) return Error(at, "attribute without value");
      std::string_view attr = tag.substr(i, eq - i);
      while (!attr.empty() && attr.back() == ' ') attr.remove_suffix(1);
      size_t q = eq + 1;
      while (q < tag.size() && tag[q] == ' ') ++q;
      if (q >= tag.size() || (tag[q] != '"' && tag[q] != '\'')) return Error(at, "attribute value not quoted");
      size_t close = tag.find(tag[q], q + 1);
      if (close == std::string_view::npos) return Error(at, "attribute value not closed");
      std::string_view value = Decode(tag.substr(q + 1, close - q - 1));
      i = close + 1;
      if (data && attr == "Name") {
        el.data_name = value;
        el.has_data_name = true;
      } else if (system_child) {
        AddSystemAttribute(name, attr, value);
      }
    }
    stack_.push_back(el);
    text_ = {};
    cdata_ = {};
    return absl::OkStatus();
  }

  void AddSystemAttribute(std::string_view element, std::string_view attr, std::string_view value) {
    ValueKind kind = IsNumericSystemField(attr) ? ValueKind::kNumber : ValueKind::kString;
    stack_.push_back(Element{element});
    std::string_view path = Path(attr);
    stack_.pop_back();
    size_t dot = path.rfind('.');
    Value v{value, kind};
    event_.Add(path, path.substr(dot + 1), v);
    event_.Add(arena_.Copy(fmt::format("{}_{}", element, attr)), v);
    event_.mutable_fields().back().alias = true;
    if (element == "TimeCreated" && attr == "SystemTime") event_.Add("TimeCreated", "TimeCreated", v, true);
    if (element == "Security" && attr == "UserID") event_.Add("SecurityUserID", "SecurityUserID", v, true);
  }

  Status EndTag(size_t at, std::string_view name) {
    while (!name.empty() && (name.back() == ' ' || name.back() == '\n')) name.remove_suffix(1);
    if (stack_.empty() || stack_.back().name != name) {
      return Error(at, fmt::format("</{}> does not close <{}>", name, stack_.empty() ? "" : stack_.back().name));
    }
    Element el = stack_.back();
    stack_.pop_back();
    if (!el.has_children) {
      std::string_view raw = !cdata_.empty() ? cdata_ : text_;
      bool has_text = !raw.empty();
      std::string_view value = cdata_.empty() ? Decode(raw) : raw;
      value = Normalize(value);
      if (el.has_data_name) {
        // Named Data: present even when empty.
        std::string_view path = Path(el.data_name);
        event_.Add(path, el.data_name, Value{value, ValueKind::kString});
      } else if (has_text) {
        ValueKind kind =
            (InSystem() && IsNumericSystemField(el.name)) ? ValueKind::kNumber : ValueKind::kString;
        std::string_view path = Path(el.name);
        event_.Add(path, el.name, Value{value, kind});
      }
    }
    text_ = {};
    cdata_ = {};
    return absl::OkStatus();
  }

  std::string_view xml_;
  detect::StringArena& arena_;
  detect::FlatEvent& event_;
  std::vector<Element> stack_;
  std::string_view text_;
  std::string_view cdata_;
  std::string path_;
  std::string scratch_;
  std::string normalized_;  // Normalize's rewritten value before it is copied
};

}  // namespace

Status AppendEvtxXmlFields(std::string_view xml, detect::StringArena& arena, detect::FlatEvent& event) {
  return Scanner(xml, arena, event).Run();
}

}  // namespace rampart::ingest::internal
