#include "adapters/xml_legacy.hpp"

#include <boost/json.hpp>

#include "adapters/https_post.hpp"

namespace crossclaim::adapters {
namespace {

namespace bj = boost::json;

void escape(std::string& out, std::string_view s) {
    for (char c : s) {
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
