// Observables in prose: addresses, domains, URLs, e-mail addresses, hashes,
// CVE and ATT&CK ids, file names, Windows paths and registry keys, with
// defanged forms ("hxxp", "[.]", "(.)", "[dot]", "[@]", "[at]", "[:]", a
// bracketed digit "192.[2]19") refanged. Zero-width characters inside a
// value (U+200B-U+200D, U+2060, U+FEFF, the soft hyphen) are dropped; other
// non-ASCII characters end a value ("evil.com’s"). A value broken across
// a line end is joined when the first line's part cannot end a value ("/",
// "-", "_", "=", "?", "&", an open bracket; the next line starting with "."
// or a defanged dot) or when two hex runs make one hash length; the joined
// value is kept only if it classifies, else both parts are read alone.
//
// The extractor is a single pass over the bytes: a table splits the text into
// whitespace/quote-delimited tokens and ORs a class mask per token, so only
// tokens that contain a trigger ('.', '@', ':', '/', '\', a bracket, a digit
// after 'T'/'C', or a long hex run) are looked at again. Prose never becomes
// an observable: "U.S.", "e.g.", "No.1", "2.0.1", dates and times fail the
// checks below, and domains must end in a real public suffix (Debian's
// publicsuffix list) with a label before it.
//
// Values are normalised as STIX consumers expect: domains, e-mail addresses
// and hashes lower-case, CVE ids upper-case, URLs refanged but otherwise as
// written. Offsets are byte offsets into the text that was scanned.
//
// Thread-safety: an ObservableExtractor is immutable after construction and
// may be shared by any number of threads.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"

namespace rampart::extract {

enum class ObservableType {
  kIpv4,
  kIpv4Cidr,
  kIpv6,
  kIpv6Cidr,
  kDomain,
  kUrl,
  kEmail,
  kMd5,
  kSha1,
  kSha256,
  kSha512,
  kCve,
  kAttackTechnique,
  kFileName,
  kWindowsPath,
  kRegistryKey,
};

// "ipv4", "ipv4-cidr", "ipv6", "ipv6-cidr", "domain", "url", "email", "md5",
// "sha1", "sha256", "sha512", "cve", "attack-technique", "file", "windows-path",
// "registry-key".
std::string_view ObservableTypeName(ObservableType type);

struct Observable {
  ObservableType type;
  std::string value;     // normalised, refanged
  size_t begin = 0;      // byte offsets of the token in the scanned text
  size_t end = 0;
  bool defanged = false; // the text had a defanged form
  bool operator==(const Observable&) const = default;
};

// The public suffix rules (https://publicsuffix.org list format: one rule per
// line, "*." wildcards, "!" exceptions, "//" comments).
class PublicSuffixList {
 public:
  // Parses the text of a list; InvalidInput if it holds no rule.
  static Result<std::unique_ptr<PublicSuffixList>> Parse(std::string_view list_text);
  // Debian's /usr/share/publicsuffix/public_suffix_list.dat, loaded once on
  // first use ($RAMPART_PUBLIC_SUFFIX_LIST overrides the path). IoError if it
  // cannot be read (the publicsuffix package is missing).
  static Result<const PublicSuffixList*> Default();

  // The length in bytes of the public suffix of lower-case `domain` ("co.uk"
  // for "a.b.co.uk"), 0 if no rule matches its last label.
  size_t SuffixLength(std::string_view domain) const;
  // True if lower-case `domain` has a known public suffix and at least one
  // label before it ("example.com" yes; "com", "u.s", "e.g" no).
  bool IsRegistrable(std::string_view domain) const;

  ~PublicSuffixList();

 private:
  PublicSuffixList();
  struct Rules;
  std::unique_ptr<Rules> rules_;
};

class ObservableExtractor {
 public:
  // `psl` is borrowed and must outlive the extractor.
  explicit ObservableExtractor(const PublicSuffixList* psl) : psl_(psl) {}

  // Every observable in `text`, in text order. Never fails; invalid UTF-8 is
  // scanned as bytes (non-ASCII bytes are never part of a value).
  std::vector<Observable> Extract(std::string_view text) const;

  // Appends to `out` (not cleared), so a caller can reuse one vector.
  void ExtractInto(std::string_view text, std::vector<Observable>* out) const;

  // Classifies one token (already cut from the text, punctuation around it
  // still attached); appends what it is, if anything. Exposed for tests.
  void ClassifyToken(std::string_view token, size_t offset, std::vector<Observable>* out) const;

 private:
  const PublicSuffixList* psl_;
};

// Refangs `token` ("hxxps://a[.]b[.]com" -> "https://a.b.com", a bracketed
// digit "103.77.192.[2]19" -> "103.77.192.219"); returns true if anything
// was changed.
bool Refang(std::string_view token, std::string* out);

}  // namespace rampart::extract
