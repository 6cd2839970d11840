// The JSON of the service's typed results (results.hpp), one renderer per
// result: the HTTP routes send these, the customer exports store them. Amounts
// are written in the store's currency format, times as ISO 8601 UTC.
#pragma once
#include <nlohmann/json.hpp>

#include "stepwise/server/service.hpp"

namespace stepwise::server {

using json = nlohmann::json;

json render(const Wallet& w, const Service& s);
json render(const LedgerRow& row, const Service& s);
json render(const Transactions& t, const Service& s);
json render(const RewardRecord& r, const Service& s);
json render(const Rewards& r, const Service& s);
json render(const RedeemedReward& r);
json render(const Choices& c);
json render(const Picked& p, const Service& s);
json render(const Notices& n, const Service& s);
json render_delivered(std::int64_t delivered);  // POST .../notices/delivered
json render(const PointsView& v, const Service& s);
json render(const PointsRedemption& r, const Service& s);
json render(const CreditCoupon& c, const Service& s);
json render(const CreditCoupons& c, const Service& s);
json render(const CreditCouponRequest& r, const Service& s);

}  // namespace stepwise::server
