#pragma once
// The command line of crossclaim-load, checked once before anything is sent.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/load/client.hpp"

namespace crossclaim::bench::load {

/// Everything the command line says.
struct options {
    std::string mode = "get";  ///< get, intake or read
    std::string path = "/healthz";
    run_plan plan;
    std::string cert, key, ca;
    std::string config;  ///< empty: the built-in default config
    std::string member = "PICC";
    std::string ref_prefix;  ///< empty: default_ref_prefix()
    std::size_t bodies = 60'000;
    std::size_t read_claims = 2'000;
    std::uint64_t seed = 1;
    bool json = false;
    bool help = false;
};

/// The options, or the first problem found, naming the option.
struct parsed_options {
    std::optional<options> value;
    std::string error;
};

/// Parses the words after the program name.
parsed_options parse_options(const std::vector<std::string>& words);

/// The --help text.
std::string usage();

}  // namespace crossclaim::bench::load
