#include "knowledge_base.h"

#include "rampart/intel/importer.h"
#include "rampart/store/open.h"

namespace rampart::corpus {

Result<std::unique_ptr<KnowledgeBase>> BuildKnowledgeBase(const std::string& data_dir,
                                                          const std::string& db_path) {
  auto kb = std::make_unique<KnowledgeBase>();
  RAMPART_ASSIGN_OR_RETURN(kb->store, store::OpenStore(db_path));
  intel::ImportOptions options;
  options.show_progress = false;
  auto report = intel::Import(*kb->store,
                              {data_dir + "/attack/enterprise-attack.json", data_dir + "/galaxy/threat-actor.json"},
                              options);
  if (!report.ok()) return report.status();
  kb->gazetteer.AddBuiltins();
  RAMPART_RETURN_IF_ERROR(kb->gazetteer.AddFromStore(*kb->store));
  return kb;
}

}  // namespace rampart::corpus
