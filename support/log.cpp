#include "support/log.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <mutex>

namespace crossclaim::support {
namespace {

// Lines to standard output through its buffer. spdlog's own stdout sinks write every line at
// once (a write(2) per request, under their lock); here lines are written when a warning or an
// error comes, at least every second, and at exit.
class buffered_stdout final : public spdlog::sinks::base_sink<std::mutex> {
  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t line;
        formatter_->format(msg, line);
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    void flush_() override { std::fflush(stdout); }
};

}  // namespace

std::string json_quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
    return out;
}

log_field::log_field(std::string_view k, std::string_view v) : key(k), json(json_quote(v)) {}
log_field::log_field(std::string_view k, std::int64_t v) : key(k), json(std::to_string(v)) {}
log_field::log_field(std::string_view k, double v) : key(k) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    json = buf;
}

void init_logging() {
    spdlog::set_default_logger(
        std::make_shared<spdlog::logger>("", std::make_shared<buffered_stdout>()));
    spdlog::set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l",%v})");
    spdlog::set_level(spdlog::level::info);
    spdlog::flush_on(spdlog::level::warn);
    spdlog::flush_every(std::chrono::seconds(1));
}

void log(level lvl, std::string_view msg, std::initializer_list<log_field> fields) {
    std::string line = "\"msg\":" + json_quote(msg);
    for (const auto& f : fields) {
        line += ',';
        line += json_quote(f.key);
        line += ':';
        line += f.json;
    }
    switch (lvl) {
        case level::debug:
            spdlog::debug("{}", line);
            break;
        case level::info:
            spdlog::info("{}", line);
            break;
        case level::warn:
            spdlog::warn("{}", line);
            break;
        case level::error:
            spdlog::error("{}", line);
            break;
    }
}

}  // namespace crossclaim::support
