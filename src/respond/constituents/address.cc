#include "rampart/respond/address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace rampart::respond {
namespace {

constexpr Address kV4Mapped = Address{0xffff} << 32;

Address FromBytes(const unsigned char* bytes) {
  Address a = 0;
  for (int i = 0; i < 16; ++i) a = (a << 8) | bytes[i];
  return a;
}

bool IsV4Mapped(Address a) { return (a >> 32) == Address{0xffff}; }

}  // namespace

std::optional<Address> ParseAddress(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 45) return std::nullopt;
  char buffer[46];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  unsigned char bytes[16];
  if (text.find(':') == std::string_view::npos) {
    in_addr v4;
    if (inet_pton(AF_INET, buffer, &v4) != 1) return std::nullopt;
    uint32_t host = ntohl(v4.s_addr);
    return kV4Mapped | host;
  }
  if (inet_pton(AF_INET6, buffer, bytes) != 1) return std::nullopt;
  return FromBytes(bytes);
}

Result<Cidr> ParseCidr(std::string_view text) {
  std::string_view address_text = text;
  std::optional<int> prefix;
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    address_text = text.substr(0, slash);
    std::string_view digits = text.substr(slash + 1);
    int value = -1;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
      return InvalidInput("'" + std::string(text) + "' is not a CIDR (bad prefix length)");
    }
    prefix = value;
  }
  std::optional<Address> address = ParseAddress(address_text);
  if (!address) return InvalidInput("'" + std::string(text) + "' is not a CIDR (bad address)");
  Cidr cidr;
  cidr.v4 = address_text.find(':') == std::string_view::npos;
  int max_prefix = cidr.v4 ? 32 : 128;
  cidr.prefix = prefix.value_or(max_prefix);
  if (cidr.prefix < 0 || cidr.prefix > max_prefix) {
    return InvalidInput("'" + std::string(text) + "' is not a CIDR (prefix length over " +
                        std::to_string(max_prefix) + ")");
  }
  int bits = cidr.v4 ? 96 + cidr.prefix : cidr.prefix;
  Address host_mask = bits == 128 ? 0 : (~Address{0} >> bits);
  cidr.first = *address & ~host_mask;
  cidr.last = cidr.first | host_mask;
  return cidr;
}

std::string FormatCidr(const Cidr& cidr) {
  unsigned char bytes[16];
  for (int i = 0; i < 16; ++i) bytes[i] = static_cast<unsigned char>(cidr.first >> (8 * (15 - i)));
  char buffer[INET6_ADDRSTRLEN];
  if (cidr.v4 && IsV4Mapped(cidr.first)) {
    inet_ntop(AF_INET, bytes + 12, buffer, sizeof buffer);
  } else {
    inet_ntop(AF_INET6, bytes, buffer, sizeof buffer);
  }
  return std::string(buffer) + "/" + std::to_string(cidr.prefix);
}

}  // namespace rampart::respond
