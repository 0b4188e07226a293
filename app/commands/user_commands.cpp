// user add: console users (the association's staff, the committee's investigators).

#include <iostream>
#include <string>

#include "app/commands/commands.hpp"
#include "services/console_accounts.hpp"
#include "storage/db_pool.hpp"
#include "storage/outbox.hpp"

namespace crossclaim::app {

int user_add(const arguments& args) {
    if (reject_unknown(args, {"config", "role", "org"})) return 2;
    const auto names = args.positional();
    if (names.size() != 1 || !args.option("role")) {
        std::cerr << "usage: crossclaim user add [--config FILE] --role association|investigator "
                     "[--org CODE] NAME   (the password is read from standard input)\n";
        return 2;
    }
    const auto s = load_or_report(args);
    if (!s) return 2;
    if (s->database.url.empty()) {
        std::cerr << "crossclaim: no database: set CROSSCLAIM_DB_URL\n";
        return 2;
    }
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    const std::string& name = names.front();
    const std::string role = *args.option("role");
    std::string organisation = args.option("org").value_or("");
    if (auto why = services::check_new_user(s->zone, name, role, organisation, password)) {
        std::cerr << "crossclaim user add: " << *why << '\n';
        return 2;
    }
    if (!run_migrations(*s)) return 1;
    try {
        storage::background_connection db(
            storage::with_connect_timeout(s->database.url, s->database.connect_timeout_seconds));
        const bool added = services::add_user(db.get(), name, role, organisation, password);
        std::cout << (added ? "added " : "updated ") << role << " " << name << " of "
                  << organisation << (added ? "" : " (new password; its sessions ended)") << '\n';
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "crossclaim user add: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace crossclaim::app
