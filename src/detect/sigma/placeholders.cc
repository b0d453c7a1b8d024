// Placeholder values for `expand`: --placeholder NAME=VALUE and YAML files in
// the shape sigma-cli reads (a name -> values map, bare or under `vars:`).
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "rampart/detect/rule_set.h"

namespace rampart::detect {
namespace {

ErrorContext At(const std::string& path, const YAML::Mark& mark) {
  return ErrorContext{path, mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0, -1, ""};
}

}  // namespace

Status AddPlaceholder(std::string_view spec, ParseOptions& options) {
  size_t eq = spec.find('=');
  if (eq == std::string_view::npos) {
    return InvalidInput(fmt::format("--placeholder: expected NAME=VALUE, got '{}'", spec));
  }
  std::string_view name = spec.substr(0, eq);
  if (name.size() >= 2 && name.front() == '%' && name.back() == '%') name = name.substr(1, name.size() - 2);
  if (name.empty()) return InvalidInput(fmt::format("--placeholder: empty name in '{}'", spec));
  options.placeholders[std::string(name)].emplace_back(spec.substr(eq + 1));
  return Status();
}

Status ReadPlaceholderFile(const std::string& path, ParseOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read placeholder file", ErrorContext{path, 0, 0, -1, ""});
  std::stringstream buf;
  buf << in.rdbuf();
  try {
    YAML::Node root = YAML::Load(buf.str());
    if (!root || root.IsNull()) return Status();  // an empty file sets nothing
    if (root.IsMap() && root["vars"]) root = root["vars"];
    if (!root.IsMap()) {
      return InvalidInput("placeholder file: expected a map of name -> list of values (or `vars:` holding one)",
                          At(path, root.Mark()));
    }
    for (const auto& kv : root) {
      if (!kv.first.IsScalar() || kv.first.Scalar().empty()) {
        return InvalidInput("placeholder file: a placeholder name must be non-empty text", At(path, kv.first.Mark()));
      }
      std::vector<std::string>& values = options.placeholders[kv.first.Scalar()];
      const YAML::Node& v = kv.second;
      if (v.IsScalar()) {
        values.push_back(v.Scalar());
      } else if (v.IsSequence()) {
        for (const auto& item : v) {
          if (!item.IsScalar()) {
            return InvalidInput(fmt::format("placeholder file: values of '{}' must be text", kv.first.Scalar()),
                                At(path, item.Mark()));
          }
          values.push_back(item.Scalar());
        }
      } else if (!v.IsNull()) {
        return InvalidInput(fmt::format("placeholder file: '{}' must be a list of values", kv.first.Scalar()),
                            At(path, v.Mark()));
      }
    }
  } catch (const YAML::Exception& e) {
    return InvalidInput(fmt::format("placeholder file: YAML: {}", e.msg), At(path, e.mark));
  }
  return Status();
}

Result<ParseOptions> PlaceholderOptions(const std::vector<std::string>& specs,
                                        const std::vector<std::string>& files) {
  ParseOptions options;
  for (const std::string& file : files) RAMPART_RETURN_IF_ERROR(ReadPlaceholderFile(file, options));
  for (const std::string& spec : specs) RAMPART_RETURN_IF_ERROR(AddPlaceholder(spec, options));
  return options;
}

}  // namespace rampart::detect
