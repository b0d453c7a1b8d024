// Constituents: the departments, agencies and companies a cyber centre
// protects, with what identifies their assets (networks, domains, host names,
// software) and how to reach them (contacts, TLP clearance).
//
// A constituent is stored as a STIX 2.1 `identity` (identity_class
// "organization") of rampart's own making, in the same store as everything
// else (DESIGN.md decision 1):
//
//   id                          identity--UUIDv5(kRampartNamespace, "constituent:" + name)
//   name, sectors               the standard identity properties (sectors from
//                               the STIX industry-sector vocabulary)
//   contact_information         the e-mail addresses, ", "-joined (for STIX readers)
//   x_rampart_constituent       true (what marks an identity as a constituent)
//   x_rampart_networks          ["10.20.0.0/16", "2001:db8:20::/48"] (canonical CIDRs)
//   x_rampart_domains           ["health.example.gov"] (lower case)
//   x_rampart_hosts             ["mail.health.example.gov"] (lower case)
//   x_rampart_software          [{"vendor","product","version","cpe"?}]
//   x_rampart_contacts          {"emails":[...], "webhook":{"url","secret"}?,
//                                "syslog":{"transport","host","port"}?}
//   x_rampart_tlp_clearance     "clear" | "green" | "amber" | "amber+strict" | "red"
//   x_rampart_parent            the parent organisation's name (optional)
//
// Every change is a new version (same id, later `modified`); removing a
// constituent is a version with revoked = true. History is never deleted.
//
// Thread-safety: plain values; the functions touching a store follow the
// store's rule (one thread at a time per Store).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/core/time.h"
#include "rampart/stix/marking.h"
#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::respond {

// One item of a software inventory. `version` is the product's own version
// string as the vendor prints it ("15.1.2176.2" for Exchange 2016 CU19);
// `cpe` an optional CPE 2.3 formatted string ("cpe:2.3:a:microsoft:...").
struct SoftwareItem {
  std::string vendor;
  std::string product;
  std::string version;
  std::string cpe;  // empty if not given
  bool operator==(const SoftwareItem&) const = default;
};

struct Webhook {
  std::string url;     // http:// or https://
  std::string secret;  // HMAC-SHA256 signing secret; never empty
  bool operator==(const Webhook&) const = default;
};

struct SyslogTarget {
  std::string transport = "udp";  // "udp" or "tcp"
  std::string host;
  int port = 514;
  bool operator==(const SyslogTarget&) const = default;
};

struct Contacts {
  std::vector<std::string> emails;
  std::optional<Webhook> webhook;
  std::optional<SyslogTarget> syslog;
  bool operator==(const Contacts&) const = default;
};

struct Constituent {
  std::string name;                  // unique; the id derives from it
  std::string id;                    // ConstituentId(name); filled by the loaders
  std::string description;
  std::vector<std::string> sectors;  // STIX industry-sector-ov values
  std::vector<std::string> networks; // canonical CIDRs, v4 and v6
  std::vector<std::string> domains;  // lower case, no trailing dot
  std::vector<std::string> hosts;    // host names, lower case
  std::vector<SoftwareItem> software;
  Contacts contacts;
  stix::TlpLevel clearance = stix::TlpLevel::kClear;
  std::string parent;                // parent organisation name; empty if none
  // Set from a stored object only (ToStix ignores them except `revoked`):
  std::string created;
  std::string modified;
  bool revoked = false;

  // Equality of the content (what a new version would change); the
  // bookkeeping members created/modified are not compared.
  bool SameContent(const Constituent& other) const;
};

// identity--<UUIDv5(kRampartNamespace, "constituent:" + name)>.
std::string ConstituentId(std::string_view name);

// Checks and canonicalises `c` in place: a non-empty name, sectors in the
// STIX industry-sector vocabulary, networks that parse as CIDRs (a bare
// address becomes /32 or /128; host bits are cleared), domains and hosts
// lower-cased, software with vendor, product and a version that starts with a
// digit and holds only letters, digits and . - _ + (a CPE, if given, starts
// "cpe:2.3:"), e-mail addresses with one '@', a webhook with an http(s) URL
// and a secret, a syslog transport udp|tcp and port 1-65535. Sets `id`.
// InvalidInput naming the field ("networks[2]: '10.0.0.0/33' is not a CIDR").
Status Canonicalize(Constituent& c);

// The constituent as a STIX identity version modified at `modified`
// (created = `created` if given, else `modified`). REQUIRES: Canonicalize(c)
// succeeded.
stix::Object ToStix(const Constituent& c, TimestampUs modified, std::string_view created = {});

// True if `object` is an identity with x_rampart_constituent = true.
bool IsConstituent(const stix::Object& object);

// Reads a constituent back from its identity. InvalidInput naming the
// property if the object is not a constituent or a property is mistyped.
Result<Constituent> FromStix(const stix::Object& object);

// Every current constituent in `store`, ordered by name; revoked ones only if
// `include_revoked`.
Result<std::vector<Constituent>> LoadConstituents(store::Store& store, bool include_revoked = false);

// The current version of the constituent named `name` (exact name, or the
// id); NotFound if there is none (a revoked one counts as found: check
// `revoked`).
Result<Constituent> FindConstituent(store::Store& store, std::string_view name_or_id);

// Writes `c` into `tx` as a new version if its content differs from the
// current stored version (kUnchanged and nothing written otherwise).
// FailedPrecondition if the stored one is revoked: STIX 2.1 makes revocation
// permanent, so a removed name cannot come back. `modified` is used as the new version's
// timestamp, or the previous version's modified + 1 ms if that is not later.
// REQUIRES: Canonicalize(c) succeeded.
Result<store::PutOutcome> PutConstituent(store::Store& store, store::Transaction& tx,
                                         const Constituent& c, TimestampUs modified);

// Writes a revoked version of the stored constituent `name_or_id`. NotFound
// if none; kUnchanged if it was already revoked.
Result<store::PutOutcome> RevokeConstituent(store::Store& store, store::Transaction& tx,
                                            std::string_view name_or_id, TimestampUs modified);

// --- YAML files. -----------------------------------------------------------
//
//   constituents:
//     - name: Department of Health
//       parent: Government of Example
//       sectors: [healthcare, government-national]
//       tlp: amber
//       networks: [10.20.0.0/16, 2001:db8:20::/48]
//       domains: [health.example.gov]
//       hosts: [mail.health.example.gov]
//       software:
//         - {vendor: Microsoft, product: Exchange Server 2016, version: 15.1.2176.2,
//            cpe: "cpe:2.3:a:microsoft:exchange_server:2016:cumulative_update_19:*:*:*:*:*:*"}
//       contacts:
//         email: [soc@health.example.gov]
//         webhook: {url: https://hooks.health.example.gov/rampart, secret: s3cr3t}
//         syslog: {transport: tcp, host: 10.20.0.5, port: 514}
//
// A bare top-level list of constituents is accepted too. Unknown keys are
// errors (a typo must not silently drop an asset).

// A problem found by the loader that does not stop it.
struct LoadWarning {
  std::string message;  // "file:line: ..." ready to print
};

struct LoadedConstituents {
  std::vector<Constituent> constituents;  // in file order, canonicalised
  std::vector<LoadWarning> warnings;      // e.g. a network claimed by two constituents
};

// Parses `text` (`file_name` is used in messages). InvalidInput at the first
// error with file, line and field named:
//   constituents.yaml:14: constituents[2] (Department of Health): sectors[1]:
//   unknown sector 'hospital' (STIX industry-sector vocabulary)
// Two constituents with the same name are an error; a network claimed by two
// constituents is a warning (both keep it).
Result<LoadedConstituents> ParseConstituentsYaml(std::string_view text, std::string_view file_name);

// Reads and parses the file at `path`. IoError if it cannot be read.
Result<LoadedConstituents> LoadConstituentsYaml(const std::string& path);

// Warnings for networks claimed by more than one of `constituents` (overlaps,
// not only equal blocks): "network 10.20.0.0/16 of A overlaps 10.20.5.0/24 of B".
std::vector<std::string> OverlappingNetworks(const std::vector<Constituent>& constituents);

}  // namespace rampart::respond
