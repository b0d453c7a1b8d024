// A hit as it travels from a worker to `rampart alerts consume`.
//
// An alert carries what the consumer needs to rebuild the hit exactly as a
// local hunt sees it: the rule (id, and the rule-set version it was found
// with), where the record is (file, line, format), the record's raw text
// with the layout lines its reader needs (W3C/Zeek directives, the CSV
// header row) and the matched fields. The consumer parses the record again
// with the same reader, so the event -- and the sighting, observed data and
// incident made from it -- is the one `rampart hunt --store` would make.
//
// On the wire: subject rampart.alerts.<source>, Nats-Msg-Id
// "<batch id>#<hit index>" (a redelivered batch publishes the same ids,
// which JetStream drops), data one JSON object:
//   {"version", "rule", "title", "file", "line", "record", "format",
//    "layout", "text", "matched": [[field, value] ...], "source",
//    "constituent", "batch", "index"}
#pragma once

#include <nats/nats.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/detect/sink.h"

namespace rampart::fleet {

struct Alert {
  std::string version;      // rule-set version (content hash)
  std::string rule;         // rule id (title when the rule has no id)
  std::string title;
  std::string file;
  int64_t line = 0;
  int64_t record = 0;
  std::string format;       // reader name
  std::string layout;       // lines the reader needs before the record
  std::string text;         // the record's raw line
  std::vector<std::pair<std::string, std::string>> matched;
  std::string source, constituent;
  std::string batch;        // batch id
  int64_t index = 0;        // hit index within the batch

  std::string MessageId() const { return batch + "#" + std::to_string(index); }
};

std::string AlertToJson(const Alert& alert);
// InvalidInput (with the message id) when `data` is not an alert.
Result<Alert> AlertFromJson(std::string_view data);

// A message on `subject` carrying `alert` (caller destroys it).
Result<natsMsg*> EncodeAlert(const Alert& alert, const std::string& subject);

// The lines a reader of `format` needs in front of 1-based line `line` of
// `text` to read it alone: every '#' directive line before it (W3C, Zeek),
// the first line (CSV), nothing otherwise. Sets `count` to their number.
std::string LayoutBefore(std::string_view format, std::string_view text, int64_t line, int64_t& count);

}  // namespace rampart::fleet
