// rampart_corpus_score: runs the extractor over the evaluation corpus and
// prints per-field precision / recall / F1 (micro and macro) per split.
//
//   rampart_corpus_score [--corpus DIR] [--data DIR] [--json FILE]
//                        [--details dev|test|all] [--doc ID] [--write-floor FILE]
//
// --write-floor records the test half's scores (rounded down to 0.001) as
// the floor rampart_corpus_tests holds them to: run it when a change raised
// them, never to lower them.
// --details lists, per document of that split, what was expected and not
// found and what was found and not expected (tune on dev only).
// Exit status: 0 scored, 2 error (bad corpus, unreadable document, store).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "knowledge_base.h"
#include "score.h"

namespace {

int Fail(const rampart::Status& status) {
  std::cerr << "rampart_corpus_score: " << rampart::FormatError(status) << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rampart::corpus;
  std::string corpus_dir = RAMPART_CORPUS_DIR, json_path, details, only, floor_path;
  const char* env_data = std::getenv("RAMPART_DATA_DIR");
  std::string data_dir = env_data ? env_data : RAMPART_DATA_DIR;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "rampart_corpus_score: " << arg << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--corpus") corpus_dir = value();
    else if (arg == "--data") data_dir = value();
    else if (arg == "--json") json_path = value();
    else if (arg == "--details") details = value();
    else if (arg == "--doc") only = value();
    else if (arg == "--write-floor") floor_path = value();
    else {
      std::cerr << "usage: rampart_corpus_score [--corpus DIR] [--data DIR] [--json FILE] "
                   "[--details dev|test|all] [--doc ID] [--write-floor FILE]\n";
      return 2;
    }
  }
  auto docs = LoadCorpus(corpus_dir);
  if (!docs.ok()) return Fail(docs.status());
  auto psl = rampart::extract::PublicSuffixList::Default();
  if (!psl.ok()) return Fail(psl.status());
  std::filesystem::path tmp = std::filesystem::temp_directory_path() /
                              ("rampart-corpus-kb-" + std::to_string(::getpid()) + ".db");
  auto kb = BuildKnowledgeBase(data_dir, tmp.string());
  if (!kb.ok()) return Fail(kb.status());
  Scorer scorer(&(*kb)->gazetteer, *psl);
  std::vector<DocumentScore> scores;
  int status = 0;
  for (const CorpusDocument& d : *docs) {
    if (!only.empty() && d.id != only) continue;
    auto s = scorer.Score(d);
    if (!s.ok()) {
      status = Fail(s.status());
      break;
    }
    scores.push_back(*s);
  }
  kb->reset();
  std::error_code ignored;
  std::filesystem::remove(tmp, ignored);
  if (status != 0) return status;
  std::vector<SplitSummary> summaries = {Summarize(scores, "dev"), Summarize(scores, "test"),
                                         Summarize(scores, "all")};
  for (const SplitSummary& s : summaries) std::cout << Markdown(s) << "\n";
  for (const DocumentScore& d : scores) {
    if (details.empty() || (details != "all" && d.split != details)) continue;
    std::cout << "## " << d.id << " (" << d.split << ")\n";
    for (const std::string& m : d.misses) std::cout << "  missed " << m << "\n";
    for (const std::string& e : d.extras) std::cout << "  extra  " << e << "\n";
  }
  if (!json_path.empty()) {
    std::ofstream out(json_path);
    out << ToJson(summaries, scores).dump(2) << "\n";
    if (!out) {
      std::cerr << "rampart_corpus_score: cannot write " << json_path << "\n";
      return 2;
    }
  }
  if (!floor_path.empty()) {
    if (!only.empty()) {
      std::cerr << "rampart_corpus_score: --write-floor needs the whole corpus (no --doc)\n";
      return 2;
    }
    std::ofstream out(floor_path);
    out << FloorJson(summaries[1]).dump(2) << "\n";
    if (!out) {
      std::cerr << "rampart_corpus_score: cannot write " << floor_path << "\n";
      return 2;
    }
  }
  return 0;
}
