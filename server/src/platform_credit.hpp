// Store credit mirrored into the connected store: the platform outbox's
// handler for kind "store_credit" (platform_jobs.hpp). Every ledger movement
// Stepwise makes (award, claw-back, manual credit or debit; not an expiry,
// which the platform does itself at the credit's expiresAt) is one job, keyed
// by its ledger row, written in the ledger's transaction
// (docs/rewards-at-checkout.md).
#pragma once
#include <stepwise/server/service.hpp>

#include "platform_codes.hpp"

namespace stepwise::server::platform {

// Shopify Admin GraphQL: storeCreditAccountCredit / storeCreditAccountDebit
// on the customer's account in the store currency; a retry first reads the
// account's transactions since the job's first attempt (customer
// storeCreditAccounts), so a movement made before its answer was lost is
// found, not made twice. Needs write_store_credit_account_transactions,
// read_store_credit_account_transactions and read_store_credit_accounts.
Handler shopify_store_credit(const PlatformApis& apis, const CodeOptions& options);

// The other way: kind "store_credit_sync", queued with each Shopify order of
// the customer (payload: currency, order_id). It reads the account's newest
// transactions and hands those the shopper made (ORDER_PAYMENT debits,
// ORDER_REFUND / ORDER_CANCELLATION credits), oldest first, to `record`
// (Service::record_platform_credit), which writes each once.
inline constexpr const char* kStoreCreditSync = "store_credit_sync";
using RecordCredit = std::function<std::string(const std::string& customer_id, const std::vector<PlatformCreditMove>&)>;
Handler shopify_store_credit_sync(const PlatformApis& apis, const CodeOptions& options, RecordCredit record);

}  // namespace stepwise::server::platform
