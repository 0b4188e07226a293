#include <iostream>

#include "app/commands/commands.hpp"
#include "pki/pki.hpp"

namespace crossclaim::app {

int pki_init(const arguments& args) {
    const auto dir = args.option("dir");
    if (!dir) {
        std::cerr << "usage: crossclaim pki init --dir DIR\n";
        return 2;
    }
    if (auto e = pki::init(*dir)) {
        std::cerr << "crossclaim pki init: " << *e << '\n';
        return 1;
    }
    std::cout << "CA and server certificate in " << *dir << '\n';
    return 0;
}

int pki_issue(const arguments& args) {
    const auto unknown =
        args.unknown_options({"dir", "org", "role", "cn", "out", "days", "backdate"});
    if (!unknown.empty() || !args.option("dir")) {
        for (const auto& u : unknown)
            std::cerr << "crossclaim pki issue: unknown option " << u << '\n';
        std::cerr << "usage: crossclaim pki issue --dir DIR --org CODE --role "
                     "insurer|investigator|association --cn NAME --out PREFIX [--days N] "
                     "[--backdate DAYS]\n";
        return 2;
    }
    pki::client_request r;
    r.dir = *args.option("dir");
    r.org = args.option("org").value_or("");
    r.role = args.option("role").value_or("");
    r.cn = args.option("cn").value_or("");
    r.out = args.option("out").value_or("");
    try {
        if (auto d = args.option("days")) r.days = std::stoi(*d);
        if (auto b = args.option("backdate")) r.backdate = std::stoi(*b);
    } catch (const std::exception&) {
        std::cerr << "crossclaim pki issue: --days and --backdate take whole numbers\n";
        return 2;
    }
    if (auto e = pki::issue(r)) {
        std::cerr << "crossclaim pki issue: " << *e << '\n';
        return 1;
    }
    std::cout << r.out << ".crt and " << r.out << ".key issued for O=" << r.org << " OU=" << r.role
              << " CN=" << r.cn << '\n';
    return 0;
}

int pki_revoke(const arguments& args) {
    const auto unknown = args.unknown_options({"dir", "cert", "days"});
    if (!unknown.empty() || !args.option("dir")) {
        for (const auto& u : unknown)
            std::cerr << "crossclaim pki revoke: unknown option " << u << '\n';
        std::cerr << "usage: crossclaim pki revoke --dir DIR [--cert FILE.crt] [--days N]\n"
                     "  adds the certificate to the CA's revocation list and signs DIR/crl.pem\n"
                     "  anew (valid N days, 825 by default); without --cert, only re-signs it.\n"
                     "  Then send SIGHUP to the gateways, or restart them.\n";
        return 2;
    }
    int days = 825;
    try {
        if (auto d = args.option("days")) days = std::stoi(*d);
    } catch (const std::exception&) {
        std::cerr << "crossclaim pki revoke: --days takes a whole number\n";
        return 2;
    }
    const auto dir = *args.option("dir");
    const auto cert = args.option("cert").value_or("");
    if (auto e = pki::revoke(dir, cert, days)) {
        std::cerr << "crossclaim pki revoke: " << *e << '\n';
        return 1;
    }
    if (!cert.empty()) std::cout << cert << " revoked; ";
    std::cout << dir << "/crl.pem signed, valid " << days << " days\n";
    return 0;
}

}  // namespace crossclaim::app
