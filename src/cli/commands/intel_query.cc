// `rampart intel get | search | graph`: read-only questions to the
// knowledge base. Output goes to stdout; notes and errors to stderr.
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands/intel_commands.h"
#include "render/actor_view.h"
#include "render/graph_view.h"
#include "render/names.h"
#include "render/resolve.h"
#include "render/table.h"

namespace rampart::cli {

int RunIntelGet(const Context& context, const IntelGetArgs& args) {
  auto kb = OpenKnowledgeBase(context, /*must_exist=*/true);
  if (!kb.ok()) return ReportError(kb.status());
  auto resolution = ResolveObject(**kb, args.query);
  if (!resolution.ok()) return ReportError(resolution.status());
  auto view = BuildObjectView(**kb, resolution->object);
  if (!view.ok()) return ReportError(view.status());
  std::string out = args.json ? RenderObjectJson(*view) : RenderObjectText(*view);
  std::fwrite(out.data(), 1, out.size(), stdout);
  for (const auto& other : resolution->others) {
    std::fprintf(stderr, "rampart: note: '%s' also names %s %s (%s)\n", args.query.c_str(), other.type.c_str(),
                 other.name.c_str(), other.id.c_str());
  }
  return kExitOk;
}

int RunIntelSearch(const Context& context, const IntelSearchArgs& args) {
  auto kb = OpenKnowledgeBase(context, /*must_exist=*/true);
  if (!kb.ok()) return ReportError(kb.status());
  std::vector<std::string> type;
  if (!args.type.empty()) type.push_back(args.type);
  if (Status st = CheckStixTypes("--type", type, kb->get()); !st.ok()) return ReportError(st);
  auto hits = (*kb)->Search(args.text, type.empty() ? "" : type[0], args.limit);
  if (!hits.ok()) return ReportError(hits.status());
  if (args.json || args.jsonl) {
    using Json = nlohmann::ordered_json;
    Json j = Json::array();
    std::string out;
    for (const auto& h : *hits) {
      Json hit = {{"id", h.id}, {"type", h.type}, {"name", h.name}, {"snippet", h.snippet}, {"rank", h.rank}};
      if (args.jsonl) out += hit.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
      else j.push_back(std::move(hit));
    }
    if (args.json) out = j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else if (!hits->empty()) {
    Table table({"TYPE", "NAME", "ID", "SNIPPET"});
    for (const auto& h : *hits) table.AddRow({h.type, Ellipsize(h.name, 40), h.id, Ellipsize(h.snippet, 80)});
    std::string out = table.Render();
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  if (hits->empty()) {
    std::fprintf(stderr, "rampart: no matches for '%s'%s\n", args.text.c_str(),
                 args.type.empty() ? "" : fmt::format(" among {}", args.type).c_str());
    return kExitNotFound;
  }
  return kExitOk;
}

int RunIntelGraph(const Context& context, const IntelGraphArgs& args) {
  auto kb = OpenKnowledgeBase(context, /*must_exist=*/true);
  if (!kb.ok()) return ReportError(kb.status());
  auto resolution = ResolveObject(**kb, args.query);
  if (!resolution.ok()) return ReportError(resolution.status());
  auto graph = WalkGraph(**kb, resolution->object, args.depth);
  if (!graph.ok()) return ReportError(graph.status());
  std::string out = args.format == "json"  ? RenderGraphJson(*graph)
                    : args.format == "dot" ? RenderGraphDot(*graph)
                                           : RenderGraphText(*graph);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace rampart::cli
