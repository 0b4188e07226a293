#pragma once
// The HTTPS server: two listeners (API with mutual TLS, console without client
// certificates), one io_context per I/O thread, connections served by session.cpp, request
// logic in the route table's handlers.
// Asio and Beast stay inside server.cpp and session.{hpp,cpp}.

#include <memory>
#include <string>

#include "config/config.hpp"

namespace crossclaim::gateway {

struct app;

class server {
  public:
    explicit server(const gateway::app& a);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// Loads the TLS files and binds both listeners; on failure returns the reason.
    std::optional<std::string> bind();
    /// Where the listeners ended up (port 0 resolved).
    config::endpoint api_endpoint() const;
    config::endpoint console_endpoint() const;
    /// Serves until SIGTERM or SIGINT, then stops accepting, lets in-flight requests finish
    /// within the drain time, and returns.
    void run();

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace crossclaim::gateway
