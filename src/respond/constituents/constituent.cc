#include <algorithm>
#include <cctype>
#include <charconv>

#include "rampart/core/id.h"
#include "rampart/respond/address.h"
#include "rampart/respond/constituent.h"
#include "rampart/stix/vocab.h"

namespace rampart::respond {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

std::string Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

Status FieldError(std::string_view field, size_t index, std::string_view message) {
  return InvalidInput(std::string(field) + "[" + std::to_string(index) + "]: " + std::string(message));
}

// A DNS name: labels of letters, digits, '-' and '_' (service names), 1-63
// characters each, no empty label.
bool IsDnsName(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  size_t label = 0;
  for (char ch : name) {
    if (ch == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') return false;
    if (++label > 63) return false;
  }
  return label > 0;
}

Status CanonicalNames(std::vector<std::string>& names, std::string_view field) {
  for (size_t i = 0; i < names.size(); ++i) {
    std::string name = Lower(Trim(names[i]));
    if (!name.empty() && name.back() == '.') name.pop_back();
    if (!IsDnsName(name)) return FieldError(field, i, "'" + names[i] + "' is not a DNS name");
    names[i] = std::move(name);
  }
  return Status();
}

bool IsVersion(std::string_view version) {
  if (version.empty() || !std::isdigit(static_cast<unsigned char>(version.front()))) return false;
  return std::all_of(version.begin(), version.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == '_' || ch == '+';
  });
}

Status CanonicalSoftware(std::vector<SoftwareItem>& software) {
  for (size_t i = 0; i < software.size(); ++i) {
    SoftwareItem& item = software[i];
    item.vendor = Trim(item.vendor);
    item.product = Trim(item.product);
    item.version = Trim(item.version);
    item.cpe = Trim(item.cpe);
    if (item.vendor.empty()) return FieldError("software", i, "vendor is missing");
    if (item.product.empty()) return FieldError("software", i, "product is missing");
    if (!IsVersion(item.version)) {
      return FieldError("software", i, "version '" + item.version + "' is not a version (digits and dots, e.g. 15.1.2176.2)");
    }
    if (!item.cpe.empty() && item.cpe.rfind("cpe:2.3:", 0) != 0) {
      return FieldError("software", i, "cpe '" + item.cpe + "' is not a CPE 2.3 name (cpe:2.3:...)");
    }
  }
  return Status();
}

Status CanonicalContacts(Contacts& contacts) {
  for (size_t i = 0; i < contacts.emails.size(); ++i) {
    std::string email = Trim(contacts.emails[i]);
    size_t at = email.find('@');
    if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos ||
        !IsDnsName(email.substr(at + 1)) || email.find(' ') != std::string::npos) {
      return FieldError("contacts.email", i, "'" + email + "' is not an e-mail address");
    }
    contacts.emails[i] = email;
  }
  if (contacts.webhook) {
    Webhook& hook = *contacts.webhook;
    hook.url = Trim(hook.url);
    if (hook.url.rfind("https://", 0) != 0 && hook.url.rfind("http://", 0) != 0) {
      return InvalidInput("contacts.webhook.url: '" + hook.url + "' is not an http(s) URL");
    }
    if (hook.secret.empty()) return InvalidInput("contacts.webhook.secret: a webhook needs its signing secret");
  }
  if (contacts.syslog) {
    SyslogTarget& target = *contacts.syslog;
    target.transport = Lower(Trim(target.transport));
    if (target.transport != "udp" && target.transport != "tcp") {
      return InvalidInput("contacts.syslog.transport: '" + target.transport + "' is not udp or tcp");
    }
    if (target.host.empty()) return InvalidInput("contacts.syslog.host is missing");
    if (target.port < 1 || target.port > 65535) {
      return InvalidInput("contacts.syslog.port: " + std::to_string(target.port) + " is not a port");
    }
  }
  return Status();
}

}  // namespace

std::string ConstituentId(std::string_view name) {
  return "identity--" + UuidV5(kRampartNamespace, "constituent:" + std::string(name));
}

bool Constituent::SameContent(const Constituent& o) const {
  return name == o.name && description == o.description && sectors == o.sectors &&
         networks == o.networks && domains == o.domains && hosts == o.hosts && software == o.software &&
         contacts == o.contacts && clearance == o.clearance && parent == o.parent && revoked == o.revoked;
}

Status Canonicalize(Constituent& c) {
  c.name = Trim(c.name);
  if (c.name.empty()) return InvalidInput("name is missing");
  c.parent = Trim(c.parent);
  for (size_t i = 0; i < c.sectors.size(); ++i) {
    c.sectors[i] = Lower(Trim(c.sectors[i]));
    if (!stix::InVocab(stix::IndustrySectorOv(), c.sectors[i])) {
      return FieldError("sectors", i, "unknown sector '" + c.sectors[i] + "' (STIX industry-sector vocabulary)");
    }
  }
  for (size_t i = 0; i < c.networks.size(); ++i) {
    auto cidr = ParseCidr(Trim(c.networks[i]));
    if (!cidr.ok()) return FieldError("networks", i, std::string(cidr.status().message()));
    c.networks[i] = FormatCidr(*cidr);
  }
  RAMPART_RETURN_IF_ERROR(CanonicalNames(c.domains, "domains"));
  RAMPART_RETURN_IF_ERROR(CanonicalNames(c.hosts, "hosts"));
  RAMPART_RETURN_IF_ERROR(CanonicalSoftware(c.software));
  RAMPART_RETURN_IF_ERROR(CanonicalContacts(c.contacts));
  c.id = ConstituentId(c.name);
  return Status();
}

std::vector<std::string> OverlappingNetworks(const std::vector<Constituent>& constituents) {
  struct Block {
    Cidr cidr;
    std::string text;
    size_t owner;
  };
  std::vector<Block> blocks;
  for (size_t i = 0; i < constituents.size(); ++i) {
    for (const std::string& text : constituents[i].networks) {
      if (auto cidr = ParseCidr(text); cidr.ok()) blocks.push_back({*cidr, text, i});
    }
  }
  std::sort(blocks.begin(), blocks.end(), [](const Block& a, const Block& b) {
    return a.cidr.first != b.cidr.first ? a.cidr.first < b.cidr.first : a.cidr.last > b.cidr.last;
  });
  std::vector<std::string> warnings;
  for (size_t i = 0; i < blocks.size(); ++i) {
    for (size_t j = i + 1; j < blocks.size() && blocks[j].cidr.first <= blocks[i].cidr.last; ++j) {
      if (blocks[i].owner == blocks[j].owner) continue;
      warnings.push_back("network " + blocks[i].text + " of " + constituents[blocks[i].owner].name +
                         " overlaps " + blocks[j].text + " of " + constituents[blocks[j].owner].name +
                         " (both kept; hits go to both)");
    }
  }
  return warnings;
}

}  // namespace rampart::respond
