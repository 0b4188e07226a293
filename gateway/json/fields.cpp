#include "gateway/json/fields.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <system_error>
#include <utility>

#include "domain/validation.hpp"
#include "gateway/json/body_reader.hpp"
#include "privacy/identifiers.hpp"

namespace crossclaim::gateway::json {
namespace {

namespace bj = boost::json;
using domain::claim_status;

constexpr std::size_t max_reason = 500;
constexpr std::size_t max_adjuster_id = 64;

constexpr std::array<std::string_view, 6> assist_services = {
    "REPORT_TO_POLICE", "REPORT_TO_INSURER", "PHOTOS", "RESCUE", "GUIDANCE", "SURVEY_HELP"};

// Parses the body and hands its root object to `read`; the value is only handed out when
// nothing was recorded, so a caller never sees half a body.
template <class T, class Read>
decoded<T> decode_body(std::string_view body, Read read) {
    decoded<T> out;
    const auto root = parse_body(body);
    if (!root) {
        out.malformed = true;
        out.errors.push_back(malformed_json_error());
        return out;
    }
    out.errors = duplicate_key_errors(body);
    if (!out.errors.empty()) return out;
    body_reader r;
    std::optional<T> value;
    if (const auto* o = r.root_object(*root)) value = read(r, *o);
    out.errors = r.take_errors();
    if (out.errors.empty()) out.value = std::move(value);
    return out;
}

// --- status change -------------------------------------------------------------------------

// How a member that only some statuses take stands for one status.
enum class presence { required, allowed, refused };

presence amount_presence(claim_status s) {
    switch (s) {
        case claim_status::assessed:
        case claim_status::paid:
            return presence::required;
        case claim_status::approved:
            return presence::allowed;
        default:
            return presence::refused;
    }
}

presence method_presence(claim_status s) {
    return s == claim_status::paid ? presence::required : presence::refused;
}

presence reason_presence(claim_status s) {
    switch (s) {
        case claim_status::rejected:
            return presence::required;
        case claim_status::withdrawn:
        case claim_status::disputed:
            return presence::allowed;
        default:
            return presence::refused;
    }
}

// REPORTED and ROUTED are the gateway's own: a report sets the one, routing the other.
bool member_may_post(claim_status s) {
    return s != claim_status::reported && s != claim_status::routed;
}

std::string postable_statuses() {
    std::string out;
    for (const auto s : domain::all_claim_statuses()) {
        if (!member_may_post(s)) continue;
        if (!out.empty()) out += ", ";
        out += domain::to_string(s);
    }
    return out;
}

// Whether a status-dependent member is to be read, and if so whether it is required. With
// the status unreadable (already reported) the member is read as optional: its own form can
// still be judged, its presence cannot. A member the status refuses is reported, not read.
struct admission {
    bool read;
    bool required;
};

admission admit(body_reader& r, const bj::object& o, std::string_view key,
                std::optional<claim_status> status, presence (*rule)(claim_status)) {
    if (!status) return {true, false};
    switch (rule(*status)) {
        case presence::required:
            return {true, true};
        case presence::allowed:
            return {true, false};
        case presence::refused:
            break;
    }
    if (r.member(o, "", key, false) != nullptr)
        r.fail(child("", key), "UNEXPECTED_FIELD",
               "is not taken by status " + std::string(domain::to_string(*status)));
    return {false, false};
}

std::optional<status_change> read_status_change(body_reader& r, const bj::object& o) {
    const std::string root;
    r.reject_unknown(o, root, {"party", "status", "at", "amount", "method", "reason"});
    status_change c;
    if (auto p = r.role(o, root, "party")) c.party = std::move(*p);

    std::optional<claim_status> status;
    if (auto s = r.text(o, root, "status")) {
        const auto parsed = domain::parse_claim_status(*s);
        if (parsed && member_may_post(*parsed))
            status = parsed;
        else
            r.fail(child(root, "status"), "INVALID_STATUS",
                   (parsed ? *s + " is set by the gateway itself; must" : std::string("must")) +
                       " be one of " + postable_statuses());
    }
    if (status) c.status = *status;
    if (auto t = r.time(o, root, "at")) c.at = *t;

    if (const auto a = admit(r, o, "amount", status, amount_presence); a.read)
        c.amount = r.money(o, root, "amount", a.required);

    if (const auto a = admit(r, o, "method", status, method_presence); a.read) {
        if (auto m = r.text(o, root, "method", a.required)) {
            c.method = domain::parse_payment_method(*m);
            if (!c.method)
                r.fail(child(root, "method"), "INVALID_METHOD",
                       "must be BANK_TRANSFER, CHECK, CASH or E_PAYMENT");
        }
    }

    if (const auto a = admit(r, o, "reason", status, reason_presence); a.read) {
        // An optional reason that is given must still say something.
        const bool present = r.member(o, root, "reason", false) != nullptr;
        c.reason = r.bounded_text(o, root, "reason", max_reason, a.required || present);
    }
    return c;
}

// --- assist --------------------------------------------------------------------------------

// 8-4-4-4-12 hexadecimal digits. Upper-case digits are accepted on input, as RFC 9562 asks.
bool canonical_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
}

std::optional<assist> read_assist(body_reader& r, const bj::object& o) {
    const std::string root;
    r.reject_unknown(o, root, {"adjuster_id", "claim_id", "services", "at"});
    assist a;
    if (auto id = r.text(o, root, "adjuster_id")) {
        const auto p = child(root, "adjuster_id");
        // Visible ASCII, like external_ref: the id is compared as text, so a space or control
        // character that a member's system adds or trims would count one adjuster as two.
        if (id->empty())
            r.fail(p, "MISSING", "must not be empty");
        else if (!visible_ascii(*id))
            r.fail(p, "INVALID_ADJUSTER_ID", "must be printable ASCII without spaces");
        else if (id->size() > max_adjuster_id)
            r.fail(p, "TOO_LONG",
                   "must be at most " + std::to_string(max_adjuster_id) + " characters");
        a.adjuster_id = std::move(*id);
    }
    if (auto id = r.text(o, root, "claim_id")) {
        if (!canonical_uuid(*id))
            r.fail(child(root, "claim_id"), "INVALID_CLAIM_ID",
                   "must be a claim id such as 3f2b8c1e-0d4a-4e8f-9b6a-2c1d5e7f8a90");
        // Claim ids are written in lower case; the same id always reads the same.
        std::transform(id->begin(), id->end(), id->begin(), [](char ch) {
            return static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        });
        a.claim_id = std::move(*id);
    }
    if (const auto* services = r.array(o, root, "services")) {
        const auto p = child(root, "services");
        if (services->empty()) r.fail(p, "MISSING", "must name at least one service");
        for (std::size_t i = 0; i < services->size(); ++i) {
            const auto ep = child(p, i);
            const auto* s = (*services)[i].if_string();
            if (s == nullptr) {
                r.fail(ep, "WRONG_TYPE", "must be a string");
                continue;
            }
            const std::string name(s->data(), s->size());
            if (std::find(assist_services.begin(), assist_services.end(), name) ==
                assist_services.end())
                r.fail(ep, "INVALID_SERVICE",
                       "must be REPORT_TO_POLICE, REPORT_TO_INSURER, PHOTOS, RESCUE, GUIDANCE "
                       "or SURVEY_HELP");
            else if (std::find(a.services.begin(), a.services.end(), name) != a.services.end())
                r.fail(ep, "INVALID_SERVICE", "repeats a service already named");
            else
                a.services.push_back(name);
        }
    }
    if (auto t = r.time(o, root, "at")) a.at = *t;
    return a;
}

// --- inbox ack -----------------------------------------------------------------------------

std::optional<long long> read_cursor(body_reader& r, const bj::object& o) {
    const std::string root;
    r.reject_unknown(o, root, {"up_to"});
    const auto* v = r.member(o, root, "up_to", true);
    if (v == nullptr) return std::nullopt;
    if (v->is_int64() && v->get_int64() >= 0) return static_cast<long long>(v->get_int64());
    // Strings, because cursors are 64-bit and not every member's JSON library keeps integers
    // that large exact; digits only, so that "-1", "+1" and " 1" are refused alike.
    if (const auto* s = v->if_string()) {
        const std::string_view t(s->data(), s->size());
        long long n = 0;
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
        if (!t.empty() &&
            std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            ec == std::errc{} && end == t.data() + t.size())
            return n;
    }
    r.fail(child(root, "up_to"), "INVALID_CURSOR",
           "must be a non-negative integer or a string of digits");
    return std::nullopt;
}

// --- dead-letter replay --------------------------------------------------------------------

std::optional<replay_request> read_replay(body_reader& r, const bj::object& o) {
    const std::string root;
    r.reject_unknown(o, root, {"event_id", "branch"});
    replay_request out;
    out.event_id = r.text(o, root, "event_id", false).value_or("");
    out.branch = r.text(o, root, "branch", false).value_or("");
    return out;
}

// --- console login ---------------------------------------------------------------------------

std::optional<login_body> read_login(body_reader& r, const bj::object& o) {
    const std::string root;
    r.reject_unknown(o, root, {"name", "password"});
    login_body out;
    out.name = r.bounded_text(o, root, "name", 64, true).value_or("");
    out.password = r.bounded_text(o, root, "password", 1024, true).value_or("");
    return out;
}

// --- investigators and adjusters ----------------------------------------------------------

std::optional<lead_change> read_lead_change(body_reader& r, const bj::object& o) {
    const std::string root;
    r.reject_unknown(o, root, {"status", "assignee", "note", "confirmed_amount"});
    lead_change c;
    c.status = r.text(o, root, "status", false);
    c.assignee = r.bounded_text(o, root, "assignee", 100, false);
    c.note = r.bounded_text(o, root, "note", 2000, false);
    if (o.contains("confirmed_amount")) c.confirmed_amount = r.money(o, root, "confirmed_amount");
    if (!c.status && !c.assignee && !c.note && !c.confirmed_amount && r.ok())
        r.fail("", "EMPTY_CHANGE", "name at least one of status, assignee, note, confirmed_amount");
    return c;
}

// A list of identifiers of one kind, each normalised and checked by `valid`.
std::vector<std::string> identifiers(body_reader& r, const bj::object& o, std::string_view key,
                                     privacy::id_kind kind, bool (*valid)(std::string_view),
                                     std::string_view code, const std::string& message) {
    std::vector<std::string> out;
    const auto* list = r.array(o, "", key, false);
    if (list == nullptr) return out;
    const auto p = child("", key);
    if (list->size() > 20) r.fail(p, "TOO_MANY", "at most 20 values");
    for (std::size_t i = 0; i < list->size() && i < 20; ++i) {
        const auto* s = (*list)[i].if_string();
        if (s == nullptr) {
            r.fail(child(p, i), "WRONG_TYPE", "must be a string");
            continue;
        }
        const auto n = privacy::normalise(kind, std::string_view(s->data(), s->size()));
        if (!n || !valid(*n))
            r.fail(child(p, i), code, message);
        else
            out.push_back(*n);
    }
    return out;
}

bool any_mobile(std::string_view phone) { return phone.size() == 11; }

std::optional<fraud_report_body> read_fraud_report(body_reader& r, const bj::object& o) {
    const std::string root;
    r.reject_unknown(
        o, root, {"adjuster_id", "claim_id", "plates", "id_numbers", "phones", "note", "evidence"});
    fraud_report_body b;
    if (auto id = r.bounded_text(o, root, "adjuster_id", max_adjuster_id, true))
        b.adjuster_id = std::move(*id);
    if (auto id = r.text(o, root, "claim_id", false)) {
        if (!canonical_uuid(*id))
            r.fail(child(root, "claim_id"), "INVALID_CLAIM_ID", "must be a claim id");
        std::transform(id->begin(), id->end(), id->begin(), [](char ch) {
            return static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        });
        b.claim_id = std::move(*id);
    }
    using privacy::id_kind;
    b.plates = identifiers(r, o, "plates", id_kind::plate, domain::valid_plate, "INVALID_PLATE",
                           "must be a mainland plate such as 甘E12345");
    b.id_numbers = identifiers(r, o, "id_numbers", id_kind::id_number, domain::valid_id_number,
                               "INVALID_ID_NUMBER", "must be an 18-character resident ID number");
    b.phones = identifiers(r, o, "phones", id_kind::phone, any_mobile, "INVALID_PHONE",
                           "must be a mainland mobile number");
    b.evidence = identifiers(r, o, "evidence", id_kind::evidence, domain::valid_sha256_hex,
                             "INVALID_EVIDENCE_HASH", "must be 64 hexadecimal characters");
    if (auto n = r.bounded_text(o, root, "note", 2000, true)) b.note = std::move(*n);
    if (!b.claim_id && b.plates.empty() && b.id_numbers.empty() && b.phones.empty() && r.ok())
        r.fail("", "NOTHING_REPORTED", "name a claim_id or at least one plate, ID number or phone");
    return b;
}

}  // namespace

decoded<lead_change> decode_lead_change(std::string_view body) {
    return decode_body<lead_change>(body, read_lead_change);
}

decoded<fraud_report_body> decode_fraud_report(std::string_view body) {
    return decode_body<fraud_report_body>(body, read_fraud_report);
}

decoded<login_body> decode_login(std::string_view body) {
    return decode_body<login_body>(body, read_login);
}

decoded<replay_request> decode_replay(std::string_view body) {
    return decode_body<replay_request>(body, read_replay);
}

decoded<status_change> decode_status_change(std::string_view body) {
    return decode_body<status_change>(body, read_status_change);
}

decoded<assist> decode_assist(std::string_view body) {
    return decode_body<assist>(body, read_assist);
}

decoded<long long> decode_inbox_ack(std::string_view body) {
    return decode_body<long long>(body, read_cursor);
}

}  // namespace crossclaim::gateway::json
