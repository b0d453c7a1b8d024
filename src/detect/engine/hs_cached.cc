// Cached Vectorscan compiles (hs_cached.h). Entries: 'D' + serialised
// database, 'E' + refused expression + message, or '0'/'1' for a regex
// verdict. A cached database that does not deserialise is compiled again.
#include "engine/hs_cached.h"

#include <cstdlib>
#include <optional>

#include "cache/codec.h"
#include "rampart/core/vectorscan.h"

namespace rampart::detect::internal {
namespace {

std::string CallKey(const HsCompileCall& call) {
  Hasher h;
  h.AddStr(call.literal ? "lit" : "re");
  ByteWriter w;
  w.U32(call.count);
  for (unsigned i = 0; i < call.count; ++i) {
    w.Str(call.literal ? std::string_view(call.exprs[i], call.lens[i]) : std::string_view(call.exprs[i]));
    w.U32(call.flags[i]);
    w.U32(call.ids[i]);
  }
  h.Add(w.bytes());
  return "C" + h.Raw();
}

bool Compile(const HsCompileCall& call, hs_database_t** db, int* bad, std::string* message) {
  hs_compile_error_t* err = nullptr;
  hs_error_t rc = call.literal ? hs_compile_lit_multi(call.exprs, call.flags, call.ids, call.lens, call.count,
                                                      HS_MODE_BLOCK, CompilePlatform(), db, &err)
                               : hs_compile_multi(call.exprs, call.flags, call.ids, call.count, HS_MODE_BLOCK,
                                                  CompilePlatform(), db, &err);
  if (rc == HS_SUCCESS) return true;
  *bad = err ? err->expression : -1;
  *message = err ? err->message : "unknown error";
  hs_free_compile_error(err);
  return false;
}

bool VectorscanTakes(const std::string& expr, unsigned flags) {
  // Vectorscan reads an expression as a C string: a NUL byte would cut it
  // short and the shorter pattern would match more (found by the Sigma
  // fuzzer). PCRE2 takes the pattern with its length.
  if (expr.find('\0') != std::string::npos) return false;
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(expr.c_str(), flags, &info, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return false;
  }
  bool ok = info->min_width > 0;
  free(info);
  return ok;
}

}  // namespace

bool HsCompileCached(const HsCompileCall& call, DatabaseCache* cache, hs_database_t** db, int* bad,
                     std::string* message) {
  *db = nullptr;
  std::string key;
  if (cache != nullptr) {
    key = CallKey(call);
    if (std::optional<std::string> hit = cache->Find(key); hit && !hit->empty()) {
      if ((*hit)[0] == 'D' && hs_deserialize_database(hit->data() + 1, hit->size() - 1, db) == HS_SUCCESS) return true;
      if ((*hit)[0] == 'E') {
        ByteReader r(std::string_view(*hit).substr(1));
        int64_t index = r.I64();
        std::string text = r.Str();
        if (r.done() && index >= -1 && index < static_cast<int64_t>(call.count)) {
          *bad = static_cast<int>(index);
          *message = std::move(text);
          return false;
        }
      }
      *db = nullptr;  // damaged entry: compile again
    }
  }
  if (!Compile(call, db, bad, message)) {
    if (cache != nullptr) {
      ByteWriter w;
      w.U8('E');
      w.I64(*bad);
      w.Str(*message);
      cache->Put(key, std::move(w.bytes()));
    }
    return false;
  }
  if (cache != nullptr) {
    char* bytes = nullptr;
    size_t length = 0;
    if (hs_serialize_database(*db, &bytes, &length) == HS_SUCCESS) {
      std::string entry(1, 'D');
      entry.append(bytes, length);
      free(bytes);
      cache->Put(key, std::move(entry));
    }
  }
  return true;
}

bool VectorscanTakesCached(const std::string& expr, unsigned flags, DatabaseCache* cache) {
  if (cache == nullptr) return VectorscanTakes(expr, flags);
  ByteWriter w;
  w.Str(expr);
  w.U32(flags);
  Hasher h;
  h.Add(w.bytes());
  std::string key = "T" + h.Raw();
  if (std::optional<std::string> hit = cache->Find(key); hit && (*hit == "0" || *hit == "1")) return *hit == "1";
  bool takes = VectorscanTakes(expr, flags);
  cache->Put(key, takes ? "1" : "0");
  return takes;
}

}  // namespace rampart::detect::internal
