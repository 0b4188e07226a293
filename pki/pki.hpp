#pragma once
// A development PKI: a CA, a server certificate for localhost, and client certificates
// whose subject carries the member (O), role (OU) and system or person (CN).

#include <optional>
#include <string>

namespace crossclaim::pki {

/// Creates DIR/ca.crt, ca.key, server.crt, server.key unless ca.crt already exists (then
/// they are not touched), and DIR/crl.pem, the CA's revocation list, when it is missing.
/// Returns an error text on failure.
std::optional<std::string> init(const std::string& dir);

struct client_request {
    std::string dir;   ///< where ca.crt and ca.key are
    std::string org;   ///< O: member code
    std::string role;  ///< OU: insurer, investigator, association
    std::string cn;    ///< CN
    std::string out;   ///< writes OUT.crt and OUT.key
    int days = 825;    ///< validity
    int backdate = 0;  ///< shifts the validity window this many days into the past
};

/// Issues a client certificate signed by the CA in `dir`.
std::optional<std::string> issue(const client_request& r);

/// Adds the certificate in `cert_file` (issued by the CA in `dir`) to DIR/revoked.txt and
/// signs DIR/crl.pem anew with every revoked serial, valid for `days`. With an empty
/// `cert_file`, only re-signs the list (a CRL must be renewed before its next update).
std::optional<std::string> revoke(const std::string& dir, const std::string& cert_file, int days);

}  // namespace crossclaim::pki
