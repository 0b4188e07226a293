#pragma once
// The console's static files (the console/ folder and Apache ECharts) and the API reference
// (console/docs/, the OpenAPI document and Swagger UI, under /docs/), read once at start
// and served from memory with ETags. Nothing outside the loaded set can be asked for, so a
// path cannot reach the file system.

#include <map>
#include <optional>
#include <string>

#include "config/config.hpp"

namespace crossclaim::gateway {

struct console_asset {
    std::string content_type;
    std::string body;
    std::string etag;  ///< "\"<first 32 hex of SHA-256>\""
};

class console_assets {
  public:
    /// An empty set: the console serves no files.
    console_assets() = default;
    /// Reads every file of `c.static_dir` (two levels deep at most) under /console/, with
    /// index.html also as /console/, and `c.echarts` as /console/vendor/echarts.min.js; its
    /// docs/ folder under /docs/ with the OpenAPI document and Swagger UI's bundle and style.
    /// Problems (a missing folder or file) are returned in `warnings`.
    static console_assets load(const config::console_settings& c, std::vector<std::string>& warnings);

    /// The file served at `path` ("/console/js/app.js"), or nullptr.
    const console_asset* find(const std::string& path) const;
    std::size_t size() const { return files_.size(); }

  private:
    std::map<std::string, console_asset> files_;
};

}  // namespace crossclaim::gateway
