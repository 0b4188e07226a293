#pragma once
// TLS pieces that do not need Asio: reading the verified peer's subject.

#include <optional>

#include "gateway/identity.hpp"

struct ssl_st;

namespace crossclaim::gateway {

/// Subject fields of the peer certificate of a finished handshake.
struct peer_subject {
    std::string o, ou, cn;
};

/// The verified peer certificate's subject, or nullopt when the peer sent none.
std::optional<peer_subject> peer_subject_of(ssl_st* ssl);

}  // namespace crossclaim::gateway
