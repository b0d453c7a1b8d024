// Test support for the fleet: child processes, a nats-server with
// JetStream on loopback (one node or a 3-node cluster), each on free ports
// with its own store folder, stopped and removed with the object.
//
// Every test that needs a server first checks NatsServerInstalled() and
// skips with a message naming the Debian package when it is not.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace rampart::testing {

// True if `nats-server` is on PATH.
bool NatsServerInstalled();

// A port on 127.0.0.1 that was free a moment ago.
int FreePort();

// A child process with stdout and stderr to files; killed (SIGKILL) and
// reaped on destruction if still running.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::string& out_path, const std::string& err_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  pid_t pid() const { return pid_; }
  void Signal(int sig);
  // Waits for the exit; returns the exit status, or 128 + signal.
  int Wait();
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

// One nats-server -js node.
class NatsServer {
 public:
  // Starts a standalone server storing under `dir`. `extra` is appended to
  // the command line (cluster options).
  explicit NatsServer(const std::string& dir, const std::vector<std::string>& extra = {}, int port = 0);
  ~NatsServer();
  std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  // SIGTERM and wait (lame duck: clients move to another node).
  void Stop();
  bool running() const { return process_ != nullptr && process_->running(); }
  const std::string& log_path() const { return log_; }

 private:
  int port_;
  std::string log_;
  std::unique_ptr<ChildProcess> process_;
};

// Three JetStream nodes routed into one cluster on loopback.
class NatsCluster {
 public:
  explicit NatsCluster(const std::string& dir);
  // Every node's URL, comma-separated (a client fails over along them).
  std::string urls() const;
  NatsServer& node(int i) { return *nodes_[static_cast<size_t>(i)]; }

 private:
  std::vector<std::unique_ptr<NatsServer>> nodes_;
};

// Waits until the server(s) at `url` accept connections (up to 20 s).
bool WaitForPort(int port);

}  // namespace rampart::testing
