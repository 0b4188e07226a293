#include "gateway/router.hpp"

namespace crossclaim::gateway {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        const auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash);
    }
    return out;
}

bool match_path(std::string_view pattern, std::string_view path,
                std::map<std::string, std::string>& params) {
    // A trailing slash is part of the path: "/console/" and "/console" are different routes.
    if ((pattern.size() > 1 && pattern.back() == '/') != (path.size() > 1 && path.back() == '/'))
        return false;
    const auto want = segments(pattern);
    const auto got = segments(path);
    if (want.size() != got.size()) return false;
    std::map<std::string, std::string> found;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const auto w = want[i];
        if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
            if (got[i].empty()) return false;
            found.emplace(std::string(w.substr(1, w.size() - 2)), std::string(got[i]));
        } else if (w != got[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

}  // namespace

route_match match(const std::vector<route>& table, listener l, std::string_view method,
                  std::string_view path) {
    route_match m;
    for (const auto& r : table) {
        if (r.listener != l) continue;
        std::map<std::string, std::string> params;
        if (!match_path(r.pattern, path, params)) continue;
        m.path_known = true;
        if (r.method == method) {
            m.found = &r;
            m.path_params = std::move(params);
            return m;
        }
        if (!m.allowed.empty()) m.allowed += ", ";
        m.allowed += r.method;
    }
    return m;
}

}  // namespace crossclaim::gateway
