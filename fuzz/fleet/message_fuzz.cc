// The fleet's messages are outside input (anything may publish on the
// subjects): the first byte picks an alert (JSON) or a batch (headers, then
// the body parsed by the reader the header names). Any input must give a
// value -- an alert, events, read issues or an error -- never a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rampart/fleet/alert.h"
#include "rampart/fleet/batch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    auto alert = rampart::fleet::AlertFromJson(text);
    if (alert.ok()) {
      int64_t count = 0;
      rampart::fleet::LayoutBefore(alert->format, alert->layout + alert->text, alert->line % 1000, count);
    }
    return 0;
  }
  static const char* kFormats[] = {"w3c", "jsonl", "zeek", "csv", "syslog"};
  rampart::fleet::BatchMessage batch;
  batch.file = "fuzz.log";
  batch.format = kFormats[(data[0] >> 1) % 5];
  batch.first_line = 1 + (data[0] >> 4);
  batch.header_lines = data[0] >> 6;
  batch.text = text;
  std::vector<rampart::ingest::ReadIssue> issues;
  size_t events = 0;
  rampart::fleet::ForEachEvent(batch, [&](const rampart::detect::Event& e) {
    ++events;
    (void)e.Source();
  }, issues).IgnoreError();
  rampart::fleet::LineOf(text, static_cast<int64_t>(events) + 1);
  return 0;
}
