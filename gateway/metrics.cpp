#include "gateway/metrics.hpp"

#include <sstream>

namespace crossclaim::gateway {

void metrics::record(std::string_view route, int status, std::chrono::microseconds latency) {
    const double seconds = static_cast<double>(latency.count()) / 1e6;
    std::lock_guard lock(mutex_);
    ++requests_[{std::string(route), status}];
    auto& h = latency_[std::string(route)];
    for (std::size_t i = 0; i < bounds.size(); ++i)
        if (seconds <= bounds[i]) ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

std::string metrics::render(const storage::pool_stats& pool) const {
    std::ostringstream out;
    std::lock_guard lock(mutex_);
    out << "# HELP crossclaim_requests_total HTTP requests by route and status.\n"
        << "# TYPE crossclaim_requests_total counter\n";
    for (const auto& [key, n] : requests_)
        out << "crossclaim_requests_total{route=\"" << key.first << "\",status=\"" << key.second
            << "\"} " << n << '\n';
    out << "# HELP crossclaim_request_duration_seconds Time from request read to response.\n"
        << "# TYPE crossclaim_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
        for (std::size_t i = 0; i < bounds.size(); ++i)
            out << "crossclaim_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
                << bounds[i] << "\"} " << h.buckets[i] << '\n';
        out << "crossclaim_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
            << h.count << '\n'
            << "crossclaim_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum
            << '\n'
            << "crossclaim_request_duration_seconds_count{route=\"" << route << "\"} " << h.count
            << '\n';
    }
    out << "# HELP crossclaim_db_pool_connections Database threads, each with one connection.\n"
        << "# TYPE crossclaim_db_pool_connections gauge\n"
        << "crossclaim_db_pool_connections " << pool.size << '\n'
        << "# HELP crossclaim_db_pool_busy Database threads running a unit of work.\n"
        << "# TYPE crossclaim_db_pool_busy gauge\n"
        << "crossclaim_db_pool_busy " << pool.busy << '\n'
        << "# HELP crossclaim_db_pool_queued Units of work waiting for a database thread.\n"
        << "# TYPE crossclaim_db_pool_queued gauge\n"
        << "crossclaim_db_pool_queued " << pool.queued << '\n'
        << "# HELP crossclaim_db_up 1 when the last connection attempt succeeded.\n"
        << "# TYPE crossclaim_db_up gauge\n"
        << "crossclaim_db_up " << (pool.connected ? 1 : 0) << '\n';
    return out.str();
}

}  // namespace crossclaim::gateway
