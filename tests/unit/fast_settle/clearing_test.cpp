#include "fast_settle/clearing.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "domain/money.hpp"

using namespace crossclaim::domain;
using namespace crossclaim::fast_settle;

namespace {

ledger_total owes(const std::string& debtor, const std::string& creditor, money amount) {
    return ledger_total{creditor, debtor, amount};
}

std::string describe(const net_line& l) {
    return l.debtor + "->" + l.creditor + " " + to_string(l.amount) + " (gross " +
           to_string(l.gross_debtor_to_creditor) + "/" + to_string(l.gross_creditor_to_debtor) +
           ", " + std::to_string(l.entries) + ")";
}

std::vector<std::string> describe(const std::vector<net_line>& lines) {
    std::vector<std::string> out;
    for (const auto& l : lines) out.push_back(describe(l));
    return out;
}

using strings = std::vector<std::string>;

}  // namespace

TEST_CASE("no entries give an empty statement", "[fast_settle][clearing]") {
    CHECK(net_statement({}).empty());
}

TEST_CASE("opposite entries of a pair net into one line owed by the net debtor",
          "[fast_settle][clearing]") {
    const auto lines =
        net_statement({owes("PAIC", "PICC", yuan(100)), owes("PICC", "PAIC", yuan(30)),
                       owes("PAIC", "PICC", yuan(100))});
    CHECK(describe(lines) == strings{"PAIC->PICC 170.00 (gross 200.00/30.00, 3)"});
}

TEST_CASE("a period's totals of a pair net like the entries they sum",
          "[fast_settle][clearing]") {
    const auto lines = net_statement({ledger_total{"PICC", "PAIC", yuan(200), 2},
                                      ledger_total{"PAIC", "PICC", yuan(30), 1}});
    CHECK(describe(lines) == strings{"PAIC->PICC 170.00 (gross 200.00/30.00, 3)"});
}

TEST_CASE("the net debtor may be the alphabetically later insurer", "[fast_settle][clearing]") {
    const auto lines =
        net_statement({owes("PICC", "CPIC", yuan(100)), owes("CPIC", "PICC", money{1})});
    CHECK(describe(lines) == strings{"PICC->CPIC 99.99 (gross 100.00/0.01, 2)"});
}

TEST_CASE("a pair whose amounts cancel exactly keeps a zero line in alphabetical direction",
          "[fast_settle][clearing]") {
    for (const auto& input : {std::vector<ledger_total>{owes("PICC", "PAIC", yuan(100)),
                                                        owes("PAIC", "PICC", yuan(100))},
                              std::vector<ledger_total>{owes("PAIC", "PICC", yuan(100)),
                                                        owes("PICC", "PAIC", yuan(100))}}) {
        CHECK(describe(net_statement(input)) ==
              strings{"PAIC->PICC 0.00 (gross 100.00/100.00, 2)"});
    }
}

TEST_CASE("entries an insurer owes itself are ignored", "[fast_settle][clearing]") {
    CHECK(net_statement({owes("PICC", "PICC", yuan(100))}).empty());
    CHECK(
        describe(net_statement({owes("PICC", "PICC", yuan(100)), owes("PAIC", "PICC", yuan(5))})) ==
        strings{"PAIC->PICC 5.00 (gross 5.00/0.00, 1)"});
}

TEST_CASE("statement lines are sorted by the pair's codes", "[fast_settle][clearing]") {
    const auto lines =
        net_statement({owes("PICC", "PAIC", yuan(1)), owes("PICC", "CPIC", yuan(2)),
                       owes("PAIC", "CPIC", yuan(3)), owes("LNRB", "PICC", yuan(4))});
    CHECK(describe(lines) ==
          strings{"PAIC->CPIC 3.00 (gross 3.00/0.00, 1)", "PICC->CPIC 2.00 (gross 2.00/0.00, 1)",
                  "LNRB->PICC 4.00 (gross 4.00/0.00, 1)", "PICC->PAIC 1.00 (gross 1.00/0.00, 1)"});
}

TEST_CASE("netting random entries equals naive pairwise sums, whatever the input order",
          "[fast_settle][clearing][property]") {
    std::mt19937 rng(7);
    const std::vector<std::string> insurers = {"PICC", "PAIC", "CPIC", "LNRB", "CCIC"};
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };

    for (int round = 0; round < 200; ++round) {
        CAPTURE(round);
        std::vector<ledger_total> entries;
        const int n = pick(60);
        for (int i = 0; i < n; ++i) {
            const auto& debtor = insurers[pick(5)];
            const auto& creditor = insurers[pick(5)];
            // Small amounts so that exact cancellations happen now and then.
            entries.push_back(
                owes(debtor, creditor, money{1 + pick(3) * 5000}));
        }
        const auto lines = net_statement(entries);

        // Naive: for each ordered pair, add up what one owes the other.
        std::map<std::pair<std::string, std::string>, money> owed;
        std::map<std::pair<std::string, std::string>, std::size_t> count;
        for (const auto& e : entries) {
            if (e.debtor == e.creditor) continue;
            owed[{e.debtor, e.creditor}] += e.amount;
            ++count[{std::min(e.debtor, e.creditor), std::max(e.debtor, e.creditor)}];
        }
        CHECK(lines.size() == count.size());
        for (const auto& l : lines) {
            CHECK(l.debtor != l.creditor);
            CHECK(l.amount >= money{});
            const money forth = owed[{l.debtor, l.creditor}];
            const money back = owed[{l.creditor, l.debtor}];
            CHECK(l.gross_debtor_to_creditor == forth);
            CHECK(l.gross_creditor_to_debtor == back);
            CHECK(l.amount == forth - back);
            if (l.amount == money{}) CHECK(l.debtor < l.creditor);
            CHECK(l.entries ==
                  count[{std::min(l.debtor, l.creditor), std::max(l.debtor, l.creditor)}]);
        }
        for (std::size_t i = 1; i < lines.size(); ++i) {
            auto key = [](const net_line& l) {
                return std::pair{std::min(l.debtor, l.creditor), std::max(l.debtor, l.creditor)};
            };
            CHECK(key(lines[i - 1]) < key(lines[i]));
        }

        auto shuffled = entries;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        CHECK(describe(net_statement(shuffled)) == describe(lines));
        CHECK(describe(net_statement(entries)) == describe(lines));
    }
}
