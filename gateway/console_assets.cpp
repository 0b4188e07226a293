#include "gateway/console_assets.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gateway/openapi.hpp"
#include "support/ids.hpp"

namespace crossclaim::gateway {
namespace {

namespace fs = std::filesystem;

std::string type_of(const fs::path& p) {
    const auto ext = p.extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json") return "application/json";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".ico") return "image/x-icon";
    return "application/octet-stream";
}

console_asset with_etag(console_asset a) {
    a.etag = "\"" + support::sha256_hex(a.body).substr(0, 32) + "\"";
    return a;
}

console_asset read_asset(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    return with_etag({type_of(p), body.str(), ""});
}

}  // namespace

console_assets console_assets::load(const config::console_settings& c,
                                    std::vector<std::string>& warnings) {
    console_assets out;
    std::error_code ec;
    if (c.static_dir.empty()) {
        warnings.push_back("console: no static_dir configured; the console serves no pages");
    } else if (!fs::is_directory(c.static_dir, ec)) {
        warnings.push_back("console: " + c.static_dir +
                           " is not a folder; the console serves no pages");
    } else {
        const fs::path root(c.static_dir);
        for (auto it = fs::recursive_directory_iterator(root, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (it.depth() > 1) it.disable_recursion_pending();
            if (!it->is_regular_file()) continue;
            const auto rel = fs::relative(it->path(), root).generic_string();
            if (rel.empty() || rel[0] == '.') continue;
            // docs/ is the API reference's page, at /docs/ beside the console.
            out.files_[rel.rfind("docs/", 0) == 0 ? "/" + rel : "/console/" + rel] =
                read_asset(it->path());
        }
        if (const auto* index = out.find("/console/index.html"))
            out.files_["/console/"] = *index;
        else
            warnings.push_back("console: " + c.static_dir + " has no index.html");
        if (const auto* index = out.find("/docs/index.html")) out.files_["/docs/"] = *index;
    }
    if (c.echarts.empty() || !fs::is_regular_file(c.echarts, ec))
        warnings.push_back("console: Apache ECharts not found at \"" + c.echarts +
                           "\" (npm ci installs it); the console's charts will not draw");
    else
        out.files_["/console/vendor/echarts.min.js"] = read_asset(c.echarts);

    out.files_["/docs/openapi.json"] =
        with_etag({"application/json", std::string(openapi_json()), ""});
    const fs::path swagger(c.swagger_ui);
    for (const char* f : {"swagger-ui-bundle.js", "swagger-ui.css"}) {
        if (c.swagger_ui.empty() || !fs::is_regular_file(swagger / f, ec)) {
            warnings.push_back("console: Swagger UI not found in \"" + c.swagger_ui +
                               "\" (npm ci installs it); /docs/ will not draw the API");
            break;
        }
        out.files_["/docs/vendor/" + std::string(f)] = read_asset(swagger / f);
    }
    return out;
}

const console_asset* console_assets::find(const std::string& path) const {
    const auto it = files_.find(path);
    return it == files_.end() ? nullptr : &it->second;
}

}  // namespace crossclaim::gateway
