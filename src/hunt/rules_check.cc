// `rules check` as a library call: the CLI prints it, the server answers it.
#include "rampart/hunt/rules_check.h"

#include <fmt/format.h>

#include <set>

#include "rampart/detect/correlation.h"
#include "rampart/detect/logsource.h"
#include "rampart/detect/matcher.h"

namespace rampart::hunt {
namespace {

using Json = nlohmann::ordered_json;

// Collects the lines and the JSON results as the check goes.
class CheckOutput {
 public:
  // A rule, filter or correlation that is fine or has a note.
  void Rule(std::string_view status, const detect::RuleInfo& info, const std::string& text,
            std::string_view message = {}) {
    report_.lines.push_back(fmt::format("{:<7} {}", status, text));
    Json j = {{"status", status}, {"file", info.where.file}, {"line", info.where.line}, {"id", info.id},
              {"title", info.title}};
    if (!message.empty()) j["message"] = message;
    results_.push_back(std::move(j));
  }
  // A problem reported as a Status (its context says where).
  void Problem(std::string_view status, const Status& error) {
    report_.lines.push_back(fmt::format("{:<7} {}", status, FormatError(error)));
    Json j = {{"status", status}};
    std::optional<ErrorContext> where = GetContext(error);
    j["file"] = where ? where->file : "";
    j["line"] = where ? where->line : 0;
    j["column"] = where ? where->column : 0;
    j["id"] = where ? where->object_id : "";
    j["message"] = std::string(error.message());
    results_.push_back(std::move(j));
  }
  void Summary(const std::string& text, Json summary) {
    report_.lines.push_back(text);
    report_.json = {{"summary", std::move(summary)}, {"results", std::move(results_)}};
  }
  RulesCheckReport Finish() { return std::move(report_); }

 private:
  RulesCheckReport report_;
  Json results_ = Json::array();
};

std::string Where(const detect::RuleInfo& info) { return info.where.ToString(); }

// " [filters: Title (id), ...]" for a rule that carries filters, else "".
std::string FiltersText(const detect::SigmaRule& rule) {
  std::string out;
  for (const auto& f : rule.filters) {
    out += fmt::format("{}{}{}", out.empty() ? " [filters: " : ", ", f.title, f.id.empty() ? "" : " (" + f.id + ")");
  }
  return out.empty() ? out : out + "]";
}

}  // namespace

Result<RulesCheckReport> CheckRules(const detect::RuleSet& set, bool quiet) {
  CheckOutput out;
  int failed = 0, warnings = 0;
  // Documents that are not rules (metadata files) are named, not counted.
  if (!quiet) {
    for (const Status& s : set.skipped()) out.Problem("skipped", s);
  }
  for (const Status& e : set.errors()) {
    out.Problem("error", e);
    ++failed;
  }
  for (const Status& e : set.Validate()) {
    out.Problem("error", e);
    ++failed;
  }
  auto matcher = detect::Matcher::Compile(set, detect::CompileOptions{.verify = false, .verify_from_env = false});
  if (!matcher.ok()) return matcher.status();
  std::set<std::string> compile_failed;
  for (const Status& e : (*matcher)->rule_errors()) {
    out.Problem("error", e);
    if (auto ctx = GetContext(e)) compile_failed.insert(ctx->object_id);
    ++failed;
  }
  for (const auto& rule : set.rules()) {
    if (compile_failed.count(rule.info.id)) continue;
    std::string why;
    if (!detect::LogSourceMapped(rule.info.logsource, &why)) {
      ++warnings;
      out.Rule("warning", rule.info, fmt::format("{}: ({}) {}", Where(rule.info), rule.info.id, why), why);
    } else if (!quiet) {
      out.Rule("ok", rule.info,
               fmt::format("{}: ({}) {}{}", Where(rule.info), rule.info.id, rule.info.title, FiltersText(rule)));
    }
  }
  // Filters: each with the number of rules it applies to; problems are warnings.
  for (size_t i = 0; i < set.filters().size(); ++i) {
    const auto& f = set.filters()[i];
    if (!quiet) {
      out.Rule("ok", f.info,
               fmt::format("{}: ({}) {} [filter on {} rules]", Where(f.info), f.info.id, f.info.title,
                           set.filter_use()[i]),
               fmt::format("filter on {} rules", set.filter_use()[i]));
    }
  }
  for (const Status& w : set.warnings()) {
    out.Problem("warning", w);
    ++warnings;
  }
  detect::CollectingSink sink;
  if (!set.correlations().empty()) {
    auto corr = detect::Correlator::Create(set, sink);
    if (!corr.ok()) {
      out.Problem("error", corr.status());
      ++failed;
    } else if (!quiet) {
      for (const auto& c : set.correlations()) {
        std::string type(detect::CorrelationTypeName(c.type));
        out.Rule("ok", c.info, fmt::format("{}: ({}) {} [correlation {}]", Where(c.info), c.info.id, c.info.title, type),
                 "correlation " + type);
      }
    }
  }
  auto st = (*matcher)->stats();
  size_t rules_ok = set.rules().size() - compile_failed.size();
  out.Summary(fmt::format("{} files: {} rules and {} correlations ok, {} unsupported, {} warnings, "
                          "{} skipped (not Sigma rules), {} filters "
                          "({} logsource groups, {} atoms, {} regexes in Vectorscan, {} in PCRE2)",
                          set.files(), rules_ok, set.correlations().size(), failed, warnings, set.skipped().size(),
                          set.filters().size(), st.groups, st.atoms, st.vectorscan_regexes, st.pcre_regexes),
              Json{{"files", set.files()},
                   {"rules_ok", rules_ok},
                   {"correlations_ok", set.correlations().size()},
                   {"unsupported", failed},
                   {"warnings", warnings},
                   {"skipped", set.skipped().size()},
                   {"filters", set.filters().size()},
                   {"logsource_groups", st.groups},
                   {"atoms", st.atoms},
                   {"vectorscan_regexes", st.vectorscan_regexes},
                   {"pcre_regexes", st.pcre_regexes}});
  RulesCheckReport report = out.Finish();
  report.failed = failed;
  report.warnings = warnings;
  return report;
}


}  // namespace rampart::hunt
