// Two gateway instances behind HAProxy in TCP mode, as an operator would run them: mutual TLS
// still ends at the gateway, the PROXY protocol (v2) passes the client's address, and when one
// instance is killed under load the clients see at most their requests in flight fail, which
// succeed when sent again with the same external_ref.

#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <optional>
#include <pqxx/pqxx>

#include "claims_api.hpp"
#include "harness.hpp"

using namespace crossclaim::testing;
using namespace std::chrono_literals;

namespace {

// Debian's HAProxy in the foreground, balancing `backends` from 127.0.0.1:port().
class haproxy_process {
  public:
    explicit haproxy_process(const std::vector<int>& backends) : port_(free_port()) {
        const auto cfg = dir_.path() + "/haproxy.cfg";
        std::ofstream out(cfg);
        out << "global\n  maxconn 2000\n"
               "defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 30s\n"
               "  timeout server 30s\n  retries 3\n  option redispatch\n"
               "frontend api\n  bind 127.0.0.1:"
            << port_ << "\n  default_backend gateways\n"
               "backend gateways\n  balance roundrobin\n";
        for (std::size_t i = 0; i < backends.size(); ++i)
            out << "  server gw" << i << " 127.0.0.1:" << backends[i]
                << " send-proxy-v2 check inter 100ms fall 1 rise 2\n";
        out.close();
        pid_ = spawn_process({"/usr/sbin/haproxy", "-db", "-f", cfg}, dir_.path() + "/haproxy.log");
        REQUIRE(eventually([&] { return port_open(port_); }, 5s));
    }
    ~haproxy_process() {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
    }
    int port() const { return port_; }

  private:
    temp_dir dir_;
    int port_;
    pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("two gateways behind HAProxy: the client's address arrives by the PROXY protocol, and "
          "a killed instance costs at most the requests in flight",
          "[integration][cluster]") {
    test_pki pki;
    test_database db;
    const gateway_process::options behind_proxy{
        .db_url = db.url(),
        .pki = &pki,
        .replace = {{"proxy_protocol = false", "proxy_protocol = true"}}};
    std::optional<gateway_process> one;
    one.emplace(behind_proxy);
    gateway_process two(behind_proxy);
    haproxy_process lb({one->api_port(), two.api_port()});
    const auto picc = pki.issue("PICC", "insurer", "picc-core");

    // Mutual TLS ends at the gateway; the gateway logs the client's own address and port.
    {
        https_connection c(lb.port(), picc, pki.ca());
        CHECK(c.get("/v1/inbox?after=0").status == 200);
        const std::string client = "\"client\":\"127.0.0.1:" + std::to_string(c.local_port()) + "\"";
        CHECK(eventually(
            [&] {
                return one->log().find(client) != std::string::npos ||
                       two.log().find(client) != std::string::npos;
            },
            5s));
    }
    // A connection that skips the balancer (no PROXY header) is closed before TLS.
    CHECK(refused(two.api_port(), picc, pki.ca()));

    constexpr int client_count = 4;
    intake_load load(lb.port(), picc, pki, "LB", client_count);
    REQUIRE(eventually([&] { return load.acknowledged_count() >= 100; }, 30s));
    one->signal(SIGKILL);
    REQUIRE(one->wait(5s));
    // Gone: its sockets were closed before it could be waited for.
    const auto gone = intake_load::clock::now();
    // The survivor carries the load on.
    const auto at_kill = load.acknowledged_count();
    CHECK(eventually([&] { return load.acknowledged_count() >= at_kill + 100; }, 30s));
    load.stop();
    const auto answered = load.acknowledged();
    const auto unanswered = load.unanswered();

    // In flight: sent before the killed instance was gone. Those may fail: the one each client
    // had open at the kill, and any the balancer handed to the dying instance before its
    // health check saw it down (a connection its closing listener had already accepted is
    // reset, not refused, so it is not retried). Nothing sent after it was gone may fail:
    // refused connections are retried on the survivor.
    INFO(answered.size() << " acknowledged, " << unanswered.size() << " failed, "
                         << load.unanswered_sent_after(gone) << " of them sent after it was gone");
    CHECK(load.unanswered_sent_after(gone) == 0);
    for (const auto& ref : unanswered) {
        const auto r = https(lb.port(), "POST", "/v1/claims", picc, pki.ca(), claim_body(ref),
                             {{"Content-Type", "application/json"}});
        CHECK((r.status == 200 || r.status == 201));
    }
    pqxx::connection c(db.url());
    pqxx::nontransaction n(c);
    CHECK(n.exec1("SELECT count(*) FROM claims")[0].as<std::size_t>() ==
          answered.size() + unanswered.size());
    CHECK(n.exec1("SELECT count(DISTINCT external_ref) FROM claims")[0].as<std::size_t>() ==
          answered.size() + unanswered.size());
}
