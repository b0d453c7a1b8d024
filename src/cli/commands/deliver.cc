// `rampart deliver [--once | --follow | --drain]` and
// `rampart deliveries list [--state S] [--json] | retry ID`.
#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "rampart/core/clock.h"
#include "rampart/respond/deliverer.h"
#include "rampart/respond/outbox.h"
#include "rampart/store/open.h"

namespace rampart::cli {
namespace {

struct DeliverArgs {
  bool once = false, follow = false, drain = false;
  respond::ChannelConfig channels;
  int max_attempts = 8;
  double backoff_base_s = 30;
  double backoff_cap_s = 3600;
  double poll_s = 1;
  bool json = false;
};

struct ListArgs {
  std::string state;
  bool json = false;
};

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

Result<std::unique_ptr<respond::Outbox>> OpenOutbox(const Context& context) {
  return respond::Outbox::Open(respond::OutboxPathForStore(store::DefaultStoreLocation(context.global.db)));
}

int RunDeliver(const Context& context, const DeliverArgs& args) {
  auto outbox = OpenOutbox(context);
  if (!outbox.ok()) return ReportError(outbox.status());
  auto lock = respond::DeliveryLock::Acquire((*outbox)->path());
  if (!lock.ok()) return ReportError(lock.status());
  respond::DeliverOptions options;
  options.max_attempts = args.max_attempts;
  options.backoff_base_us = static_cast<int64_t>(args.backoff_base_s * 1e6);
  options.backoff_cap_us = static_cast<int64_t>(args.backoff_cap_s * 1e6);
  uint64_t seed = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  respond::Deliverer deliverer(**outbox, *SystemClock(), args.channels, options, seed);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  respond::DeliverCounts total;
  while (true) {
    auto counts = deliverer.RunOnce();
    if (!counts.ok()) return ReportError(counts.status());
    total.sent += counts->sent;
    total.failed += counts->failed;
    total.dead += counts->dead;
    if (args.once || g_stop) break;
    auto next = (*outbox)->NextDue();
    if (!next.ok()) return ReportError(next.status());
    if (!next->has_value() && args.drain) break;
    // Sleep until the next retry is due, or one poll interval for new work.
    int64_t wait_us = static_cast<int64_t>(args.poll_s * 1e6);
    if (next->has_value()) wait_us = std::min(wait_us, std::max<int64_t>(0, **next - SystemClock()->Now()));
    if (wait_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(wait_us));
    if (g_stop) break;
  }
  if (args.json) {
    std::printf("%s\n", nlohmann::json{{"sent", total.sent}, {"failed", total.failed}, {"dead", total.dead}}.dump().c_str());
  } else {
    std::printf("sent %lld, failed (will retry) %lld, dead %lld\n", static_cast<long long>(total.sent),
                static_cast<long long>(total.failed), static_cast<long long>(total.dead));
  }
  return total.dead > 0 ? kExitError : kExitOk;
}

int RunList(const Context& context, const ListArgs& args) {
  std::optional<respond::DeliveryState> state;
  if (!args.state.empty()) {
    state = respond::ParseDeliveryState(args.state);
    if (!state) return ReportError(InvalidInput(fmt::format("unknown state '{}' (pending, sent, failed, dead)", args.state)));
  }
  auto outbox = OpenOutbox(context);
  if (!outbox.ok()) return ReportError(outbox.status());
  auto list = (*outbox)->List(state);
  if (!list.ok()) return ReportError(list.status());
  if (args.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : *list) {
      out.push_back({{"id", d.id}, {"message", d.message_id}, {"recipient", d.recipient}, {"channel", d.channel},
                     {"target", d.target}, {"tlp", d.tlp}, {"subject", d.subject},
                     {"state", respond::DeliveryStateName(d.state)}, {"attempts", d.attempts},
                     {"next_attempt", FormatTimestamp(d.next_attempt)}, {"last_error", d.last_error},
                     {"created", FormatTimestamp(d.created)},
                     {"sent", d.sent ? nlohmann::json(FormatTimestamp(d.sent)) : nlohmann::json(nullptr)}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  for (const auto& d : *list) {
    std::printf("%s  %-7s  %-7s  %d  %-28s  %s%s\n", d.id.c_str(), std::string(respond::DeliveryStateName(d.state)).c_str(),
                d.channel.c_str(), d.attempts, d.target.c_str(), d.subject.c_str(),
                d.last_error.empty() ? "" : ("  [" + d.last_error + "]").c_str());
  }
  std::printf("%zu deliveries\n", list->size());
  return kExitOk;
}

int RunRetry(const Context& context, const std::string& id) {
  auto outbox = OpenOutbox(context);
  if (!outbox.ok()) return ReportError(outbox.status());
  if (Status st = (*outbox)->Retry(id, SystemClock()->Now()); !st.ok()) return ReportError(st);
  std::printf("%s pending\n", id.c_str());
  return kExitOk;
}

void RegisterDeliver(CLI::App& app, Context& context) {
  static DeliverArgs deliver_args;
  static ListArgs list_args;
  static std::string retry_id;

  CLI::App* deliver = app.add_subcommand("deliver", "Send queued advisories (webhook, e-mail, syslog, file)");
  auto* once = deliver->add_flag("--once", deliver_args.once, "One pass over the deliveries due now (the default)");
  auto* follow = deliver->add_flag("--follow", deliver_args.follow, "Keep working the outbox until interrupted");
  auto* drain = deliver->add_flag("--drain", deliver_args.drain,
                                  "Keep working until every delivery is sent or dead (waits for retries)");
  once->excludes(follow)->excludes(drain);
  follow->excludes(drain);
  deliver->add_option("--smtp", deliver_args.channels.smtp_url, "SMTP server for e-mail: smtp://host:port or smtps://");
  deliver->add_option("--smtp-user", deliver_args.channels.smtp_user, "SMTP AUTH user");
  deliver->add_option("--smtp-password", deliver_args.channels.smtp_password, "SMTP AUTH password");
  deliver->add_flag("--smtp-require-tls", deliver_args.channels.smtp_require_tls,
                    "Refuse to send e-mail if the server offers no STARTTLS");
  deliver->add_option("--from", deliver_args.channels.mail_from, "Sender address of e-mails");
  deliver->add_option("--timeout", deliver_args.channels.timeout_ms, "Per-request timeout in milliseconds");
  deliver->add_option("--max-attempts", deliver_args.max_attempts, "Attempts before a delivery is dead")
      ->check(CLI::Range(1, 1000));
  deliver->add_option("--backoff", deliver_args.backoff_base_s, "First retry delay in seconds (doubles, with jitter)")
      ->check(CLI::Range(0.0, 86400.0));
  deliver->add_option("--backoff-cap", deliver_args.backoff_cap_s, "Longest retry delay in seconds")
      ->check(CLI::Range(0.0, 604800.0));
  deliver->add_option("--poll", deliver_args.poll_s, "--follow: seconds between looks for new work")
      ->check(CLI::Range(0.001, 3600.0));
  deliver->add_flag("--json", deliver_args.json, "Print the counts as JSON");
  deliver->fallthrough();
  deliver->callback([&context] { context.exit_code = RunDeliver(context, deliver_args); });

  CLI::App* deliveries = app.add_subcommand("deliveries", "The outbox: every message x recipient and its state");
  deliveries->require_subcommand(1);
  deliveries->fallthrough();
  CLI::App* list = deliveries->add_subcommand("list", "Deliveries, oldest first");
  list->add_option("--state", list_args.state, "pending, sent, failed or dead");
  list->add_flag("--json", list_args.json, "As a JSON array");
  list->fallthrough();
  list->callback([&context] { context.exit_code = RunList(context, list_args); });
  CLI::App* retry = deliveries->add_subcommand("retry", "Queue a failed or dead delivery again, due now");
  retry->add_option("ID", retry_id, "Delivery id")->required();
  retry->fallthrough();
  retry->callback([&context] { context.exit_code = RunRetry(context, retry_id); });
}

const bool kRegistered = RegisterCommandGroup({"deliver", 70, &RegisterDeliver});

}  // namespace
}  // namespace rampart::cli
