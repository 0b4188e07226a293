#include "fast_settle/rulebook.hpp"

namespace crossclaim::fast_settle {

const situation* situation_table::find(int code) const {
    for (const auto& s : entries)
        if (s.code == code) return &s;
    return nullptr;
}

}  // namespace crossclaim::fast_settle
