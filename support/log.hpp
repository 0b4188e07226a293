#pragma once
// Logs are one JSON object per line: time, level, msg, then the fields of the event.
// Never bodies, secrets or readable personal identifiers.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace crossclaim::support {

/// One key and its value, already rendered as JSON.
struct log_field {
    log_field(std::string_view k, std::string_view v);
    log_field(std::string_view k, const char* v) : log_field(k, std::string_view{v}) {}
    log_field(std::string_view k, const std::string& v) : log_field(k, std::string_view{v}) {}
    log_field(std::string_view k, std::int64_t v);
    log_field(std::string_view k, int v) : log_field(k, static_cast<std::int64_t>(v)) {}
    log_field(std::string_view k, double v);
    std::string_view key;
    std::string json;
};

enum class level { debug, info, warn, error };

/// Sets the JSON line format on the default logger; call once at start-up.
void init_logging();

/// Writes one event.
void log(level lvl, std::string_view msg, std::initializer_list<log_field> fields = {});

/// `s` as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);

}  // namespace crossclaim::support
