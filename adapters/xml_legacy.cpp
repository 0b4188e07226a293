#include "adapters/xml_legacy.hpp"

#include <boost/json.hpp>

#include "adapters/https_post.hpp"

namespace crossclaim::adapters {
namespace {

namespace bj = boost::json;

// Text as XML 1.0 character data. Characters XML 1.0 cannot carry at all, even escaped (the
// C0 controls but tab, line feed and carriage return, and U+FFFE, U+FFFF), become U+FFFD;
// JSON, and so a member's free text, may hold them.
void escape(std::string& out, std::string_view s) {
    static constexpr std::string_view replacement = "\xEF\xBF\xBD";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out += replacement;
            continue;
        }
        if (u == 0xEF && s.substr(i, 2) == "\xEF\xBF" && i + 2 < s.size() &&
            (s[i + 2] == '\xBE' || s[i + 2] == '\xBF')) {
            out += replacement;
            i += 2;
            continue;
        }
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
}

void element(std::string& out, std::string_view name, const bj::value& v) {
    out += '<';
    out += name;
    switch (v.kind()) {
        case bj::kind::null:
            out += " nil=\"true\"/>";
            return;
        case bj::kind::object:
            out += '>';
            for (const auto& kv : v.get_object()) element(out, kv.key(), kv.value());
            break;
        case bj::kind::array:
            out += '>';
            for (const auto& item : v.get_array()) element(out, "item", item);
            break;
        case bj::kind::string:
            out += '>';
            escape(out, v.get_string());
            break;
        case bj::kind::bool_:
            out += v.get_bool() ? ">true" : ">false";
            break;
        default:
            out += '>' + bj::serialize(v);
            break;
    }
    out += "</";
    out += name;
    out += '>';
}

}  // namespace

std::string envelope_to_xml(const std::string& envelope_json) {
    const auto env = bj::parse(envelope_json).as_object();
    std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>)"
                      "\n"
                      R"(<event xmlns="urn:crossclaim:event:1">)";
    for (const auto& kv : env) element(out, kv.key(), kv.value());
    out += "</event>\n";
    return out;
}

delivery_outcome xml_legacy::deliver(const storage::claimed_event& event,
                                     const config::delivery_settings& branch,
                                     std::chrono::milliseconds timeout) const {
    return signed_post(event, envelope_to_xml(event.envelope_json),
                       "application/xml; charset=utf-8", branch, timeout);
}

}  // namespace crossclaim::adapters
