#include "storage/screening_store.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <pqxx/pqxx>
#include <set>

#include "storage/sql_types.hpp"
#include "support/ids.hpp"

namespace crossclaim::storage {
namespace {

// The queue row first, then its claim in its month: joined before the LIMIT, the planner
// may hash the whole pool to find one claim.
const statement take_sql{"screen.take", R"sql(
    WITH q AS (
        SELECT claim_id, occurred_at, attempts FROM screening_queue
        WHERE next_at <= clock_timestamp()
        ORDER BY next_at LIMIT 1
        FOR UPDATE SKIP LOCKED)
    SELECT q.claim_id, c.region, c.facts::text, q.attempts
    FROM q JOIN pool_claims c USING (claim_id, occurred_at))sql"};

// One bounded range scan on (kind, hash, occurred_at) per identifier of the claim.
const statement matches_sql{"screen.matches", R"sql(
    SELECT e.claim_id, e.member, extract(epoch FROM e.occurred_at)::bigint, e.party, e.vehicle,
           e.driver, e.phone, e.kind, e.hash
    FROM jsonb_to_recordset($1::jsonb) AS k(kind text, hash text)
    CROSS JOIN LATERAL (
        SELECT * FROM pool_entries e
        WHERE e.kind = k.kind AND e.hash = k.hash
          AND e.occurred_at BETWEEN to_timestamp($2) AND to_timestamp($3)
          AND e.claim_id <> $4
        ORDER BY e.occurred_at DESC
        LIMIT $5) e)sql"};

// What the rules read besides the matches, one row per value: the loss buckets of the
// claim's situations; per phone, the people using it, this claim's drivers among them;
// per shop, the other flagged claims naming it. Counts are bounded like the matches.
const statement counts_sql{"screen.counts", R"sql(
    SELECT 'loss', situation::text, bucket, samples FROM pool_loss_buckets
    WHERE situation = ANY($1::int[])
    UNION ALL
    SELECT 'phone', p.phone, 0, (
        SELECT count(*) FROM (
            (SELECT person FROM pool_phone_people u WHERE u.phone = p.phone LIMIT 1000)
            UNION
            SELECT person FROM unnest($2::text[], $3::text[]) AS c(phone, person)
            WHERE c.phone = p.phone) x)
    FROM (SELECT DISTINCT unnest($2::text[]) AS phone) p
    UNION ALL
    SELECT 'shop', s.shop, 0, (
        SELECT count(*) FROM (SELECT 1 FROM pool_shop_flags f
                              WHERE f.shop = s.shop AND f.claim_id <> $4 LIMIT 1000) x)
    FROM unnest($5::text[]) AS s(shop))sql"};

const statement flag_sql{"screen.flag", R"sql(
    INSERT INTO pool_shop_flags (shop, claim_id) VALUES ($1, $2) ON CONFLICT DO NOTHING)sql"};

const statement open_leads_sql{"screen.open_leads", R"sql(
    SELECT l.lead_id FROM leads l
    WHERE l.status IN ('NEW', 'ASSIGNED', 'INVESTIGATING')
      AND EXISTS (SELECT 1 FROM lead_claims lc
                  WHERE lc.lead_id = l.lead_id AND lc.claim_id = ANY($1::uuid[]))
    ORDER BY l.created_at, l.lead_id)sql"};

const statement create_lead_sql{"screen.create_lead", R"sql(
    INSERT INTO leads (lead_id, region, rule_set_version) VALUES ($1, $2, $3))sql"};

const statement merge_sql{"screen.merge", R"sql(
    WITH m AS (UPDATE leads SET status = 'MERGED', merged_into = $2, updated_at = now()
               WHERE lead_id = $1),
    c AS (INSERT INTO lead_claims (lead_id, claim_id)
          SELECT $2, claim_id FROM lead_claims WHERE lead_id = $1 ON CONFLICT DO NOTHING),
    e AS (INSERT INTO lead_entities (lead_id, kind, hash, masked, sealed)
          SELECT $2, kind, hash, masked, sealed FROM lead_entities WHERE lead_id = $1
          ON CONFLICT DO NOTHING)
    INSERT INTO lead_history (lead_id, actor, change)
    VALUES ($1, 'screening', 'merged into ' || $2), ($2, 'screening', 'absorbed ' || $1))sql"};

const statement add_claims_sql{"screen.add_claims", R"sql(
    INSERT INTO lead_claims (lead_id, claim_id) SELECT $1, unnest($2::uuid[])
    ON CONFLICT DO NOTHING)sql"};

const statement add_entity_sql{"screen.add_entity", R"sql(
    INSERT INTO lead_entities (lead_id, kind, hash, masked, sealed)
    SELECT $1, kind, hash, masked, sealed FROM pool_entries
    WHERE kind = $2 AND hash = $3 LIMIT 1
    ON CONFLICT DO NOTHING)sql"};

const statement add_hit_sql{"screen.add_hit", R"sql(
    INSERT INTO rule_hits (lead_id, claim_id, rule_code, weight, rule_set_version, claims,
                           evidence, explanation)
    VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7::jsonb, $8))sql"};

const statement rescore_sql{"screen.rescore", R"sql(
    UPDATE leads SET updated_at = now(), score = LEAST(100, (
        SELECT coalesce(sum(w), 0) FROM (
            SELECT max(weight) AS w FROM rule_hits WHERE lead_id = $1 GROUP BY rule_code) x))
    WHERE lead_id = $1)sql"};

// The claim's losses and phone users join the maintained counts, the claim is marked
// screened (in its month) and leaves the queue: one statement.
const statement done_sql{"screen.done", R"sql(
    WITH losses AS (
        INSERT INTO pool_loss_buckets (situation, bucket, samples)
        SELECT situation, bucket, count(*) FROM unnest($3::int[], $4::int[]) AS l(situation, bucket)
        GROUP BY situation, bucket
        ON CONFLICT (situation, bucket) DO UPDATE
        SET samples = pool_loss_buckets.samples + EXCLUDED.samples),
    people AS (
        INSERT INTO pool_phone_people (phone, person)
        SELECT DISTINCT phone, person FROM unnest($5::text[], $6::text[]) AS p(phone, person)
        ON CONFLICT (phone, person) DO UPDATE SET seen_at = now()),
    screened AS (
        UPDATE pool_claims SET screened_at = clock_timestamp()
        WHERE claim_id = $1 AND occurred_at = to_timestamp($2))
    DELETE FROM screening_queue WHERE claim_id = $1
    RETURNING extract(epoch FROM clock_timestamp() - enqueued_at)::float8)sql"};

const statement failed_sql{"screen.failed", R"sql(
    UPDATE screening_queue SET attempts = attempts + 1, last_error = $2,
           next_at = clock_timestamp() + make_interval(secs => $3)
    WHERE claim_id = $1)sql"};

const statement backlog_sql{"screen.backlog", R"sql(
    SELECT count(*), coalesce(extract(epoch FROM clock_timestamp() - min(enqueued_at)), 0)::float8
    FROM screening_queue)sql"};

// A page after the last claim read, in (occurred_at, claim_id) order: the comparison is an
// index range whatever the plan (a page that looked its cursor up in a subquery, or had no
// cursor on the first page, became a filter over every earlier row once PostgreSQL kept one
// plan for all pages).
const statement pooled_sql{"backtest.pooled", R"sql(
    SELECT claim_id::text, facts::text FROM pool_claims
    WHERE occurred_at >= to_timestamp($1) AND occurred_at < to_timestamp($2)
      AND (occurred_at, claim_id) > (to_timestamp($3), $4::uuid)
    ORDER BY occurred_at, claim_id LIMIT $5)sql"};

const statement pooled_count_sql{"backtest.count", R"sql(
    SELECT count(*) FROM pool_claims
    WHERE occurred_at >= to_timestamp($1) AND occurred_at < to_timestamp($2))sql"};

const statement outcomes_sql{"backtest.outcomes", R"sql(
    SELECT DISTINCT ON (lc.claim_id) lc.claim_id::text, l.status
    FROM lead_claims lc JOIN leads l USING (lead_id)
    WHERE l.status IN ('CONFIRMED', 'DISMISSED')
    ORDER BY lc.claim_id, l.status)sql"};

const double bucket_base = std::log(1.01);

// Below every claim id: a cursor naming no claim starts at its time.
const std::string nil_uuid = "00000000-0000-0000-0000-000000000000";

}  // namespace

int loss_bucket(std::int64_t fen) {
    if (fen <= 0) return -1;
    return static_cast<int>(std::floor(std::log(static_cast<double>(fen)) / bucket_base));
}

std::int64_t loss_bucket_floor(int bucket) {
    if (bucket < 0) return 0;
    return static_cast<std::int64_t>(std::ceil(std::exp(bucket * bucket_base)));
}

struct screening_tx::impl : work_tx {
    using work_tx::work_tx;
};

screening_tx::screening_tx(session& s) : impl_(std::make_unique<impl>(s)) {}
screening_tx::~screening_tx() = default;

std::optional<screening_job> screening_tx::take() {
    // Two settings for a screening's transaction (not a backtest's):
    // - Its commit waits neither for the disk nor for a synchronous standby. If the database
    //   stops before the commit is written, the whole transaction is lost (its lead, its
    //   counts and the claim's removal from the queue), so the claim is still queued and is
    //   screened again. A later commit that does wait (an investigator assigning the lead,
    //   say) writes this one first.
    // - Its statements are planned once, not for each claim. They are keyed lookups, those on
    //   pool_claims in months chosen as they run; PostgreSQL would plan them again each time (a
    //   plan over every month looks dearer to it than one made for the values), which was a
    //   sixth of a screening's time. A backtest's paging query needs its plan made for its values.
    impl_->tx.exec(
        "SET LOCAL synchronous_commit TO off; SET LOCAL plan_cache_mode TO force_generic_plan");
    const auto r = impl_->exec(take_sql);
    if (r.empty()) return std::nullopt;
    return screening_job{r[0][0].as<std::string>(), r[0][1].as<std::string>(),
                         r[0][2].as<std::string>(), r[0][3].as<int>()};
}

std::vector<fraud::pool_match> screening_tx::matches(const fraud::pooled_claim& c,
                                                     std::chrono::seconds window,
                                                     int per_identifier) {
    namespace bj = boost::json;
    std::set<std::pair<std::string, std::string>> keys;
    for (const auto& p : c.parties) {
        if (!p.plate.empty()) keys.insert({"plate", p.plate});
        if (!p.vin.empty()) keys.insert({"vin", p.vin});
        if (!p.driver.empty()) keys.insert({"id_number", p.driver});
        if (!p.phone.empty()) keys.insert({"phone", p.phone});
    }
    for (const auto& e : c.evidence) keys.insert({"evidence", e});
    bj::array list;
    for (const auto& [kind, hash] : keys)
        list.push_back(bj::object{{"kind", kind}, {"hash", hash}});
    const auto from = epoch(c.occurred_at - window), to = epoch(c.occurred_at + window);
    const auto rows =
        impl_->exec(matches_sql, bj::serialize(list), from, to, c.claim_id, per_identifier);

    // One match per (other claim, party), whatever identifiers it was found through.
    std::map<std::pair<std::string, std::string>, fraud::pool_match> by_party;
    for (const auto& row : rows) {
        const auto key = std::make_pair(row[0].as<std::string>(), row[3].as<std::string>());
        auto& m = by_party[key];
        m.claim_id = key.first;
        m.member = row[1].as<std::string>();
        m.occurred_at = domain::instant{std::chrono::seconds{row[2].as<long long>()}};
        m.role = key.second;
        m.vehicle = row[4].as<std::string>();
        m.driver = row[5].as<std::string>();
        m.phone = row[6].as<std::string>();
        if (row[7].as<std::string>() == "evidence") m.evidence.push_back(row[8].as<std::string>());
    }
    std::vector<fraud::pool_match> out;
    out.reserve(by_party.size());
    for (auto& [k, m] : by_party) out.push_back(std::move(m));
    return out;
}

namespace {

// The claim's (phone, driver) pairs as two text[] literals, for unnest().
std::pair<std::string, std::string> phone_users(const fraud::pooled_claim& c) {
    std::vector<std::string> phones, people;
    for (const auto& p : c.parties)
        if (!p.phone.empty() && !p.driver.empty()) {
            phones.push_back(p.phone);
            people.push_back(p.driver);
        }
    return {text_array(phones), text_array(people)};
}

// The median bucket of a situation's buckets (ordered by bucket), and how many samples.
fraud::loss_stats median_of(const std::map<int, long long>& buckets) {
    long long total = 0;
    for (const auto& [b, n] : buckets) total += n;
    long long seen = 0;
    int median_bucket = -1;
    for (const auto& [b, n] : buckets) {
        seen += n;
        if (seen * 2 >= total) {
            median_bucket = b;
            break;
        }
    }
    return {static_cast<int>(std::min<long long>(total, 1'000'000'000)),
            domain::money{loss_bucket_floor(median_bucket)}};
}

}  // namespace

void screening_tx::read_counts(fraud::screening_input& in) {
    std::vector<std::string> situations, shops;
    for (const auto& p : in.claim.parties) {
        for (int s : p.situations) situations.push_back(std::to_string(s));
        if (!p.shop.empty()) shops.push_back(p.shop);
    }
    const auto [phones, people] = phone_users(in.claim);
    std::map<int, std::map<int, long long>> buckets;
    for (const auto& row : impl_->exec(counts_sql, text_array(situations), phones, people,
                                       in.claim.claim_id, text_array(shops))) {
        const auto what = row[0].as<std::string>();
        const auto count = row[3].as<long long>();
        if (what == "loss")
            buckets[row[1].as<int>()][row[2].as<int>()] = count;
        else if (what == "phone")
            in.people_per_phone[row[1].as<std::string>()] = static_cast<int>(count);
        else
            in.flagged_claims_per_shop[row[1].as<std::string>()] = static_cast<int>(count);
    }
    for (const auto& [situation, list] : buckets) in.losses[situation] = median_of(list);
}

void screening_tx::flag_shop(const std::string& shop, const std::string& claim_id) {
    impl_->exec(flag_sql, shop, claim_id);
}

std::vector<std::string> screening_tx::open_leads_of(const std::vector<std::string>& claims) {
    // One lead at a time is made or merged across all workers and instances, so that two
    // claims screened at once do not open two leads for one ring.
    impl_->tx.exec("SELECT pg_advisory_xact_lock(hashtext('crossclaim leads'))");
    std::vector<std::string> out;
    for (const auto& row : impl_->exec(open_leads_sql, text_array(claims)))
        out.push_back(row[0].as<std::string>());
    return out;
}

std::string screening_tx::create_lead(const std::string& region,
                                      const std::string& rule_set_version) {
    const auto id = support::new_uuid();
    impl_->exec(create_lead_sql, id, region, rule_set_version);
    return id;
}

void screening_tx::merge_lead(const std::string& absorbed, const std::string& survivor) {
    impl_->exec(merge_sql, absorbed, survivor);
}

void screening_tx::add_claims(const std::string& lead, const std::vector<std::string>& claims) {
    impl_->exec(add_claims_sql, lead, text_array(claims));
}

void screening_tx::add_entity(const std::string& lead, fraud::id_kind kind,
                              const std::string& hash) {
    impl_->exec(add_entity_sql, lead, std::string(fraud::to_string(kind)), hash);
}

void screening_tx::add_hit(const std::string& lead, const std::string& claim_id,
                           const fraud::rule_hit& hit, const std::string& rule_set_version) {
    namespace bj = boost::json;
    bj::array evidence;
    for (const auto& e : hit.evidence)
        evidence.push_back(bj::object{{"claim_id", e.claim_id},
                                      {"kind", fraud::to_string(e.kind)},
                                      {"hash", e.hash},
                                      {"occurred_at", e.occurred_at.time_since_epoch().count()}});
    impl_->exec(add_hit_sql, lead, claim_id, hit.code, hit.weight, rule_set_version,
                text_array(hit.claims), bj::serialize(evidence), hit.explanation);
}

void screening_tx::rescore(const std::string& lead) { impl_->exec(rescore_sql, lead); }

void screening_tx::read_only() { impl_->tx.exec("SET TRANSACTION READ ONLY"); }

std::vector<std::pair<std::string, std::string>> screening_tx::pooled(domain::instant from,
                                                                     domain::instant to,
                                                                     const pool_cursor& after,
                                                                     int limit) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto& claim = after.claim_id.empty() ? nil_uuid : after.claim_id;
    for (const auto& r :
         impl_->exec(pooled_sql, epoch(from), epoch(to), epoch(after.at), claim, limit))
        out.emplace_back(r[0].as<std::string>(), r[1].as<std::string>());
    return out;
}

long long screening_tx::pooled_count(domain::instant from, domain::instant to) {
    return impl_->exec(pooled_count_sql, epoch(from), epoch(to))[0][0].as<long long>();
}

std::map<std::string, std::string> screening_tx::outcomes() {
    std::map<std::string, std::string> out;
    for (const auto& r : impl_->exec(outcomes_sql))
        out[r[0].as<std::string>()] = r[1].as<std::string>();
    return out;
}

double screening_tx::done(const fraud::pooled_claim& c) {
    std::vector<std::string> situations, buckets;
    for (const auto& p : c.parties)
        for (int s : p.situations) {
            situations.push_back(std::to_string(s));
            buckets.push_back(std::to_string(loss_bucket(p.estimated_loss.fen)));
        }
    const auto [phones, people] = phone_users(c);
    const auto r = impl_->exec(done_sql, c.claim_id, epoch(c.occurred_at), text_array(situations),
                               text_array(buckets), phones, people);
    return r.empty() ? 0.0 : r[0][0].as<double>();
}

void screening_tx::commit() { impl_->tx.commit(); }

void screening_failed(session& s, const std::string& claim_id, const std::string& error,
                      std::chrono::seconds retry_in) {
    pqxx::work tx(s.conn());
    s.prepare(failed_sql);
    tx.exec_prepared0(std::string(failed_sql.name), claim_id, error.substr(0, 500),
                      static_cast<double>(retry_in.count()));
    tx.commit();
}

screening_backlog screening_queue_state(session& s) {
    pqxx::work tx(s.conn());
    s.prepare(backlog_sql);
    const auto r = tx.exec_prepared1(std::string(backlog_sql.name));
    tx.commit();
    return {r[0].as<long long>(), r[1].as<double>()};
}

}  // namespace crossclaim::storage
