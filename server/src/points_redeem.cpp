// A customer's points: the balance, its history and what it can buy, and
// redeeming an option. A redemption debits the points and issues its reward
// through the awards' own path (issue_awards -> issue_rewards), so the reward
// gets its code or credit, notice, email and `awarded` webhook like any other.
// Exactly once: the client's key is stored with the redemption, under the
// customer's lock, in the transaction that debits and issues.
#include "internal.hpp"
#include "points_table.hpp"
#include "rewards_table.hpp"

namespace stepwise::server {

PointsView Service::points(const std::string& customer_id, std::int64_t limit, std::optional<std::int64_t> before_id) {
    return impl_->store->read([&](Tx& tx) {
        PointsView v;
        v.customer_id = customer_id;
        v.balance = impl_->points_balance(tx, customer_id);
        v.history = points_table::history(tx.c, customer_id, limit, before_id);
        // Open points with an expiry, soonest first (what the shopper should spend first).
        v.expiring = points_table::expiring(tx.c, customer_id, 20);
        for (const PointsOption& o : load_points_options(tx, digits())) {
            if (!o.active) continue;  // internal: never shown to a shopper
            v.options.push_back({o, v.balance >= o.points, v.balance >= o.points ? 0 : o.points - v.balance});
        }
        if (!v.history.empty() && v.history.size() == static_cast<std::size_t>(limit))
            v.next_before_id = v.history.back().id;
        return v;
    });
}

PointsRedemption Service::redeem_points(const std::string& customer_id, const std::string& option_id, const std::string& key) {
    if (!client_key_ok(key))
        throw ServiceError(422, "/key", "must be 1-" + std::to_string(kMaxClientKey) +
                                            " printable characters without spaces, the same on every retry");
    if (option_id.empty() || option_id.size() > 64) throw ServiceError(422, "/option", "must be an option id");
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        tx.lock_customer(customer_id);
        auto answer = [&](const std::string& award_key, std::int64_t points, std::int64_t created_at,
                          const std::string& opt, bool replayed) {
            PointsRedemption out{customer_id, key, opt, points, award_key, std::nullopt,
                                 impl_->points_balance(tx, customer_id), created_at, replayed};
            out.reward = rewards_table::first_of_award(tx.c, customer_id, award_key);
            return out;
        };
        // A retry of a redemption already made: the same answer, no second debit.
        if (auto done = points_table::find_redemption(tx.c, customer_id, key)) {
            if (done->option_id != option_id)
                throw ServiceError(409, "/key",
                                   "this key was used for option \"" + done->option_id + "\"; use a new key for a new redemption");
            return answer(done->award_key, done->points, done->created_at, option_id, true);
        }
        bool removed = false;
        auto option = load_points_option(tx, option_id, digits(), removed);
        if (!option || removed) throw ServiceError(404, "/option", "no such redemption option");
        if (!option->active) throw ServiceError(409, "/option", "this redemption option is not available now");
        if (!impl_->load_customer(tx, customer_id)) throw ServiceError(404, "", "no such customer");
        const std::int64_t balance = impl_->points_balance(tx, customer_id);
        if (balance < option->points)
            throw ServiceError(409, "/option",
                               "not enough points: " + option->name + " costs " + std::to_string(option->points) +
                                   " points, the balance is " + std::to_string(balance) + " (" +
                                   std::to_string(option->points - balance) + " more needed)");

        // The reward is an award of a program of its own, one step: the option.
        const int n = static_cast<int>(points_table::redemptions_of_option(tx.c, customer_id, option_id) + 1);
        ProgramEntry entry;
        entry.id = kPointsProgramId;
        entry.program.id = kPointsProgramId;
        entry.program.currency = currency();
        entry.program.rules.reward_expiry_days = option->expiry_days;
        Step step;
        step.id = option->id;
        step.name = option->name;
        step.rewards = {option->reward};
        entry.program.steps = {step};
        Award a;
        a.step_index = 0;
        a.step_id = step.id;
        a.occurrence = n;
        a.key = award_key(kPointsProgramId, step.id, n);
        a.awarded_at = now;

        points_table::insert_redemption(tx.c, customer_id, key, {option_id, option->points, a.key, now});
        impl_->take_points(tx, customer_id, option->points, "");
        PointsEntry spent;
        spent.customer_id = customer_id;
        spent.type = "spent";
        spent.points = -option->points;
        spent.award_key = a.key;
        spent.program_id = kPointsProgramId;
        spent.redemption_key = key;
        spent.note = "Points redeemed, " + option->name;
        impl_->append_points(tx, customer_id, {spent}, now);
        IngestOutcome out;
        impl_->issue_award(tx, customer_id, entry, a, nullptr, "redemption", "", now, out);
        if (out.awards.empty()) throw ServiceError(409, "/key", "award " + a.key + " already exists");
        return answer(a.key, option->points, now, option_id, false);
    });
}

}  // namespace stepwise::server
