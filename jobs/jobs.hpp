#pragma once
// Background work of a gateway process: delivery workers, the SLA escalator, screening
// workers, the pool's key refresh, its retention purge and the reports' daily rollups. Each
// runs on its own threads with its own database connection; several instances share the
// work through row locks, so any number may run against one database.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "config/config.hpp"
#include "privacy/keyring.hpp"
#include "services/screening.hpp"

namespace crossclaim::jobs {

/// Threads that run `step` repeatedly until stopped, sleeping `idle` when it found no work.
class background {
  public:
    background() = default;
    ~background() { stop(); }
    background(const background&) = delete;
    background& operator=(const background&) = delete;
    /// Starts the delivery workers, the escalator and the pool's workers of `s`.
    void start(const config::settings& s, privacy::keyring& keys, services::screening_stats& stats);
    /// Asks every thread to finish its current step, then joins them.
    void stop();

  private:
    // Sleeps up to `d`; returns false when stopping.
    bool pause(std::chrono::milliseconds d);
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
    void deliver_loop(const config::settings& s, const privacy::keyring& keys);
    void escalate_loop(const config::settings& s);
    void screen_loop(const config::settings& s, services::screening_stats& stats);
    void key_refresh_loop(const config::settings& s, privacy::keyring& keys);
    void purge_loop(const config::settings& s);
    void rollup_loop(const config::settings& s);
};

}  // namespace crossclaim::jobs
