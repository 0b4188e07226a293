#include "storage/reports_store.hpp"

#include "storage/sql_types.hpp"

namespace crossclaim::storage {
namespace {

const statement add_assist{"assists.insert", R"sql(
    INSERT INTO assists (member, adjuster_id, claim_id, services, at)
    VALUES ($1, $2, $3, $4::text[], to_timestamp($5)) RETURNING id)sql"};

const statement count_assists{"assists.count", R"sql(
    SELECT a.member, coalesce(c.accident_region, 'UNKNOWN'), count(*)
    FROM assists a LEFT JOIN claims c USING (claim_id)
    WHERE a.at >= to_timestamp($1) AND a.at < to_timestamp($2)
    GROUP BY 1, 2 ORDER BY 1, 2)sql"};

const statement clearing{"clearing.between", R"sql(
    SELECT creditor, debtor, claim_id::text, entry_date::text, amount_fen
    FROM clearing_entries WHERE entry_date >= $1::date AND entry_date < $2::date
    ORDER BY id)sql"};

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

std::vector<assist_count> assists_between(session& s, domain::date from, domain::date to) {
    s.prepare(count_assists);
    pqxx::read_transaction tx(s.conn());
    std::vector<assist_count> out;
    for (const auto& r :
         tx.exec_prepared(std::string(count_assists.name), epoch(domain::shanghai_midnight(from)),
                          epoch(domain::shanghai_midnight(to))))
        out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<long long>()});
    return out;
}

std::vector<fast_settle::ledger_entry> clearing_between(session& s, domain::date from,
                                                        domain::date to) {
    s.prepare(clearing);
    pqxx::read_transaction tx(s.conn());
    std::vector<fast_settle::ledger_entry> out;
    for (const auto& r : tx.exec_prepared(std::string(clearing.name), domain::format_date(from),
                                          domain::format_date(to)))
        out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                       *domain::parse_date(r[3].as<std::string>()),
                       domain::money{r[4].as<long long>()}});
    return out;
}

}  // namespace crossclaim::storage
