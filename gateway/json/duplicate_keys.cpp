// Duplicate object keys: Boost.JSON keeps the last of them, so a body that names a field
// twice would be read as if the first never came. A second pass with Boost.JSON's push
// parser finds them, so that they are refused instead (API.md: 422, never resolved silently).

#include <boost/json/basic_parser_impl.hpp>
#include <set>

#include "gateway/json/body_reader.hpp"

namespace crossclaim::gateway::json {
namespace {

namespace bj = boost::json;
using bj::error_code;
using bj::string_view;

// Follows the JSON pointer of the value being read and the keys seen in each open object.
struct duplicate_finder {
    static constexpr std::size_t max_array_size = -1;
    static constexpr std::size_t max_object_size = -1;
    static constexpr std::size_t max_string_size = -1;
    static constexpr std::size_t max_key_size = -1;

    struct level {
        bool object = false;
        std::size_t next_index = 0;  // arrays: the next element's index
        std::set<std::string> keys;  // objects: the keys so far
        std::string token;           // the current child's pointer token
    };
    std::vector<level> open;
    std::string key;
    bool in_string = false;
    std::vector<field_error> found;

    // The pointer of the innermost open object or array.
    std::string innermost() const {
        std::string out;
        for (std::size_t i = 0; i + 1 < open.size(); ++i) out = child(out, open[i].token);
        return out;
    }
    // Called as each value begins: in an array, it is the next element.
    void begin_value() {
        if (!open.empty() && !open.back().object)
            open.back().token = std::to_string(open.back().next_index++);
    }

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_array_begin(error_code&) {
        begin_value();
        open.push_back(level{});
        return true;
    }
    bool on_array_end(std::size_t, error_code&) {
        open.pop_back();
        return true;
    }
    bool on_object_begin(error_code&) {
        begin_value();
        open.push_back(level{.object = true, .next_index = 0, .keys = {}, .token = {}});
        return true;
    }
    bool on_object_end(std::size_t, error_code&) {
        open.pop_back();
        return true;
    }
    bool on_string_part(string_view, std::size_t, error_code&) {
        if (!in_string) begin_value();
        in_string = true;
        return true;
    }
    bool on_string(string_view, std::size_t, error_code&) {
        if (!in_string) begin_value();
        in_string = false;
        return true;
    }
    bool on_key_part(string_view s, std::size_t, error_code&) {
        key.append(s.data(), s.size());
        return true;
    }
    bool on_key(string_view s, std::size_t, error_code&) {
        key.append(s.data(), s.size());
        auto& l = open.back();
        if (!l.keys.insert(key).second)
            found.push_back({child(innermost(), key), "DUPLICATE_KEY",
                             "appears more than once in its object"});
        l.token = std::move(key);
        key.clear();
        return true;
    }
    bool on_number_part(string_view, error_code&) { return true; }
    bool on_int64(std::int64_t, string_view, error_code&) { return scalar(); }
    bool on_uint64(std::uint64_t, string_view, error_code&) { return scalar(); }
    bool on_double(double, string_view, error_code&) { return scalar(); }
    bool on_bool(bool, error_code&) { return scalar(); }
    bool on_null(error_code&) { return scalar(); }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }

  private:
    bool scalar() {
        begin_value();
        return true;
    }
};

}  // namespace

std::vector<field_error> duplicate_key_errors(std::string_view body) {
    bj::basic_parser<duplicate_finder> p{bj::parse_options{}};
    error_code ec;
    p.write_some(false, body.data(), body.size(), ec);
    return ec ? std::vector<field_error>{} : std::move(p.handler().found);
}

}  // namespace crossclaim::gateway::json
