#pragma once
// The API's OpenAPI 3.1 document (api/openapi.yaml), built into the binary as JSON.

#include <string_view>

namespace crossclaim::gateway {

/// The document as compact JSON.
std::string_view openapi_json();

}  // namespace crossclaim::gateway
