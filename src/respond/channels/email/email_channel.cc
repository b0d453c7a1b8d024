// E-mail: SMTP through libcurl (STARTTLS whenever the server offers it; with
// smtp_require_tls a server that does not is an error), one
// multipart/alternative message with the text and the HTML rendering, both
// base64-encoded so long lines and UTF-8 survive any relay.
#include <curl/curl.h>
#include <sodium.h>

#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "channels/registry.h"

namespace rampart::respond::internal {
namespace {

std::string Base64Lines(std::string_view data) {
  std::string b64(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::strlen(b64.c_str()));
  std::string out;
  for (size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

// RFC 2047 encoded-word for a subject that may hold non-ASCII text.
std::string EncodedSubject(std::string_view subject) {
  std::string b64 = Base64Lines(subject);
  std::string joined;
  for (char c : b64) {
    if (c != '\r' && c != '\n') joined += c;
  }
  return "=?UTF-8?B?" + joined + "?=";
}

struct Reader {
  std::string_view data;
  static size_t Read(char* buffer, size_t size, size_t n, void* user) {
    auto* self = static_cast<Reader*>(user);
    size_t take = std::min(size * n, self->data.size());
    std::memcpy(buffer, self->data.data(), take);
    self->data.remove_prefix(take);
    return take;
  }
};

class EmailChannel final : public Channel {
 public:
  explicit EmailChannel(const ChannelConfig& config) : config_(config) { curl_global_init(CURL_GLOBAL_DEFAULT); }
  std::string_view name() const override { return "email"; }

 protected:
  Status DoSend(const Delivery& d) override {
    if (config_.smtp_url.empty()) {
      return absl::FailedPreconditionError("e-mail delivery needs an SMTP server (--smtp smtp://host:port)");
    }
    if (d.target.find('@') == std::string::npos || d.target.find_first_of("\r\n<> ") != std::string::npos) {
      return absl::InvalidArgumentError(fmt::format("'{}' is not an e-mail address", d.target));
    }
    std::string boundary = "rampart-" + d.id;
    std::string message = fmt::format(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{id}@rampart>\r\n"
        "X-Rampart-Delivery: {id}\r\nX-Rampart-TLP: {tlp}\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/alternative; boundary=\"{b}\"\r\n\r\n"
        "--{b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{text}"
        "--{b}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{html}"
        "--{b}--\r\n",
        fmt::arg("from", config_.mail_from), fmt::arg("to", d.target), fmt::arg("subject", EncodedSubject(d.subject)),
        fmt::arg("id", d.id), fmt::arg("tlp", d.tlp), fmt::arg("b", boundary),
        fmt::arg("text", Base64Lines(d.body_text)), fmt::arg("html", Base64Lines(d.body_html)));
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return absl::UnavailableError("libcurl: no easy handle");
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + d.target + ">").c_str());
    Reader reader{message};
    std::string from = "<" + config_.mail_from + ">";
    curl_easy_setopt(curl, CURLOPT_URL, config_.smtp_url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &Reader::Read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, config_.smtp_require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, config_.timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (!config_.smtp_user.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, config_.smtp_user.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.smtp_password.c_str());
    }
    CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK) return Status();
    std::string error = fmt::format("SMTP {} to {}: {} (reply {})", config_.smtp_url, d.target,
                                    curl_easy_strerror(rc), code);
    // 5xx replies are permanent refusals (RFC 5321 §4.2.1); everything else may pass later.
    if (code >= 500 && code < 600) return absl::FailedPreconditionError(error);
    return absl::UnavailableError(error);
  }

 private:
  ChannelConfig config_;
};

}  // namespace

std::unique_ptr<Channel> MakeEmailChannel(const ChannelConfig& config) {
  return std::make_unique<EmailChannel>(config);
}

}  // namespace rampart::respond::internal
