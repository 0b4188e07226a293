#include "storage/sla_store.hpp"

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

const statement take{"sla.take_overdue", R"sql(
    SELECT d.id, d.claim_id, d.party, d.stage, d.basis, extract(epoch FROM d.due)::bigint,
           d.escalation_level, p.handling_branch, p.notified_branch
    FROM sla_deadlines d JOIN claim_parties p USING (claim_id, party)
    WHERE d.met_at IS NULL AND d.cancelled_at IS NULL AND d.escalation_level < 3
      AND d.next_escalation_at <= now()
    ORDER BY d.next_escalation_at
    LIMIT $1
    FOR UPDATE OF d SKIP LOCKED)sql"};

const statement record{"sla.record_escalation", R"sql(
    INSERT INTO sla_escalations (deadline_id, level, target) VALUES ($1, $2, $3))sql"};

const statement advance{"sla.advance", R"sql(
    UPDATE sla_deadlines
    SET escalation_level = $2,
        next_escalation_at = coalesce(to_timestamp($3), next_escalation_at)
    WHERE id = $1)sql"};

}  // namespace

struct escalation_tx::impl {
    explicit impl(session& s) : sess(s), tx(s.conn()) {}
    session& sess;
    pqxx::work tx;
};

escalation_tx::escalation_tx(session& s) : impl_(std::make_unique<impl>(s)) {}
escalation_tx::~escalation_tx() = default;

std::vector<overdue_stage> escalation_tx::take_overdue(int limit) {
    impl_->sess.prepare(take);
    std::vector<overdue_stage> out;
    for (const auto& r : impl_->tx.exec_prepared(std::string(take.name), limit)) {
        overdue_stage s;
        s.deadline_id = r[0].as<long long>();
        s.claim_id = r[1].as<std::string>();
        s.party = r[2].as<std::string>();
        s.stage = r[3].as<std::string>();
        s.basis = r[4].as<std::string>();
        s.due = domain::instant{std::chrono::seconds{r[5].as<long long>()}};
        s.level = r[6].as<int>();
        s.handling_branch = r[7].as<std::string>();
        if (!r[8].is_null()) s.notified_branch = r[8].as<std::string>();
        out.push_back(std::move(s));
    }
    return out;
}

void escalation_tx::escalate(const overdue_stage& s, int level, const std::string& target,
                             std::optional<domain::instant> next_at) {
    impl_->sess.prepare(record);
    impl_->sess.prepare(advance);
    impl_->tx.exec_prepared(std::string(record.name), s.deadline_id, level, target);
    std::optional<long long> next;
    if (next_at) next = epoch(*next_at);
    impl_->tx.exec_prepared(std::string(advance.name), s.deadline_id, level, next);
}

void escalation_tx::enqueue(const std::vector<outbox_event>& events) {
    enqueue_events(impl_->tx, impl_->sess, events);
}

void escalation_tx::commit() { impl_->tx.commit(); }

}  // namespace crossclaim::storage
