// Loopback webhook receiver for the delivery benchmark, the C++ twin of
// webhook_receiver.py (same flags, same counts file) without its ceiling:
// the Python server answers about 1,000 requests/s on this machine, below
// what the benchmark must show. HTTP/1.1 keep-alive, one thread per
// connection; checks every signature (HMAC-SHA256, libsodium), refuses a
// random --fail-rate of the validly signed requests with 503 and counts
// accepted deliveries per X-Rampart-Delivery id. On SIGTERM it writes
// {"accepted": {id: count}, "bad_signatures": n, "refused": n} to --out.
//   webhook_receiver --secret S [--fail-rate 0.3] --port-file F --out F
#include <signal.h>
#include <unistd.h>

#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "rampart/respond/channel.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Counts {
  std::mutex mutex;
  std::map<std::string, int> accepted;
  int bad_signatures = 0;
  int refused = 0;
  std::mt19937_64 rng{1};
};

struct Options {
  std::string secret, port_file, out;
  double fail_rate = 0.3;
};

// Decides the answer to one request and counts it.
unsigned Judge(const http::request<http::string_body>& request, const Options& options, Counts& counts) {
  std::string expected = rampart::respond::SignatureHeaderValue(options.secret, request.body());
  auto signature = request.find("X-Rampart-Signature");
  bool ok = signature != request.end() && signature->value() == expected;
  std::lock_guard lock(counts.mutex);
  if (!ok) {
    ++counts.bad_signatures;
    return 401;
  }
  if (std::uniform_real_distribution<double>(0, 1)(counts.rng) < options.fail_rate) {
    ++counts.refused;
    return 503;
  }
  ++counts.accepted[std::string(request["X-Rampart-Delivery"])];
  return 200;
}

void Serve(tcp::socket socket, const Options& options, Counts& counts) {
  beast::flat_buffer buffer;
  beast::error_code ec;
  while (true) {
    http::request<http::string_body> request;
    http::read(socket, buffer, request, ec);
    if (ec) return;
    http::response<http::empty_body> response{static_cast<http::status>(Judge(request, options, counts)), 11};
    response.keep_alive(request.keep_alive());
    response.content_length(0);
    http::write(socket, response, ec);
    if (ec || !request.keep_alive()) return;
  }
}

void WriteCounts(const Options& options, Counts& counts) {
  std::lock_guard lock(counts.mutex);
  nlohmann::json accepted = nlohmann::json::object();
  for (const auto& [id, n] : counts.accepted) accepted[id] = n;
  std::ofstream(options.out) << nlohmann::json{{"accepted", accepted},
                                               {"bad_signatures", counts.bad_signatures},
                                               {"refused", counts.refused}}.dump();
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--secret") options.secret = argv[i + 1];
    else if (flag == "--fail-rate") options.fail_rate = std::atof(argv[i + 1]);
    else if (flag == "--port-file") options.port_file = argv[i + 1];
    else if (flag == "--out") options.out = argv[i + 1];
  }
  if (options.secret.empty() || options.port_file.empty() || options.out.empty()) {
    std::fprintf(stderr, "usage: webhook_receiver --secret S [--fail-rate R] --port-file F --out F\n");
    return 2;
  }
  // SIGTERM is taken by sigwait in this thread only: block it before any
  // other thread exists so every thread inherits the mask.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  Counts counts;
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::string tmp = options.port_file + ".tmp";
  std::ofstream(tmp) << acceptor.local_endpoint().port();
  std::rename(tmp.c_str(), options.port_file.c_str());
  std::thread([&] {
    while (true) {
      beast::error_code ec;
      tcp::socket socket(ioc);
      acceptor.accept(socket, ec);
      if (ec) continue;
      socket.set_option(tcp::no_delay(true), ec);
      std::thread(Serve, std::move(socket), std::cref(options), std::ref(counts)).detach();
    }
  }).detach();
  int signal = 0;
  sigwait(&stop, &signal);
  WriteCounts(options, counts);
  std::fflush(nullptr);
  _exit(0);
}
