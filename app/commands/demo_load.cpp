// demo load: months of activity for the demo zone, so that a first-time user sees a living
// console. Claims go in through intake (`demo generate`) and are screened (`demo screen`);
// then each party's claim moves on through the lifecycle service, adjusters of other members
// record assists, and the committee's leads are worked into every state through the
// investigation service. Nothing is written around those services.

#include <algorithm>
#include <iostream>
#include <random>

#include "app/commands/commands.hpp"
#include "services/investigation.hpp"
#include "services/lifecycle.hpp"
#include "storage/assists_store.hpp"
#include "storage/claims_store.hpp"
#include "storage/leads_store.hpp"
#include "storage/outbox.hpp"

namespace crossclaim::app {
namespace {

using domain::claim_status;
using namespace std::chrono_literals;

domain::instant now() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

// How far a party's claim gets, and how long each step takes: most close within weeks,
// some stop on the way, a few are slow enough to miss their deadlines.
void move_on(storage::session& db, const config::settings& s, const storage::party_ref& p,
             std::mt19937_64& rng, long long& moves) {
    static constexpr claim_status path[] = {claim_status::accepted,  claim_status::surveyed,
                                            claim_status::assessed,  claim_status::documents_complete,
                                            claim_status::approved,  claim_status::paid,
                                            claim_status::closed};
    std::discrete_distribution<int> reach{8, 8, 8, 10, 6, 6, 12, 42};  // index of the last step + 1
    const int steps = reach(rng);
    const bool slow = std::uniform_int_distribution<int>{0, 9}(rng) == 0;
    std::uniform_int_distribution<int> hours{1, slow ? 240 : 40};
    const auto amount = domain::money{std::uniform_int_distribution<long long>{300, 9'000}(rng) * 100};
    auto at = p.reported_at;
    for (int i = 0; i < steps; ++i) {
        at += std::chrono::hours{hours(rng)};
        if (at > now()) return;
        services::status_change c{p.claim_id, p.party, path[i], at, std::nullopt, std::nullopt,
                                  std::nullopt};
        if (path[i] == claim_status::assessed || path[i] == claim_status::paid) c.amount = amount;
        if (path[i] == claim_status::paid) c.method = domain::payment_method::bank_transfer;
        const auto r = services::change_status(db, s, p.insurer, p.insurer + "/demo-loader", c, now());
        if (r.result != services::status_changed::changed) return;
        ++moves;
    }
}

// Works the committee's new leads into every state, a fifth each.
void work_leads(storage::session& db, const config::settings& s, long long& worked) {
    std::vector<storage::lead_row> leads;
    {
        storage::leads_tx tx(db);
        storage::lead_filter f;
        f.status = "NEW";
        f.limit = 200;
        leads = tx.list(f);
    }
    const services::caller who{"demo-investigator", "AFC"};
    const auto patch = [&](const std::string& id, const std::string& status,
                           std::optional<std::string> note,
                           std::optional<domain::money> amount = std::nullopt) {
        services::lead_patch p;
        p.status = status;
        p.note = std::move(note);
        p.confirmed_amount = amount;
        if (status == "ASSIGNED") p.assignee = "demo-investigator";
        return services::patch_lead(db, s.fraud, id, p, who).outcome ==
               services::patch_result::ok;
    };
    for (std::size_t i = 0; i < leads.size(); ++i) {
        const auto& id = leads[i].lead_id;
        const auto target = i % 5;  // 0 stays NEW
        if (target == 0) continue;
        bool ok = patch(id, "ASSIGNED", std::nullopt);
        if (ok && target >= 2) ok = patch(id, "INVESTIGATING", "demo: checking the claims' photos");
        if (ok && target == 3)
            ok = patch(id, "CONFIRMED", "demo: staged collision",
                       domain::money{(5'000 + 100 * static_cast<long long>(i)) * 100});
        if (ok && target == 4) ok = patch(id, "DISMISSED", "demo: a coincidence");
        worked += ok;
    }
}

}  // namespace

int demo_load(const arguments& args) {
    if (reject_unknown(args, {"config", "claims", "days", "seed"})) return 2;
    const std::string config = args.option("config").value_or(config::default_path());
    const std::string claims = args.option("claims").value_or("5000");
    const std::string days = args.option("days").value_or("180");
    const std::string seed = args.option("seed").value_or("1");
    int d = 0;
    try {
        d = std::stoi(days);
    } catch (const std::exception&) {
    }
    if (d < 1 || d > 3660) {
        std::cerr << "crossclaim demo load: --days must be a whole number from 1 to 3660\n";
        return 2;
    }
    const auto first = domain::shanghai_day(now()) - std::chrono::days{d};
    std::cerr << "1/4 claims through intake\n";
    if (int rc = demo_generate(arguments({"--config", config, "--claims", claims, "--seed", seed,
                                          "--first-day", domain::format_date(first), "--days",
                                          std::to_string(d - 1), "--workers", "2"})))
        return rc;
    std::cerr << "2/4 screening them\n";
    if (int rc = demo_screen(arguments({"--config", config}))) return rc;

    const auto s = load_or_report(args);
    if (!s) return 2;
    try {
        storage::background_connection db(
            storage::with_connect_timeout(s->database.url, s->database.connect_timeout_seconds));
        std::mt19937_64 rng(std::stoull(seed));
        std::cerr << "3/4 moving the claims through their lifecycle, with assists\n";
        long long moves = 0, assists = 0, worked = 0;
        const auto parties = storage::parties_in_status(db.get(), "ROUTED", 10'000'000);
        std::vector<std::string> members;
        for (const auto& m : s->zone.members) members.push_back(m.code);
        for (std::size_t i = 0; i < parties.size(); ++i) {
            const auto& p = parties[i];
            move_on(db.get(), *s, p, rng, moves);
            // One claim in twelve gets an adjuster of another member at the scene.
            if (p.party == "A" && members.size() > 1 &&
                std::uniform_int_distribution<int>{0, 11}(rng) == 0) {
                const std::size_t mine =
                    std::find(members.begin(), members.end(), p.insurer) - members.begin();
                const std::string helper =
                    members[(mine + 1 + rng() % (members.size() - 1)) % members.size()];
                storage::insert_assist(db.get(), helper, helper + "-ADJ-" + std::to_string(i % 40),
                                       p.claim_id, {"PHOTOS", "SURVEY_HELP"}, p.reported_at + 30min);
                ++assists;
            }
            if ((i + 1) % 2000 == 0)
                std::cerr << "  " << (i + 1) << " of " << parties.size() << " party claims\n";
        }
        std::cerr << "4/4 working the leads\n";
        work_leads(db.get(), *s, worked);
        std::cout << "demo load: " << parties.size() << " party claims, " << moves
                  << " status changes, " << assists << " assists, " << worked
                  << " leads worked; a running gateway escalates the overdue stages\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "crossclaim demo load: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace crossclaim::app
