# Writes server/src/openapi.json (served at GET /v1/openapi.json). Edit here, then run:
#   python3 server/tools/openapi.py
# Keep it in step with docs/api.md.
import json
def ref(n): return {"$ref": f"#/components/schemas/{n}"}
def resp(desc, schema=None, ctype="application/json"):
    r = {"description": desc}
    if schema is not None: r["content"] = {ctype: {"schema": schema}}
    return r
ERR = {"400": resp("Not JSON, too deep, empty, or a bad query parameter", ref("Errors")),
       "401": resp("Missing or invalid admin key / customer token", ref("Errors")),
       "403": resp("A customer token for another customer, or an admin-only action", ref("Errors")),
       "404": resp("Not found", ref("Errors")),
       "413": resp("Body over 1 MiB", ref("Errors")),
       "422": resp("Valid JSON that breaks the contract (every problem with its JSON Pointer)", ref("Errors")),
       "503": resp("Database unavailable, retry", ref("Errors"))}
def errs(*codes): return {c: ERR[c] for c in codes}
ADMIN = [{"admin": []}]
CUST = [{"admin": []}, {"customer": []}]
cid = {"name": "id", "in": "path", "required": True, "description": "Customer id (1-128 of A-Z a-z 0-9 _ . - @ + :)", "schema": {"type": "string", "maxLength": 128}}
pid = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
def q(name, desc, schema={"type": "string"}): return {"name": name, "in": "query", "required": False, "description": desc, "schema": schema}
IFMATCH = {"name": "If-Match", "in": "header", "required": False, "description": "The version edited, as GET gave it in ETag (\"3\")", "schema": {"type": "string"}}
VER = {"name": "version", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
as_of = q("as_of", "Evaluate as of this UTC time (default now)", {"type": "string", "format": "date-time"})
prog_q = q("program_id", "Program to report on (default: the first active program of that kind)")
filters = [q("type", "Ledger type, e.g. Milestone Reward"), q("from", "From (inclusive), UTC", {"type": "string", "format": "date-time"}),
           q("to", "Until (exclusive), UTC", {"type": "string", "format": "date-time"}),
           q("limit", "1-1000 (default 100)", {"type": "integer", "minimum": 1, "maximum": 1000}),
           q("before_id", "Paging: rows with a smaller id", {"type": "integer"})]
def body(schema, required=True, desc=None):
    b = {"required": required, "content": {"application/json": {"schema": schema}}}
    if desc: b["description"] = desc
    return b
def op(summary, security, responses, params=None, req=None, desc=None, tags=None):
    o = {"summary": summary, "security": security, "responses": responses}
    if params: o["parameters"] = params
    if req: o["requestBody"] = req
    if desc: o["description"] = desc
    if tags: o["tags"] = tags
    return o
obj = lambda props, req=(), extra=False: {"type": "object", "properties": props, "required": list(req), "additionalProperties": extra}
S = {"type": "string"}; I = {"type": "integer"}; B = {"type": "boolean"}
money = {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$", "description": "Decimal string in the store currency"}
smoney = {"type": "string", "description": "Signed decimal string in the store currency"}
time = {"type": "string", "format": "date-time"}
schemas = {
 "Errors": obj({"errors": {"type": "array", "items": obj({"pointer": {"type": "string", "description": "JSON Pointer into the request body; empty = the whole request"}, "message": S}, ["pointer", "message"])}}, ["errors"]),
 "Reward": {"type": "object", "description": "As in the program (CONTRACT.md)", "properties": {"type": {"type": "string", "enum": ["points", "store_credit", "discount_amount", "discount_percent", "free_shipping", "free_gift"]}, "points": I, "amount": money, "percent": I, "product_id": S, "code": S}, "required": ["type"]},
 "Program": {"type": "object", "description": "A program as in CONTRACT.md (validated by the engine; unknown fields refused)", "additionalProperties": True},
 "ProgramSummary": obj({"id": S, "name": S, "kind": {"type": "string", "enum": ["journey", "tiers"]}, "status": {"type": "string", "enum": ["active", "inactive"]}, "version": I, "steps": I, "awards_issued": I, "created_at": time, "updated_at": time, "deleted_at": time, "retroactive": B, "restored_from": I, "warnings": {"type": "array", "items": {"type": "object"}}}, ["id", "name", "kind", "status", "version"], True),
 "Event": {"type": "object", "description": "A history event as in CONTRACT.md plus the customer", "properties": {"customer_id": {"type": "string", "maxLength": 128}, "customer_roles": {"type": "array", "items": S}, "id": {"type": "string", "maxLength": 128}, "type": {"type": "string", "enum": ["order", "order_status", "refund", "review", "referral", "points", "subscription_renewal"]}, "at": time, "order_id": S, "status": S, "subtotal": money, "tax": money, "shipping": money, "total": money, "wallet_paid": money, "items": {"type": "array", "items": {"type": "object"}}, "amount": money, "product_id": S, "referee_id": S, "purchased": B, "points": I, "subscription_id": S, "meta": {"type": "object"}}, "required": ["customer_id", "id", "type", "at"], "additionalProperties": False},
 "Award": obj({"customer_id": S, "program_id": S, "milestone_id": S, "name": S, "key": S, "occurrence": I, "state": {"type": "string", "enum": ["issued", "vetoed", "pending_choice"]}, "source": {"type": "string", "enum": ["engine", "manual"]}, "awarded_at": time, "expires_at": time, "reward_amount": money, "rewards": {"type": "array", "items": ref("Reward")}, "transaction_id": I}, ["customer_id", "program_id", "milestone_id", "key", "state", "awarded_at", "reward_amount", "rewards"]),
 "Clawback": obj({"customer_id": S, "program_id": S, "key": S, "at": time, "amount": money, "collected": B, "transaction_id": I}, ["customer_id", "program_id", "key", "at", "amount", "collected"]),
 "IngestResult": obj({"accepted": I, "duplicates": I, "events": {"type": "array", "items": obj({"customer_id": S, "id": S, "status": {"type": "string", "enum": ["accepted", "duplicate"]}}, ["customer_id", "id", "status"])}, "awards": {"type": "array", "items": ref("Award")}, "clawbacks": {"type": "array", "items": ref("Clawback")}}, ["accepted", "duplicates", "events", "awards", "clawbacks"]),
 "Report": {"type": "object", "description": "The engine's report (docs/report-format.md); earned milestones / awards also carry status and transaction_id", "additionalProperties": True},
 "History": obj({"customer": obj({"id": S, "roles": {"type": "array", "items": S}}, ["id", "roles"]), "events": {"type": "array", "items": {"type": "object"}}}, ["customer", "events"]),
 "Milestone": obj({"id": S, "slug": S, "program_id": S, "program_kind": S, "name": S, "description": S, "metric": S, "threshold": money, "target": I, "reward_amount": money, "rewards": {"type": "array", "items": ref("Reward")}, "repeating": B, "status": S, "choice": obj({"pick": I}, ["pick"])}, ["id", "program_id", "name", "metric", "reward_amount", "rewards", "repeating", "status"]),
 "LedgerRow": obj({"id": I, "customer_id": S, "date": time, "type": {"type": "string", "description": "Milestone Reward, Milestone Claw-back, Credit Expired, Manual Credit, Wallet Payment"}, "note": S, "memo": S, "amount": smoney, "balance_after": smoney, "currency": S, "status": {"type": "string", "enum": ["posted", "not_collected"]}, "requested": money, "expires_at": time, "remaining": money, "award_key": S, "program_id": S}, ["id", "customer_id", "date", "type", "note", "amount", "balance_after", "currency", "status"]),
 "Transactions": obj({"transactions": {"type": "array", "items": ref("LedgerRow")}, "next_before_id": I}, ["transactions"]),
 "Wallet": obj({"customer_id": S, "currency": S, "balance": money, "points": I, "expiring": {"type": "array", "items": obj({"transaction_id": I, "amount": money, "expires_at": time}, ["transaction_id", "amount", "expires_at"])}}, ["customer_id", "currency", "balance", "points", "expiring"]),
 "RewardRecord": obj({"id": I, "award_key": S, "program_id": S, "milestone_id": S, "type": S, "state": {"type": "string", "enum": ["issued", "redeemed", "revoked", "expired"]}, "issued_at": time, "points": I, "amount": money, "percent": I, "product_id": S, "code": S, "transaction_id": I, "expires_at": time, "redeemed_at": time}, ["id", "award_key", "type", "state", "issued_at"]),
 "Choice": obj({"id": I, "award_key": S, "program_id": S, "milestone_id": S, "pick": I, "options": {"type": "array", "items": ref("Reward")}, "created_at": time}, ["id", "award_key", "pick", "options"]),
 "Notice": obj({"id": I, "message": S, "award_key": S, "created_at": time}, ["id", "message", "created_at"]),
 "Email": obj({"id": I, "customer_id": S, "to": {"type": "string", "nullable": True}, "subject": S, "body": S, "award_key": S, "created_at": time, "sent_at": time, "attempts": I, "last_error": S}, ["id", "customer_id", "subject", "body", "created_at", "attempts"]),
 "Job": obj({"id": S, "kind": S, "program_id": S, "processed": I, "total": I, "awards": I, "started_at": time, "updated_at": time, "finished": B, "finished_at": time}, ["id", "kind", "processed", "total", "finished"]),
}
C = "/v1/customers/{id}"
paths = {
 "/v1/health": {"get": op("Liveness and database kind", [], {"200": resp("OK", obj({"status": S, "database": S, "schema_version": I, "currency": S}, ["status"]))})},
 "/v1/openapi.json": {"get": op("This document", [], {"200": resp("OpenAPI 3.0", {"type": "object"})})},
 "/v1/events": {"post": op("Ingest one event or a batch (idempotent by customer + event id); issues newly-due awards in the same transaction", ADMIN,
    {"200": resp("Stored; awards and claw-backs issued now", ref("IngestResult")), **errs("400", "401", "413", "422", "503")},
    req=body({"oneOf": [ref("Event"), obj({"events": {"type": "array", "minItems": 1, "maxItems": 1000, "items": ref("Event")}}, ["events"])]}))},
 "/v1/orders/{order_id}": {"put": op("An order's whole current state (any platform): only the difference is recorded, as events with deterministic ids", ADMIN, {"200": resp("Updated, unchanged or stale", {"type": "object"}), "201": resp("A new order", {"type": "object"}), "409": resp("The order belongs to another customer", ref("Errors")), **errs("400", "401", "422", "503")}, params=[{"name": "order_id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 64}}], req=body(obj({"customer_id": S, "status": S, "placed_at": S, "updated_at": S, "subtotal": S, "tax": S, "shipping": S, "total": S, "wallet_paid": S, "items": {"type": "array", "items": {"type": "object"}}, "refunds": {"type": "array", "items": obj({"id": S, "at": S, "amount": S, "subtotal": S, "tax": S, "shipping": S})}}, ["customer_id", "status", "placed_at", "subtotal"])))},
 "/v1/connectors/shopify/webhooks": {"post": op("Shopify's webhooks (X-Shopify-Hmac-Sha256 over the raw body; serve --shopify-secret)", [], {"200": resp("Processed, duplicate, skipped, ignored or recorded", {"type": "object"}), **errs("400", "401", "404", "422")})},
 "/v1/connectors/woocommerce/webhooks": {"post": op("WooCommerce's order webhooks (X-WC-Webhook-Signature; serve --woocommerce-secret)", [], {"200": resp("Processed, duplicate, skipped, ignored or ping", {"type": "object"}), **errs("400", "401", "404", "422")})},
 "/v1/connectors/deliveries": {"get": op("Webhook deliveries per platform, topic and outcome", ADMIN, {"200": resp("Counts", {"type": "object"}), **errs("401")})},
 "/v1/programs": {
   "get": op("List programs", ADMIN, {"200": resp("Programs", obj({"programs": {"type": "array", "items": ref("ProgramSummary")}}, ["programs"])), **errs("401")}, params=[q("include_deleted", "Also archived programs", B)]),
   "post": op("Create a program", ADMIN, {"201": resp("Created", ref("ProgramSummary")), "409": resp("Id already used", ref("Errors")), **errs("400", "401", "422")},
              params=[q("retroactive", "If active: evaluate every customer's history once", B)], req=body(ref("Program")))},
 "/v1/programs/{id}": {
   "get": op("The program JSON (customers: active programs only)", CUST, {"200": resp("Program", ref("Program")), **errs("401", "404")}, params=[pid]),
   "put": op("Replace a program (awards already issued are kept); If-Match: \"<version>\" refuses a stale edit", ADMIN, {"200": resp("Updated", ref("ProgramSummary")), "409": resp("The stored version is not the If-Match one (current_version says which)", ref("Errors")), **errs("400", "401", "404", "422")}, params=[pid, q("retroactive", "Evaluate every customer's history once", B), IFMATCH], req=body(ref("Program"))),
   "delete": op("Archive a program", ADMIN, {"204": resp("Archived"), **errs("401", "404")}, params=[pid])},
 "/v1/programs/{id}/versions": {"get": op("Every stored version, newest first", ADMIN, {"200": resp("Versions", obj({"program_id": S, "current_version": I, "versions": {"type": "array", "items": obj({"version": I, "created_at": time, "name": S, "status": S, "steps": I})}}, ["program_id", "current_version", "versions"])), **errs("401", "404")}, params=[pid])},
 "/v1/programs/{id}/versions/{version}": {"get": op("One version's program JSON", ADMIN, {"200": resp("Program", ref("Program")), **errs("401", "404")}, params=[pid, VER])},
 "/v1/programs/{id}/versions/{version}/restore": {"post": op("A new version with that version's content (status unchanged)", ADMIN, {"200": resp("Restored", ref("ProgramSummary")), "409": resp("Stale If-Match", ref("Errors")), **errs("400", "401", "404", "422")}, params=[pid, VER, IFMATCH])},
 "/v1/programs/{id}/diff": {"get": op("Changes between two versions, as JSON Pointers", ADMIN, {"200": resp("Changes", obj({"program_id": S, "from": I, "to": I, "changes": {"type": "array", "items": obj({"pointer": S, "op": {"type": "string", "enum": ["add", "remove", "replace"]}, "from": {}, "to": {}}, ["pointer", "op"])}}, ["from", "to", "changes"])), **errs("400", "401", "404")}, params=[pid, {"name": "from", "in": "query", "required": True, "schema": I}, q("to", "Default: the current version", I)])},
 "/v1/programs/{id}/activate": {"post": op("Activate", ADMIN, {"200": resp("Program", ref("ProgramSummary")), **errs("401", "404", "422")}, params=[pid], req=body(obj({"retroactive": B}), False))},
 "/v1/programs/{id}/deactivate": {"post": op("Deactivate (no new awards)", ADMIN, {"200": resp("Program", ref("ProgramSummary")), **errs("401", "404", "422")}, params=[pid], req=body(obj({}), False))},
 "/v1/milestones": {"get": op("Every step of every program", CUST, {"200": resp("Milestones", obj({"milestones": {"type": "array", "items": ref("Milestone")}}, ["milestones"])), **errs("401", "404")}, params=[q("program_id", "Only this program")])},
 C: {"put": op("Create or update a customer (roles, email, name)", ADMIN, {"200": resp("Customer", {"type": "object"}), **errs("400", "401", "404", "422")}, params=[cid], req=body(obj({"roles": {"type": "array", "items": S}, "email": S, "name": S})))},
 C + "/milestone-progress": {"get": op("The engine's tiers report for the customer", CUST, {"200": resp("Report", ref("Report")), **errs("400", "401", "403", "404")}, params=[cid, prog_q, as_of])},
 C + "/milestone-progress/award": {"post": op("Manually award a milestone", ADMIN, {"201": resp("Award", ref("Award")), "409": resp("Already awarded", ref("Errors")), **errs("400", "401", "403", "404", "422")}, params=[cid],
    req=body(obj({"milestone_id": S, "program_id": S, "note": {"type": "string", "maxLength": 500}}, ["milestone_id"])))},
 C + "/journey": {"get": op("The engine's journey report for the customer", CUST, {"200": resp("Report", ref("Report")), **errs("400", "401", "403", "404")}, params=[cid, prog_q, as_of])},
 C + "/progress": {"get": op("Reports for every active program", CUST, {"200": resp("Reports", obj({"customer_id": S, "reports": {"type": "array", "items": ref("Report")}}, ["customer_id", "reports"])), **errs("400", "401", "403")}, params=[cid, as_of])},
 C + "/history": {"get": op("The customer's history (contract shape), for local evaluation in the widget", CUST, {"200": resp("History", ref("History")), **errs("401", "403")}, params=[cid])},
 C + "/recalculate": {"post": op("Re-evaluate the customer now", ADMIN, {"200": resp("Done", obj({"customer_id": S, "awards": I, "clawbacks": I}, ["customer_id", "awards", "clawbacks"])), **errs("401", "403", "404")}, params=[cid])},
 C + "/wallet": {"get": op("Wallet balance, points and expiring credit", CUST, {"200": resp("Wallet", ref("Wallet")), **errs("401", "403")}, params=[cid])},
 C + "/wallet/transactions": {
   "get": op("The customer's ledger rows, newest first", CUST, {"200": resp("Rows", ref("Transactions")), **errs("400", "401", "403")}, params=[cid] + filters),
   "post": op("Credit or debit the wallet", ADMIN, {"201": resp("Ledger row", ref("LedgerRow")), **errs("400", "401", "403", "422")}, params=[cid],
              req=body(obj({"type": {"type": "string", "enum": ["credit", "debit"]}, "amount": money, "note": S}, ["type", "amount"])))},
 C + "/rewards": {"get": op("Reward records (points, codes, credit)", CUST, {"200": resp("Rewards", obj({"customer_id": S, "rewards": {"type": "array", "items": ref("RewardRecord")}}, ["customer_id", "rewards"])), **errs("401", "403")}, params=[cid])},
 C + "/rewards/{rid}/redeem": {"post": op("Mark a reward redeemed", ADMIN, {"200": resp("Redeemed", {"type": "object"}), "409": resp("Not redeemable", ref("Errors")), **errs("401", "403", "404")}, params=[cid, {"name": "rid", "in": "path", "required": True, "schema": I}])},
 C + "/choices": {"get": op("Pending reward choices", CUST, {"200": resp("Choices", obj({"customer_id": S, "choices": {"type": "array", "items": ref("Choice")}}, ["customer_id", "choices"])), **errs("401", "403")}, params=[cid])},
 C + "/choices/{cid}": {"post": op("Pick rewards", CUST, {"200": resp("Issued", {"type": "object"}), "409": resp("Already resolved", ref("Errors")), **errs("400", "401", "403", "404", "422")}, params=[cid, {"name": "cid", "in": "path", "required": True, "schema": I}],
    req=body(obj({"picks": {"type": "array", "items": {"type": "integer", "minimum": 0}}}, ["picks"])))},
 C + "/notices": {"get": op("Undelivered notices", CUST, {"200": resp("Notices", obj({"customer_id": S, "notices": {"type": "array", "items": ref("Notice")}}, ["customer_id", "notices"])), **errs("401", "403")}, params=[cid])},
 C + "/notices/delivered": {"post": op("Mark notices delivered (each is shown once)", CUST, {"200": resp("Count", obj({"delivered": I}, ["delivered"])), **errs("400", "401", "403", "422")}, params=[cid], req=body(obj({"ids": {"type": "array", "items": I}}, ["ids"])))},
 "/v1/ledger": {"get": op("Ledger rows of all customers, newest first", ADMIN, {"200": resp("Rows", ref("Transactions")), **errs("400", "401")}, params=[q("customer_id", "Only this customer")] + filters)},
 "/v1/ledger.csv": {"get": op("Ledger CSV export (accounting: breakage and liability)", ADMIN, {"200": resp("CSV", {"type": "string"}, "text/csv"), **errs("400", "401")}, params=[q("customer_id", "Only this customer")] + filters[:3])},
 "/v1/outbox/emails": {"get": op("Reward emails for a mailer", ADMIN, {"200": resp("Emails", obj({"emails": {"type": "array", "items": ref("Email")}}, ["emails"])), **errs("400", "401")}, params=[q("pending", "Only unsent (default true)", B), q("limit", "1-1000", I)])},
 "/v1/outbox/emails/{id}/sent": {"post": op("Report a send (or a failed attempt with error)", ADMIN, {"200": resp("Recorded", {"type": "object"}), **errs("401", "404", "422")}, params=[{"name": "id", "in": "path", "required": True, "schema": I}], req=body(obj({"error": S}), False))},
 "/v1/jobs": {"get": op("Recalculation and retroactive jobs", ADMIN, {"200": resp("Jobs", obj({"jobs": {"type": "array", "items": ref("Job")}}, ["jobs"])), **errs("401")})},
 "/v1/ledger/summary": {"get": op("Totals for accounting: per type, credited, debited, breakage, claw-backs not collected, liability now", ADMIN, {"200": resp("Summary", obj({"currency": S, "from": S, "to": S, "customer_id": S, "transactions": I, "by_type": {"type": "array", "items": obj({"type": S, "count": I, "amount": S})}, "credited": S, "debited": S, "net": S, "breakage": S, "clawbacks_not_collected": S, "outstanding_now": S}, ["currency", "by_type", "outstanding_now"])), **errs("400", "401")}, params=[q("customer_id", "Only this customer"), *filters[:3]])},
 "/v1/customers": {"get": op("Customers in id order, a page at a time", ADMIN, {"200": resp("Customers", obj({"customers": {"type": "array", "items": obj({"id": S, "name": S, "email": S, "roles": {"type": "array", "items": S}, "balance": S})}, "next_after": S}, ["customers"])), **errs("400", "401")}, params=[q("after", "Paging: ids after this one (the previous page's next_after)"), q("limit", "1-1000 (default 100)", I), q("q", "Only customers whose id, name or email starts with this (ASCII letters in any case)")])},
 "/v1/demo/customers": {"get": op("serve --demo only: the shoppers the demo store can sign in as", [], {"200": resp("Customers", obj({"customers": {"type": "array", "items": obj({"id": S, "name": S})}}, ["customers"]))})},
 "/v1/demo/token": {"post": op("serve --demo only: a customer token, as a store's backend mints it", [], {"200": resp("Token", obj({"customer_id": S, "token": S}, ["customer_id", "token"])), **errs("400", "404", "422")}, req=body(obj({"customer_id": S}, ["customer_id"])))},
 "/v1/demo/orders": {"post": op("serve --demo only: check out the cart as a completed order now (reply as POST /v1/events, plus order_id)", CUST, {"200": resp("Ingested", {"type": "object"}), **errs("400", "401", "422")}, req=body(obj({"subtotal": S, "tax": S, "shipping": S, "total": S, "wallet_paid": S, "items": {"type": "array", "items": {"type": "object"}}})))},
 "/v1/demo/reviews": {"post": op("serve --demo only: the signed-in shopper reviews a product", CUST, {"200": resp("Ingested", {"type": "object"}), **errs("400", "401", "422")}, req=body(obj({"product_id": S}), False))},
}
doc = {"openapi": "3.0.3",
 "info": {"title": "Stepwise awarding server", "version": "1",
          "description": "Loyalty journeys and spend tiers: events in, awards, wallet ledger and progress out. See docs/api.md."},
 "servers": [{"url": "http://127.0.0.1:8080"}],
 "components": {"securitySchemes": {
     "admin": {"type": "http", "scheme": "bearer", "description": "The admin key (serve --admin-key)"},
     "customer": {"type": "apiKey", "in": "header", "name": "X-Customer-Token", "description": "customer_id.expiry_unix.hex(HMAC-SHA256(store_secret, customer_id + '.' + expiry_unix))"}},
   "schemas": schemas},
 "paths": paths}
open(__import__('os').path.join(__import__('os').path.dirname(__file__), '..', 'src', 'openapi.json'), 'w').write(json.dumps(doc, indent=1) + "\n")
