#!/usr/bin/env python3
"""Writes schema2.db: a data file as the openspace of commit f2e2bb7 (schema
version 2: no phases, no check-ins, no notes) left it after a small evening.

Run once from the repository root: python3 store/testdata/make_schema2.py
It builds that commit's binary from `git archive`, drives it over its API,
and stops it with SIGTERM. The file is committed; TestSchema2FileMigrates
opens it. Do not regenerate it with a newer binary.
"""
import json, os, re, signal, subprocess, sys, tempfile, time, urllib.request

COMMIT = "f2e2bb7"
out = os.path.abspath("store/testdata/schema2.db")
work = tempfile.mkdtemp(prefix="openspace-schema2-")
subprocess.run(f"git archive {COMMIT} | tar -x -C {work}", shell=True, check=True)
subprocess.run(["go", "build", "-o", "openspace-bin", "."], cwd=work, check=True)
if os.path.exists(out):
    os.remove(out)
proc = subprocess.Popen([os.path.join(work, "openspace-bin"), "-addr", "127.0.0.1:0", "-db", out],
                        stderr=subprocess.PIPE, text=True)
base = None
for line in proc.stderr:
    m = re.search(r"msg=serving url=(\S+)", line)
    if m:
        base = m.group(1)
        break
assert base, "the old binary did not start"

def call(method, path, body=None, headers=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(req) as r:
        data = r.read()
        return json.loads(data) if data else None

ev = call("POST", "/api/events", {
    "title": "Meetup d'avant", "date": "2012-11-22", "venue": "Paris", "dot_budget": 2,
    "sessions": [{"title": "1ère session", "start": "19:30", "duration": 30}],
    "rooms": [{"name": "Grande salle", "capacity": 10}, {"name": "Salle du fond", "capacity": 5}],
})
eid, org = ev["event"]["id"], {"X-Organizer-Key": ev["organizer_key"]}
call("PATCH", f"/api/events/{eid}/phases", {"proposals_open": True, "voting_open": True}, org)
topics = [call("POST", f"/api/events/{eid}/topics", {"title": t}, org)["id"] for t in ("Puppet", "Jira", "Fabric")]
for name, picks in (("Ada", (0, 1)), ("Grace", (0,)), ("Linus", (2, 0))):
    tok = call("POST", f"/api/events/{eid}/join", {"name": name})["token"]
    for i in picks:
        call("PUT", f"/api/events/{eid}/topics/{topics[i]}/vote", None, {"Authorization": "Bearer " + tok})
call("POST", f"/api/events/{eid}/draft/propose", {"seed": 1}, org)
call("POST", f"/api/events/{eid}/publish", None, org)
proc.send_signal(signal.SIGTERM)
proc.wait(timeout=15)
print("wrote", out, "event", eid)
