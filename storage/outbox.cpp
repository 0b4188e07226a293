#include "storage/outbox.hpp"

#include <thread>

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

// Taken (without waiting) by the one reader that numbers the inbox; see
// migrations/0003_outbox_without_lock.sql. Writers take no lock. "CROB" in ASCII.
constexpr long long numbering_lock_key = 0x43524f42;

const statement numbering_lock{"outbox.numbering_lock", "SELECT pg_try_advisory_xact_lock($1)"};

// Numbers the rows whose transactions have all ended: those between the last horizon and this
// snapshot's xmin, in (xid, seq) order.
const statement number_inbox{"outbox.number", R"sql(
    WITH state AS (SELECT horizon, last_position FROM inbox_numbering),
         now AS (SELECT greatest(state.horizon, pg_snapshot_xmin(pg_current_snapshot())) AS horizon
                 FROM state),
         ready AS (SELECT o.seq, o.branch, row_number() OVER (ORDER BY o.xid, o.seq) AS k
                   FROM outbox o, state, now
                   WHERE o.xid >= state.horizon AND o.xid < now.horizon),
         numbered AS (INSERT INTO inbox_positions (position, seq, branch)
                      SELECT state.last_position + ready.k, ready.seq, ready.branch
                      FROM ready, state)
    UPDATE inbox_numbering
    SET horizon = now.horizon, last_position = last_position + (SELECT count(*) FROM ready)
    FROM now)sql"};

const statement insert_event{"outbox.insert", R"sql(
    INSERT INTO outbox (event_id, branch, claim_id, type, occurred_at, envelope)
    VALUES ($1, $2, $3, $4, to_timestamp($5), $6::json))sql"};

// Leases the next due event: it is not due again until the lease ends, so no open transaction
// is held while a receiver answers. A lease that ends unsettled (a crash) makes it due again.
const statement next_due{"outbox.next_due", R"sql(
    UPDATE outbox SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
    WHERE seq = (
        SELECT o.seq FROM outbox o
        WHERE o.status = 'pending' AND o.next_attempt_at <= now()
          AND o.branch = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM outbox p
                          WHERE p.branch = o.branch AND p.claim_id = o.claim_id
                            AND p.seq < o.seq AND p.status <> 'delivered')
        ORDER BY o.seq
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
    RETURNING seq, event_id, branch, claim_id, type, envelope::text, attempts)sql"};

const statement mark_delivered{"outbox.delivered", R"sql(
    UPDATE outbox SET status = 'delivered', delivered_at = now(), attempts = attempts + 1,
                      last_error = NULL
    WHERE seq = $1)sql"};

const statement mark_failed{"outbox.failed", R"sql(
    UPDATE outbox SET attempts = attempts + 1, last_error = $2,
                      status = CASE WHEN $3 THEN 'dead' ELSE 'pending' END,
                      next_attempt_at = now() + make_interval(secs => $4::double precision / 1000)
    WHERE seq = $1)sql"};

const statement inbox_read{"outbox.inbox", R"sql(
    SELECT p.position, o.envelope::text
    FROM inbox_positions p JOIN outbox o USING (seq)
    WHERE p.branch = ANY($1::text[]) AND p.position > $2
    ORDER BY p.position LIMIT $3)sql"};

const statement inbox_last{"outbox.inbox_last", R"sql(
    SELECT coalesce(max(position), 0) FROM inbox_positions WHERE branch = ANY($1::text[]))sql"};

const statement inbox_pos{"outbox.inbox_position",
                          "SELECT up_to FROM inbox_acks WHERE member = $1"};

const statement inbox_ack{"outbox.inbox_ack", R"sql(
    INSERT INTO inbox_acks (member, up_to) VALUES ($1, $2)
    ON CONFLICT (member) DO UPDATE
    SET up_to = greatest(inbox_acks.up_to, excluded.up_to), updated_at = now())sql"};

const statement dead_list{"outbox.dead_list", R"sql(
    SELECT event_id, branch, claim_id, type, attempts, coalesce(last_error, '')
    FROM outbox WHERE status = 'dead' AND ($1 = '' OR branch = $1) ORDER BY seq)sql"};

const statement dead_replay{"outbox.dead_replay", R"sql(
    UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
    WHERE status = 'dead' AND ($1 = '' OR event_id::text = $1) AND ($2 = '' OR branch = $2))sql"};

}  // namespace

std::string text_array(const std::vector<std::string>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        out += '"';
        for (char c : values[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

namespace {

const statement snapshot_xmax{"outbox.snapshot_xmax",
                              "SELECT pg_snapshot_xmax(pg_current_snapshot())::text"};
const statement numbered_past{"outbox.numbered_past",
                              "SELECT horizon >= $1::xid8 FROM inbox_numbering"};

// Gives positions to the events whose transactions have ended, one reader at a time (another
// reader at it does the same work).
void number_once(session& s) {
    s.prepare(numbering_lock);
    s.prepare(number_inbox);
    pqxx::work tx(s.conn());
    if (!tx.exec_prepared1(std::string(numbering_lock.name), numbering_lock_key)[0].as<bool>())
        return;
    tx.exec_prepared0(std::string(number_inbox.name));
    tx.commit();
}

// Numbers until every event committed before this call has a position, so a member reads
// its own writes: that takes as long as the transactions already running then (a few
// milliseconds). One left open for longer (a stuck session) delays the newer events, not the
// reader: after `patience`, it reads what is numbered.
void number_new_events(session& s, std::chrono::milliseconds patience = std::chrono::seconds(2)) {
    s.prepare(snapshot_xmax);
    s.prepare(numbered_past);
    const auto target = pqxx::nontransaction(s.conn())
                            .exec_prepared1(std::string(snapshot_xmax.name))[0]
                            .as<std::string>();
    const auto give_up = std::chrono::steady_clock::now() + patience;
    while (true) {
        number_once(s);
        if (pqxx::nontransaction(s.conn())
                .exec_prepared1(std::string(numbered_past.name), target)[0]
                .as<bool>())
            return;
        if (std::chrono::steady_clock::now() >= give_up) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace

void enqueue_events(pqxx::work& tx, session& s, const std::vector<outbox_event>& events) {
    s.prepare(insert_event);
    for (const auto& e : events)
        tx.exec_prepared(std::string(insert_event.name), e.event_id, e.branch, e.claim_id, e.type,
                         epoch(e.occurred_at), e.envelope_json);
}

struct background_connection::impl {
    std::string url;
    std::unique_ptr<pqxx::connection> conn;
    std::optional<session> sess;
};

background_connection::background_connection(std::string url) : impl_(std::make_unique<impl>()) {
    impl_->url = std::move(url);
}
background_connection::~background_connection() = default;

session& background_connection::get() {
    if (!impl_->conn || !impl_->conn->is_open()) {
        impl_->sess.reset();
        impl_->conn = std::make_unique<pqxx::connection>(impl_->url);
        impl_->sess.emplace(*impl_->conn);
    }
    return *impl_->sess;
}

void background_connection::reset() {
    impl_->sess.reset();
    impl_->conn.reset();
}

std::unique_ptr<outbox_claim> outbox_claim::next(session& s,
                                                 const std::vector<std::string>& branches,
                                                 std::chrono::milliseconds lease) {
    if (branches.empty()) return nullptr;
    s.prepare(next_due);
    pqxx::nontransaction tx(s.conn());
    const auto r = tx.exec_prepared(std::string(next_due.name), text_array(branches),
                                    static_cast<long long>(lease.count()));
    if (r.empty()) return nullptr;
    claimed_event e{r[0][0].as<long long>(),   r[0][1].as<std::string>(), r[0][2].as<std::string>(),
                    r[0][3].as<std::string>(), r[0][4].as<std::string>(), r[0][5].as<std::string>(),
                    r[0][6].as<int>()};
    return std::make_unique<outbox_claim>(s, std::move(e));
}

void outbox_claim::delivered() {
    sess_.prepare(mark_delivered);
    pqxx::nontransaction tx(sess_.conn());
    tx.exec_prepared(std::string(mark_delivered.name), event_.seq);
}

void outbox_claim::failed(const std::string& error, std::chrono::milliseconds retry_in, bool dead) {
    sess_.prepare(mark_failed);
    pqxx::nontransaction tx(sess_.conn());
    tx.exec_prepared(std::string(mark_failed.name), event_.seq, error.substr(0, 1000), dead,
                     static_cast<long long>(retry_in.count()));
}

std::vector<inbox_item> read_inbox(session& s, const std::vector<std::string>& branches,
                                   long long after, int limit) {
    number_new_events(s);
    s.prepare(inbox_read);
    pqxx::read_transaction tx(s.conn());
    std::vector<inbox_item> out;
    for (const auto& row :
         tx.exec_prepared(std::string(inbox_read.name), text_array(branches), after, limit))
        out.push_back({row[0].as<long long>(), row[1].as<std::string>()});
    return out;
}

long long inbox_position(session& s, const std::string& member) {
    s.prepare(inbox_pos);
    pqxx::read_transaction tx(s.conn());
    const auto r = tx.exec_prepared(std::string(inbox_pos.name), member);
    return r.empty() ? 0 : r[0][0].as<long long>();
}

bool ack_inbox(session& s, const std::string& member, const std::vector<std::string>& branches,
               long long up_to) {
    number_new_events(s);
    s.prepare(inbox_last);
    s.prepare(inbox_ack);
    pqxx::work tx(s.conn());
    const auto last =
        tx.exec_prepared1(std::string(inbox_last.name), text_array(branches))[0].as<long long>();
    if (up_to > last) return false;
    tx.exec_prepared(std::string(inbox_ack.name), member, up_to);
    tx.commit();
    return true;
}

std::vector<dead_letter> list_dead_letters(session& s, const std::string& branch) {
    s.prepare(dead_list);
    pqxx::read_transaction tx(s.conn());
    std::vector<dead_letter> out;
    for (const auto& row : tx.exec_prepared(std::string(dead_list.name), branch))
        out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                       row[3].as<std::string>(), row[4].as<int>(), row[5].as<std::string>()});
    return out;
}

int replay_dead_letters(session& s, const std::string& event_id, const std::string& branch) {
    s.prepare(dead_replay);
    pqxx::work tx(s.conn());
    const auto r = tx.exec_prepared(std::string(dead_replay.name), event_id, branch);
    tx.commit();
    return static_cast<int>(r.affected_rows());
}

}  // namespace crossclaim::storage
