#pragma once
// Reading TOML config files: every problem with its file:line:col, typed values, paths
// relative to the file. Included by config/*.cpp only; toml++ stays out of config.hpp.

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace crossclaim::config::detail {

// Collects problems for one file, each with its position, and reads typed values.
class reader {
  public:
    reader(std::string file, std::vector<std::string>& errors)
        : file_(std::move(file)), errors_(errors) {}

    const std::string& file() const { return file_; }

    void error(const toml::source_region& where, const std::string& key, const std::string& why) {
        std::ostringstream out;
        out << file_ << ':' << where.begin.line << ':' << where.begin.column << ": " << key << ": "
            << why;
        errors_.push_back(out.str());
    }

    // Reports every key of `t` that is not in `allowed`.
    void only_keys(const toml::table& t, const std::string& path,
                   std::initializer_list<std::string_view> allowed) {
        for (const auto& [k, v] : t) {
            bool known = false;
            for (auto a : allowed) known = known || a == k.str();
            if (!known) error(v.source(), join(path, k.str()), "unknown key");
        }
    }

    static std::string join(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : path + "." + std::string(key);
    }

    const toml::table* table(const toml::table& t, const std::string& path, std::string_view key,
                             bool required) {
        const toml::node* n = t.get(key);
        if (!n) {
            if (required) error(t.source(), join(path, key), "missing table");
            return nullptr;
        }
        if (!n->is_table()) {
            error(n->source(), join(path, key), "must be a table");
            return nullptr;
        }
        return n->as_table();
    }

    const toml::array* array(const toml::table& t, const std::string& path, std::string_view key,
                             bool required) {
        const toml::node* n = t.get(key);
        if (!n) {
            if (required) error(t.source(), join(path, key), "missing");
            return nullptr;
        }
        if (!n->is_array()) {
            error(n->source(), join(path, key), "must be an array");
            return nullptr;
        }
        return n->as_array();
    }

    void string(const toml::table& t, const std::string& path, std::string_view key,
                std::string& out, bool required = false) {
        const toml::node* n = t.get(key);
        if (!n) {
            if (required) error(t.source(), join(path, key), "missing");
            return;
        }
        if (auto v = n->value<std::string>(); v && n->is_string())
            out = *v;
        else
            error(n->source(), join(path, key), "must be a string");
    }

    template <class Int>
    void integer(const toml::table& t, const std::string& path, std::string_view key, Int& out,
                 std::int64_t min, std::int64_t max) {
        const toml::node* n = t.get(key);
        if (!n) return;
        const auto v = n->is_integer() ? n->value<std::int64_t>() : std::nullopt;
        if (!v || *v < min || *v > max) {
            error(n->source(), join(path, key),
                  "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
            return;
        }
        out = static_cast<Int>(*v);
    }

    void millis(const toml::table& t, const std::string& path, std::string_view key,
                std::chrono::milliseconds& out, std::int64_t min, std::int64_t max) {
        std::int64_t ms = out.count();
        integer(t, path, key, ms, min, max);
        out = std::chrono::milliseconds{ms};
    }

    void boolean(const toml::table& t, const std::string& path, std::string_view key, bool& out) {
        const toml::node* n = t.get(key);
        if (!n) return;
        if (n->is_boolean())
            out = *n->value<bool>();
        else
            error(n->source(), join(path, key), "must be true or false");
    }

    void money(const toml::table& t, const std::string& path, std::string_view key,
               domain::money& out) {
        const toml::node* n = t.get(key);
        if (!n) {
            error(t.source(), join(path, key), "missing");
            return;
        }
        const auto text = n->value<std::string>();
        const auto m = (text && n->is_string()) ? domain::parse_money(*text) : std::nullopt;
        if (!m)
            error(n->source(), join(path, key),
                  "must be an amount in a string with at most two decimals, like \"2000.00\"");
        else
            out = *m;
    }

    void endpoint_value(const toml::table& t, const std::string& path, std::string_view key,
                        endpoint& out) {
        std::string text;
        string(t, path, key, text);
        if (text.empty()) return;
        if (auto e = parse_endpoint(text))
            out = *e;
        else
            error(t.get(key)->source(), join(path, key), "must be host:port");
    }

    std::set<domain::date> dates(const toml::table& t, const std::string& path,
                                 std::string_view key) {
        std::set<domain::date> out;
        const auto* arr = array(t, path, key, false);
        if (!arr) return out;
        for (const auto& n : *arr) {
            const auto d = n.value<toml::date>();
            if (!n.is_date() || !d) {
                error(n.source(), join(path, key), "must hold dates like 2026-10-01");
                continue;
            }
            const std::chrono::year_month_day ymd{
                std::chrono::year{d->year}, std::chrono::month{d->month}, std::chrono::day{d->day}};
            out.insert(domain::date{ymd});
        }
        return out;
    }

  private:
    std::string file_;
    std::vector<std::string>& errors_;
};

inline std::optional<toml::table> parse_file(const std::string& path,
                                             std::vector<std::string>& errors,
                                             std::string* contents = nullptr) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        errors.push_back(path + ": cannot be read");
        return std::nullopt;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    if (contents) *contents = buf.str();
    try {
        return toml::parse(buf.str(), path);
    } catch (const toml::parse_error& e) {
        std::ostringstream out;
        out << path << ':' << e.source().begin.line << ':' << e.source().begin.column << ": "
            << e.description();
        errors.push_back(out.str());
        return std::nullopt;
    }
}

// A path in the file is relative to the file's own folder.
inline std::string resolve(const std::filesystem::path& base_dir, const std::string& p) {
    if (p.empty()) return p;
    const std::filesystem::path path{p};
    return (path.is_absolute() ? path : (base_dir / path)).lexically_normal().string();
}

}  // namespace crossclaim::config::detail
