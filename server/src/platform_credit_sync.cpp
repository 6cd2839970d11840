// Store credit the shopper spends at Shopify's checkout (or gets back from a
// refund or cancellation) is debited from (credited to) the wallet, so the
// Stepwise ledger stays the one record of the credit (docs/rewards-at-checkout.md).
// Each Shopify order of the customer queues a store_credit_sync job
// (platform_credit.hpp); its handler reads the account and hands the
// transactions here. Each is written once: its id goes into
// shopify_credit_seen in the same transaction as its ledger row.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "internal.hpp"
#include "platform_credit.hpp"
#include "platform_jobs.hpp"

namespace stepwise::server {

namespace {

constexpr const char* kSpent = "Spent at Shopify checkout";
constexpr const char* kReturned = "Returned by Shopify";

}  // namespace

void Service::Impl::queue_credit_sync(Tx& tx, const OrderState& state, std::int64_t now) {
    const auto& on = s.o_.credit_platforms;
    if (state.customer_id.empty() || std::find(on.begin(), on.end(), "shopify") == on.end()) return;
    // One sync per state of the order: a second delivery of the same state
    // queues nothing; a later state (a refund) reads the account again.
    const std::string key = std::string("shopify:") + platform::kStoreCreditSync + ":" + state.customer_id + ":" +
                            state.order_id + ":" + std::to_string(state.updated_at) + ":" +
                            std::to_string(state.refunds.size());
    tx.c.insert_rows(platform::kJobInsert,
                     {platform::job_row("shopify", platform::kStoreCreditSync, key, state.customer_id, "",
                                        json{{"currency", s.currency()}, {"order_id", state.order_id}}, now)},
                     platform::kJobInsertTail);
}

std::string Service::record_platform_credit(const std::string& customer_id, const std::vector<PlatformCreditMove>& moves) {
    return impl_->store->write([&](Tx& tx) {
        const std::int64_t now = now_ms();
        tx.lock_customer(customer_id);
        int recorded = 0;
        std::string shortfalls;
        for (const PlatformCreditMove& m : moves) {
            if (m.amount == 0 || m.id.empty() || m.id.size() > 255) continue;
            if (tx.c.exec("INSERT INTO shopify_credit_seen (transaction_id, customer_id, event, amount, seen_at) VALUES "
                          "(?, ?, ?, ?, ?) ON CONFLICT (transaction_id) DO NOTHING",
                          {m.id, customer_id, m.event, m.amount, now}) != 1)
                continue;  // recorded before
            LedgerEntry e;
            e.customer_id = customer_id;
            e.source = kFromShopifyCredit;
            e.note = std::string(m.amount < 0 ? kSpent : kReturned) + " (" + m.id + ")";
            std::int64_t id = 0;
            if (m.amount < 0) {
                // Shopify held what Stepwise mirrored, so the balance covers it;
                // if not, the debit takes what is there and says what it missed.
                const Money want = -m.amount;
                e.type = kSpent;
                e.amount = std::min(want, impl_->balance(tx, customer_id));
                if (e.amount < want) {
                    e.requested = want;
                    e.memo = "not debited: " + money(want - e.amount) + " (the wallet held " + money(e.amount) + ")";
                    shortfalls += "; " + m.id + " short by " + money(want - e.amount);
                    spdlog::warn("customer {} spent {} of Shopify store credit with {} in the wallet ({})", customer_id,
                                 money(want), money(e.amount), m.id);
                }
                id = impl_->debit(tx, e, std::nullopt, now);
            } else {
                e.type = kReturned;
                e.amount = m.amount;
                impl_->cap_award_credit(e, impl_->balance(tx, customer_id));  // never past the most a wallet holds
                id = impl_->credit(tx, e, now);
            }
            tx.c.exec("UPDATE shopify_credit_seen SET taken = ?, ledger_id = ? WHERE transaction_id = ?",
                      {e.amount, id, m.id});
            ++recorded;
        }
        return "recorded " + std::to_string(recorded) + " of " + std::to_string(moves.size()) +
               " Shopify store credit transactions" + shortfalls;
    });
}

}  // namespace stepwise::server
