#include "storage/assists_store.hpp"

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

const statement add_assist{"assists.insert", R"sql(
    INSERT INTO assists (member, adjuster_id, claim_id, services, at)
    VALUES ($1, $2, $3, $4::text[], to_timestamp($5)) RETURNING id)sql"};

}  // namespace

long long insert_assist(session& s, const std::string& member, const std::string& adjuster_id,
                        const std::string& claim_id, const std::vector<std::string>& services,
                        domain::instant at) {
    s.prepare(add_assist);
    pqxx::work tx(s.conn());
    const auto r = tx.exec_prepared1(std::string(add_assist.name), member, adjuster_id, claim_id,
                                     text_array(services), epoch(at));
    tx.commit();
    return r[0].as<long long>();
}

}  // namespace crossclaim::storage
