// Micro sums the counts over documents; macro averages each document's
// precision, recall and F1 over the documents where the field occurs (an
// expectation or an extraction), so a document with nothing to find and
// nothing found does not lift the mean.
#include <fmt/format.h>

#include <cmath>

#include "score.h"

namespace rampart::corpus {

SplitSummary Summarize(const std::vector<DocumentScore>& scores, const std::string& split) {
  SplitSummary out;
  out.split = split;
  for (const DocumentScore& d : scores) {
    if (split != "all" && d.split != split) continue;
    ++out.documents;
    for (const auto& [name, t] : d.fields) {
      FieldSummary& f = out.fields[name];
      f.micro.Add(t);
      if (t.expected == 0 && t.extracted == 0) continue;
      ++f.documents;
      f.macro_p += t.Precision();
      f.macro_r += t.Recall();
      f.macro_f1 += t.F1();
    }
  }
  for (auto& [name, f] : out.fields) {
    if (f.documents == 0) continue;
    f.macro_p /= f.documents;
    f.macro_r /= f.documents;
    f.macro_f1 /= f.documents;
  }
  return out;
}

double FloorValue(const FieldSummary& field, const std::string& name) {
  for (const std::string& ratio : kRatioFields) {
    if (ratio == name) return field.micro.Recall();
  }
  return field.micro.F1();
}

nlohmann::json FloorJson(const SplitSummary& s) {
  nlohmann::json fields = nlohmann::json::object();
  std::vector<std::string> names = kSetFields;
  names.insert(names.end(), kRatioFields.begin(), kRatioFields.end());
  for (const std::string& name : names) {
    auto it = s.fields.find(name);
    double value = it == s.fields.end() ? 0.0 : FloorValue(it->second, name);
    fields[name] = std::floor(value * 1000 + 1e-9) / 1000;
  }
  return {{"split", s.split}, {"documents", s.documents}, {"fields", fields}};
}

std::string Markdown(const SplitSummary& s) {
  std::string out = fmt::format(
      "{}, {} documents\n\n"
      "| field | expected | extracted | P (micro) | R (micro) | F1 (micro) | P (macro) | R (macro) | F1 (macro) |\n"
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
      s.split == "all" ? "all documents" : s.split + " half", s.documents);
  for (const std::string& name : kSetFields) {
    auto it = s.fields.find(name);
    if (it == s.fields.end()) continue;
    const FieldSummary& f = it->second;
    // A field no document of the split has gets no macro mean.
    std::string macro = f.documents == 0 ? "| - | - | -"
                                         : fmt::format("| {:.3f} | {:.3f} | {:.3f}", f.macro_p, f.macro_r, f.macro_f1);
    out += fmt::format("| {} | {} | {} | {:.3f} | {:.3f} | {:.3f} {} |\n", name, f.micro.expected,
                       f.micro.extracted, f.micro.Precision(), f.micro.Recall(), f.micro.F1(), macro);
  }
  out += "\n| of the matched claims | judged | right | accuracy |\n|---|---:|---:|---:|\n";
  for (const std::string& name : kRatioFields) {
    auto it = s.fields.find(name);
    if (it == s.fields.end()) continue;
    const Tally& t = it->second.micro;
    out += fmt::format("| {} | {} | {} | {:.3f} |\n", name, t.expected, t.hit_expected, t.Recall());
  }
  return out;
}

nlohmann::json ToJson(const std::vector<SplitSummary>& summaries, const std::vector<DocumentScore>& scores) {
  nlohmann::json out = {{"splits", nlohmann::json::object()}, {"documents", nlohmann::json::array()}};
  auto tally = [](const Tally& t) {
    return nlohmann::json{{"expected", t.expected},           {"extracted", t.extracted},
                          {"hit_expected", t.hit_expected},   {"hit_extracted", t.hit_extracted},
                          {"precision", t.Precision()},       {"recall", t.Recall()},
                          {"f1", t.F1()}};
  };
  for (const SplitSummary& s : summaries) {
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [name, f] : s.fields) {
      fields[name] = {{"micro", tally(f.micro)},
                      {"macro", {{"precision", f.macro_p}, {"recall", f.macro_r}, {"f1", f.macro_f1}}},
                      {"macro_documents", f.documents},
                      {"floor_value", FloorValue(f, name)}};
    }
    out["splits"][s.split] = {{"documents", s.documents}, {"fields", fields}};
  }
  for (const DocumentScore& d : scores) {
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [name, t] : d.fields) fields[name] = tally(t);
    out["documents"].push_back({{"id", d.id}, {"split", d.split}, {"fields", fields}});
  }
  return out;
}

}  // namespace rampart::corpus
