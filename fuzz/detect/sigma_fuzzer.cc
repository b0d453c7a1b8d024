// Fuzzes ParseSigmaText and, for what parses, compiling and matching one
// event: no crash, no hang, errors as values.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rampart/detect/matcher.h"
#include "rampart/detect/rule_set.h"

namespace {

class OneEvent : public rampart::detect::Event {
 public:
  bool Values(std::string_view name, absl::FunctionRef<void(const rampart::detect::Value&)> fn) const override {
    if (name == "UtcTime") {  // for the date-part modifiers
      fn({"2024-05-01 23:45:12.123", rampart::detect::ValueKind::kString});
      return true;
    }
    if (name != "CommandLine" && name != "EventID") return false;
    fn({name == "EventID" ? "1" : "cmd /c whoami -enc aGVsbG8=", rampart::detect::ValueKind::kString});
    return true;
  }
  void Fields(absl::FunctionRef<void(std::string_view, const rampart::detect::Value&)> fn) const override {
    fn("CommandLine", {"cmd /c whoami -enc aGVsbG8=", rampart::detect::ValueKind::kString});
  }
  std::string_view Format() const override { return "fuzz"; }
  std::optional<int64_t> TimeUs() const override { return 0; }
  std::string ToJson() const override { return "{}"; }
  rampart::detect::EventSource Source() const override { return {}; }
};

class NullSink : public rampart::detect::Sink {
 public:
  void OnHit(const rampart::detect::Hit&) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  rampart::detect::RuleSet set;
  set.AddText(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yml");
  set.ApplyFilters();  // filter documents of the input AND-ed into its rules
  if (set.rules().empty()) return 0;
  auto matcher = rampart::detect::Matcher::Compile(set, {.verify = true, .verify_from_env = false});
  if (!matcher.ok()) return 0;
  NullSink sink;
  OneEvent event;
  (*matcher)->Match(event, sink);
  if ((*matcher)->verify_failures() != 0) __builtin_trap();  // compiled and reference must agree
  return 0;
}
