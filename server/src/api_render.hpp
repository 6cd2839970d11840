// The JSON of the service's typed results (results.hpp), one renderer per
// result: the HTTP routes send these, the customer exports store them. Amounts
// are written in the store's currency format, times as ISO 8601 UTC.
#pragma once
#include "server_json.hpp"
#include "stepwise/server/service.hpp"

namespace stepwise::server {

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
json render(const CustomerRecord& c, const Service& s);
json render(const CustomerPage& p, const Service& s);
json render(const UpsertedCustomer& u, const Service& s);
json render(const LedgerSummary& l, const Service& s);
json render(const std::vector<OutboxEmail>& emails);  // GET /v1/outbox/emails
json render(const SentMark& m);
json render(const IssuedAward& a, const Service& s);      // one award (events, manual awards)
json render(const AppliedClawback& c, const Service& s);
json render(const IngestOutcome& o, const Service& s);    // POST /v1/events, the demo checkout
json render(const OrderOutcome& o, const Service& s);     // PUT /v1/orders/{id}, the platforms' webhooks
json render(const std::vector<JobRecord>& jobs);  // GET /v1/jobs
json render(const std::vector<ProgramSummary>& programs);  // GET /v1/programs
json render(const ProgramSaved& p);
json render(const ProgramVersions& v);
json render(const ProgramDiff& d);
json render(const std::vector<Milestone>& milestones, const Service& s);  // GET /v1/milestones
json render(const std::vector<PointsOption>& options, const Service& s);  // GET /v1/points/options
json render(const DeliveryCounts& d);
json render(const CustomerExport& e);
json render(const std::vector<CustomerExport>& exports);  // GET /v1/connectors/exports

}  // namespace stepwise::server
