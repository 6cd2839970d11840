#!/usr/bin/env python3
"""Loads the demo store's data into a running stepwise-server over its API:
the programs in web/demo/*.json (created, or replaced when they exist), then
the shoppers and their past events in web/demo/customers.json. Safe to run
again: customers are upserts and events are idempotent by id.

    python3 scripts/load-demo.py http://127.0.0.1:8080 ADMIN_KEY
"""
import glob
import json
import os
import sys
import urllib.error
import urllib.request


def call(base, key, method, path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method,
                                 headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as res:
            return res.status, json.load(res)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def main(base, key):
    demo = os.path.join(os.path.dirname(__file__), "..", "web", "demo")
    for path in sorted(glob.glob(os.path.join(demo, "*.json"))):
        if path.endswith("customers.json"):
            continue
        with open(path) as f:
            program = json.load(f)
        status, body = call(base, key, "POST", "/v1/programs", program)
        if status == 409:
            status, body = call(base, key, "PUT", "/v1/programs/" + program["id"], program)
        if status >= 300:
            sys.exit(f"load-demo: {path}: {status} {json.dumps(body)}")
        print(f"load-demo: program {program['id']} loaded")
    with open(os.path.join(demo, "customers.json")) as f:
        data = json.load(f)
    for c in data["customers"]:
        status, body = call(base, key, "PUT", "/v1/customers/" + c["id"], {"name": c["name"], "roles": c["roles"]})
        if status >= 300:
            sys.exit(f"load-demo: customer {c['id']}: {status} {json.dumps(body)}")
    status, body = call(base, key, "POST", "/v1/events", {"events": data["events"]})
    if status >= 300:
        sys.exit(f"load-demo: events: {status} {json.dumps(body)}")
    print(f"load-demo: {len(data['customers'])} shoppers, {body['accepted']} new past events")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1].rstrip("/"), sys.argv[2])
