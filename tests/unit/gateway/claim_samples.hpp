#pragma once
// Request bodies shared by unit and integration tests. Every identifier in them passes the
// domain validators (API.md's example VIN and ID number have wrong check digits), so a test
// that breaks one field knows that field is the only problem.

#include <string>

namespace crossclaim::test_samples {

/// A valid POST /v1/claims body: A (PICC, underwritten in Tianshui 620500) rear-ended B (PAIC,
/// Longnan 621200) in Longnan county 621202; A ticked situation 1, B nothing. A's loss is
/// 500.00, B's 1800.00, so the claim is fast-settle eligible in the demo zone.
inline std::string valid_claim_body() {
    return R"json({
  "external_ref": "PICC-TS-2026-000123",
  "accident": {
    "occurred_at": "2026-11-20T08:15:00+08:00",
    "region": "621200", "county": "621202", "location": "G316 K1520",
    "situations": {"A": [1], "B": []},
    "injuries": false, "external_property_damage": false,
    "description": "rear-end at traffic light"
  },
  "parties": [
    {"role": "A",
     "vehicle": {"plate": "甘E12345", "vin": "LSVAU2187N2123456", "drivable": true},
     "driver": {"name": "张三", "id_number": "620502199001011235", "phone": "13800000000"},
     "policy": {"insurer": "PICC", "region": "620500",
                "compulsory": {"number": "PDZA2026620500000001", "start": "2026-03-01", "end": "2027-02-28"},
                "commercial_tpl": {"number": "PDAA2026620500000001", "amount": "1000000.00", "start": "2026-03-01", "end": "2027-02-28"},
                "own_damage": true},
     "estimated_loss": "500.00",
     "evidence": [{"kind": "photo", "sha256": "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", "taken_at": "2026-11-20T08:20:00+08:00"}]},
    {"role": "B",
     "vehicle": {"plate": "甘K67890", "vin": "LFV2A21K0N4000123", "drivable": true},
     "driver": {"name": "李四", "id_number": "62120219850615432X", "phone": "13900000001"},
     "policy": {"insurer": "PAIC", "region": "621200",
                "compulsory": {"number": "PDZA2026621200000002", "start": "2026-01-15", "end": "2027-01-14"},
                "commercial_tpl": {"number": "PDAA2026621200000002", "amount": "1500000.00", "start": "2026-01-15", "end": "2027-01-14"},
                "own_damage": false},
     "estimated_loss": "1800.00",
     "evidence": [{"kind": "video", "sha256": "f9e8d7c6b5a49382716f5e4d3c2b1a09f9e8d7c6b5a49382716f5e4d3c2b1a09"}]}
  ]
})json";
}

}  // namespace crossclaim::test_samples
