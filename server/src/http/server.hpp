// The HTTP/1.1 server: Boost.Beast over Asio (header-only, Debian's
// libboost-dev). Why Beast: it is well kept (part of Boost, released with it,
// packaged by Debian), asynchronous, so a connection waiting on a slow or idle
// client costs a socket and a buffer rather than a thread, and its parser is
// strict and enforces header and body limits as bytes arrive (a chunked body
// is refused the moment it passes the limit, never buffered whole).
//
// A few I/O threads accept, read and write every connection, each under a
// deadline (a whole head within header_timeout, a body within body_timeout, an
// idle keep-alive connection closed after idle_timeout). A complete request goes
// to a fixed pool of worker threads, where route handlers may block on the
// database (the SQLite group commit batches requests that arrive on concurrent
// workers). Connections are bounded in all and per peer address; past a bound
// a new connection is answered 503 with Connection: close at once.
#pragma once
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "http/framing.hpp"
#include "http/router.hpp"

namespace stepwise::http {

struct ServerOptions {
    std::size_t workers = 64;    // threads running route handlers
    std::size_t io_threads = 2;  // threads running the sockets
    Limits limits;
    std::chrono::milliseconds header_timeout{10'000};  // from the first byte of a request to the end of its head
    std::chrono::milliseconds body_timeout{30'000};    // from the end of the head to the end of the body
    std::chrono::milliseconds idle_timeout{30'000};    // a connection between requests (or before the first)
    std::chrono::milliseconds write_timeout{30'000};   // writing one response
    std::size_t max_connections = 10'000;
    std::size_t max_connections_per_peer = 256;
    int backlog = 4096;
};

class Server {
public:
    Server(const Router& router, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // The port bound (the one chosen for port 0), or -1 with `error` set.
    int bind(const std::string& host, int port, std::string& error);
    // Serves until stop(); false if it could not start.
    bool run();
    // From any thread (a signal handler's thread included).
    void stop();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace stepwise::http
