// Import(): read every file into one batch of candidates, validate, merge,
// then store in one transaction (importer.h has the policy).
#include "rampart/intel/importer.h"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "common/candidate.h"
#include "common/json_file.h"
#include "galaxy/galaxy_converter.h"
#include "merge/merge_json.h"
#include "merge/merger.h"
#include "misp/misp_event.h"
#include "rampart/core/progress.h"
#include "rampart/intel/registry.h"
#include "rampart/stix/validate.h"
#include "stix_bundle/bundle_source.h"
#include "rampart/core/json_error.h"

namespace rampart::intel {
namespace {

using internal::Batch;
using internal::Candidate;

Status ReadFile(const ImportFile& file, Batch& batch) {
  Format format = file.format;
  if (format == Format::kAuto) {
    RAMPART_ASSIGN_OR_RETURN(format, DetectFormat(file.path));
  }
  if (format == Format::kStix) return internal::ReadStixFile(file.path, batch);
  RAMPART_ASSIGN_OR_RETURN(auto document, internal::ReadJsonFile(file.path));
  try {
    if (format == Format::kGalaxy) return internal::ConvertGalaxy(document, file.path, batch);
    if (internal::LooksLikeMispManifest(document)) {
      // A manifest.json given as a file: import the feed it heads.
      std::string folder = std::filesystem::path(file.path).parent_path().string();
      RAMPART_ASSIGN_OR_RETURN(auto events, ExpandPaths({folder.empty() ? "." : folder}, format));
      for (const auto& event : events) RAMPART_RETURN_IF_ERROR(ReadFile(event, batch));
      return absl::OkStatus();
    }
    return internal::ConvertMispEvent(document, file.path, batch);
  } catch (const nlohmann::json::exception& error) {
    return InvalidInput(fmt::format("unexpected JSON structure: {}", DescribeJsonError(error.what())),
                        ErrorContext{.file = file.path});
  }
}

// Validation and in-batch duplicates; what survives goes on to the merge.
std::vector<Candidate> Screen(Batch& batch, int64_t* duplicates) {
  std::vector<Candidate> valid;
  valid.reserve(batch.objects.size());
  // "id\nmodified" -> index in `valid` (a valid id has no newline).
  std::unordered_map<std::string, size_t> seen;
  seen.reserve(batch.objects.size());
  for (auto& candidate : batch.objects) {
    const stix::Object& object = candidate.object;
    if (Status status = stix::Validate(object); !status.ok()) {
      batch.Problem(candidate.file, candidate.index, object.id, std::string(status.message()));
      continue;
    }
    auto [it, inserted] = seen.emplace(object.id + '\n' + object.modified, valid.size());
    if (!inserted) {
      const Candidate& first = valid[it->second];
      if (first.object.json != object.json &&
          stix::ToJson(first.object) != stix::ToJson(object)) {
        batch.Problem(candidate.file, candidate.index, object.id,
                      fmt::format("same id and modified ({}) as object {} of {} but different "
                                  "content; the first is kept",
                                  object.modified, first.index, first.file));
      } else {
        ++*duplicates;
      }
      continue;
    }
    candidate.validated = true;
    valid.push_back(std::move(candidate));
  }
  return valid;
}

Status StrictFailure(const ImportReport& report) {
  const ImportProblem& first = report.problems.front();
  return InvalidInput(
      fmt::format("{} (strict: nothing stored; {} problem(s) in all)", first.message,
                  report.problems.size()),
      ErrorContext{.file = first.file, .object_index = first.object_index,
                   .object_id = first.object_id});
}

// Relationships whose ends are neither imported nor stored are kept (STIX
// allows references to objects the consumer does not hold, and the other end
// may arrive in a later import) but reported.
Status CheckReferences(store::Store& store, const std::vector<Candidate>& objects, Batch& batch) {
  // Views into `objects` (and into `found`, which owns the stored ids seen).
  std::unordered_set<std::string_view> ids;
  ids.reserve(objects.size());
  for (const auto& candidate : objects) ids.insert(candidate.object.id);
  std::set<std::string> found;
  std::set<std::string> known_missing;
  for (const auto& candidate : objects) {
    const stix::Object& object = candidate.object;
    if (object.type != "relationship") continue;
    for (const std::string* ref : {&object.source_ref, &object.target_ref}) {
      if (ref->empty() || ids.count(*ref)) continue;
      bool missing = known_missing.count(*ref) > 0;
      if (!missing) {
        auto stored = store.Get(*ref);
        if (stored.ok()) {
          ids.insert(*found.insert(*ref).first);
          continue;
        }
        if (stored.status().code() != absl::StatusCode::kNotFound) return stored.status();
        known_missing.insert(*ref);
      }
      batch.Warn(candidate.file, candidate.index, object.id,
                 fmt::format("dangling reference: {} is neither in this import nor in the store", *ref));
    }
  }
  return absl::OkStatus();
}

// Derived objects (galaxy, MISP) equal to the stored version but for
// `modified` are not new versions.
Result<bool> UnchangedDerived(store::Store& store, const Candidate& candidate) {
  if (!candidate.derived || candidate.object.modified.empty()) return false;
  auto stored = store.Get(candidate.object.id);
  if (!stored.ok()) {
    if (stored.status().code() == absl::StatusCode::kNotFound) return false;
    return stored.status();
  }
  if (stored->json == candidate.object.json) return false;  // the store says kUnchanged
  return internal::EqualExceptModified(stix::ToJson(*stored), stix::ToJson(candidate.object));
}

}  // namespace

Result<ImportReport> Import(store::Store& store, const std::vector<std::string>& paths,
                            const ImportOptions& options) {
  ImportReport report;
  Batch batch;
  RAMPART_ASSIGN_OR_RETURN(auto files, ExpandPaths(paths, options.format));
  for (const auto& file : files) RAMPART_RETURN_IF_ERROR(ReadFile(file, batch));
  report.converted = static_cast<int64_t>(batch.objects.size()) + batch.skipped;
  std::vector<Candidate> valid = Screen(batch, &report.duplicates);
  RAMPART_ASSIGN_OR_RETURN(auto merge, internal::MergeCandidates(store, std::move(valid)));
  RAMPART_RETURN_IF_ERROR(CheckReferences(store, merge.to_put, batch));
  report.resolved = merge.resolved;
  report.merged = merge.merged;
  report.objects_read = batch.objects_read;
  report.contested = std::move(merge.contested);
  report.unchanged = merge.unchanged;
  report.per_type = merge.unchanged_per_type;
  report.problems = std::move(batch.problems);
  report.skipped = batch.skipped;
  if (options.strict && !report.problems.empty()) return StrictFailure(report);

  RAMPART_ASSIGN_OR_RETURN(auto transaction, store.Begin());
  std::optional<Progress> progress;
  if (options.show_progress) {
    progress.emplace(fmt::format("importing {}", paths.size() == 1 ? paths[0] : "intelligence"),
                     "objects", merge.to_put.size());
  }
  uint64_t done = 0;
  for (const auto& candidate : merge.to_put) {
    if (progress && (++done & 1023) == 0) progress->Update(done);
    RAMPART_ASSIGN_OR_RETURN(bool same, UnchangedDerived(store, candidate));
    if (same) {
      ++report.unchanged;
      ++report.per_type[candidate.object.type];
      continue;
    }
    // Screen() validated the candidates; what the merge built or rewrote is
    // validated by Put.
    auto outcome = candidate.validated ? transaction->PutValidated(candidate.object)
                                       : transaction->Put(candidate.object);
    if (!outcome.ok()) {
      absl::StatusCode code = outcome.status().code();
      if (code != absl::StatusCode::kInvalidArgument && code != absl::StatusCode::kAlreadyExists) {
        return outcome.status();  // the database failed: nothing is stored
      }
      report.problems.push_back(ImportProblem{candidate.file, candidate.index,
                                              candidate.object.id,
                                              std::string(outcome.status().message())});
      ++report.skipped;
      if (options.strict) return StrictFailure(report);
      continue;
    }
    ++report.per_type[candidate.object.type];
    switch (*outcome) {
      case store::PutOutcome::kInserted: ++report.inserted; break;
      case store::PutOutcome::kNewVersion: ++report.new_versions; break;
      case store::PutOutcome::kHistory:
      case store::PutOutcome::kUnchanged: ++report.unchanged; break;
    }
  }
  // rampart's own notes on contested merges: not input objects, so not in
  // the counts above. One already stored with other content stays as it is.
  for (const auto& note : merge.notes) {
    auto outcome = transaction->Put(note.object);
    if (!outcome.ok()) {
      if (outcome.status().code() == absl::StatusCode::kAlreadyExists) continue;
      return outcome.status();
    }
    if (*outcome == store::PutOutcome::kInserted || *outcome == store::PutOutcome::kNewVersion) ++report.notes;
  }
  RAMPART_RETURN_IF_ERROR(transaction->Commit());
  report.committed = true;
  return report;
}

}  // namespace rampart::intel
