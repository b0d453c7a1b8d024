// The Boost.Beast glue: accept, read one request (bounded), hand it to App,
// write the answer, keep the connection alive or close it. The only file that
// knows Beast. Each connection runs on its own strand; handlers run inline on
// the worker thread that read the request.
// Boost 1.74's asio/awaitable.hpp uses std::exchange without <utility> in C++20.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <malloc.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "rampart/core/time.h"
#include "rampart/server/query.h"

namespace rampart::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace ssl = asio::ssl;

// What the stop signal needs of a connection, plain or TLS.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void StopIfIdle() = 0;
};

struct Shared {
  App& app;
  const ServerConfig& config;
  ssl::context* tls = nullptr;  // set when serving HTTPS
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>> sessions;
  std::mutex log_mutex;
};

int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr bool IsTls(const beast::tcp_stream*) { return false; }
constexpr bool IsTls(const beast::ssl_stream<beast::tcp_stream>*) { return true; }

// One connection; Stream is beast::tcp_stream or beast::ssl_stream over it.
template <typename Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(tcp::socket&& socket, Shared& shared) : stream_(MakeStream(std::move(socket), shared)), shared_(shared) {
    beast::error_code ec;
    tcp::endpoint peer = Lowest().socket().remote_endpoint(ec);
    if (!ec) remote_ = fmt::format("{}:{}", peer.address().to_string(), peer.port());
  }

  void Start() {
    {
      std::lock_guard lock(shared_.sessions_mutex);
      shared_.sessions[this] = std::weak_ptr<SessionBase>(this->shared_from_this());
    }
    if constexpr (IsTls(static_cast<Stream*>(nullptr))) {
      Lowest().expires_after(shared_.config.read_timeout);
      idle_ = true;
      stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        if (ec) return self->Lowest().close();
        self->Read();
      });
    } else {
      asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, this->shared_from_this()));
    }
  }

  // Closes the connection if it is waiting for a request; a request being
  // handled or written finishes first (OnWrite then sees `stopping`).
  void StopIfIdle() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->idle_) self->Lowest().cancel();
    });
  }

  ~Session() override {
    std::lock_guard lock(shared_.sessions_mutex);
    shared_.sessions.erase(this);
  }

 private:
  static Stream MakeStream(tcp::socket&& socket, Shared& shared) {
    if constexpr (IsTls(static_cast<Stream*>(nullptr))) {
      return Stream(std::move(socket), *shared.tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  void Read() {
    if (shared_.stopping) return Close();
    idle_ = true;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.config.max_header_bytes));
    parser_->body_limit(shared_.config.max_body_bytes);
    Lowest().expires_after(shared_.config.read_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, this->shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    idle_ = false;
    started_us_ = NowUs();
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::eof || ec == asio::error::connection_reset) {
      return Close();
    }
    if (ec) {
      if (!parser_->got_some()) return Close();
      int status = 400;
      if (ec == http::error::body_limit) status = 413;
      if (ec == http::error::header_limit) status = 431;
      method_ = "-";
      path_ = "-";
      return Send(App::ErrorFor("", status, fmt::format("malformed request: {}", ec.message())), false, "-");
    }
    http::request<http::string_body> message = parser_->release();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.remote = remote_;
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(message.body());
    method_ = request.method;
    std::string user = "-";
    Response response = shared_.app.Handle(request, &user);
    path_ = request.path.empty() ? "-" : request.path;
    Send(std::move(response), message.keep_alive() && !shared_.stopping, user);
  }

  void Send(Response response, bool keep_alive, const std::string& user) {
    auto out = std::make_shared<http::response<http::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(response.status));
    std::string_view reason = StatusReason(response.status);
    out->reason(beast::string_view(reason.data(), reason.size()));
    out->set(http::field::server, "rampart");
    if (!response.body.empty() || response.status != 304) out->set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) out->set(name, value);
    out->body() = std::move(response.body);
    out->keep_alive(keep_alive);
    out->prepare_payload();
    status_ = response.status;
    user_ = user;
    response_ = out;
    Lowest().expires_after(shared_.config.write_timeout);
    http::async_write(stream_, *out, beast::bind_front_handler(&Session::OnWrite, this->shared_from_this(), keep_alive));
  }

  void OnWrite(bool keep_alive, beast::error_code ec, std::size_t bytes) {
    Log(bytes, ec);
    response_.reset();
    if (ec || !keep_alive || shared_.stopping) return Close();
    Read();
  }

  void Log(std::size_t bytes, beast::error_code ec) {
    std::FILE* log = shared_.config.access_log;
    if (log == nullptr) return;
    nlohmann::json line = {{"time", FormatTimestamp(started_us_)},
                           {"remote", remote_},
                           {"method", method_},
                           {"path", path_},
                           {"status", status_},
                           {"bytes", bytes},
                           {"ms", static_cast<double>(NowUs() - started_us_) / 1000.0},
                           {"user", user_}};
    if (ec) line["error"] = ec.message();
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::lock_guard lock(shared_.log_mutex);
    std::fprintf(log, "%s\n", text.c_str());
    std::fflush(log);
  }

  // Half-closes, then drains what the client still sends (for at most two
  // seconds) before closing: closing with unread input would make the kernel
  // reset the connection and the client could lose the answer just written
  // (a 413 or 431 sent before the request was read to its end).
  void Close() {
    if constexpr (IsTls(static_cast<Stream*>(nullptr))) {
      Lowest().expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->Lowest().close(); });
    } else {
      beast::error_code ec;
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
      if (ec) return Lowest().close();
      Lowest().expires_after(std::chrono::seconds(2));
      Drain();
    }
  }

  void Drain() {
    Lowest().async_read_some(asio::buffer(drain_buffer_),
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec) return self->Lowest().close();
                               self->Drain();
                             });
  }

  Stream stream_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<void> response_;
  std::string remote_ = "-";
  std::string method_ = "-";
  std::string path_ = "-";
  std::string user_ = "-";
  int status_ = 0;
  int64_t started_us_ = 0;
  bool idle_ = false;
  std::array<char, 4096> drain_buffer_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, tcp::acceptor acceptor, Shared& shared)
      : ioc_(ioc), acceptor_(std::move(acceptor)), shared_(shared) {}

  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void Stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (shared_.stopping || !acceptor_.is_open()) return;
    if (!ec && shared_.tls != nullptr) {
      std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(std::move(socket), shared_)->Start();
    } else if (!ec) {
      std::make_shared<Session<beast::tcp_stream>>(std::move(socket), shared_)->Start();
    }
    Accept();
  }

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  Shared& shared_;
};

Result<tcp::endpoint> ParseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return InvalidInput(fmt::format("--listen '{}': expected HOST:PORT", listen));
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port < 0 || port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    return InvalidInput(fmt::format("--listen '{}': bad port", listen));
  }
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(host, ec);
  if (ec) return InvalidInput(fmt::format("--listen '{}': '{}' is not an IP address", listen, host));
  return tcp::endpoint(address, static_cast<unsigned short>(port));
}

// Polls until every connection has closed or the drain deadline passed.
void DrainThenStop(asio::io_context& ioc, Shared& shared, std::shared_ptr<asio::steady_timer> timer,
                   std::chrono::steady_clock::time_point deadline) {
  bool empty;
  {
    std::lock_guard lock(shared.sessions_mutex);
    empty = shared.sessions.empty();
  }
  if (empty || std::chrono::steady_clock::now() > deadline) return ioc.stop();
  timer->expires_after(std::chrono::milliseconds(20));
  timer->async_wait([&ioc, &shared, timer, deadline](beast::error_code) { DrainThenStop(ioc, shared, timer, deadline); });
}

}  // namespace

// A TAXII page is a few hundred KB built and freed per request. glibc's
// default thresholds hand such blocks back to the kernel (mmap/munmap, heap
// trimming) and fault them in again on the next request: 11% of the server's
// CPU under wrk. Fixed thresholds keep them in the heap; RSS stays bounded by
// the few pages in flight per worker.
void KeepLargeBlocksInHeap() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 16 << 20);
  mallopt(M_TRIM_THRESHOLD, 32 << 20);
#endif
}

Status ServeOn(App& app, const ServerConfig& config) {
  KeepLargeBlocksInHeap();
  RAMPART_ASSIGN_OR_RETURN(tcp::endpoint endpoint, ParseListen(config.listen));
  int threads = std::max(1, config.threads);
  asio::io_context ioc(threads);
  tcp::acceptor acceptor(ioc);
  beast::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return IoError(fmt::format("cannot listen on {}: {}", config.listen, ec.message()));
  tcp::endpoint bound = acceptor.local_endpoint(ec);
  std::optional<ssl::context> tls;
  if (!config.tls_cert.empty() || !config.tls_key.empty()) {
    if (config.tls_cert.empty() || config.tls_key.empty()) {
      return InvalidInput("--tls-cert and --tls-key must be given together");
    }
    tls.emplace(ssl::context::tls_server);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    tls->use_certificate_chain_file(config.tls_cert, ec);
    if (ec) return IoError(fmt::format("--tls-cert '{}': {}", config.tls_cert, ec.message()));
    tls->use_private_key_file(config.tls_key, ssl::context::pem, ec);
    if (ec) return IoError(fmt::format("--tls-key '{}': {}", config.tls_key, ec.message()));
  }
  Shared shared{app, config, tls ? &*tls : nullptr};
  auto listener = std::make_shared<Listener>(ioc, std::move(acceptor), shared);
  listener->Accept();

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code error, int) {
    if (error) return;
    shared.stopping = true;
    listener->Stop();
    std::vector<std::shared_ptr<SessionBase>> live;
    {
      std::lock_guard lock(shared.sessions_mutex);
      for (auto& [raw, weak] : shared.sessions) {
        if (auto session = weak.lock()) live.push_back(std::move(session));
      }
    }
    for (auto& session : live) session->StopIfIdle();
    auto timer = std::make_shared<asio::steady_timer>(ioc);
    DrainThenStop(ioc, shared, timer, std::chrono::steady_clock::now() + config.drain_timeout);
  });
  if (config.on_listening) {
    config.on_listening(fmt::format("{}://{}:{}", tls ? "https" : "http", bound.address().to_string(), bound.port()));
  }

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (std::thread& thread : pool) thread.join();
  return absl::OkStatus();
}

}  // namespace rampart::server
