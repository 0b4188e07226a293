#include "fraud/rule_settings.hpp"

#include <algorithm>

namespace crossclaim::fraud {

std::chrono::seconds widest_window(const rule_settings& s) {
    using std::chrono::days;
    using std::chrono::hours;
    std::chrono::seconds widest{0};
    auto widen = [&](bool enabled, std::chrono::seconds w) {
        if (enabled) widest = std::max(widest, w);
    };
    widen(s.frequent_vehicle.enabled, days(s.frequent_vehicle.window_days));
    widen(s.frequent_driver.enabled, days(s.frequent_driver.window_days));
    widen(s.same_id_48h.enabled, hours(s.same_id_48h.window_hours));
    widen(s.repeat_pair.enabled, days(s.repeat_pair.window_days));
    widen(s.double_report.enabled, hours(s.double_report.window_hours));
    return widest;
}

}  // namespace crossclaim::fraud
