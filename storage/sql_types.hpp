#pragma once
// Storage-internal helpers shared by the repositories; includes pqxx, so only storage/*.cpp
// include it.

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "storage/claims_store.hpp"
#include "storage/pool_store.hpp"

namespace crossclaim::storage {

/// One transaction on a pool thread's session; statements are prepared on first use.
template <typename Transaction>
struct session_tx {
    explicit session_tx(session& s) : sess(s), tx(s.conn()) {}
    session& sess;
    Transaction tx;

    pqxx::result exec(const statement& st, auto&&... args) {
        sess.prepare(st);
        return tx.exec_prepared(std::string(st.name), std::forward<decltype(args)>(args)...);
    }
};
using work_tx = session_tx<pqxx::work>;

/// Seconds since the epoch, for `to_timestamp($n)`.
inline long long epoch(domain::instant t) { return t.time_since_epoch().count(); }

/// A PostgreSQL text[] literal: {"a","b"}.
std::string text_array(const std::vector<std::string>& values);

/// Appends events to the outbox inside `tx` (see outbox.cpp).
void enqueue_events(pqxx::work& tx, session& s, const std::vector<outbox_event>& events);

}  // namespace crossclaim::storage
