// yaml-cpp throws on malformed input; every exception is caught here and
// becomes InvalidInput naming the file, so a bad expectation file is a test
// failure with a reason rather than a crash.
#include "corpus.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace rampart::corpus {
namespace {

namespace fs = std::filesystem;

const std::set<std::string> kObservableTypes = {
    "ipv4", "ipv4-cidr", "ipv6", "ipv6-cidr", "domain", "url", "email", "md5", "sha1", "sha256",
    "sha512", "cve", "attack-technique", "file", "windows-path", "registry-key"};
const std::set<std::string> kRoles = {"victim", "attributing", "co-author", "sponsor", "mentioned"};
const std::set<std::string> kSplits = {"dev", "test"};

Status Bad(const std::string& file, const std::string& what) {
  return InvalidInput(what, ErrorContext{.file = file});
}

// A scalar or a list of scalars, as a list.
std::vector<std::string> Strings(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node) return out;
  if (node.IsSequence()) {
    for (const auto& n : node) out.push_back(n.as<std::string>());
  } else {
    out.push_back(node.as<std::string>());
  }
  return out;
}

ExpectedName ReadName(const YAML::Node& node) {
  ExpectedName n;
  if (node.IsScalar()) {
    n.names.push_back(node.as<std::string>());
    return n;
  }
  n.names = Strings(node["name"]);
  for (const std::string& a : Strings(node["aliases"])) n.names.push_back(a);
  if (node["canonical"]) {
    n.canonical = node["canonical"].as<std::string>();
    n.names.push_back(n.canonical);
  }
  if (node["iso2"]) n.code = node["iso2"].as<std::string>();
  if (node["sector"]) n.code = node["sector"].as<std::string>();
  if (node["role"]) n.role = node["role"].as<std::string>();
  return n;
}

Result<ExpectedClaim> ReadClaim(const YAML::Node& node, const std::string& file) {
  ExpectedClaim c;
  c.subject = Strings(node["subject"]);
  c.relation = node["relation"] ? node["relation"].as<std::string>() : "";
  c.object = Strings(node["object"]);
  std::string polarity = node["polarity"] ? node["polarity"].as<std::string>() : "positive";
  if (polarity != "positive" && polarity != "negative") return Bad(file, "polarity " + polarity);
  c.positive = polarity == "positive";
  c.claimant = Strings(node["claimant"]);
  if (c.claimant.empty()) c.claimant.push_back("publication");
  if (node["estimative"]) c.estimative = node["estimative"].as<std::string>();
  if (const YAML::Node conf = node["confidence"]) {
    if (conf.IsScalar() && conf.as<std::string>() == "none") {
      c.confidence_none = true;
    } else if (conf.IsSequence() && conf.size() == 2) {
      int lo = conf[0].as<int>(), hi = conf[1].as<int>();
      if (lo < 0 || hi > 100 || lo > hi) return Bad(file, "confidence range out of 0-100");
      c.confidence = std::make_pair(lo, hi);
    } else {
      return Bad(file, "confidence must be [lo, hi] or none");
    }
  }
  if (c.subject.empty() || c.object.empty()) return Bad(file, "a claim needs subject and object");
  if (RelationFamily(c.relation).empty()) return Bad(file, "unknown relation '" + c.relation + "'");
  return c;
}

Result<Expected> ReadExpected(const std::string& file) {
  YAML::Node root = YAML::LoadFile(file);
  Expected e;
  for (const auto& o : root["observables"]) {
    ExpectedObservable ob{o["type"].as<std::string>(), o["value"].as<std::string>()};
    if (!kObservableTypes.contains(ob.type)) return Bad(file, "observable type " + ob.type);
    e.observables.push_back(ob);
  }
  for (const auto& n : root["actors"]) e.actors.push_back(ReadName(n));
  for (const auto& n : root["organizations"]) e.organizations.push_back(ReadName(n));
  for (const auto& n : root["sectors"]) {
    ExpectedName s = ReadName(n);
    if (s.code.empty()) return Bad(file, "a sector needs its industry-sector-ov value (sector:)");
    e.sectors.push_back(s);
  }
  for (const auto& n : root["countries"]) {
    ExpectedName c = ReadName(n);
    if (c.code.size() != 2) return Bad(file, "a country needs iso2");
    if (!kRoles.contains(c.role)) return Bad(file, "country role '" + c.role + "'");
    e.countries.push_back(c);
  }
  for (const auto& n : root["claims"]) {
    auto c = ReadClaim(n, file);
    if (!c.ok()) return c.status();
    e.claims.push_back(*c);
  }
  return e;
}

Result<Meta> ReadMeta(const std::string& file) {
  YAML::Node root = YAML::LoadFile(file);
  Meta m;
  auto get = [&](const char* key, std::string* out) -> Status {
    if (!root[key] || root[key].as<std::string>().empty()) return Bad(file, std::string("missing ") + key);
    *out = root[key].as<std::string>();
    return absl::OkStatus();
  };
  for (auto [key, out] : {std::pair{"url", &m.url}, {"title", &m.title}, {"publisher", &m.publisher},
                          {"published", &m.published}, {"retrieved", &m.retrieved},
                          {"licence", &m.licence}, {"kept", &m.kept}, {"split", &m.split},
                          {"kind", &m.kind}}) {
    if (Status s = get(key, out); !s.ok()) return s;
  }
  if (!kSplits.contains(m.split)) return Bad(file, "split must be dev or test");
  if (m.kept != "whole" && m.kept != "excerpt") return Bad(file, "kept must be whole or excerpt");
  return m;
}

}  // namespace

std::string RelationFamily(std::string_view r) {
  if (r == "attributed-to" || r == "sponsored-by" || r == "operated-by" || r == "originates-from" ||
      r == "located-at" || r == "authored-by" || r == "x-rampart-sponsored-by" ||
      r == "x-rampart-operated-by") {
    return "attribution";
  }
  if (r == "part-of" || r == "x-rampart-part-of") return "part-of";
  if (r == "targets" || r == "compromises" || r == "x-rampart-compromises" || r == "exploits") return "targets";
  if (r == "uses") return "uses";
  if (r == "overlaps-with" || r == "related-to" || r == "x-rampart-overlaps-with") return "overlaps";
  return "";
}

Result<std::vector<CorpusDocument>> LoadCorpus(const std::string& dir) {
  std::vector<CorpusDocument> docs;
  try {
    for (const auto& entry : fs::directory_iterator(fs::path(dir) / "docs")) {
      std::string ext = entry.path().extension().string();
      if (ext != ".txt" && ext != ".html" && ext != ".pdf") continue;
      CorpusDocument d;
      d.id = entry.path().stem().string();
      d.path = entry.path().string();
      fs::path meta = fs::path(dir) / "docs" / (d.id + ".meta.yaml");
      fs::path expected = fs::path(dir) / "expected" / (d.id + ".yaml");
      if (!fs::exists(meta)) return Bad(d.path, "no meta file " + meta.string());
      if (!fs::exists(expected)) return Bad(d.path, "no expectations " + expected.string());
      auto m = ReadMeta(meta.string());
      if (!m.ok()) return m.status();
      auto e = ReadExpected(expected.string());
      if (!e.ok()) return e.status();
      d.meta = *m;
      d.expected = *e;
      docs.push_back(std::move(d));
    }
  } catch (const std::exception& ex) {
    return InvalidInput(ex.what(), ErrorContext{.file = dir});
  }
  std::sort(docs.begin(), docs.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  for (size_t i = 1; i < docs.size(); ++i) {
    if (docs[i].id == docs[i - 1].id) return Bad(docs[i].path, "two documents with one id");
  }
  return docs;
}

}  // namespace rampart::corpus
