#include "http/server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace stepwise::http {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

namespace {

// Route handlers run here: a fixed number of threads, whatever the number of
// connections (each connection has at most one request in the queue).
class WorkerPool {
public:
    explicit WorkerPool(std::size_t n) {
        for (std::size_t i = 0; i < std::max<std::size_t>(1, n); ++i)
            threads_.emplace_back([this] { work(); });
    }
    ~WorkerPool() { stop(); }
    void post(std::function<void()> job) {
        {
            std::lock_guard<std::mutex> lock(m_);
            if (stopped_) return;
            jobs_.push_back(std::move(job));
        }
        cv_.notify_one();
    }
    void stop() {
        {
            std::lock_guard<std::mutex> lock(m_);
            if (stopped_ && threads_.empty()) return;
            stopped_ = true;
        }
        cv_.notify_all();
        for (auto& t : threads_) t.join();
        threads_.clear();
        std::deque<std::function<void()>> left;
        {
            std::lock_guard<std::mutex> lock(m_);
            left.swap(jobs_);
        }
    }

private:
    void work() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock<std::mutex> lock(m_);
                cv_.wait(lock, [this] { return stopped_ || !jobs_.empty(); });
                if (stopped_) return;
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            job();
        }
    }
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    bool stopped_ = false;
};

std::string seconds_text(std::chrono::milliseconds d) {
    const auto ms = d.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

bool says_close(const Response& res) {
    auto range = res.headers.equal_range("Connection");
    for (auto it = range.first; it != range.second; ++it)
        if (boost::beast::iequals(it->second, "close")) return true;
    return false;
}

bool quiet_end(const error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
           ec == net::error::broken_pipe || ec == net::error::operation_aborted || ec == bhttp::error::partial_message;
}

}  // namespace

struct Server::Impl {
    const Router& router;
    ServerOptions o;

    // Open connections, in all and per peer address.
    std::mutex count_m;
    std::size_t total = 0;
    std::unordered_map<std::string, std::size_t> per_peer;
    std::atomic<std::size_t> rejecting{0};

    WorkerPool pool;
    net::io_context ioc;
    tcp::acceptor acceptor{ioc};
    net::steady_timer accept_retry{ioc};
    std::atomic<bool> stopping{false};

    Impl(const Router& r, ServerOptions opts)
        : router(r), o(std::move(opts)), pool(o.workers), ioc(static_cast<int>(std::max<std::size_t>(1, o.io_threads))) {}

    bool admit(const std::string& peer) {
        std::lock_guard<std::mutex> lock(count_m);
        auto& n = per_peer[peer];
        if (total >= o.max_connections || n >= o.max_connections_per_peer) {
            if (n == 0) per_peer.erase(peer);
            return false;
        }
        ++n;
        ++total;
        return true;
    }
    void release(const std::string& peer) {
        std::lock_guard<std::mutex> lock(count_m);
        --total;
        auto it = per_peer.find(peer);
        if (it != per_peer.end() && --it->second == 0) per_peer.erase(it);
    }
    void accept();
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(Server::Impl& srv, tcp::socket socket, std::string peer, int port, bool counted)
        : srv_(srv), socket_(std::move(socket)), timer_(socket_.get_executor()),
          buffer_(srv.o.limits.max_header_bytes + 64 * 1024), peer_(std::move(peer)), port_(port), counted_(counted) {}
    ~Session() {
        if (counted_)
            srv_.release(peer_);
        else
            --srv_.rejecting;
    }

    tcp::socket::executor_type executor() { return socket_.get_executor(); }

    void start() {
        if (!counted_)
            return refuse({503, "too many connections (at most " + std::to_string(srv_.o.max_connections) + ", " +
                                    std::to_string(srv_.o.max_connections_per_peer) + " per address); try again"});
        wait_for_request();
    }

private:
    // One deadline at a time; when it passes, the pending operation is
    // cancelled and its handler sees timed_out_.
    void arm(std::chrono::milliseconds d) {
        timed_out_ = false;
        timer_.expires_after(d);
        timer_.async_wait([self = shared_from_this(), gen = ++gen_](error_code ec) {
            if (ec || gen != self->gen_) return;
            self->timed_out_ = true;
            error_code ignored;
            self->socket_.cancel(ignored);
        });
    }
    void disarm() {
        ++gen_;
        timer_.cancel();
    }

    void wait_for_request() {
        parser_.emplace();
        configure(*parser_, srv_.o.limits);
        if (buffer_.size() > 0) return read_head();  // a pipelined request is here already
        arm(srv_.o.idle_timeout);
        socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](error_code ec) {
            if (ec) return self->close_now();
            self->read_head();
        });
    }

    void read_head() {
        arm(srv_.o.header_timeout);
        bhttp::async_read_header(socket_, buffer_, *parser_,
                                 [self = shared_from_this()](error_code ec, std::size_t) { self->on_head(ec); });
    }

    void on_head(error_code ec) {
        if (ec) {
            if (timed_out_)
                return refuse({408, "request head not complete within " + seconds_text(srv_.o.header_timeout)});
            if (quiet_end(ec)) return close_now();
            if (ec == bhttp::error::buffer_overflow) return refuse(refusal_for(bhttp::error::header_limit, srv_.o.limits));
            return refuse(refusal_for(ec, srv_.o.limits));
        }
        if (auto r = check_head(*parser_)) return refuse(*r);
        if (parser_->is_done()) return dispatch();
        if (boost::beast::iequals(parser_->get()[bhttp::field::expect], "100-continue")) {
            static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
            arm(srv_.o.write_timeout);
            return net::async_write(socket_, net::buffer(kContinue, sizeof kContinue - 1),
                                    [self = shared_from_this()](error_code ec, std::size_t) {
                                        if (ec) return self->close_now();
                                        self->read_body();
                                    });
        }
        read_body();
    }

    void read_body() {
        arm(srv_.o.body_timeout);
        bhttp::async_read(socket_, buffer_, *parser_, [self = shared_from_this()](error_code ec, std::size_t) {
            if (!ec) return self->dispatch();
            if (self->timed_out_)
                return self->refuse({408, "request body not received within " + seconds_text(self->srv_.o.body_timeout)});
            if (quiet_end(ec)) return self->close_now();
            if (ec == bhttp::error::buffer_overflow) return self->refuse({400, "bad chunked body: a line too long"});
            self->refuse(refusal_for(ec, self->srv_.o.limits));
        });
    }

    void dispatch() {
        disarm();
        auto req = std::make_shared<Request>();
        req->remote_addr = peer_;
        req->remote_port = port_;
        if (auto r = assemble(*parser_, *req)) return refuse(*r);
        keep_alive_ = parser_->get().keep_alive();
        parser_.reset();
        srv_.pool.post([self = shared_from_this(), req] {
            auto res = std::make_shared<Response>();
            self->srv_.router.handle(*req, *res);
            net::post(self->socket_.get_executor(), [self, req, res] { self->write(*req, *res, self->keep_alive_); });
        });
    }

    // The connection answers (limits, timeouts, framing, too many connections)
    // and closes: the rest of the request is never read.
    void refuse(const Refusal& r) {
        disarm();
        Request req;
        req.remote_addr = peer_;
        req.remote_port = port_;
        if (parser_ && parser_->is_header_done()) {
            const auto& h = parser_->get();
            req.method = std::string(h.method_string());
            req.target = std::string(h.target());
            req.path = percent_decode(std::string_view(req.target).substr(0, req.target.find('?')), false);
        }
        parser_.reset();
        Response res;
        res.status = r.status;
        res.set_content(r.message, "text/plain; charset=utf-8");
        res.set_header("Connection", "close");
        if (r.status == 503) res.set_header("Retry-After", "1");
        srv_.router.finish_error(req, res);
        write(req, res, false);
    }

    void write(const Request& req, const Response& res, bool keep_alive) {
        auto msg = std::make_shared<bhttp::response<bhttp::string_body>>();
        msg->version(11);
        msg->result(static_cast<unsigned>(res.status >= 100 && res.status <= 999 ? res.status : 500));
        for (const auto& [name, value] : res.headers) {
            if (boost::beast::iequals(name, "Connection") || boost::beast::iequals(name, "Content-Length") ||
                boost::beast::iequals(name, "Transfer-Encoding"))
                continue;
            msg->insert(name, value);
        }
        const bool close = !keep_alive || says_close(res) || srv_.stopping;
        const bool no_body = res.status < 200 || res.status == 204 || res.status == 304;
        if (!no_body) {
            msg->set(bhttp::field::content_length, std::to_string(res.body.size()));
            if (req.method != "HEAD") msg->body() = res.body;
        }
        msg->keep_alive(!close);
        if (!close) msg->set("Keep-Alive", "timeout=" + std::to_string(srv_.o.idle_timeout.count() / 1000));
        arm(srv_.o.write_timeout);
        bhttp::async_write(socket_, *msg, [self = shared_from_this(), msg, close](error_code ec, std::size_t) {
            self->disarm();
            if (ec) return self->close_now();
            if (close) return self->linger();
            self->wait_for_request();
        });
    }

    // Closing with unread input would make the kernel reset the connection and
    // the client could lose the answer: stop sending, read and drop what is
    // still coming for a moment, then close.
    void linger() {
        error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_send, ignored);
        buffer_.clear();
        arm(std::chrono::milliseconds(2000));
        drain();
    }
    void drain() {
        socket_.async_read_some(buffer_.prepare(16 * 1024), [self = shared_from_this()](error_code ec, std::size_t n) {
            self->drained_ += n;
            if (ec || self->drained_ > (64u << 20)) return self->close_now();
            self->drain();
        });
    }

    void close_now() {
        disarm();
        error_code ignored;
        socket_.close(ignored);
    }

    Server::Impl& srv_;
    tcp::socket socket_;
    net::steady_timer timer_;
    boost::beast::flat_buffer buffer_;
    std::optional<Parser> parser_;
    std::string peer_;
    int port_;
    bool counted_;
    bool timed_out_ = false;
    bool keep_alive_ = false;
    std::uint64_t gen_ = 0;
    std::size_t drained_ = 0;
};

}  // namespace

void Server::Impl::accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
        if (stopping) return;
        if (ec) {
            // Out of descriptors (or a transient error): try again shortly
            // rather than spin.
            accept_retry.expires_after(std::chrono::milliseconds(50));
            accept_retry.async_wait([this](error_code) { accept(); });
            return;
        }
        error_code ep_ec;
        const auto ep = socket.remote_endpoint(ep_ec);
        if (!ep_ec) {
            socket.set_option(tcp::no_delay(true), ep_ec);
            std::string peer = ep.address().to_string();
            const bool counted = admit(peer);
            // Refusals are short-lived (one small write, then close), but
            // bounded too: past that the connection is just closed.
            if (counted || ++rejecting <= 1024) {
                auto s = std::make_shared<Session>(*this, std::move(socket), std::move(peer), ep.port(), counted);
                net::post(s->executor(), [s] { s->start(); });
            } else {
                --rejecting;
            }
        }
        accept();
    });
}

Server::Server(const Router& router, ServerOptions options) : impl_(std::make_unique<Impl>(router, std::move(options))) {}

Server::~Server() = default;

int Server::bind(const std::string& host, int port, std::string& error) {
    try {
        error_code ec;
        const auto address = net::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
        if (ec) {
            error = "not an IP address: " + host;
            return -1;
        }
        const tcp::endpoint ep(address, static_cast<unsigned short>(port));
        auto& a = impl_->acceptor;
        a.open(ep.protocol());
        a.set_option(tcp::acceptor::reuse_address(true));
        a.bind(ep);
        a.listen(impl_->o.backlog);
        return a.local_endpoint().port();
    } catch (const boost::system::system_error& e) {
        error = e.code().message();
        return -1;
    }
}

bool Server::run() {
    if (!impl_->acceptor.is_open()) return false;
    net::post(impl_->ioc, [this] { impl_->accept(); });
    std::vector<std::thread> extra;
    for (std::size_t i = 1; i < impl_->o.io_threads; ++i) extra.emplace_back([this] { impl_->ioc.run(); });
    impl_->ioc.run();
    for (auto& t : extra) t.join();
    impl_->pool.stop();
    return true;
}

void Server::stop() {
    impl_->stopping = true;
    net::post(impl_->ioc, [this] {
        error_code ignored;
        impl_->acceptor.close(ignored);
        impl_->accept_retry.cancel();
        impl_->ioc.stop();
    });
}

}  // namespace stepwise::http
