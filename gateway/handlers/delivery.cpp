#include "gateway/handlers/delivery.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "gateway/app.hpp"
#include "gateway/json/fields.hpp"
#include "privacy/personal_fields.hpp"
#include "storage/outbox.hpp"
#include "storage/assists_store.hpp"

namespace crossclaim::gateway::handlers {
namespace {

namespace bj = boost::json;

std::vector<std::string> branches_of(const config::settings& s, const std::string& member) {
    std::vector<std::string> out;
    for (const auto& b : s.zone.branches)
        if (b.member == member) out.push_back(b.code);
    return out;
}

std::optional<long long> whole_number(const std::string& text, long long min, long long max) {
    long long v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc{} || r.ptr != text.data() + text.size() || v < min || v > max)
        return std::nullopt;
    return v;
}

response query_error(const std::string& name, const std::string& code, const std::string& why) {
    return query_rejected({{"/query/" + name, code, why}});
}

}  // namespace

response inbox(const handler_context& ctx) {
    const auto& member = ctx.request.identity->member;
    long long after = 0;
    if (auto a = ctx.request.param("after")) {
        const auto v = whole_number(*a, 0, std::numeric_limits<long long>::max());
        if (!v) return query_error("after", "INVALID_CURSOR", "must be a cursor from the inbox");
        after = *v;
    } else {
        after = storage::inbox_position(*ctx.db, member);
    }
    int limit = 100;
    if (auto l = ctx.request.param("limit")) {
        const auto v = whole_number(*l, 1, 1000);
        if (!v) return query_error("limit", "INVALID_LIMIT", "must be from 1 to 1000");
        limit = static_cast<int>(*v);
    }
    const auto items =
        storage::read_inbox(*ctx.db, branches_of(ctx.app.settings, member), after, limit);
    bj::array events;
    for (const auto& i : items)
        events.push_back(
            bj::object{{"cursor", std::to_string(i.seq)}, {"event", bj::parse(privacy::open_personal_fields(ctx.app.keys, i.envelope_json))}});
    const std::string next =
        items.empty() ? std::to_string(after) : std::to_string(items.back().seq);
    return json_response(
        200, bj::serialize(bj::object{{"events", std::move(events)}, {"next_cursor", next}}));
}

response inbox_ack(const handler_context& ctx) {
    const auto body = json::decode_inbox_ack(ctx.request.body);
    if (!body.value) return body_rejected(body.malformed, body.errors);
    const auto& member = ctx.request.identity->member;
    if (!storage::ack_inbox(*ctx.db, member, branches_of(ctx.app.settings, member), *body.value))
        return body_rejected(
            false, {{"/up_to", "INVALID_CURSOR", "is beyond the last event of your inbox"}});
    const auto pos = storage::inbox_position(*ctx.db, member);
    return json_response(200,
                         bj::serialize(bj::object{{"acknowledged_up_to", std::to_string(pos)}}));
}

response post_assist(const handler_context& ctx) {
    const auto body = json::decode_assist(ctx.request.body);
    if (!body.value) return body_rejected(body.malformed, body.errors);
    const auto& a = *body.value;
    const auto id = storage::insert_assist(*ctx.db, ctx.request.identity->member, a.adjuster_id,
                                           a.claim_id, a.services, a.at);
    return json_response(201, bj::serialize(bj::object{{"assist_id", std::to_string(id)}}));
}

response dead_letters(const handler_context& ctx) {
    bj::array out;
    for (const auto& d :
         storage::list_dead_letters(*ctx.db, ctx.request.param("branch").value_or("")))
        out.push_back(bj::object{{"event_id", d.event_id},
                                 {"branch", d.branch},
                                 {"claim_id", d.claim_id},
                                 {"type", d.type},
                                 {"attempts", d.attempts},
                                 {"last_error", d.last_error}});
    return json_response(200, bj::serialize(bj::object{{"dead_letters", std::move(out)}}));
}

response replay(const handler_context& ctx) {
    const auto body = json::decode_replay(ctx.request.body);
    if (!body.value) return body_rejected(body.malformed, body.errors);
    const auto& r = *body.value;
    if (!r.branch.empty() && !ctx.app.settings.zone.find_branch(r.branch))
        return body_rejected(false, {{"/branch", "UNKNOWN_BRANCH", "is not a branch of the zone"}});
    const int n = storage::replay_dead_letters(*ctx.db, r.event_id, r.branch);
    return json_response(200, bj::serialize(bj::object{{"requeued", n}}));
}

}  // namespace crossclaim::gateway::handlers
