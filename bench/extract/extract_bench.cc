// extract_bench: checks first, then times, against a plain pass over the
// same bytes (memchr for '\n', the floor any scanner pays).
//
//   extract_bench [MB=100] [pipeline-MB=20] [STORE]
//
// STORE: keep the imported ATT&CK + galaxy store at this path and reuse it
// when it exists (for runs under callgrind, where the import would take
// minutes); without it a temporary store is imported and removed.
//
// 1. Observables alone over the corpus repeated to MB megabytes; the count
//    must equal count-per-copy x copies.
// 2. The whole pipeline (sentences, gazetteer over ATT&CK + galaxy, claims,
//    statistics) document by document over pipeline-MB megabytes; every
//    copy must yield the same claims.
//
// The load average is printed last: numbers taken on the shared machine are
// read by their CPU time and compared with runs at a similar load.
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "rampart/core/fs.h"
#include "rampart/extract/claim.h"
#include "rampart/intel/importer.h"
#include "rampart/store/open.h"

using namespace rampart;
using namespace rampart::extract;

namespace {

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "extract_bench: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  size_t mb = argc > 1 ? std::stoul(argv[1]) : 100;
  size_t pipeline_mb = argc > 2 ? std::stoul(argv[2]) : 20;
  std::vector<Document> docs;
  std::vector<std::string> paths = {std::string(RAMPART_DATA_DIR) + "/seed/national-post-china-cyber-attack.txt"};
  for (const auto& e : std::filesystem::directory_iterator(RAMPART_EXTRACT_CASES_DIR)) {
    std::string ext = e.path().extension().string();
    if (ext == ".txt" || ext == ".html") paths.push_back(e.path().string());
  }
  std::sort(paths.begin() + 1, paths.end());
  std::string one;
  for (const std::string& p : paths) {
    auto bytes = ReadFile(p);
    if (!bytes.ok()) return Fail(p + ": unreadable");
    auto doc = LoadDocument(*bytes, p);
    if (!doc.ok()) return Fail(FormatError(doc.status()));
    one += doc->text + "\n\n";
    docs.push_back(std::move(*doc));
  }
  auto psl = PublicSuffixList::Default();
  if (!psl.ok()) return Fail(FormatError(psl.status()));
  ObservableExtractor observables(*psl);
  size_t per_copy = observables.Extract(one).size();
  std::string corpus;
  corpus.reserve(mb << 20);
  size_t copies = 0;
  while (corpus.size() + one.size() <= (mb << 20)) {
    corpus += one;
    ++copies;
  }
  std::printf("corpus: %zu documents, %zu bytes per copy, %zu copies, %.1f MB\n", docs.size(), one.size(), copies,
              corpus.size() / 1e6);

  // Plain pass.
  auto t0 = std::chrono::steady_clock::now();
  size_t lines = 0;
  for (const char* p = corpus.data(); (p = static_cast<const char*>(std::memchr(p, '\n', corpus.data() + corpus.size() - p)));
       ++p) {
    ++lines;
  }
  double plain = Seconds(t0);
  // Observables (check, then time: the timed run is the check).
  std::vector<Observable> found;
  found.reserve(per_copy * copies + 16);
  t0 = std::chrono::steady_clock::now();
  std::clock_t c0 = std::clock();
  observables.ExtractInto(corpus, &found);
  double obs = Seconds(t0);
  double obs_cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  if (found.size() != per_copy * copies) {
    return Fail("observable count " + std::to_string(found.size()) + " != " + std::to_string(per_copy * copies));
  }
  double obs_rate = corpus.size() / 1e6 / obs, plain_rate = corpus.size() / 1e6 / plain;
  std::printf("plain memchr pass:     %8.1f MB/s (%zu lines)\n", plain_rate, lines);
  std::printf("observables:           %8.1f MB/s (%zu observables, %zu per copy) ratio to plain %.3f\n", obs_rate,
              found.size(), per_copy, obs_rate / plain_rate);
  std::printf("observables CPU:       %8.1f MB/s per core (user+sys %.2f s, wall %.2f s)\n",
              corpus.size() / 1e6 / obs_cpu, obs_cpu, obs);

  // Whole pipeline with the full gazetteer.
  bool keep_store = argc > 3;
  std::string db = keep_store ? std::string(argv[3])
                              : (std::filesystem::temp_directory_path() / "rampart-extract-bench.db").string();
  bool reuse = keep_store && std::filesystem::exists(db);
  if (!reuse) std::filesystem::remove(db);
  auto store = store::OpenStore(db);
  if (!store.ok()) return Fail(FormatError(store.status()));
  intel::ImportOptions options;
  options.show_progress = false;
  t0 = std::chrono::steady_clock::now();
  if (!reuse) {
    auto imported = intel::Import(**store, {std::string(RAMPART_DATA_DIR) + "/attack/enterprise-attack.json",
                                            std::string(RAMPART_DATA_DIR) + "/galaxy/threat-actor.json"},
                                  options);
    if (!imported.ok()) return Fail(FormatError(imported.status()));
  }
  Gazetteer gazetteer;
  gazetteer.AddBuiltins();
  if (Status st = gazetteer.AddFromStore(**store); !st.ok()) return Fail(FormatError(st));
  std::printf("gazetteer: %zu names and aliases (import + load %.1f s)\n", gazetteer.size(), Seconds(t0));
  Extractor extractor(&gazetteer, *psl);
  std::vector<size_t> claims_per_doc;
  for (const Document& d : docs) claims_per_doc.push_back(extractor.Run(d).claims.size());
  size_t bytes = 0, rounds = 0;
  t0 = std::chrono::steady_clock::now();
  c0 = std::clock();
  while (bytes < (pipeline_mb << 20)) {
    for (size_t i = 0; i < docs.size(); ++i) {
      Extraction x = extractor.Run(docs[i]);
      if (x.claims.size() != claims_per_doc[i]) return Fail("pipeline is not deterministic");
      bytes += docs[i].text.size();
    }
    ++rounds;
  }
  double pipe = Seconds(t0);
  double pipe_cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  std::printf("whole pipeline:        %8.1f MB/s (%zu rounds, %.1f MB) ratio to plain %.4f\n", bytes / 1e6 / pipe,
              rounds, bytes / 1e6, bytes / 1e6 / pipe / plain_rate);
  std::printf("whole pipeline CPU:    %8.1f MB/s per core (user+sys %.2f s, wall %.2f s)\n", bytes / 1e6 / pipe_cpu,
              pipe_cpu, pipe);
  std::printf("load average:          %s\n", [] {
    std::FILE* f = std::fopen("/proc/loadavg", "r");
    static char line[64] = "";
    if (f) {
      if (!std::fgets(line, sizeof(line), f)) line[0] = 0;
      std::fclose(f);
    }
    return line;
  }());
  if (!keep_store) std::filesystem::remove(db);
  return 0;
}
