#include "storage/outbox.hpp"

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

// Held from the first outbox insert of a transaction to its commit, so that transactions
// append to the outbox one at a time and seq order is commit order: a reader that has seen
// seq N never later finds a smaller seq appear. "CROB" in ASCII.
constexpr long long outbox_lock_key = 0x43524f42;

const statement outbox_lock{"outbox.lock", "SELECT pg_advisory_xact_lock($1)"};

const statement insert_event{"outbox.insert", R"sql(
    INSERT INTO outbox (event_id, branch, claim_id, type, occurred_at, envelope)
    VALUES ($1, $2, $3, $4, to_timestamp($5), $6::json))sql"};

const statement next_due{"outbox.next_due", R"sql(
    SELECT o.seq, o.event_id, o.branch, o.claim_id, o.type, o.envelope::text, o.attempts
    FROM outbox o
    WHERE o.status = 'pending' AND o.next_attempt_at <= now() AND o.branch = ANY($1::text[])
      AND NOT EXISTS (SELECT 1 FROM outbox p
                      WHERE p.branch = o.branch AND p.claim_id = o.claim_id AND p.seq < o.seq
                        AND p.status <> 'delivered')
    ORDER BY o.seq
    LIMIT 1
    FOR UPDATE SKIP LOCKED)sql"};

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
    SELECT seq, envelope::text FROM outbox
    WHERE branch = ANY($1::text[]) AND seq > $2
    ORDER BY seq LIMIT $3)sql"};

const statement inbox_last{
    "outbox.inbox_last", "SELECT coalesce(max(seq), 0) FROM outbox WHERE branch = ANY($1::text[])"};

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

void enqueue_events(pqxx::work& tx, session& s, const std::vector<outbox_event>& events) {
    if (events.empty()) return;
    s.prepare(outbox_lock);
    tx.exec_prepared(std::string(outbox_lock.name), outbox_lock_key);
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

struct outbox_claim::impl {
    impl(session& s) : sess(s), tx(s.conn()) {}
    session& sess;
    pqxx::work tx;
};

outbox_claim::outbox_claim(std::unique_ptr<impl> i, claimed_event e)
    : impl_(std::move(i)), event_(std::move(e)) {}
outbox_claim::~outbox_claim() = default;

std::unique_ptr<outbox_claim> outbox_claim::next(session& s,
                                                 const std::vector<std::string>& branches) {
    if (branches.empty()) return nullptr;
    auto i = std::make_unique<impl>(s);
    s.prepare(next_due);
    const auto r = i->tx.exec_prepared(std::string(next_due.name), text_array(branches));
    if (r.empty()) return nullptr;
    claimed_event e{r[0][0].as<long long>(),   r[0][1].as<std::string>(), r[0][2].as<std::string>(),
                    r[0][3].as<std::string>(), r[0][4].as<std::string>(), r[0][5].as<std::string>(),
                    r[0][6].as<int>()};
    return std::make_unique<outbox_claim>(std::move(i), std::move(e));
}

void outbox_claim::delivered() {
    impl_->sess.prepare(mark_delivered);
    impl_->tx.exec_prepared(std::string(mark_delivered.name), event_.seq);
    impl_->tx.commit();
}

void outbox_claim::failed(const std::string& error, std::chrono::milliseconds retry_in, bool dead) {
    impl_->sess.prepare(mark_failed);
    impl_->tx.exec_prepared(std::string(mark_failed.name), event_.seq, error.substr(0, 1000), dead,
                            static_cast<long long>(retry_in.count()));
    impl_->tx.commit();
}

std::vector<inbox_item> read_inbox(session& s, const std::vector<std::string>& branches,
                                   long long after, int limit) {
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
