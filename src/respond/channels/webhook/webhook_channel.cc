// Webhook: the delivery's JSON body POSTed with libcurl, signed with the
// recipient's secret. Easy handles live as long as the channel, so their
// connections stay alive between deliveries to the same receiver. SendMany
// keeps up to `parallel` POSTs in flight through one multi handle: one
// delivery at a time waits a full round trip per message (~600 messages/s
// to a loopback receiver); eight at once keep both ends busy.
#include <curl/curl.h>
#include <fmt/format.h>

#include <memory>

#include "channels/registry.h"

namespace rampart::respond::internal {
namespace {

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

// What a webhook needs before any byte is sent; permanent errors.
Status Check(const Delivery& d) {
  if (d.secret.empty()) {
    return absl::FailedPreconditionError(
        fmt::format("webhook {} for {} has no signing secret (configuration error)", d.target, d.recipient));
  }
  if (!d.target.starts_with("http://") && !d.target.starts_with("https://")) {
    return absl::InvalidArgumentError(fmt::format("webhook target '{}' is not an http(s) URL", d.target));
  }
  return Status();
}

// The outcome of a finished transfer.
Status Outcome(CURL* curl, CURLcode rc, const Delivery& d) {
  if (rc != CURLE_OK) return absl::UnavailableError(fmt::format("POST {}: {}", d.target, curl_easy_strerror(rc)));
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  if (code >= 200 && code < 300) return Status();
  std::string message = fmt::format("POST {}: HTTP {}", d.target, code);
  // Client errors other than timeout / too early / rate limit will not heal by retrying.
  if (code >= 400 && code < 500 && code != 408 && code != 425 && code != 429) {
    return absl::FailedPreconditionError(message);
  }
  return absl::UnavailableError(message);
}

struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Headers = std::unique_ptr<curl_slist, SlistFree>;

// Sets up `curl` to POST `d`; the returned headers must outlive the transfer.
Headers Prepare(CURL* curl, const Delivery& d, long timeout_ms) {
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, ("X-Rampart-Signature: " + SignatureHeaderValue(d.secret, d.body_json)).c_str());
  headers = curl_slist_append(headers, ("X-Rampart-Delivery: " + d.id).c_str());
  headers = curl_slist_append(headers, ("Idempotency-Key: " + d.id).c_str());
  headers = curl_slist_append(headers, ("X-Rampart-TLP: " + d.tlp).c_str());
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, d.target.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, d.body_json.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(d.body_json.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Discard);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "rampart");
  return Headers(headers);
}

class WebhookChannel final : public Channel {
 public:
  explicit WebhookChannel(const ChannelConfig& config) : timeout_ms_(config.timeout_ms) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl_ = curl_easy_init();
  }
  ~WebhookChannel() override {
    for (CURL* easy : pool_) curl_easy_cleanup(easy);
    if (multi_ != nullptr) curl_multi_cleanup(multi_);
    curl_easy_cleanup(curl_);
  }

  std::string_view name() const override { return "webhook"; }

 protected:
  Status DoSend(const Delivery& d) override {
    RAMPART_RETURN_IF_ERROR(Check(d));
    if (curl_ == nullptr) return absl::UnavailableError("libcurl: no easy handle");
    Headers headers = Prepare(curl_, d, timeout_ms_);
    return Outcome(curl_, curl_easy_perform(curl_), d);
  }

  std::vector<Status> DoSendMany(const std::vector<const Delivery*>& deliveries, int parallel) override;

 private:
  // The multi handle and `parallel` easy handles, made on first use.
  bool EnsurePool(int parallel);

  long timeout_ms_;
  CURL* curl_ = nullptr;
  CURLM* multi_ = nullptr;
  std::vector<CURL*> pool_;
};

bool WebhookChannel::EnsurePool(int parallel) {
  if (multi_ == nullptr) {
    multi_ = curl_multi_init();
    if (multi_ == nullptr) return false;
  }
  while (static_cast<int>(pool_.size()) < parallel) {
    CURL* easy = curl_easy_init();
    if (easy == nullptr) return false;
    pool_.push_back(easy);
  }
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(parallel));
  return true;
}

std::vector<Status> WebhookChannel::DoSendMany(const std::vector<const Delivery*>& deliveries, int parallel) {
  std::vector<Status> out(deliveries.size());
  if (parallel <= 1 || deliveries.size() <= 1) return Channel::DoSendMany(deliveries, parallel);
  if (!EnsurePool(parallel)) {
    for (Status& status : out) status = absl::UnavailableError("libcurl: no multi handle");
    return out;
  }
  struct InFlight {
    size_t index = 0;
    Headers headers;
    bool busy = false;
  };
  std::vector<InFlight> slots(static_cast<size_t>(parallel));
  size_t next = 0, running = 0;
  auto fill = [&] {
    for (size_t slot = 0; slot < slots.size() && next < deliveries.size(); ++slot) {
      if (slots[slot].busy) continue;
      while (next < deliveries.size()) {
        size_t index = next++;
        Status checked = Check(*deliveries[index]);
        if (!checked.ok()) {
          out[index] = std::move(checked);
          continue;
        }
        CURL* easy = pool_[slot];
        slots[slot].headers = Prepare(easy, *deliveries[index], timeout_ms_);
        curl_easy_setopt(easy, CURLOPT_PRIVATE, reinterpret_cast<void*>(slot));
        slots[slot].index = index;
        slots[slot].busy = true;
        curl_multi_add_handle(multi_, easy);
        ++running;
        break;
      }
    }
  };
  fill();
  while (running > 0) {
    int still = 0;
    if (curl_multi_perform(multi_, &still) != CURLM_OK) break;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      void* slot_ptr = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &slot_ptr);
      InFlight& slot = slots[reinterpret_cast<size_t>(slot_ptr)];
      out[slot.index] = Outcome(message->easy_handle, message->data.result, *deliveries[slot.index]);
      curl_multi_remove_handle(multi_, message->easy_handle);
      slot.headers.reset();
      slot.busy = false;
      --running;
    }
    fill();
    if (running > 0) curl_multi_poll(multi_, nullptr, 0, 100, nullptr);
  }
  // Only if the multi handle itself failed: what is still in flight is
  // abandoned (not acknowledged, so retried later).
  for (InFlight& slot : slots) {
    if (!slot.busy) continue;
    curl_multi_remove_handle(multi_, pool_[&slot - slots.data()]);
    out[slot.index] = absl::UnavailableError("libcurl: multi handle failed");
  }
  for (; next < deliveries.size(); ++next) out[next] = absl::UnavailableError("libcurl: multi handle failed");
  return out;
}

}  // namespace

std::unique_ptr<Channel> MakeWebhookChannel(const ChannelConfig& config) {
  return std::make_unique<WebhookChannel>(config);
}

}  // namespace rampart::respond::internal
