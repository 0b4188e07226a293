#include "services/lifecycle.hpp"

#include <boost/json.hpp>

#include "adapters/envelope.hpp"
#include "domain/sla.hpp"
#include "storage/claims_store.hpp"

namespace crossclaim::services {

namespace bj = boost::json;

status_changed change_status(storage::session& db, const config::settings& s,
                             const std::string& member, const std::string& recorded_by,
                             const status_change& c, domain::instant now) {
    status_changed out;
    storage::claims_tx tx(db);
    if (!tx.visible_to(c.claim_id, member)) {
        out.result = status_changed::not_found;
        return out;
    }
    const auto party = tx.lock_party(c.claim_id, c.party);
    if (!party) {
        out.result = status_changed::unknown_party;
        return out;
    }
    out.previous_status = party->status;
    if (party->insurer != member) {
        out.result = status_changed::not_insurer;
        return out;
    }
    const auto from = domain::parse_claim_status(party->status);
    if (!from || !domain::can_transition(*from, c.status)) {
        out.result = status_changed::not_allowed;
        return out;
    }

    const std::string to = std::string(domain::to_string(c.status));
    const auto method = c.method ? std::optional<std::string>(std::string(domain::to_string(*c.method)))
                                 : std::nullopt;
    tx.record_status({c.claim_id, c.party, to, c.at, c.amount, method, c.reason, recorded_by});

    // The stage this status completes, and the clocks it starts or ends.
    std::vector<std::string> met{to};
    using enum domain::claim_status;
    if (c.status == rejected) met.push_back("APPROVED");  // decided
    tx.meet_stages(c.claim_id, c.party, met, c.at);
    if (c.status == rejected || c.status == withdrawn || c.status == closed)
        tx.cancel_open_deadlines(c.claim_id, c.party, c.at);
    std::vector<storage::deadline_row> next;
    if (const auto tier = domain::parse_sla_tier(party->tier))
        for (const auto& dl : domain::deadlines_from(*tier, c.status, c.at, s.calendar))
            next.push_back({c.party, party->tier, std::string(domain::to_string(dl.stage)),
                            std::string(dl.basis), dl.due});
    tx.add_deadlines(c.claim_id, next);

    bj::object data{{"party", c.party},
                    {"previous_status", party->status},
                    {"status", to},
                    {"at", domain::format_rfc3339(c.at)},
                    {"recorded_by", recorded_by}};
    if (c.amount) data["amount"] = domain::to_string(*c.amount);
    if (method) data["method"] = *method;
    if (c.reason) data["reason"] = *c.reason;
    const std::string data_text = bj::serialize(data);
    std::vector<storage::outbox_event> events{adapters::make_event(
        adapters::claim_status_changed, c.claim_id, party->handling_branch, now, data_text)};
    if (party->notified_branch)
        events.push_back(adapters::make_event(adapters::claim_status_changed, c.claim_id,
                                              *party->notified_branch, now, data_text));
    tx.enqueue(events);
    tx.commit();
    return out;
}

}  // namespace crossclaim::services
