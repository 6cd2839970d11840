// Store credit mirrored into the connected store: the platform outbox's
// handler for kind "store_credit" (platform_jobs.hpp). Every ledger movement
// Stepwise makes (award, claw-back, manual credit or debit; not an expiry,
// which the platform does itself at the credit's expiresAt) is one job, keyed
// by its ledger row, written in the ledger's transaction
// (docs/rewards-at-checkout.md).
#pragma once
#include "platform_codes.hpp"

namespace stepwise::server::platform {

// Shopify Admin GraphQL: storeCreditAccountCredit / storeCreditAccountDebit
// on the customer's account in the store currency; a retry first reads the
// account's transactions since the job's first attempt (customer
// storeCreditAccounts), so a movement made before its answer was lost is
// found, not made twice. Needs write_store_credit_account_transactions,
// read_store_credit_account_transactions and read_store_credit_accounts.
Handler shopify_store_credit(const PlatformApis& apis, const CodeOptions& options);

}  // namespace stepwise::server::platform
