// The pipelined connection of an I/O thread (storage/pipeline.cpp) against a real PostgreSQL:
// answers in order and to the right caller, warnings that do not disturb them, a failing
// statement failing alone, a bound on what waits, a connection the server ends replaced, a
// database that does not answer refused in bounded time, and 20,000 statements on one
// connection and no new descriptors.

#include "storage/pipeline.hpp"

#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <pqxx/pqxx>

#include "harness.hpp"

using namespace crossclaim::testing;
namespace storage = crossclaim::storage;
using namespace std::chrono_literals;

namespace {

const storage::statement echo{"t.echo", "SELECT $1::text || '!'"};
const storage::statement null_value{"t.null", "SELECT NULL::text"};
const storage::statement no_row{"t.no_row", "SELECT 'x' WHERE false"};
const storage::statement divide{"t.divide", "SELECT (1 / $1::int)::text"};
const storage::statement backend{"t.backend", "SELECT pg_backend_pid()::text"};

// What one statement came back with.
struct outcome {
    bool done = false;
    std::optional<std::string> value;
    std::optional<storage::failure> failed;
};

// Sends `s` and records its outcome in `out` and, when given, `out`'s place in `answered` (both
// must outlive the io_context's run).
bool send(storage::pipeline& p, const storage::statement& s, std::vector<std::string> params,
          outcome& out, std::vector<const outcome*>* answered = nullptr) {
    return p.fetch_value(
        s, std::move(params),
        [&out, answered](std::optional<std::string> v) {
            out.done = true;
            out.value = std::move(v);
            if (answered) answered->push_back(&out);
        },
        [&out, answered](storage::failure f) {
            out.done = true;
            out.failed = f;
            if (answered) answered->push_back(&out);
        });
}

void run(boost::asio::io_context& io) {
    io.restart();
    io.run_for(20s);
}

// Sends `s` alone and runs the io_context until it is answered; its outcome.
outcome answer_alone(boost::asio::io_context& io, storage::pipeline& p, const storage::statement& s,
                     std::vector<std::string> params) {
    outcome out;
    REQUIRE(send(p, s, std::move(params), out));
    run(io);
    return out;
}

std::size_t open_descriptors() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

long long connections_to(const test_database& db) {
    pqxx::connection c(db.url());
    pqxx::nontransaction n(c);
    return n
        .exec1(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()")[0]
        .as<long long>();
}

}  // namespace

TEST_CASE("a pipeline answers every statement with its own row, in the order sent",
          "[integration][pipeline]") {
    test_database db;
    boost::asio::io_context io;
    storage::pipeline p(io, db.url(), 1000, 5s);

    std::vector<outcome> echoes(500);
    std::vector<const outcome*> answered;
    for (int i = 0; i < 500; ++i)
        REQUIRE(send(p, echo, {"claim-" + std::to_string(i)}, echoes[i], &answered));
    outcome null_out, no_row_out;
    REQUIRE(send(p, null_value, {}, null_out));
    REQUIRE(send(p, no_row, {}, no_row_out));
    // Nothing is answered inside fetch_value.
    CHECK_FALSE(echoes[0].done);
    run(io);

    int right = 0;
    for (int i = 0; i < 500; ++i)
        right += echoes[i].value == std::optional<std::string>("claim-" + std::to_string(i) + "!");
    CHECK(right == 500);
    REQUIRE(answered.size() == 500);
    int in_order = 0;
    for (int i = 0; i < 500; ++i) in_order += answered[i] == &echoes[i];
    CHECK(in_order == 500);
    CHECK(null_out.done);
    CHECK_FALSE(null_out.value);
    CHECK_FALSE(null_out.failed);
    CHECK(no_row_out.done);
    CHECK_FALSE(no_row_out.value);
    CHECK_FALSE(no_row_out.failed);
}

TEST_CASE("statements that come while a round trip is out wait for it and go together in the next",
          "[integration][pipeline]") {
    test_database db;
    boost::asio::io_context io;
    storage::pipeline p(io, db.url(), 100, 5s);
    REQUIRE(answer_alone(io, p, echo, {"x"}).value == std::optional<std::string>("x!"));

    // A round trip's statements are one transaction: they see one transaction_timestamp().
    const storage::statement slow{"t.slow",
                                  "SELECT transaction_timestamp()::text FROM pg_sleep(1)"};
    const storage::statement started{"t.started", "SELECT transaction_timestamp()::text"};
    outcome first;
    REQUIRE(send(p, slow, {}, first));
    // Ten more, each from its own turn of the event loop, 10 ms apart: all while the first is out
    // (0.9 s to spare, for a slow machine).
    std::vector<outcome> later(10);
    boost::asio::steady_timer timer(io);
    std::function<void(std::size_t)> next = [&](std::size_t i) {
        timer.expires_after(10ms);
        timer.async_wait([&, i](boost::system::error_code) {
            REQUIRE(send(p, started, {}, later[i]));
            if (i + 1 < later.size()) next(i + 1);
        });
    };
    next(0);
    run(io);

    REQUIRE(first.value);
    for (const auto& o : later) {
        REQUIRE(o.value);
        CHECK(*o.value == *later[0].value);  // one round trip for the ten
    }
    CHECK(*later[0].value != *first.value);  // not with the first: they waited for it
}

TEST_CASE("a statement whose server raises a warning is answered, and the next ones in order",
          "[integration][pipeline]") {
    test_database db;
    {
        pqxx::connection c(db.url());
        pqxx::nontransaction n(c);
        n.exec0(
            "CREATE FUNCTION t_warns(v text) RETURNS text LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE WARNING 'careful with %', v; RETURN v; END $$");
    }
    const storage::statement warns{"t.warns", "SELECT t_warns($1)"};
    boost::asio::io_context io;
    storage::pipeline p(io, db.url(), 100, 5s);
    outcome a, b, c;
    REQUIRE(send(p, warns, {"a"}, a));
    REQUIRE(send(p, echo, {"b"}, b));
    REQUIRE(send(p, warns, {"c"}, c));
    run(io);
    CHECK(a.value == std::optional<std::string>("a"));
    CHECK(b.value == std::optional<std::string>("b!"));
    CHECK(c.value == std::optional<std::string>("c"));
}

TEST_CASE(
    "a failing statement fails as internal, the rest of its batch is refused for now, "
    "and the connection goes on",
    "[integration][pipeline]") {
    test_database db;
    boost::asio::io_context io;
    storage::pipeline p(io, db.url(), 100, 5s);

    outcome before, failing, after;
    REQUIRE(send(p, divide, {"1"}, before));
    REQUIRE(send(p, divide, {"0"}, failing));  // division by zero, SQLSTATE 22012
    REQUIRE(send(p, divide, {"2"}, after));
    run(io);
    CHECK(before.value == std::optional<std::string>("1"));
    CHECK(failing.failed == storage::failure::internal);
    // Sent in the same round trip, after the failure: PostgreSQL skipped it.
    CHECK(after.failed == storage::failure::unavailable);

    outcome next;
    REQUIRE(send(p, divide, {"1"}, next));
    run(io);
    CHECK(next.value == std::optional<std::string>("1"));
    CHECK(connections_to(db) == 1);
}

TEST_CASE("a pipeline refuses statements beyond its limit, and takes them again once answered",
          "[integration][pipeline]") {
    test_database db;
    boost::asio::io_context io;
    storage::pipeline p(io, db.url(), 3, 5s);
    std::vector<outcome> out(4);
    CHECK(send(p, echo, {"a"}, out[0]));
    CHECK(send(p, echo, {"b"}, out[1]));
    CHECK(send(p, echo, {"c"}, out[2]));
    CHECK_FALSE(send(p, echo, {"d"}, out[3]));
    run(io);
    CHECK(out[2].value == std::optional<std::string>("c!"));
    CHECK_FALSE(out[3].done);  // refused: neither callback was called
    CHECK(send(p, echo, {"d"}, out[3]));
    run(io);
    CHECK(out[3].value == std::optional<std::string>("d!"));
}

TEST_CASE("a connection the server ends is replaced, and the statement sent on it is answered",
          "[integration][pipeline]") {
    test_database db;
    boost::asio::io_context io;
    storage::pipeline p(io, db.url(), 100, 5s);
    const auto first = answer_alone(io, p, backend, {});
    REQUIRE(first.value);

    {
        pqxx::connection c(db.url());
        pqxx::nontransaction n(c);
        n.exec("SELECT pg_terminate_backend(" + *first.value + ")");
    }
    // The pipeline only learns of it when it next sends: that statement goes again on a new
    // connection, once.
    outcome second, third;
    REQUIRE(send(p, backend, {}, second));
    REQUIRE(send(p, echo, {"x"}, third));
    run(io);
    INFO((second.failed ? "failed" : "answered"));
    REQUIRE(second.value);
    CHECK(*second.value != *first.value);
    CHECK(third.value == std::optional<std::string>("x!"));
}

TEST_CASE("a database that cannot be reached or does not answer fails statements in bounded time",
          "[integration][pipeline]") {
    boost::asio::io_context io;
    SECTION("nothing listens") {
        // A port that was just free: connecting is refused at once.
        boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
        const auto port = a.local_endpoint().port();
        a.close();
        storage::pipeline p(io, "postgresql://x@127.0.0.1:" + std::to_string(port) + "/x", 10, 2s);
        outcome out;
        REQUIRE(send(p, echo, {"a"}, out));
        const auto started = std::chrono::steady_clock::now();
        run(io);
        CHECK(out.failed == storage::failure::unavailable);
        CHECK(std::chrono::steady_clock::now() - started < 2s);
    }
    SECTION("a listener that never answers") {
        // The kernel accepts the connection into the backlog; nobody ever speaks.
        boost::asio::ip::tcp::acceptor silent(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
        const auto port = silent.local_endpoint().port();
        storage::pipeline p(
            io, "postgresql://x@127.0.0.1:" + std::to_string(port) + "/x?sslmode=disable", 10, 1s);
        outcome a, b;
        REQUIRE(send(p, echo, {"a"}, a));
        REQUIRE(send(p, echo, {"b"}, b));
        const auto started = std::chrono::steady_clock::now();
        run(io);
        const auto took = std::chrono::steady_clock::now() - started;
        CHECK(a.failed == storage::failure::unavailable);
        CHECK(b.failed == storage::failure::unavailable);
        CHECK(took >= 900ms);
        CHECK(took < 5s);
    }
}

TEST_CASE("20,000 statements go through one connection and leave no descriptor behind",
          "[integration][pipeline][soak]") {
    test_database db;
    boost::asio::io_context io;
    storage::pipeline p(io, db.url(), 512, 5s);
    REQUIRE(answer_alone(io, p, echo, {"warm"}).value);
    const auto descriptors = open_descriptors();

    int answered = 0;
    for (int round = 0; round < 100; ++round) {
        std::vector<outcome> out(200);
        for (int i = 0; i < 200; ++i) REQUIRE(send(p, echo, {std::to_string(i)}, out[i]));
        run(io);
        for (int i = 0; i < 200; ++i)
            answered += out[i].value == std::optional<std::string>(std::to_string(i) + "!");
    }
    CHECK(answered == 20000);
    CHECK(open_descriptors() == descriptors);
    CHECK(connections_to(db) == 1);
}
