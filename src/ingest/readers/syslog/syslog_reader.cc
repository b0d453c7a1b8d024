// Syslog, one message per line, RFC 5424 or RFC 3164 (BSD) with or without
// "<PRI>" (files written by rsyslog usually drop it; rsyslog's ISO timestamp
// variant is accepted in place of "Mmm dd hh:mm:ss").
//
// RFC 5424: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID k="v"...] MSG
// RFC 3164: <PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG
//
// Fields: facility, severity (numbers, from PRI), timestamp, hostname, appname,
// procid, msgid, message, and every structured-data parameter as
// "<SD-ID>.<name>" (short name <name>). Aliases: host, app, program, pid, msg.
// "-" (NILVALUE) fields of RFC 5424 are left out.
// RFC 3164 has no year: the current UTC year is assumed, or the previous
// one if that would put the message more than a day in the future.
#include <chrono>
#include <string>

#include "fmt/format.h"
#include "rampart/detect/event_time.h"
#include "rampart/detect/flat_event.h"
#include "readers/readers.h"
#include "readers/text_reader.h"

namespace rampart::ingest::internal {
namespace {

using detect::Value;
using detect::ValueKind;

struct SyslogBatchData : TextBatchData {
  EventPool<detect::FlatEvent> events;
};

std::string_view NextToken(std::string_view& s) {
  size_t sp = s.find(' ');
  std::string_view tok = s.substr(0, sp);
  s = sp == std::string_view::npos ? std::string_view() : s.substr(sp + 1);
  return tok;
}

int MonthIndex(std::string_view m) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i)
    if (m == kMonths[i]) return i + 1;
  return 0;
}

class SyslogReader : public TextReader {
 public:
  SyslogReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options)
      : TextReader("syslog", std::move(stream), options) {
    auto now = std::chrono::system_clock::now();
    now_us_ = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    time_t secs = static_cast<time_t>(now_us_ / 1000000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    year_ = tm.tm_year + 1900;
  }

 protected:
  TextBatchData& BeginBatch(EventBatch& batch) override {
    auto& d = batch.Data<SyslogBatchData>();
    d.arena.Clear();
    d.events.Clear();
    current_ = &d;
    return d;
  }

  void OnLine(std::string_view line, int64_t line_no, TextBatchData& data) override {
    if (line.empty()) return;
    detect::FlatEvent& ev = current_->events.Acquire();
    ev.Reset("syslog", detect::EventSource{data.file, line_no, 0});
    std::string error = Parse(line, data, ev);
    if (!error.empty()) {
      current_->events.ReleaseLast();
      Report(line_no, 0, error);
    }
  }

  void EndBatch(TextBatchData& data, EventBatch& batch) override {
    auto& d = static_cast<SyslogBatchData&>(data);
    for (size_t i = 0; i < d.events.size(); ++i) batch.mutable_events().push_back(&d.events[i]);
  }

 private:
  void Add(detect::FlatEvent& ev, std::string_view name, std::string_view alias, std::string_view v,
           ValueKind kind = ValueKind::kString) {
    ev.Add(name, Value{v, kind});
    if (!alias.empty()) ev.Add(alias, alias, Value{v, kind}, true);
  }

  // Returns "" on success, else what is wrong.
  std::string Parse(std::string_view s, TextBatchData& data, detect::FlatEvent& ev) {
    if (s[0] == '<') {
      size_t gt = s.find('>');
      if (gt == std::string_view::npos || gt < 2 || gt > 4) return "malformed <PRI> (expected <0>..<191>)";
      int pri = 0;
      for (size_t i = 1; i < gt; ++i) {
        if (s[i] < '0' || s[i] > '9') return "malformed <PRI> (expected digits)";
        pri = pri * 10 + (s[i] - '0');
      }
      if (pri > 191) return "<PRI> out of range (0..191)";
      std::string_view pri_text = data.arena.Copy(std::to_string(pri >> 3));
      std::string_view sev_text = data.arena.Copy(std::to_string(pri & 7));
      ev.Add("facility", Value{pri_text, ValueKind::kNumber});
      ev.Add("severity", Value{sev_text, ValueKind::kNumber});
      s.remove_prefix(gt + 1);
      if (s.size() >= 2 && s[0] == '1' && s[1] == ' ') return Parse5424(s.substr(2), data, ev);
    }
    return Parse3164(s, data, ev);
  }

  std::string Parse5424(std::string_view s, TextBatchData& data, detect::FlatEvent& ev) {
    std::string_view ts = NextToken(s);
    std::string_view host = NextToken(s);
    std::string_view app = NextToken(s);
    std::string_view procid = NextToken(s);
    std::string_view msgid = NextToken(s);
    if (msgid.empty() && s.empty()) return "RFC 5424 header incomplete (expected TIMESTAMP HOSTNAME APP-NAME PROCID MSGID)";
    if (ts != "-") {
      auto t = detect::ParseEventTime(ts);
      if (!t) return fmt::format("RFC 5424 timestamp '{}' is not RFC 3339", ts);
      ev.set_time_us(t);
      Add(ev, "timestamp", "", ts);
    }
    if (host != "-") Add(ev, "hostname", "host", host);
    if (app != "-") Add(ev, "appname", "app", app);
    if (procid != "-") Add(ev, "procid", "pid", procid);
    if (msgid != "-") Add(ev, "msgid", "", msgid);
    if (s.substr(0, 1) == "-") {
      s.remove_prefix(1);
    } else if (s.substr(0, 1) == "[") {
      std::string err = StructuredData(s, data, ev);
      if (!err.empty()) return err;
    } else if (!s.empty()) {
      return "RFC 5424 structured data must be '-' or start with '['";
    }
    if (!s.empty() && s[0] == ' ') s.remove_prefix(1);
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    Add(ev, "message", "msg", s);
    return {};
  }

  // [id k="v" ...][id2 ...]; consumes from `s`.
  std::string StructuredData(std::string_view& s, TextBatchData& data, detect::FlatEvent& ev) {
    while (!s.empty() && s[0] == '[') {
      size_t i = 1;
      size_t id_end = s.find_first_of(" ]", i);
      if (id_end == std::string_view::npos) return "structured data element not closed";
      std::string_view id = s.substr(1, id_end - 1);
      i = id_end;
      while (i < s.size() && s[i] == ' ') {
        ++i;
        size_t eq = s.find('=', i);
        if (eq == std::string_view::npos || eq + 1 >= s.size() || s[eq + 1] != '"')
          return fmt::format("structured data parameter in [{}] is not name=\"value\"", id);
        std::string_view name = s.substr(i, eq - i);
        std::string value;
        bool escaped = false;
        size_t j = eq + 2;
        for (; j < s.size(); ++j) {
          char c = s[j];
          if (c == '\\' && j + 1 < s.size() && (s[j + 1] == '"' || s[j + 1] == '\\' || s[j + 1] == ']')) {
            value.push_back(s[++j]);
            escaped = true;
          } else if (c == '"') {
            break;
          } else {
            value.push_back(c);
          }
        }
        if (j >= s.size()) return fmt::format("structured data value of {} in [{}] not closed", name, id);
        std::string_view v = escaped ? data.arena.Copy(value) : s.substr(eq + 2, j - eq - 2);
        std::string_view path = data.arena.Copy(fmt::format("{}.{}", id, name));
        ev.Add(path, path.substr(id.size() + 1), Value{v, ValueKind::kString});
        i = j + 1;
      }
      if (i >= s.size() || s[i] != ']') return fmt::format("structured data element [{}] not closed", id);
      s.remove_prefix(i + 1);
    }
    return {};
  }

  std::string Parse3164(std::string_view s, TextBatchData& data, detect::FlatEvent& ev) {
    std::string_view rest = s;
    std::optional<int64_t> t;
    std::string_view ts;
    if (s.size() >= 16 && MonthIndex(s.substr(0, 3)) && s[3] == ' ' && s[6] == ' ' && s[9] == ':' && s[12] == ':') {
      ts = s.substr(0, 15);
      int month = MonthIndex(s.substr(0, 3));
      int day = (s[4] == ' ' ? 0 : s[4] - '0') * 10 + (s[5] - '0');
      int h = (s[7] - '0') * 10 + (s[8] - '0'), mi = (s[10] - '0') * 10 + (s[11] - '0'),
          sec = (s[13] - '0') * 10 + (s[14] - '0');
      int64_t us = detect::CivilToUs(year_, month, day, h, mi, sec);
      if (us > now_us_ + 86400LL * 1000000) us = detect::CivilToUs(year_ - 1, month, day, h, mi, sec);
      t = us;
      rest = s.substr(16);
    } else if (s.size() > 19 && s[4] == '-' && s[10] == 'T') {
      size_t sp = s.find(' ');
      ts = s.substr(0, sp);
      t = detect::ParseEventTime(ts);
      if (!t) return fmt::format("timestamp '{}' is not RFC 3339", ts);
      rest = sp == std::string_view::npos ? std::string_view() : s.substr(sp + 1);
    } else {
      return "no syslog timestamp (expected 'Mmm dd hh:mm:ss' or RFC 3339)";
    }
    ev.set_time_us(t);
    Add(ev, "timestamp", "", ts);
    std::string_view host = NextToken(rest);
    if (!host.empty()) Add(ev, "hostname", "host", host);
    // TAG[PID]: message  (TAG is at most 32 alphanumerics plus a few punctuation).
    size_t colon = rest.find(": ");
    size_t tag_end = rest.find_first_of(" :[");
    if (colon != std::string_view::npos && tag_end != std::string_view::npos && tag_end <= colon && tag_end > 0) {
      std::string_view tag = rest.substr(0, tag_end);
      Add(ev, "appname", "program", tag);
      ev.Add("app", "app", Value{tag}, true);
      if (rest[tag_end] == '[') {
        size_t close = rest.find(']', tag_end);
        if (close != std::string_view::npos && close < colon) Add(ev, "procid", "pid", rest.substr(tag_end + 1, close - tag_end - 1));
      }
      rest.remove_prefix(colon + 2);
    }
    Add(ev, "message", "msg", rest);
    return {};
  }

  SyslogBatchData* current_ = nullptr;
  int64_t now_us_ = 0;
  int year_ = 1970;
};

}  // namespace

std::unique_ptr<Reader> NewSyslogReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options) {
  return std::make_unique<SyslogReader>(std::move(stream), options);
}

}  // namespace rampart::ingest::internal
