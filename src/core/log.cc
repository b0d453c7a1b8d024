#include "rampart/core/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace rampart {

void InitLogging(int verbosity) {
  auto logger = spdlog::stderr_color_mt("rampart");
  logger->set_pattern("rampart: %^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(verbosity >= 2 ? spdlog::level::debug
                    : verbosity == 1 ? spdlog::level::info
                                     : spdlog::level::warn);
}

}  // namespace rampart
