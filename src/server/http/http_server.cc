// The Boost.Beast glue: accept, read one request (bounded), hand it to App,
// write the answer, keep the connection alive or close it. The only file that
// knows Beast. Each connection runs on its own strand; handlers run inline on
// the worker thread that read the request.
// Boost 1.74's asio/awaitable.hpp uses std::exchange without <utility> in C++20.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

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

class Session;

struct Shared {
  App& app;
  const ServerConfig& config;
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  std::mutex log_mutex;
};

int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {
    beast::error_code ec;
    tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = fmt::format("{}:{}", peer.address().to_string(), peer.port());
  }

  void Start() {
    {
      std::lock_guard lock(shared_.sessions_mutex);
      shared_.sessions[this] = weak_from_this();
    }
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

  // Closes the connection if it is waiting for a request; a request being
  // handled or written finishes first (OnWrite then sees `stopping`).
  void StopIfIdle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->stream_.cancel();
    });
  }

  ~Session() {
    std::lock_guard lock(shared_.sessions_mutex);
    shared_.sessions.erase(this);
  }

 private:
  void Read() {
    if (shared_.stopping) return Close();
    idle_ = true;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.config.max_header_bytes));
    parser_->body_limit(shared_.config.max_body_bytes);
    stream_.expires_after(shared_.config.read_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
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
    stream_.expires_after(shared_.config.write_timeout);
    http::async_write(stream_, *out, beast::bind_front_handler(&Session::OnWrite, shared_from_this(), keep_alive));
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
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return stream_.close();
    stream_.expires_after(std::chrono::seconds(2));
    Drain();
  }

  void Drain() {
    stream_.async_read_some(asio::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->stream_.close();
                              self->Drain();
                            });
  }

  beast::tcp_stream stream_;
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
    if (!ec) std::make_shared<Session>(std::move(socket), shared_)->Start();
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

Status ServeOn(App& app, const ServerConfig& config) {
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
  Shared shared{app, config};
  auto listener = std::make_shared<Listener>(ioc, std::move(acceptor), shared);
  listener->Accept();

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code error, int) {
    if (error) return;
    shared.stopping = true;
    listener->Stop();
    std::vector<std::shared_ptr<Session>> live;
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
    config.on_listening(fmt::format("{}:{}", bound.address().to_string(), bound.port()));
  }

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (std::thread& thread : pool) thread.join();
  return absl::OkStatus();
}

}  // namespace rampart::server
