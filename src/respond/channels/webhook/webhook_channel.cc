// Webhook: the delivery's JSON body POSTed with libcurl, signed with the
// recipient's secret. One easy handle per channel keeps the connection alive
// between deliveries to the same receiver.
#include <curl/curl.h>

#include <fmt/format.h>

#include "channels/registry.h"

namespace rampart::respond::internal {
namespace {

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

class WebhookChannel final : public Channel {
 public:
  explicit WebhookChannel(const ChannelConfig& config) : timeout_ms_(config.timeout_ms) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl_ = curl_easy_init();
  }
  ~WebhookChannel() override { curl_easy_cleanup(curl_); }
  std::string_view name() const override { return "webhook"; }

 protected:
  Status DoSend(const Delivery& d) override {
    if (d.secret.empty()) {
      return absl::FailedPreconditionError(
          fmt::format("webhook {} for {} has no signing secret (configuration error)", d.target, d.recipient));
    }
    if (!d.target.starts_with("http://") && !d.target.starts_with("https://")) {
      return absl::InvalidArgumentError(fmt::format("webhook target '{}' is not an http(s) URL", d.target));
    }
    if (curl_ == nullptr) return absl::UnavailableError("libcurl: no easy handle");
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, ("X-Rampart-Signature: " + SignatureHeaderValue(d.secret, d.body_json)).c_str());
    headers = curl_slist_append(headers, ("X-Rampart-Delivery: " + d.id).c_str());
    headers = curl_slist_append(headers, ("Idempotency-Key: " + d.id).c_str());
    headers = curl_slist_append(headers, ("X-Rampart-TLP: " + d.tlp).c_str());
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, d.target.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl_, CURLOPT_POST, 1L);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, d.body_json.data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(d.body_json.size()));
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &Discard);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, timeout_ms_);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_USERAGENT, "rampart");
    CURLcode rc = curl_easy_perform(curl_);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
      return absl::UnavailableError(fmt::format("POST {}: {}", d.target, curl_easy_strerror(rc)));
    }
    long code = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 200 && code < 300) return Status();
    std::string message = fmt::format("POST {}: HTTP {}", d.target, code);
    // Client errors other than timeout / too early / rate limit will not heal by retrying.
    if (code >= 400 && code < 500 && code != 408 && code != 425 && code != 429) {
      return absl::FailedPreconditionError(message);
    }
    return absl::UnavailableError(message);
  }

 private:
  long timeout_ms_;
  CURL* curl_ = nullptr;
};

}  // namespace

std::unique_ptr<Channel> MakeWebhookChannel(const ChannelConfig& config) {
  return std::make_unique<WebhookChannel>(config);
}

}  // namespace rampart::respond::internal
