#include "storage/sealing_store.hpp"

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

const statement count_unsealed{"sealing.count", R"sql(
    SELECT (SELECT count(*) FROM claims
            WHERE strpos(document -> 'parties' -> 0 -> 'vehicle' ->> 'plate', ':') = 0)
         + (SELECT count(*) FROM outbox
            WHERE type = 'claim.routed' AND strpos(envelope -> 'data' ->> 'plate', ':') = 0))sql"};

const statement next_claims{"sealing.next_claims", R"sql(
    SELECT claim_id::text, document::text FROM claims
    WHERE claim_id > $1::uuid
      AND strpos(document -> 'parties' -> 0 -> 'vehicle' ->> 'plate', ':') = 0
    ORDER BY claim_id LIMIT $2
    FOR UPDATE)sql"};

const statement next_events{"sealing.next_events", R"sql(
    SELECT seq, envelope::text FROM outbox
    WHERE seq > $1 AND type = 'claim.routed' AND strpos(envelope -> 'data' ->> 'plate', ':') = 0
    ORDER BY seq LIMIT $2
    FOR UPDATE)sql"};

// json, not jsonb: the sealed text keeps the key order it was written with.
const statement write_claim{"sealing.write_claim",
                            "UPDATE claims SET document = $2::json WHERE claim_id = $1::uuid"};
const statement write_event{"sealing.write_event",
                            "UPDATE outbox SET envelope = $2::json WHERE seq = $1"};

}  // namespace

long long unsealed_rows(session& s) {
    work_tx w(s);
    const auto n = w.exec(count_unsealed)[0][0].as<long long>();
    w.tx.commit();
    return n;
}

int seal_batch(session& s, const sealer& seal, seal_cursor& at, int limit) {
    work_tx w(s);
    int sealed = 0;
    for (const auto& row : w.exec(next_claims, at.claim_id, limit)) {
        at.claim_id = row[0].as<std::string>();
        w.exec(write_claim, at.claim_id, seal(row[1].as<std::string>()));
        ++sealed;
    }
    for (const auto& row : w.exec(next_events, at.seq, limit)) {
        at.seq = row[0].as<long long>();
        w.exec(write_event, at.seq, seal(row[1].as<std::string>()));
        ++sealed;
    }
    w.tx.commit();
    return sealed;
}

}  // namespace crossclaim::storage
