// EVTX through libevtx: the reference the BinXML reader (binxml.h) is
// tested against, selected with ReadOptions::evtx_reader = "libevtx". Records are taken in file order by index; System
// values come from libevtx's record API where it has them (record number,
// written time) and everything else from the record's rendered XML
// (evtx_xml.h), because libevtx 20181227 exposes EventData values without
// their names. A record libevtx cannot read or render is reported with its
// number and skipped; libevtx itself skips chunks whose header or checksum
// is bad, which is reported once for the file.
#include <libevtx.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fmt/format.h"
#include "rampart/detect/event_time.h"
#include "rampart/detect/flat_event.h"
#include "readers/evtx/evtx_xml.h"
#include "readers/readers.h"
#include "readers/text_reader.h"
#include "readers/windows_fields.h"

namespace rampart::ingest::internal {
namespace {

std::string TakeError(libevtx_error_t** error) {
  if (!error || !*error) return "unknown libevtx error";
  char buf[1024];
  buf[0] = '\0';
  libevtx_error_sprint(*error, buf, sizeof buf);
  libevtx_error_free(error);
  std::string s(buf);
  // libevtx chains "function: message" lines; the last one is the root cause.
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  size_t nl = s.rfind('\n');
  return nl == std::string::npos ? s : s.substr(nl + 1);
}

bool HasEvtxHeader(const std::string& file) {
  char magic[8] = {};
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr) return true;  // libevtx reports why it cannot open it
  size_t got = std::fread(magic, 1, sizeof magic, f);
  std::fclose(f);
  return got == sizeof magic && std::memcmp(magic, "ElfFile\0", sizeof magic) == 0;
}

struct EvtxBatchData : BatchData {
  detect::StringArena arena{256 * 1024};
  EventPool<detect::FlatEvent> events;
  std::string file;
  std::string xml;
};

class EvtxReader : public Reader {
 public:
  EvtxReader(std::string path, std::string temp_path, const ReadOptions& options)
      : Reader("evtx", std::move(path), options), temp_path_(std::move(temp_path)) {}

  ~EvtxReader() override {
    if (file_) {
      libevtx_file_close(file_, nullptr);
      libevtx_file_free(&file_, nullptr);
    }
    if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
  }

  Status Open() {
    const std::string& real = temp_path_.empty() ? path() : temp_path_;
    libevtx_error_t* error = nullptr;
    if (libevtx_file_initialize(&file_, &error) != 1) return InvalidInput(TakeError(&error));
    // libevtx's own reasons ("unable to open file") name its internals, not the input.
    if (!HasEvtxHeader(real)) {
      return InvalidInput("not an EVTX file (it does not start with the \"ElfFile\" header)", ErrorContext{path()});
    }
    if (libevtx_file_open(file_, real.c_str(), LIBEVTX_OPEN_READ, &error) != 1) {
      libevtx_error_free(&error);
      libevtx_file_free(&file_, nullptr);
      return InvalidInput("not a readable EVTX file (damaged file header)", ErrorContext{path()});
    }
    if (libevtx_file_get_number_of_records(file_, &count_, &error) != 1) {
      libevtx_error_free(&error);
      return InvalidInput("not a readable EVTX file (cannot count its records)", ErrorContext{path()});
    }
    if (libevtx_file_is_corrupted(file_, &error) == 1) {
      Report(0, 0, "file is corrupted: chunks that could not be read were skipped", true);
    } else if (error) {
      libevtx_error_free(&error);
    }
    return absl::OkStatus();
  }

 protected:
  bool DoNext(EventBatch& batch) override {
    auto& d = batch.Data<EvtxBatchData>();
    d.arena.Clear();
    d.events.Clear();
    d.file = path();
    size_t limit = options().batch_records;
    while (next_ < count_ && d.events.size() < limit) {
      ReadRecord(next_++, d);
    }
    for (size_t i = 0; i < d.events.size(); ++i) batch.mutable_events().push_back(&d.events[i]);
    return !batch.empty();
  }

 private:
  void ReadRecord(int index, EvtxBatchData& d) {
    libevtx_error_t* error = nullptr;
    libevtx_record_t* record = nullptr;
    if (libevtx_file_get_record_by_index(file_, index, &record, &error) != 1) {
      Report(0, index + 1, fmt::format("record #{} in file order unreadable: {}", index + 1, TakeError(&error)));
      return;
    }
    uint64_t id = 0;
    if (libevtx_record_get_identifier(record, &id, &error) != 1) {
      libevtx_error_free(&error);
      id = static_cast<uint64_t>(index) + 1;
    }
    size_t size = 0;
    if (libevtx_record_get_utf8_xml_string_size(record, &size, &error) != 1 || size == 0) {
      Report(0, static_cast<int64_t>(id), fmt::format("cannot render record: {}", TakeError(&error)));
      libevtx_record_free(&record, nullptr);
      return;
    }
    char* xml = d.arena.Allocate(size);
    if (libevtx_record_get_utf8_xml_string(record, reinterpret_cast<uint8_t*>(xml), size, &error) != 1) {
      Report(0, static_cast<int64_t>(id), fmt::format("cannot render record: {}", TakeError(&error)));
      libevtx_record_free(&record, nullptr);
      return;
    }
    uint64_t written = 0;
    bool have_written = libevtx_record_get_written_time(record, &written, &error) == 1;
    if (error) libevtx_error_free(&error);
    libevtx_record_free(&record, nullptr);
    AddBytes(size);

    detect::FlatEvent& ev = d.events.Acquire();
    ev.Reset("evtx", detect::EventSource{d.file, 0, static_cast<int64_t>(id)});
    std::string_view text(xml, strnlen(xml, size));
    Status st = AppendEvtxXmlFields(text, d.arena, ev);
    if (!st.ok()) {
      d.events.ReleaseLast();
      Report(0, static_cast<int64_t>(id), std::string(st.message()));
      return;
    }
    AddWindowsAliases(ev, d.arena);
    std::optional<int64_t> t;
    if (auto created = ev.Get("TimeCreated")) t = detect::ParseEventTime(*created);
    // FILETIME: 100 ns ticks since 1601-01-01.
    if (!t && have_written && written > 116444736000000000ULL) {
      t = static_cast<int64_t>((written - 116444736000000000ULL) / 10);
    }
    ev.set_time_us(t);
  }

  std::string temp_path_;
  libevtx_file_t* file_ = nullptr;
  int count_ = 0;
  int next_ = 0;
};

// Copies a stream (stdin, .gz) into a temporary file libevtx can seek in.
Result<std::string> SpillToTemp(ByteStream& stream) {
  const char* tmp = std::getenv("TMPDIR");
  std::string path = fmt::format("{}/rampart-evtx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  int fd = ::mkstemp(path.data());
  if (fd < 0) {
    return IoError(fmt::format("cannot create a temporary file: {}", std::strerror(errno)), ErrorContext{stream.path()});
  }
  std::string buf(1 << 20, '\0');
  while (true) {
    auto got = stream.Read(buf.data(), buf.size());
    if (!got.ok()) {
      ::close(fd);
      ::unlink(path.c_str());
      return got.status();
    }
    if (*got == 0) break;
    size_t off = 0;
    while (off < *got) {
      ssize_t w = ::write(fd, buf.data() + off, *got - off);
      if (w <= 0) {
        ::close(fd);
        ::unlink(path.c_str());
        return IoError(fmt::format("cannot write a temporary copy: {}", std::strerror(errno)),
                       ErrorContext{stream.path()});
      }
      off += static_cast<size_t>(w);
    }
  }
  ::close(fd);
  return path;
}

}  // namespace

Result<std::unique_ptr<Reader>> NewLibevtxReader(std::unique_ptr<ByteStream> stream, const ReadOptions& options) {
  std::string temp;
  if (stream->compressed() || stream->path() == "-") {
    RAMPART_ASSIGN_OR_RETURN(temp, SpillToTemp(*stream));
  }
  auto reader = std::make_unique<EvtxReader>(stream->path(), temp, options);
  RAMPART_RETURN_IF_ERROR(reader->Open());
  return std::unique_ptr<Reader>(std::move(reader));
}

}  // namespace rampart::ingest::internal
