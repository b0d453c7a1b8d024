// `rampart ship`: log files into the events stream, in batches of whole
// lines (batch.h), at least once and, within the duplicate window, exactly
// once.
//
// Each file is read as raw bytes (gzip decompressed) and cut into batches of
// about `batch_bytes` at line breaks; the format is detected once per file
// as a local hunt detects it. Every batch is published synchronously with
// its BatchId as Nats-Msg-Id, so shipping the same file again after a crash
// (or twice) stores nothing twice while the stream remembers the ids.
//
// Back-pressure: a publish refused because the stream is full (discard:
// new), or unanswered (timeout, a cluster electing a leader, no server), is
// retried after a pause that doubles up to 2 s, for as long as it takes;
// nothing is dropped. Any other refusal ends the ship with an error.
//
// Partial-failure policy: a file that cannot be read or whose format is not
// a line-based text format (EVTX) is reported in ShipStats::issues and
// skipped; the ship goes on with the next file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/fleet/nats.h"
#include "rampart/fleet/streams.h"
#include "rampart/ingest/reader.h"

namespace rampart::fleet {

struct ShipOptions {
  std::string source = "default";  // subject token and part of every batch id
  std::string constituent;         // travels with every batch
  std::string format = "auto";     // reader name or "auto"
  size_t batch_bytes = 256 << 10;  // body bytes per batch (a longer line makes a longer batch)
  StreamLimits stream = EventStreamDefaults();
};

struct ShipStats {
  uint64_t files = 0;
  uint64_t batches = 0;     // published (including duplicates JetStream dropped)
  uint64_t duplicates = 0;  // batches JetStream already held (re-ship)
  uint64_t lines = 0;       // body lines shipped
  uint64_t bytes = 0;       // body bytes shipped
  uint64_t retries = 0;     // publishes retried (stream full, timeout)
  double seconds = 0;
  std::vector<ingest::ReadIssue> issues;
};

// Ships every input (files, folders, globs as `rampart hunt` takes them).
// Creates the events stream if missing. Returns an error only for what
// stops the whole ship (no stream, a publish refused for good).
Result<ShipStats> Ship(Connection& conn, const std::vector<std::string>& inputs, const ShipOptions& options);

}  // namespace rampart::fleet
