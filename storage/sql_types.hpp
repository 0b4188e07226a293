#pragma once
// Storage-internal helpers shared by the repositories; includes pqxx, so only storage/*.cpp
// include it.

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "storage/claims_store.hpp"

namespace crossclaim::storage {

/// Seconds since the epoch, for `to_timestamp($n)`.
inline long long epoch(domain::instant t) { return t.time_since_epoch().count(); }

/// A PostgreSQL text[] literal: {"a","b"}.
std::string text_array(const std::vector<std::string>& values);

/// Appends events to the outbox inside `tx`, after taking the outbox lock (see outbox.cpp).
void enqueue_events(pqxx::work& tx, session& s, const std::vector<outbox_event>& events);

}  // namespace crossclaim::storage
