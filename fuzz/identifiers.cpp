// The identifier normaliser and masks on any bytes, for every kind: never a crash, a
// normalised identifier normalises to itself, and it can always be masked.

#include "privacy/identifiers.hpp"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    using namespace crossclaim::privacy;
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    for (auto kind : {id_kind::plate, id_kind::vin, id_kind::id_number, id_kind::phone,
                      id_kind::account, id_kind::shop, id_kind::evidence}) {
        const auto once = normalise(kind, raw);
        if (!once) continue;
        const auto twice = normalise(kind, *once);
        if (!twice || *twice != *once) std::abort();
        mask(kind, *once);
    }
    return 0;
}
