#include <algorithm>

#include "app/commands/commands.hpp"

namespace crossclaim::app {

std::optional<std::string> arguments::option(const std::string& name) const {
    for (std::size_t i = 0; i + 1 < words_.size(); ++i)
        if (words_[i] == "--" + name) return words_[i + 1];
    return std::nullopt;
}

std::vector<std::string> arguments::positional() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < words_.size(); ++i) {
        if (words_[i].rfind("--", 0) == 0) {
            ++i;
            continue;
        }
        out.push_back(words_[i]);
    }
    return out;
}

std::vector<std::string> arguments::unknown_options(const std::vector<std::string>& known) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < words_.size(); ++i) {
        if (words_[i].rfind("--", 0) != 0) continue;
        if (std::find(known.begin(), known.end(), words_[i].substr(2)) == known.end())
            out.push_back(words_[i]);
        ++i;
    }
    return out;
}

}  // namespace crossclaim::app
