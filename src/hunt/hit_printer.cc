#include "rampart/hunt/hit_printer.h"

#include <fmt/format.h>

#include <initializer_list>
#include <iterator>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "rampart/hunt/observed_scos.h"
#include "rampart/core/escape.h"
#include "rampart/core/id.h"
#include "rampart/core/time.h"

namespace rampart::hunt {
namespace {

using nlohmann::json;

std::string EventTime(const detect::Event& event) {
  auto t = event.TimeUs();
  return t ? FormatTimestamp(*t) : std::string();
}

std::string SourceText(const detect::EventSource& source) {
  if (source.line > 0) return fmt::format("{}:{}", source.file, source.line);
  if (source.record > 0) return fmt::format("{}#{}", source.file, source.record);
  return std::string(source.file);
}

json SourceJson(const detect::EventSource& source) {
  json j = {{"file", std::string(source.file)}};
  if (source.line > 0) j["line"] = source.line;
  if (source.record > 0) j["record"] = source.record;
  return j;
}

json RefsJson(const std::vector<NamedRef>& refs) {
  json out = json::array();
  for (const NamedRef& r : refs) {
    json j = {{"external_id", r.external_id}};
    if (!r.name.empty()) j["name"] = r.name;
    if (!r.stix_id.empty()) j["id"] = r.stix_id;
    out.push_back(std::move(j));
  }
  return out;
}

// Dumps `object` and splices the event's own JSON text in as "event".
std::string WithEvent(const json& object, const detect::Event& event) {
  std::string text = object.dump(-1, ' ', false, json::error_handler_t::replace);
  text.pop_back();  // '}'
  text += ",\"event\":";
  text += event.ToJson();
  text += "}";
  return text;
}

// A CSV cell: quoted when it holds a separator, quote or line break; a
// leading formula character is defused with a single quote.
std::string CsvCell(std::string_view text) {
  std::string cell;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                        text[0] == '\r')) {
    cell.push_back('\'');
  }
  cell.append(text);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

constexpr std::string_view kCsvHeader =
    "time,computer,channel,event_id,level,rule_title,rule_id,techniques,actors,source_file,source_record,matched\n";

// The first of `names` the event has, or "".
std::string FirstOf(const detect::Event& event, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (auto v = event.Get(name)) return std::string(*v);
  }
  return std::string();
}

}  // namespace

HitPrinter::HitPrinter(HuntOutput format, std::FILE* out, const Annotations& annotations, bool keep_stix,
                       HuntedIndicators* indicators)
    : format_(format), out_(out), annotations_(annotations), keep_stix_(keep_stix), indicators_(indicators) {
  if (indicators_ == nullptr) {
    own_indicators_ = std::make_unique<HuntedIndicators>(nullptr);
    indicators_ = own_indicators_.get();
  }
  if (format_ == HuntOutput::kCsv) std::fwrite(kCsvHeader.data(), 1, kCsvHeader.size(), out_);
}

void HitPrinter::Emit(const detect::Event& event, const std::string& text) {
  if (sorter_ == nullptr) {
    std::fwrite(text.data(), 1, text.size(), out_);
    return;
  }
  if (!sort_status_.ok()) return;
  sort_status_ = sorter_->Add(event.TimeUs(), text);
}

Status HitPrinter::FlushSorted() {
  if (sorter_ == nullptr) return Status();
  if (sort_status_.ok()) sort_status_ = sorter_->Finish(out_);
  sorter_ = nullptr;
  return sort_status_;
}

void HitPrinter::PrintCsv(const detect::Hit& hit) {
  const detect::RuleInfo& rule = *hit.rule;
  const detect::Event& event = *hit.event;
  const RuleAnnotation& a = annotations_.For(rule);
  const detect::EventSource source = event.Source();
  std::string techniques, actors, matched;
  for (const NamedRef& t : a.techniques) techniques += (techniques.empty() ? "" : "; ") + t.external_id;
  for (const NamedRef& actor : a.actors) {
    actors += (actors.empty() ? "" : "; ") + (actor.name.empty() ? actor.external_id : actor.name);
  }
  for (const auto& m : hit.matched) {
    matched += (matched.empty() ? "" : "; ") +
               (m.field.empty() ? fmt::format("keyword={}", m.value) : fmt::format("{}={}", m.field, m.value));
  }
  const int64_t where = source.line > 0 ? source.line : source.record;
  const std::string cells[] = {
      EventTime(event),
      FirstOf(event, {"Computer", "ComputerName", "Hostname", "host", "s-computername"}),
      FirstOf(event, {"Channel"}),
      FirstOf(event, {"EventID", "EventId", "event_id"}),
      std::string(detect::LevelName(rule.level)),
      rule.title,
      rule.id,
      techniques,
      actors,
      std::string(source.file),
      where > 0 ? std::to_string(where) : std::string(),
      matched};
  std::string line;
  for (const std::string& cell : cells) {
    if (!line.empty() || &cell != &cells[0]) line.push_back(',');
    line += CsvCell(cell);
  }
  line.push_back('\n');
  Emit(event, line);
}

HitPrinter::~HitPrinter() = default;

void HitPrinter::OnHit(const detect::Hit& hit) {
  ++hits_;
  const detect::RuleInfo& rule = *hit.rule;
  HitCount& count = per_rule_[rule.id.empty() ? rule.title : rule.id];
  count.title = rule.title;
  count.level = std::string(detect::LevelName(rule.level));
  ++count.hits;
  ++per_level_[count.level];
  switch (format_) {
    case HuntOutput::kTable: PrintTable(hit); break;
    case HuntOutput::kJsonl: PrintJsonl(hit); break;
    case HuntOutput::kCsv: PrintCsv(hit); break;
    case HuntOutput::kStix: break;
  }
  if (format_ == HuntOutput::kStix || keep_stix_) EmitStix(hit);
}

void HitPrinter::PrintTable(const detect::Hit& hit) {
  const detect::RuleInfo& rule = *hit.rule;
  std::string time = EventTime(*hit.event);
  std::string text;
  fmt::format_to(std::back_inserter(text), "{}  {:<8} {}  [{}]\n", time.empty() ? "-" : time, detect::LevelName(rule.level),
             rule.title, SourceText(hit.event->Source()));
  std::string matched;
  for (const auto& m : hit.matched) {
    if (!matched.empty()) matched += "  ";
    matched += m.field.empty() ? fmt::format("keyword={}", m.value) : fmt::format("{}={}", m.field, m.value);
  }
  if (!matched.empty()) fmt::format_to(std::back_inserter(text), "    matched: {}\n", matched);
  if (hit.correlation != nullptr) {
    std::string group;
    for (const auto& [k, v] : hit.correlation->group) group += fmt::format(" {}={}", k, v);
    fmt::format_to(std::back_inserter(text), "    correlation: {} events{}\n", hit.correlation->count, group);
  }
  const RuleAnnotation& a = annotations_.For(rule);
  std::string context;
  for (const NamedRef& t : a.techniques) {
    context += fmt::format("{}{}{}", context.empty() ? "" : ", ", t.external_id,
                           t.name.empty() ? "" : " " + t.name);
  }
  for (const NamedRef& actor : a.actors) {
    context += fmt::format("{}actor {}{}", context.empty() ? "" : "; ",
                           actor.name.empty() ? actor.external_id : actor.name,
                           actor.name.empty() || actor.external_id.empty() ? "" : " (" + actor.external_id + ")");
  }
  if (!context.empty()) fmt::format_to(std::back_inserter(text), "    attack: {}\n", context);
  Emit(*hit.event, text);
}

namespace {

// `text` as nlohmann's dump writes it (ensure_ascii off, invalid UTF-8
// replaced): ASCII is escaped here, anything else goes through nlohmann.
void AppendDumped(std::string& out, std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) {
      out += json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
      return;
    }
  }
  out.push_back('"');
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

}  // namespace

void HitPrinter::PrintJsonl(const detect::Hit& hit) {
  const detect::RuleInfo& rule = *hit.rule;
  const RuleAnnotation& a = annotations_.For(rule);
  if (hit.correlation == nullptr) {
    // The common case written directly, byte for byte what the json object
    // below dumps (keys in order: matched, rule, source, time), with each
    // rule's part rendered once.
    auto [it, added] = rule_json_.try_emplace(&rule);
    if (added) {
      json r = {{"id", rule.id},
                {"title", rule.title},
                {"level", std::string(detect::LevelName(rule.level))},
                {"author", rule.author},
                {"tags", rule.tags},
                {"references", rule.references},
                {"techniques", RefsJson(a.techniques)},
                {"actors", RefsJson(a.actors)}};
      it->second = r.dump(-1, ' ', false, json::error_handler_t::replace);
    }
    std::string line = "{\"matched\":[";
    for (size_t i = 0; i < hit.matched.size(); ++i) {
      line += i ? ",{\"field\":" : "{\"field\":";
      AppendDumped(line, hit.matched[i].field);
      line += ",\"value\":";
      AppendDumped(line, hit.matched[i].value);
      line.push_back('}');
    }
    line += "],\"rule\":";
    line += it->second;
    const detect::EventSource source = hit.event->Source();
    line += ",\"source\":{\"file\":";
    AppendDumped(line, source.file);
    if (source.line > 0) line += fmt::format(",\"line\":{}", source.line);
    if (source.record > 0) line += fmt::format(",\"record\":{}", source.record);
    line += "},\"time\":";
    AppendDumped(line, EventTime(*hit.event));
    line += ",\"event\":";
    line += hit.event->ToJson();
    line += "}\n";
    Emit(*hit.event, line);
    return;
  }
  json matched = json::array();
  for (const auto& m : hit.matched) {
    matched.push_back({{"field", std::string(m.field)}, {"value", std::string(m.value)}});
  }
  json j = {
      {"rule",
       {{"id", rule.id},
        {"title", rule.title},
        {"level", std::string(detect::LevelName(rule.level))},
        {"author", rule.author},
        {"tags", rule.tags},
        {"references", rule.references},
        {"techniques", RefsJson(a.techniques)},
        {"actors", RefsJson(a.actors)}}},
      {"source", SourceJson(hit.event->Source())},
      {"time", EventTime(*hit.event)},
      {"matched", matched},
  };
  if (hit.correlation != nullptr) {
    json group = json::object();
    for (const auto& [k, v] : hit.correlation->group) group[k] = v;
    j["correlation"] = {{"type", std::string(detect::CorrelationTypeName(hit.correlation->type))},
                        {"count", hit.correlation->count},
                        {"group", group},
                        {"first", FormatTimestamp(hit.correlation->first_time_us)},
                        {"last", FormatTimestamp(hit.correlation->last_time_us)}};
  }
  std::string line = WithEvent(j, *hit.event);
  line.push_back('\n');
  Emit(*hit.event, line);
}

void HitPrinter::WriteStixObject(const stix::Object& object) {
  if (keep_stix_) kept_.push_back(object);
  if (format_ != HuntOutput::kStix) return;
  if (!bundle_open_) {
    fmt::print(out_, "{{\"type\":\"bundle\",\"id\":\"bundle--{}\",\"objects\":[\n", UuidV4());
    bundle_open_ = true;
  }
  fmt::print(out_, "{}{}", first_object_ ? "" : ",\n", object.json);
  first_object_ = false;
}

// The log file as one key however its path was typed ("x.log", "./x.log",
// "/abs/x.log" are one file); standard input is "-".
const std::string& HitPrinter::SourceKey(std::string_view file) {
  auto it = source_keys_.find(file);
  if (it != source_keys_.end()) return it->second;
  std::string key(file);
  if (!file.empty() && file != "-") {
    std::error_code ec;
    std::filesystem::path canonical = std::filesystem::weakly_canonical(std::filesystem::path(key), ec);
    if (!ec) key = canonical.string();
  }
  return source_keys_.emplace(std::string(file), std::move(key)).first->second;
}

void HitPrinter::EmitStix(const detect::Hit& hit) {
  const stix::Object* indicator = indicators_->For(*hit.rule);
  if (indicator == nullptr) {
    ++unsighted_;
    return;
  }
  if (!emitted_[indicator->id]) {
    emitted_[indicator->id] = true;
    WriteStixObject(*indicator);
  }
  const detect::EventSource source = hit.event->Source();
  const std::string& key = SourceKey(source.file);
  std::string sighting_id = "sighting--" + UuidV5(kRampartNamespace, "sighting:" + indicator->id + "\n" + key);
  auto [at, inserted] = pending_index_.try_emplace(sighting_id, pending_.size());
  if (inserted) {
    PendingSighting p;
    p.id = sighting_id;
    p.indicator_id = indicator->id;
    p.file_name = key == "-" ? "-" : std::filesystem::path(key).filename().string();
    nlohmann::json j = stix::ToJson(*indicator);
    p.fallback_time = j.value("valid_from", indicator->created);
    pending_.push_back(std::move(p));
  }
  PendingSighting& p = pending_[at->second];
  ++p.count;
  std::optional<int64_t> t = hit.event->TimeUs();
  if (t) {
    p.first_us = p.first_us ? std::min(*p.first_us, *t) : *t;
    p.last_us = p.last_us ? std::max(*p.last_us, *t) : *t;
  }
  for (json& sco : ObservedScos(hit)) {
    std::string id = sco["id"];
    if (!emitted_[id]) {
      auto object = stix::FromJson(sco);
      if (!object.ok()) continue;  // not serialisable (bytes that are not UTF-8): left out
      emitted_[id] = true;
      WriteStixObject(*object);
    }
    auto pos = std::lower_bound(p.sco_ids.begin(), p.sco_ids.end(), id);
    if (pos == p.sco_ids.end() || *pos != id) p.sco_ids.insert(pos, std::move(id));
  }
  int64_t when = t ? *t : ParseTimestamp(p.fallback_time).value_or(0);
  hit_sightings_.push_back({sighting_id, indicator->id, when});
}

void HitPrinter::WriteSightings() {
  for (const PendingSighting& p : pending_) {
    std::string first = p.first_us ? FormatTimestamp(*p.first_us) : p.fallback_time;
    std::string last = p.last_us ? FormatTimestamp(*p.last_us) : p.fallback_time;
    json sighting = {{"type", "sighting"},
                     {"spec_version", "2.1"},
                     {"id", p.id},
                     {"created", first},
                     {"modified", last},
                     {"sighting_of_ref", p.indicator_id},
                     {"count", p.count},
                     {"first_seen", first},
                     {"last_seen", last},
                     {"x_rampart_source", {{"file", p.file_name}}}};
    if (!p.sco_ids.empty()) {
      std::string od_id = "observed-data--" + UuidV5(kRampartNamespace, "observed:" + p.id);
      json observed = {{"type", "observed-data"}, {"spec_version", "2.1"}, {"id", od_id},
                       {"created", first},        {"modified", last},      {"first_observed", first},
                       {"last_observed", last},   {"number_observed", p.count}, {"object_refs", p.sco_ids}};
      if (auto object = stix::FromJson(observed); object.ok()) {
        WriteStixObject(*object);
        sighting["observed_data_refs"] = {od_id};
      }
    }
    if (auto where = where_.find(p.id); where != where_.end() && !where->second.empty()) {
      sighting["where_sighted_refs"] = where->second;
    }
    if (auto object = stix::FromJson(sighting); object.ok()) WriteStixObject(*object);
  }
  pending_.clear();
  pending_index_.clear();
}

void HitPrinter::CompleteSightings() {
  if (sightings_written_) return;
  sightings_written_ = true;
  WriteSightings();
}

void HitPrinter::Finish(const PipelineStats& stats, const std::vector<std::string>& errors) {
  CompleteSightings();
  if (format_ == HuntOutput::kStix) {
    if (!bundle_open_) {
      fmt::print(out_, "{{\"type\":\"bundle\",\"id\":\"bundle--{}\",\"objects\":[\n", UuidV4());
    }
    fmt::print(out_, "\n]}}\n");
  }
  std::FILE* summary = format_ == HuntOutput::kTable ? out_ : stderr;
  if (format_ == HuntOutput::kTable && hits_ > 0) fmt::print(summary, "\n");
  std::string unread;
  if (stats.unread > 0) unread = fmt::format(", {} holding no IOC skipped unparsed", stats.unread);
  if (stats.untimed > 0) unread += fmt::format(", {} without a readable time", stats.untimed);
  std::string skipped;
  if (!stats.skipped_files.empty()) {
    skipped = fmt::format(" ({} more skipped: format not recognised)", stats.skipped_files.size());
  }
  fmt::print(summary, "summary: {} hits in {} records ({} in time range{}) from {} files{}, {} bad records, {} errors\n",
             hits_, stats.events, stats.events_in_range, unread, stats.files, skipped, stats.bad_records,
             errors.size());
  for (const auto& [level, n] : per_level_) fmt::print(summary, "  level {:<14} {:>8} hits\n", level, n);
  for (const auto& [id, count] : per_rule_) {
    fmt::print(summary, "  {:>8}  {:<8} {} ({})\n", count.hits, count.level, count.title, id);
  }
  // IOC lists and logs are quoted in errors: never raw to the terminal.
  for (const std::string& e : errors) fmt::print(stderr, "rampart: {}\n", EscapeControlBytes(e));
  std::fflush(out_);
}

std::string HitPrinter::SummaryJson(const PipelineStats& stats, const std::vector<std::string>& errors) const {
  json levels = json::object();
  for (const auto& [level, n] : per_level_) levels[level] = n;
  json rules = json::array();
  for (const auto& [id, count] : per_rule_) {
    rules.push_back({{"id", id}, {"title", count.title}, {"level", count.level}, {"hits", count.hits}});
  }
  json j = {{"hits", hits_},
            {"records", stats.events},
            {"in_time_range", stats.events_in_range},
            {"untimed", stats.untimed},
            {"unread", stats.unread},
            {"files", stats.files},
            {"bytes", stats.bytes},
            {"bad_records", stats.bad_records},
            {"seconds", stats.seconds},
            {"errors", errors},
            {"levels", levels},
            {"rules", rules}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace rampart::hunt
