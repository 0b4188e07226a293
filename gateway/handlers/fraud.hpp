#pragma once
// The fraud pool's routes: investigators' leads, graph, entity search, referral and rule
// figures; adjusters' reports from the scene. Each decodes, calls services/investigation,
// encodes.

#include "gateway/router.hpp"

namespace crossclaim::gateway::handlers {

response list_leads(const handler_context& ctx);
response get_lead(const handler_context& ctx);
response patch_lead(const handler_context& ctx);
response lead_graph(const handler_context& ctx);
response lead_referral(const handler_context& ctx);
response search_entities(const handler_context& ctx);
response fraud_rules(const handler_context& ctx);
response post_fraud_report(const handler_context& ctx);

}  // namespace crossclaim::gateway::handlers
