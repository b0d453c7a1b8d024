// Progress on standard error for work that takes more than a second.
//
// Silent for the first second and when stderr is not a terminal (so scripts
// and CI logs stay clean); afterwards redraws one line at most 10 times a
// second: "importing enterprise-attack.json: 12,345 / 24,771 objects (49%)".
// Not thread-safe: one reporter belongs to one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace rampart {

class Progress {
 public:
  // `what` is the task ("importing x.json"), `unit` what is counted ("objects").
  // total = 0 means unknown.
  Progress(std::string what, std::string unit, uint64_t total = 0);
  ~Progress();  // Clears the line if anything was drawn.

  void Update(uint64_t done);

 private:
  std::string what_, unit_;
  uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace rampart
