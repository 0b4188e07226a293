#pragma once
// Background work of a gateway process: delivery workers and the SLA escalator. Each runs
// on its own threads with its own database connection; several instances share the work
// through row locks, so any number may run against one database.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "config/config.hpp"

namespace crossclaim::jobs {

/// Threads that run `step` repeatedly until stopped, sleeping `idle` when it found no work.
class background {
  public:
    background() = default;
    ~background() { stop(); }
    background(const background&) = delete;
    background& operator=(const background&) = delete;
    /// Starts the delivery workers and the escalator of `s`.
    void start(const config::settings& s);
    /// Asks every thread to finish its current step, then joins them.
    void stop();

  private:
    // Sleeps up to `d`; returns false when stopping.
    bool pause(std::chrono::milliseconds d);
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
    void deliver_loop(const config::settings& s);
    void escalate_loop(const config::settings& s);
};

}  // namespace crossclaim::jobs
