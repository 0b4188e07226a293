#include "gateway/json/claim_json.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "domain/money.hpp"
#include "domain/time.hpp"
#include "domain/validation.hpp"
#include "gateway/json/body_reader.hpp"
#include "privacy/identifiers.hpp"

namespace crossclaim::gateway::json {
namespace {

namespace bj = boost::json;

// Sane limits: a report is typed by a clerk or a core system, never a document.
constexpr std::size_t max_external_ref = 64;
constexpr std::size_t max_free_text = 500;  // accident location and description
constexpr std::size_t max_name = 100;
constexpr std::size_t max_policy_number = 64;
constexpr std::size_t max_situations_per_party = 3;

bool valid_situation_code(std::int64_t code) { return (code >= 1 && code <= 21) || code == 99; }

// One role's list from accident.situations, kept until the parties' roles are known.
struct situation_list {
    std::string path;
    std::vector<int> codes;
};

// Walks the body in the shape of API.md, recording every problem instead of stopping at the
// first, and fills a claim that is only handed out when nothing was recorded.
class decoder : body_reader {
  public:
    explicit decoder(const domain::zone& zone) : zone_(zone) {}

    domain::claim decode(const bj::value& root) {
        domain::claim c;
        const auto* body = root_object(root);
        if (body == nullptr) return c;
        const std::string path;
        reject_unknown(*body, path, {"external_ref", "accident", "parties"});

        if (auto ref = text(*body, path, "external_ref")) {
            const auto p = child(path, "external_ref");
            // Visible ASCII only: the reference is an idempotency key, and a space or control
            // character that a member's system adds or trims would silently make a second claim.
            if (ref->empty())
                fail(p, "INVALID_EXTERNAL_REF", "must not be empty");
            else if (!visible_ascii(*ref))
                fail(p, "INVALID_EXTERNAL_REF", "must be printable ASCII without spaces");
            else if (ref->size() > max_external_ref)
                fail(p, "TOO_LONG", "must be at most 64 characters");
            c.external_ref = std::move(*ref);
        }

        std::map<std::string, situation_list> situations;
        if (const auto* acc = object(*body, path, "accident"))
            c.accident = accident(*acc, child(path, "accident"), situations);

        bool roles_known = false;
        if (const auto* parties = array(*body, path, "parties")) {
            roles_known = true;  // unless a party below has no readable role
            const auto p = child(path, "parties");
            if (parties->empty()) fail(p, "NO_PARTIES", "must name at least one party");
            for (std::size_t i = 0; i < parties->size(); ++i) {
                const auto ip = child(p, i);
                if (const auto* o = (*parties)[i].if_object()) {
                    c.parties.push_back(party(*o, ip));
                    const auto* r = o->if_contains("role");
                    if (r == nullptr || !r->is_string()) roles_known = false;
                } else {
                    fail(ip, "WRONG_TYPE", "must be an object");
                    roles_known = false;
                }
            }
        }

        // A key can only be called unknown when every party's role could be read; otherwise
        // the unreadable party, already reported, may be the one it belongs to.
        for (auto& entry : situations) {
            const auto& role = entry.first;
            auto& list = entry.second;
            auto it = std::find_if(c.parties.begin(), c.parties.end(),
                                   [&](const domain::party& p) { return p.role == role; });
            if (it != c.parties.end())
                it->situations = std::move(list.codes);
            else if (roles_known)
                fail(list.path, "SITUATIONS_UNKNOWN_ROLE", "is not the role of any party");
        }
        return c;
    }

    using body_reader::take_errors;

  private:
    domain::accident accident(const bj::object& o, const std::string& path,
                              std::map<std::string, situation_list>& situations) {
        reject_unknown(o, path,
                       {"occurred_at", "region", "county", "location", "situations", "injuries",
                        "external_property_damage", "description"});
        domain::accident a;
        if (auto t = time(o, path, "occurred_at")) a.occurred_at = *t;

        bool region_ok = false;
        if (auto r = text(o, path, "region")) {
            if (!domain::is_prefecture_code(*r))
                fail(child(path, "region"), "INVALID_REGION",
                     "must be a 6-digit prefecture code such as 621200");
            else if (!zone_.is_member_region(*r))
                fail(child(path, "region"), "NOT_MEMBER_REGION",
                     "the accident must have happened in a member region of the zone");
            else
                region_ok = true;
            a.region = std::move(*r);
        }
        if (auto county = text(o, path, "county")) {
            // Against an invalid region only the county's own form can be judged.
            const bool fits = region_ok ? zone_.has_county(a.region, *county)
                                        : domain::county_in_region(*county, *county);
            if (!fits)
                fail(child(path, "county"), "COUNTY_NOT_IN_REGION",
                     region_ok ? "must be a county of the accident region (GB/T 2260)"
                               : "must be a 6-digit county code");
            a.county = std::move(*county);
        }
        if (auto s = bounded_text(o, path, "location", max_free_text, false))
            a.location = std::move(*s);
        if (const auto* sit = object(o, path, "situations"))
            situation_lists(*sit, child(path, "situations"), situations);
        if (auto b = flag(o, path, "injuries")) a.injuries = *b;
        if (auto b = flag(o, path, "external_property_damage")) a.external_property_damage = *b;
        if (auto s = bounded_text(o, path, "description", max_free_text, false))
            a.description = std::move(*s);
        return a;
    }

    void situation_lists(const bj::object& o, const std::string& path,
                         std::map<std::string, situation_list>& out) {
        for (const auto& kv : o) {
            const std::string role(kv.key().data(), kv.key().size());
            const auto rp = child(path, role);
            situation_list list{rp, {}};
            const auto* arr = kv.value().if_array();
            if (arr == nullptr) {
                fail(rp, "WRONG_TYPE", "must be an array of situation numbers");
                out.emplace(role, std::move(list));
                continue;
            }
            if (arr->size() > max_situations_per_party)
                fail(rp, "INVALID_SITUATION", "a party ticks at most three situations");
            for (std::size_t i = 0; i < arr->size(); ++i) {
                const auto ep = child(rp, i);
                const auto& e = (*arr)[i];
                if (!e.is_int64() && !e.is_uint64()) {
                    fail(ep, "WRONG_TYPE", "must be an integer");
                    continue;
                }
                if (!e.is_int64() || !valid_situation_code(e.get_int64())) {
                    fail(ep, "INVALID_SITUATION", "must be a situation number 1-21 or 99");
                    continue;
                }
                const int code = static_cast<int>(e.get_int64());
                if (std::find(list.codes.begin(), list.codes.end(), code) != list.codes.end()) {
                    fail(ep, "INVALID_SITUATION", "repeats a situation already ticked");
                    continue;
                }
                list.codes.push_back(code);
            }
            out.emplace(role, std::move(list));
        }
    }

    domain::party party(const bj::object& o, const std::string& path) {
        reject_unknown(o, path,
                       {"role", "vehicle", "driver", "policy", "estimated_loss", "evidence",
                        "repair_shop", "payee_account"});
        domain::party p;
        if (auto r = role(o, path, "role")) {
            if (valid_role(*r) && !roles_.insert(*r).second)
                fail(child(path, "role"), "DUPLICATE_ROLE", "another party already has this role");
            p.role = std::move(*r);
        }
        if (const auto* v = object(o, path, "vehicle"))
            p.vehicle = vehicle(*v, child(path, "vehicle"));
        if (const auto* d = object(o, path, "driver")) p.driver = driver(*d, child(path, "driver"));
        if (const auto* pol = object(o, path, "policy"))
            p.policy = policy(*pol, child(path, "policy"));
        if (auto m = money(o, path, "estimated_loss")) p.estimated_loss = *m;
        if (const auto* shop = object(o, path, "repair_shop", false))
            p.repair_shop = repair_shop(*shop, child(path, "repair_shop"));
        if (auto s = identifier(o, path, "payee_account", privacy::id_kind::account, false)) {
            if (!domain::valid_account(*s))
                fail(child(path, "payee_account"), "INVALID_ACCOUNT",
                     "must be a bank account number of 12 to 30 digits");
            p.payee_account = std::move(*s);
        }
        if (const auto* ev = array(o, path, "evidence", false)) {
            const auto ep = child(path, "evidence");
            for (std::size_t i = 0; i < ev->size(); ++i) {
                const auto ip = child(ep, i);
                if (const auto* e = (*ev)[i].if_object())
                    p.evidence.push_back(evidence(*e, ip));
                else
                    fail(ip, "WRONG_TYPE", "must be an object");
            }
        }
        return p;
    }

    domain::vehicle vehicle(const bj::object& o, const std::string& path) {
        reject_unknown(o, path, {"plate", "vin", "drivable"});
        domain::vehicle v;
        if (auto s = identifier(o, path, "plate", privacy::id_kind::plate)) {
            if (!domain::valid_plate(*s))
                fail(child(path, "plate"), "INVALID_PLATE",
                     "must be a mainland plate such as 甘E12345");
            v.plate = std::move(*s);
        }
        if (auto s = identifier(o, path, "vin", privacy::id_kind::vin)) {
            if (!domain::valid_vin(*s))
                fail(child(path, "vin"), "INVALID_VIN",
                     "must be 17 upper-case characters with a valid check digit");
            v.vin = std::move(*s);
        }
        if (auto b = flag(o, path, "drivable")) v.drivable = *b;
        return v;
    }

    domain::person driver(const bj::object& o, const std::string& path) {
        reject_unknown(o, path, {"name", "id_number", "phone"});
        domain::person d;
        if (auto s = bounded_text(o, path, "name", max_name, true)) d.name = std::move(*s);
        if (auto s = identifier(o, path, "id_number", privacy::id_kind::id_number)) {
            if (!domain::valid_id_number(*s))
                fail(child(path, "id_number"), "INVALID_ID_NUMBER",
                     "must be an 18-character resident ID number with a valid check digit");
            d.id_number = std::move(*s);
        }
        if (auto s = text(o, path, "phone")) {
            // Integrators send +86, spaces and dashes; the mobile number is what is kept.
            auto normalised = privacy::normalise(privacy::id_kind::phone, *s);
            if (!normalised)
                fail(child(path, "phone"), "INVALID_PHONE",
                     "must be a mainland mobile number such as 13800000000 or +86 138 0000 0000");
            else if (!zone_.mobile.allocated(*normalised))
                fail(child(path, "phone"), "INVALID_PHONE",
                     "is not in a number segment allocated to mobiles");
            d.phone = normalised.value_or(*s);
        }
        return d;
    }

    domain::repair_shop repair_shop(const bj::object& o, const std::string& path) {
        reject_unknown(o, path, {"name", "credit_code"});
        domain::repair_shop shop;
        if (auto s = bounded_text(o, path, "name", max_name, true)) shop.name = std::move(*s);
        if (auto s = identifier(o, path, "credit_code", privacy::id_kind::shop)) {
            if (!domain::valid_credit_code(*s))
                fail(child(path, "credit_code"), "INVALID_CREDIT_CODE",
                     "must be an 18-character unified social credit code with a valid check "
                     "character");
            shop.credit_code = std::move(*s);
        }
        return shop;
    }

    // A string field holding a personal identifier, in its normalised form (privacy/).
    std::optional<std::string> identifier(const bj::object& o, const std::string& path,
                                          std::string_view key, privacy::id_kind kind,
                                          bool required = true) {
        auto s = text(o, path, key, required);
        if (!s) return s;
        if (auto n = privacy::normalise(kind, *s)) return n;
        return s;  // not UTF-8: the validator refuses it as it stands
    }

    // Number and period of a cover; the caller has already checked the object's keys.
    void cover_fields(const bj::object& o, const std::string& path, domain::cover& c) {
        if (auto s = bounded_text(o, path, "number", max_policy_number, true))
            c.number = std::move(*s);
        const auto start = date(o, path, "start");
        const auto end = date(o, path, "end");
        if (start) c.start = *start;
        if (end) c.end = *end;
        if (start && end && *end < *start)
            fail(child(path, "end"), "POLICY_DATES_REVERSED", "must not be before start");
    }

    domain::policy policy(const bj::object& o, const std::string& path) {
        reject_unknown(o, path,
                       {"insurer", "region", "compulsory", "commercial_tpl", "own_damage"});
        domain::policy p;
        if (auto s = text(o, path, "insurer")) {
            if (!zone_.is_member(*s))
                fail(child(path, "insurer"), "UNKNOWN_MEMBER",
                     "is not a member insurer of the zone");
            p.insurer = std::move(*s);
        }
        if (auto s = text(o, path, "region")) {
            // Any prefecture may underwrite; only the accident must be inside the zone.
            if (!domain::is_prefecture_code(*s))
                fail(child(path, "region"), "INVALID_REGION",
                     "must be a 6-digit prefecture code such as 620500");
            p.region = std::move(*s);
        }
        if (const auto* c = object(o, path, "compulsory", false)) {
            const auto cp = child(path, "compulsory");
            reject_unknown(*c, cp, {"number", "start", "end"});
            domain::cover cover;
            cover_fields(*c, cp, cover);
            p.compulsory = std::move(cover);
        }
        if (const auto* c = object(o, path, "commercial_tpl", false)) {
            const auto cp = child(path, "commercial_tpl");
            reject_unknown(*c, cp, {"number", "amount", "start", "end"});
            domain::tpl_cover cover;
            cover_fields(*c, cp, cover);
            if (auto m = money(*c, cp, "amount")) cover.amount = *m;
            p.commercial_tpl = std::move(cover);
        }
        if (auto b = flag(o, path, "own_damage", false)) p.own_damage = *b;
        return p;
    }

    domain::evidence evidence(const bj::object& o, const std::string& path) {
        reject_unknown(o, path, {"kind", "sha256", "taken_at"});
        domain::evidence e;
        if (auto s = text(o, path, "kind")) {
            if (*s != "photo" && *s != "video")
                fail(child(path, "kind"), "INVALID_EVIDENCE_KIND",
                     "must be \"photo\" or \"video\"");
            e.kind = std::move(*s);
        }
        if (auto s = text(o, path, "sha256")) {
            if (!domain::valid_sha256_hex(*s))
                fail(child(path, "sha256"), "INVALID_EVIDENCE_HASH",
                     "must be 64 lower-case hexadecimal characters");
            e.sha256 = std::move(*s);
        }
        e.taken_at = time(o, path, "taken_at", false);
        return e;
    }

    const domain::zone& zone_;
    std::set<std::string> roles_;
};

}  // namespace

decoded_claim decode_claim(std::string_view body, const domain::zone& zone) {
    decoded_claim out;
    const auto root = parse_body(body);
    if (!root) {
        out.errors.push_back(malformed_json_error());
        return out;
    }
    out.errors = duplicate_key_errors(body);
    if (!out.errors.empty()) return out;
    decoder d(zone);
    auto claim = d.decode(*root);
    out.errors = d.take_errors();
    if (out.errors.empty()) {
        out.claim = std::move(claim);
        out.normalized = bj::serialize(*root);
    }
    return out;
}

bool is_malformed(const decoded_claim& decoded) {
    return decoded.errors.size() == 1 && decoded.errors.front().code == malformed_json_code;
}

}  // namespace crossclaim::gateway::json
