#pragma once
// The pool's keys and what they do: keyed hashing of identifiers for matching, and
// authenticated encryption of readable values. Both keys come from one secret
// (CROSSCLAIM_POOL_KEY) through HKDF with different labels, so neither can stand in for the
// other. Readable values are sealed under a data key with an id; data keys are stored in the
// database wrapped under the wrap key, so `crossclaim pool rotate-key` can add one while
// gateways run. OpenSSL stays inside keyring.cpp.

#include <array>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "privacy/identifiers.hpp"

namespace crossclaim::privacy {

/// 256 bits of key.
using key_bytes = std::array<unsigned char, 32>;

/// HKDF-SHA256 of `secret` with `info` as its label (no salt): 32 bytes.
key_bytes derive_key(std::string_view secret, std::string_view info);

/// 32 random bytes from the operating system's generator.
key_bytes random_key();

/// A process's view of the pool keys. Thread-safe: data keys may be added while others seal.
class keyring {
  public:
    /// The keys derived from the pool secret.
    explicit keyring(std::string_view secret);

    /// Hex HMAC-SHA256 of the normalised identifier under the hash key, domain-separated
    /// by kind, so a phone and an account with the same digits never match.
    std::string hash(id_kind kind, std::string_view normalised) const;

    /// AES-256-GCM under the active data key, the kind bound as associated data:
    /// "<key id>:<base64 of nonce ‖ ciphertext ‖ tag>". Throws when no data key is active.
    std::string seal(id_kind kind, std::string_view plaintext) const;
    /// The plaintext, or nullopt when the key id is unknown or the value was altered.
    std::optional<std::string> open(id_kind kind, std::string_view sealed) const;
    /// The same under a label of the caller's (a stored claim's field name, say) instead of
    /// a pool kind: a value sealed under one label does not open under another.
    std::string seal(std::string_view label, std::string_view plaintext) const;
    std::optional<std::string> open(std::string_view label, std::string_view sealed) const;
    /// The key id a sealed value names ("" when malformed).
    static std::string_view key_id_of(std::string_view sealed);

    /// A data key sealed under the wrap key, for storing it in the database.
    std::string wrap(std::string_view key_id, const key_bytes& data_key) const;
    /// The data key back; nullopt when it was wrapped under another secret or altered.
    std::optional<key_bytes> unwrap(std::string_view key_id, std::string_view wrapped) const;

    /// Adds (or replaces) a data key; `active` makes it the one new values are sealed with.
    void add_data_key(const std::string& key_id, const key_bytes& key, bool active);
    /// The id of the active data key, "" when none.
    std::string active_key_id() const;

  private:
    key_bytes hash_key_, wrap_key_;
    mutable std::shared_mutex mutex_;
    std::map<std::string, key_bytes, std::less<>> data_keys_;
    std::string active_;
};

}  // namespace crossclaim::privacy
