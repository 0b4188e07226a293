// The config loader on any file: settings or a list of errors, never a crash. Files it names
// (certificates, rule sets, the phone segments) resolve inside an empty folder.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    static const std::string dir = [] {
        auto d = std::filesystem::temp_directory_path() /
                 ("crossclaim-fuzz-config-" + std::to_string(getpid()));
        std::filesystem::create_directories(d);
        return d.string();
    }();
    const std::string path = dir + "/crossclaim.toml";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    crossclaim::config::load(path, {});
    return 0;
}
