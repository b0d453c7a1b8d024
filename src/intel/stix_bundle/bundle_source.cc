#include "stix_bundle/bundle_source.h"

#include "rampart/stix/bundle.h"

namespace rampart::intel::internal {

Status ReadStixFile(const std::string& path, Batch& batch) {
  RAMPART_ASSIGN_OR_RETURN(auto reader, stix::BundleReader::Open(path));
  batch.objects.reserve(batch.objects.size() + reader.size());
  reader.ForEach([&](size_t index, Result<stix::Object> object) {
    ++batch.objects_read;
    if (!object.ok()) {
      auto context = GetContext(object.status()).value_or(ErrorContext{});
      batch.Problem(path, static_cast<int64_t>(index), context.object_id,
                    std::string(object.status().message()));
      return true;
    }
    batch.objects.push_back(Candidate{std::move(*object), path, static_cast<int64_t>(index),
                                      /*derived=*/false, /*reference_only=*/false, /*validated=*/false});
    return true;
  });
  return absl::OkStatus();
}

}  // namespace rampart::intel::internal
