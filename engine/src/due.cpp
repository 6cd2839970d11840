#include "stepwise/evaluate.hpp"

namespace stepwise {

Due newly_due(const Report& report, const std::set<std::string>& issued, const std::set<std::string>& clawed) {
    Due due;
    for (const Award& a : report.awards)
        if (!issued.count(a.key)) due.awards.push_back(a);
    for (const Clawback& c : report.clawbacks)
        if (!clawed.count(c.key)) due.clawbacks.push_back(c);
    return due;
}

}  // namespace stepwise
