// crossclaim: the gateway binary and its administration commands.

#include <iostream>
#include <string>
#include <vector>

#include "app/commands/commands.hpp"

namespace {

constexpr const char* usage =
    "usage: crossclaim COMMAND [options]\n"
    "  serve [--config FILE] [--ready-file FILE]   run the gateway (applies migrations first)\n"
    "  migrate [--config FILE]                     apply database migrations and exit\n"
    "  check-config [--config FILE]                validate the configuration\n"
    "  pki init --dir DIR                          create a development CA and server cert\n"
    "  pki issue --dir DIR --org CODE --role ROLE --cn NAME --out PREFIX [--days N]\n"
    "            [--backdate DAYS]                 issue a client certificate\n"
    "  pki revoke --dir DIR [--cert FILE] [--days N]\n"
    "                                              revoke a certificate; re-sign DIR/crl.pem\n"
    "  pool rotate-key [--config FILE]             new pool data key; re-encrypt, gateways "
    "running\n"
    "  pool seal-claims [--config FILE]            encrypt the identifiers of claims stored "
    "before\n"
    "                                              they were encrypted; gateways running\n"
    "  reports rollup [--config FILE]              bring the reports' daily rollups up to date\n"
    "  fraud backtest --rules FILE [--from DATE] [--to DATE] [--config FILE]\n"
    "                                              a candidate rule set over the stored pool\n"
    "  demo generate [--seed N] [--claims N] [--first-day DATE] [--days N] [--workers N]\n"
    "                [--config FILE]               synthetic claims through intake\n"
    "  demo screen [--config FILE]                 screen every queued claim, then exit\n"
    "  demo load [--claims N] [--days N] [--seed N] [--config FILE]\n"
    "                                              months of activity: claims, lifecycle, assists, leads\n"
    "  user add --role association|investigator [--org CODE] [--config FILE] NAME\n"
    "                                              console user; password on standard input\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace crossclaim::app;
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty()) {
        std::cerr << usage;
        return 2;
    }
    const std::string command = words.front();
    words.erase(words.begin());
    if (command == "serve") return serve(arguments(words));
    if (command == "migrate") return migrate(arguments(words));
    if (command == "check-config") return check_config(arguments(words));
    if (command == "pki" && !words.empty()) {
        const std::string sub = words.front();
        words.erase(words.begin());
        if (sub == "init") return pki_init(arguments(words));
        if (sub == "issue") return pki_issue(arguments(words));
        if (sub == "revoke") return pki_revoke(arguments(words));
    }
    if (command == "pool" && !words.empty() && words.front() == "rotate-key")
        return pool_rotate_key(arguments({words.begin() + 1, words.end()}));
    if (command == "pool" && !words.empty() && words.front() == "seal-claims")
        return pool_seal_claims(arguments({words.begin() + 1, words.end()}));
    if (command == "demo" && !words.empty() && words.front() == "generate")
        return demo_generate(arguments({words.begin() + 1, words.end()}));
    if (command == "demo" && !words.empty() && words.front() == "load")
        return demo_load(arguments({words.begin() + 1, words.end()}));
    if (command == "demo" && !words.empty() && words.front() == "screen")
        return demo_screen(arguments({words.begin() + 1, words.end()}));
    if (command == "user" && !words.empty() && words.front() == "add")
        return user_add(arguments({words.begin() + 1, words.end()}));
    if (command == "reports" && !words.empty() && words.front() == "rollup")
        return reports_rollup(arguments({words.begin() + 1, words.end()}));
    if (command == "fraud" && !words.empty() && words.front() == "backtest")
        return fraud_backtest(arguments({words.begin() + 1, words.end()}));
    std::cerr << usage;
    return 2;
}
