#include <fmt/format.h>

#include "rampart/core/id.h"
#include "rampart/stix/bundle.h"

namespace rampart::stix {

BundleWriter::BundleWriter(std::FILE* out, std::string_view bundle_id) : file_(out) {
  Write(fmt::format(R"({{"type":"bundle","id":"{}","objects":[)", bundle_id));
}

BundleWriter::BundleWriter(std::string* out, std::string_view bundle_id) : string_(out) {
  Write(fmt::format(R"({{"type":"bundle","id":"{}","objects":[)", bundle_id));
}

BundleWriter::~BundleWriter() { (void)Finish(); }

void BundleWriter::Write(std::string_view text) {
  if (string_) {
    string_->append(text);
  } else if (!failed_ && std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
    failed_ = true;
  }
}

void BundleWriter::AddJson(std::string_view object_json) {
  if (finished_) return;
  if (count_++ > 0) Write(",");
  Write(object_json);
}

Status BundleWriter::Finish() {
  if (!finished_) {
    finished_ = true;
    Write("]}\n");
    if (file_ && std::fflush(file_) != 0) failed_ = true;
  }
  return failed_ ? IoError("cannot write the bundle") : Status();
}

std::string WriteBundle(const std::vector<Object>& objects, std::string_view bundle_id) {
  std::string out;
  size_t total = 64;
  for (const Object& o : objects) total += o.json.size() + 1;
  out.reserve(total);
  {
    BundleWriter writer(&out, bundle_id);
    for (const Object& o : objects) writer.Add(o);
  }
  return out;
}

std::string MakeBundleId(const std::vector<Object>& objects) {
  std::string name;
  for (const Object& o : objects) name.append(o.id).append("|").append(o.modified).append("\n");
  return "bundle--" + UuidV5(kRampartNamespace, name);
}

}  // namespace rampart::stix
