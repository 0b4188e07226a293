#include "adapters/envelope.hpp"

#include <boost/json.hpp>

#include "support/ids.hpp"

namespace crossclaim::adapters {

storage::outbox_event make_event(const std::string& type, const std::string& claim_id,
                                 const std::string& branch, domain::instant occurred_at,
                                 const std::string& data_json) {
    storage::outbox_event e{support::new_uuid(), branch, claim_id, type, occurred_at, {}};
    boost::json::object env;
    env["event_id"] = e.event_id;
    env["type"] = type;
    env["occurred_at"] = domain::format_rfc3339(occurred_at);
    env["claim_id"] = claim_id;
    env["branch"] = branch;
    env["data"] = boost::json::parse(data_json);
    e.envelope_json = boost::json::serialize(env);
    return e;
}

}  // namespace crossclaim::adapters
