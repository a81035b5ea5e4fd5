"""The clients of bench/cluster.sh, standard library only: python3 rehearsal.py COMMAND ...

  setup   BASE WORK RECEIVER_PORT  registers two certification bodies and a webhook subscriber (bootstrap admin key
                                   in ADMIN_KEY), issues SCAN_CERTS certificates for the scanners, subscribes to both
                                   bodies' changes; writes WORK/setup.json and WORK/scan-numbers.txt
  receive PORT WORK                the webhook receiver: records every delivery in WORK/deliveries.jsonl, answers 204
  load    BASE WORK                certification bodies issuing, suspending and restoring under Idempotency-Keys, an
                                   offline verifier reading the status snapshot note then its file, and a poller of
                                   HAProxy's server states; until WORK/stop exists
  report  BASE WORK                reads every acknowledged write back, waits for the webhooks to drain, checks them
                                   against the feed, and prints the figures per phase of WORK/timeline

Every record carries the wall-clock time, so that the report places it in the phase (and fault) it happened in.
"""
import base64
import collections
import datetime
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
import zoneinfo
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TODAY = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
DISTRICTS = ["440103", "440104", "440105", "440106"]
BODIES = {"CLUSTA": "CLA-", "CLUSTB": "CLB-"}
lock = threading.Lock()


def credit_code(n):
    first17 = "91" + DISTRICTS[n % 4] + "9" + ("%08d" % n)
    check = 31 - sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS)) % 31
    return first17 + ALPHABET[0 if check == 31 else check]


def certificate(number, code):
    issue = TODAY - datetime.timedelta(days=30)
    return {"number": number, "scheme": "AFTER_SALES", "grade": "FOUR_STAR", "score": 92, "scoreScale": 100,
            "subScores": {"SERVICE_SYSTEM": 37, "PRODUCT_SERVICE": 33, "CUSTOMER_SERVICE": 22},
            "scope": "家用电器的安装与维修服务", "issueDate": issue.isoformat(),
            "expiryDate": (issue.replace(year=issue.year + 3) - datetime.timedelta(days=1)).isoformat(),
            "holderName": "集群演练%d号电器有限公司" % code, "holderCreditCode": credit_code(code),
            "holderRegion": DISTRICTS[code % 4], "siteRegion": DISTRICTS[code % 4], "siteAddress": "演练路%d号" % code}


class Journal:
    """Lines of JSON appended to a file, each flushed at once: a record survives whatever stops the process."""

    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8")

    def write(self, record):
        with lock:
            self.file.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.file.flush()


def read_journal(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class Client:
    def __init__(self, base, timeout=75):
        self.host = urllib.parse.urlparse(base)
        self.timeout = timeout
        self.connection = None

    def call(self, method, path, body=None, headers=None, raw=False):
        """(status, headers, body) or (error name, {}, None); the body parsed as JSON unless raw."""
        all_headers = {"Accept": "application/json", **(headers or {})}
        data = None
        if body is not None:
            all_headers["Content-Type"] = "application/json"
            data = json.dumps(body, ensure_ascii=False).encode()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host.hostname, self.host.port, timeout=self.timeout)
            self.connection.request(method, path, data, all_headers)
            response = self.connection.getresponse()
            content = response.read()
            answer_headers = {k.lower(): v for k, v in response.getheaders()}
            if answer_headers.get("connection", "").lower() == "close":
                self.close()
        except Exception as e:  # no answer: the connection closed, refused or timed out
            self.close()
            return type(e).__name__, {}, None
        if raw:
            return response.status, answer_headers, content
        try:
            parsed = json.loads(content) if content else None
        except ValueError:
            parsed = None
        return response.status, answer_headers, parsed

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


# ---------------------------------------------------------------------------------------------------------- setup

def setup(base, work, receiver_port):
    admin_key = os.environ["ADMIN_KEY"]
    client = Client(base)
    acks = Journal(os.path.join(work, "acks.jsonl"))
    answers = Journal(os.path.join(work, "answers.jsonl"))

    def admin(path, body):
        for _ in range(20):
            status, _, parsed = client.call("POST", "/api/v1/admin/" + path, body, {"Authorization": "Bearer " + admin_key})
            if status in (200, 201):
                return parsed
            time.sleep(0.5)
        sys.exit("admin %s: %s %s" % (path, status, parsed))

    keys = {}
    for n, (code, prefix) in enumerate(BODIES.items()):
        admin("bodies", {"code": code, "name": "集群演练第%d认证有限公司" % (n + 1),
                         "approvalNumber": "CNCA-R-2099-CL%d" % (n + 1), "numberPrefixes": [prefix]})
        keys[code] = admin("bodies/%s/keys" % code, {"label": "cluster rehearsal"})["key"]
    admin("subscribers", {"code": "CLUSTER-HOOK", "name": "集群演练接收方"})
    subscriber_key = admin("subscribers/CLUSTER-HOOK/keys", {})["key"]

    numbers = []
    count = int(os.environ.get("SCAN_CERTS", 200))
    for i in range(count):
        code = list(BODIES)[i % 2]
        number = "%sSCAN-%05d" % (BODIES[code], i)
        writer = Writer(base, keys[code], code, acks, answers, "setup")
        if writer.write("issue", "/api/v1/certificates", certificate(number, 900000 + i), number, None):
            numbers.append(number)
    with open(os.path.join(work, "scan-numbers.txt"), "w") as f:
        f.write("\n".join(numbers) + "\n")

    # deliveries start after the checkpoint of now; the report expects exactly the feed's entries of each body after it
    for _ in range(20):
        status, _, checkpoint = client.call("GET", "/log/checkpoint", headers={"Accept": "text/plain"}, raw=True)
        if status == 200:
            break
        time.sleep(0.5)
    else:
        sys.exit("checkpoint: %s %s" % (status, checkpoint))
    size = int(checkpoint.decode().split("\n")[1])
    subscriptions = {}
    for code in BODIES:
        status, _, created = client.call("POST", "/api/v1/subscriptions",
                                         {"url": "http://127.0.0.1:%s/hook/%s" % (receiver_port, code), "body": code,
                                          "after": size - 1}, {"Authorization": "Bearer " + subscriber_key})
        if status != 201:
            sys.exit("subscription for %s: %s %s" % (code, status, created))
        subscriptions[code] = {"id": created["id"], "publicKey": created["publicKey"], "after": size - 1}
    json.dump({"keys": keys, "subscriber": subscriber_key, "subscriptions": subscriptions, "scan": numbers},
              open(os.path.join(work, "setup.json"), "w"))
    print("setup: %d certificates to scan, subscriptions after log index %d" % (len(numbers), size - 1))


# ---------------------------------------------------------------------------------------------------------- receiver

def receive(port, work):
    journal = Journal(os.path.join(work, "deliveries.jsonl"))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            journal.write({"t": time.time(), "path": self.path, "id": self.headers.get("webhook-id"),
                           "timestamp": self.headers.get("webhook-timestamp"),
                           "signature": self.headers.get("webhook-signature"),
                           "body": base64.b64encode(body).decode()})
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer(("127.0.0.1", int(port)), Handler).serve_forever()


# ---------------------------------------------------------------------------------------------------------- load

class Writer:
    """A body's writes: each under one Idempotency-Key, sent again with that key until acknowledged or refused."""

    def __init__(self, base, key, body, acks, answers, role, stop=None):
        self.client = Client(base)
        self.key, self.body, self.acks, self.answers, self.role, self.stop = key, body, acks, answers, role, stop

    def write(self, op, path, request, number, reason):
        idempotency = str(uuid.uuid4())
        first = time.time()
        attempts = 0
        deadline = None
        while True:
            attempts += 1
            t0 = time.time()
            status, headers, parsed = self.client.call("POST", path, request, {"Authorization": "Bearer " + self.key,
                                                                             "Idempotency-Key": idempotency})
            t1 = time.time()
            self.answers.write({"t0": t0, "t1": t1, "op": op, "status": status, "retryAfter": "retry-after" in headers,
                                "server": headers.get("x-cluster-server"), "role": self.role})
            if isinstance(status, int) and 200 <= status < 300:
                self.acks.write({"t": t1, "first": first, "op": op, "number": number, "reason": reason, "status": status,
                                 "replayed": headers.get("idempotent-replayed") == "true", "attempts": attempts,
                                 "key": idempotency, "body": self.body, "server": headers.get("x-cluster-server")})
                return True
            if isinstance(status, int) and status < 500 and status != 429:
                self.answers.write({"t0": t0, "t1": t1, "op": op, "refused": status, "number": number,
                                    "server": headers.get("x-cluster-server"), "attempt": attempts,
                                    "headers": {k: v for k, v in headers.items() if k in ("www-authenticate", "content-type")},
                                    "detail": (parsed or {}).get("detail") if isinstance(parsed, dict) else None})
                return False
            if self.stop is not None and self.stop():
                deadline = deadline or time.time() + 60
                if time.time() > deadline:
                    self.answers.write({"t0": first, "t1": time.time(), "op": op, "abandoned": number})
                    return False
            retry = headers.get("retry-after")
            try:
                pause = min(float(retry), 1.0) if retry else 0.25
            except ValueError:
                pause = 0.25
            time.sleep(pause)


def load(base, work):
    setup_data = json.load(open(os.path.join(work, "setup.json")))
    acks = Journal(os.path.join(work, "acks.jsonl"))
    answers = Journal(os.path.join(work, "answers.jsonl"))
    snapshots = Journal(os.path.join(work, "snapshot.jsonl"))
    states = Journal(os.path.join(work, "haproxy.jsonl"))
    stop_file = os.path.join(work, "stop")
    run = uuid.uuid4().hex[:4].upper()
    writers_per_body = int(os.environ.get("WRITERS", 2))
    changers_per_body = int(os.environ.get("CHANGERS", 1))
    issued = collections.defaultdict(list)  # body → numbers acknowledged (the scanned ones included)
    for i, number in enumerate(setup_data["scan"]):
        issued["CLUSTA" if number.startswith("CLA-") else "CLUSTB"].append(number)

    def stopping():
        return os.path.exists(stop_file)

    def writer(body, n):
        w = Writer(base, setup_data["keys"][body], body, acks, answers, "writer", stopping)
        sequence = 0
        while not stopping():
            sequence += 1
            number = "%s%s-%d-%05d" % (BODIES[body], run, n, sequence)
            code = (1 if body == "CLUSTA" else 2) * 100000 + n * 10000 + sequence
            if w.write("issue", "/api/v1/certificates", certificate(number, code), number, None):
                with lock:
                    issued[body].append(number)

    def changer(body, n):
        w = Writer(base, setup_data["keys"][body], body, acks, answers, "changer", stopping)
        following = {}  # number → the kind its next change is
        while not stopping():
            with lock:
                mine = [x for x in issued[body] if hash(x) % changers_per_body == n]
            if not mine:
                time.sleep(0.1)
                continue
            number = random.choice(mine)
            kind = following.get(number, "SUSPENDED")
            reason = "集群演练 %s %s" % (kind, uuid.uuid4().hex[:10])
            if w.write(kind, "/api/v1/certificates/%s/events" % number,
                       {"kind": kind, "effectiveDate": TODAY.isoformat(), "reason": reason}, number, reason):
                following[number] = "RESTORED" if kind == "SUSPENDED" else "SUSPENDED"
            else:
                following.pop(number, None)

    def offline_verifier():
        # a new connection per request: HAProxy balances each request, as an ingress balances a phone's
        while not stopping():
            client = Client(base, timeout=30)
            t0 = time.time()
            status, headers, note = client.call("GET", "/status/snapshot", headers={"Accept": "text/plain"}, raw=True)
            record = {"t": time.time(), "note": status, "noteServer": headers.get("x-cluster-server"),
                      "retryAfter": "retry-after" in headers}
            if status == 200:
                sha = next((line.split()[1] for line in note.decode().split("\n") if line.startswith("sha256 ")), None)
                record["sha256"] = sha
                client.close()
                status, headers, content = client.call("GET", "/status/snapshot/%s.gz" % sha, headers={"Accept": "*/*"}, raw=True)
                record.update({"t": time.time(), "file": status, "fileServer": headers.get("x-cluster-server")})
                if status == 200:
                    import hashlib
                    record["intact"] = hashlib.sha256(content).hexdigest() == sha
            client.close()
            snapshots.write(record)
            time.sleep(max(0.0, 0.25 - (time.time() - t0)))

    def proxy_states():
        path = os.environ.get("HAPROXY_SOCKET")
        while path and not stopping():
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.settimeout(2)
                s.connect(path)
                s.sendall(b"show stat\n")
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                s.close()
                rows = [line.split(",") for line in data.decode().splitlines() if line and not line.startswith("#")]
                states.write({"t": time.time(), "servers": {r[1]: r[17] for r in rows
                                                            if r[0] == "services" and r[1] not in ("FRONTEND", "BACKEND")}})
            except OSError as e:
                states.write({"t": time.time(), "error": type(e).__name__})
            time.sleep(1)

    threads = []
    for body in BODIES:
        threads += [threading.Thread(target=writer, args=(body, i)) for i in range(writers_per_body)]
        threads += [threading.Thread(target=changer, args=(body, i)) for i in range(changers_per_body)]
    threads += [threading.Thread(target=offline_verifier), threading.Thread(target=proxy_states)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


# ---------------------------------------------------------------------------------------------------------- report

def timeline(work):
    phases, events, extra = [], [], []
    for line in open(os.path.join(work, "timeline"), encoding="utf-8"):
        parts = line.rstrip("\n").split(" ", 2)
        if parts[0] == "phase":
            phases.append([parts[2], float(parts[1]), None])
        elif parts[0] == "end":
            phases[-1][2] = float(parts[1])
        elif parts[0] == "event":
            events.append((float(parts[1]), parts[2]))
        else:
            extra.append(line.rstrip("\n"))
    return phases, events, extra


def phase_of(phases, t):
    """A phase lasts from its start to the next one's (the checks between two phases count with the first)."""
    name = "setup"
    for p in phases:
        if t >= p[1]:
            name = p[0]
    return name


def counts(counter):
    return " ".join("%s:%d" % (k, v) for k, v in sorted(counter.items(), key=lambda e: str(e[0]))) or "-"


def report(base, work):
    setup_data = json.load(open(os.path.join(work, "setup.json")))
    phases, events, extra = timeline(work)
    names = ["setup"] + [p[0] for p in phases]
    client = Client(base, timeout=30)

    # ------------------------------------------------ acknowledged writes, read back
    acks = read_journal(os.path.join(work, "acks.jsonl"))
    records = {}  # number → its record, "not found", or None when no answer said either
    unreadable = collections.Counter()
    for number in sorted({a["number"] for a in acks}):
        for _ in range(10):
            status, _, record = client.call("GET", "/api/v1/certificates/" + urllib.parse.quote(number))
            if status in (200, 404):
                break
            time.sleep(0.5)
        records[number] = record if status == 200 else "not found" if status == 404 else None
        if status not in (200, 404):
            unreadable[status] += 1
    missing = collections.defaultdict(list)
    last_change = {}
    for a in acks:
        record = records.get(a["number"])
        if record is None:
            continue
        if record == "not found":
            missing[phase_of(phases, a["t"])].append("%s %s" % (a["op"], a["number"]))
            continue
        if a["op"] != "issue":
            if not any(e.get("kind") == a["op"] and e.get("reason") == a["reason"] for e in record.get("history", [])):
                missing[phase_of(phases, a["t"])].append("%s %s (%s)" % (a["op"], a["number"], a["reason"]))
            if a["t"] >= last_change.get(a["number"], (0, None))[0]:
                last_change[a["number"]] = (a["t"], a["op"])
    wrong_status = [n for n, (_, op) in last_change.items() if isinstance(records.get(n), dict)
                    and records[n]["status"]["code"] != ("SUSPENDED" if op == "SUSPENDED" else "VALID")]

    # ------------------------------------------------ webhooks: drain, then compare with the feed
    sub_client = Client(base, timeout=30)
    drained_in = None
    t0 = time.time()
    while time.time() - t0 < float(os.environ.get("DRAIN", 90)):
        pending = 0
        for code, s in setup_data["subscriptions"].items():
            status, _, view = sub_client.call("GET", "/api/v1/subscriptions/%d" % s["id"],
                                              headers={"Authorization": "Bearer " + setup_data["subscriber"]})
            pending += (view or {}).get("delivery", view or {}).get("pending", 1) if status == 200 else 1
        if pending == 0:
            drained_in = time.time() - t0
            break
        time.sleep(1)
    subscription_views = {}
    for code, s in setup_data["subscriptions"].items():
        status, _, view = sub_client.call("GET", "/api/v1/subscriptions/%d" % s["id"],
                                          headers={"Authorization": "Bearer " + setup_data["subscriber"]})
        subscription_views[code] = view
    feed = {}
    feed_complete = True
    after = -1
    while True:
        for _ in range(10):
            status, _, page = client.call("GET", "/api/v1/feed?after=%d&limit=1000" % after)
            if status == 200:
                break
            time.sleep(0.5)
        if status != 200:
            feed_complete = False
            feed_failure = "feed after %d: %s" % (after, status)
            break
        for e in page["entries"]:
            feed[e["index"]] = e
        if not page["entries"]:
            break
        after = page["next"]
    # every acknowledged write must be an entry of the log, the source of webhooks, the feed and the status snapshot
    logged = set()
    for e in feed.values():
        c = e["change"]
        # an issue's entry carries the register's own reason (颁发证书), the request had none
        if c.get("kind") == "ISSUED":
            logged.add((c.get("certificate"), "issue", None))
        else:
            logged.add((c.get("certificate"), c.get("kind"), c.get("reason")))
    unlogged = collections.defaultdict(list)
    if feed_complete:
        for a in acks:
            if (a["number"], a["op"], a["reason"]) not in logged:
                unlogged[phase_of(phases, a["t"])].append(a)
    deliveries = read_journal(os.path.join(work, "deliveries.jsonl"))
    hooks = {}
    for code, s in setup_data["subscriptions"].items():
        expected = {i: e for i, e in feed.items() if i > s["after"] and e["change"].get("body") == code}
        got = [d for d in deliveries if d["path"] == "/hook/" + code]
        seen, highest = set(), -1
        duplicates = collections.Counter()
        out_of_order = collections.Counter()
        not_in_feed = differs = 0
        for d in got:
            payload = json.loads(base64.b64decode(d["body"]))
            index = payload["index"]
            where = phase_of(phases, d["t"])
            if str(index) != d["id"]:
                differs += 1
            if index in seen:
                duplicates[where] += 1
                continue
            if index < highest:
                out_of_order[where] += 1
            seen.add(index)
            highest = max(highest, index)
            if index not in feed:
                not_in_feed += 1
            elif feed[index]["entry"] != payload["entry"]:
                differs += 1
        lost = collections.Counter()
        for i, e in expected.items():
            if i not in seen:
                recorded = datetime.datetime.fromisoformat(e["change"]["recordedAt"].replace("Z", "+00:00")).timestamp()
                lost[phase_of(phases, recorded)] += 1
        # a write acknowledged after the subscription but never logged is never delivered either
        never = sum(1 for where, writes in unlogged.items() if where != "setup" for a in writes if a["body"] == code)
        hooks[code] = {"expected": len(expected), "got": got, "distinct": len(seen), "duplicates": duplicates,
                       "outOfOrder": out_of_order, "lost": lost, "notInFeed": not_in_feed, "differs": differs,
                       "never": never}
    lines = []
    for code, s in setup_data["subscriptions"].items():
        for d in hooks[code]["got"]:
            lines.append("\t".join([s["publicKey"], d["id"] or "", d["timestamp"] or "", d["signature"] or "", d["body"]]))
    signatures = "not checked"
    helper = os.environ.get("HELPER")
    if helper and lines:
        result = subprocess.run(helper.split() + ["signatures"], input="\n".join(lines) + "\n", capture_output=True,
                                text=True)
        signatures = (result.stdout.strip() or result.stderr.strip()[-200:])

    # ------------------------------------------------ the figures
    answers = read_journal(os.path.join(work, "answers.jsonl"))
    snaps = read_journal(os.path.join(work, "snapshot.jsonl"))
    proxy = read_journal(os.path.join(work, "haproxy.jsonl"))
    out = []
    out.append("cert-registry cluster rehearsal %s, %s cores, %s service instances, phases %s"
               % (datetime.date.today().isoformat(), os.cpu_count(), os.environ.get("INSTANCES", "?"),
                  " ".join("%s=%.0fs" % (p[0], (p[2] or p[1]) - p[1]) for p in phases)))
    out.extend(extra)
    for name in names:
        start = next((p[1] for p in phases if p[0] == name), None)
        out.append("")
        out.append("[%s]" % name)
        if start is not None:
            out.append("  faults (s after phase start): " + (", ".join(
                "%s @%.1f" % (text, t - start) for t, text in events if phase_of(phases, t) == name) or "none"))
        wrk = os.path.join(work, "wrk-%s.txt" % name)
        if os.path.exists(wrk):
            text = open(wrk).read().splitlines()
            statuses = {}
            figures = {}
            for line in text:
                f = line.split()
                if f and f[0] == "status":
                    statuses[f[1]] = int(f[2])
                elif f and f[0] in ("answers", "latency-ms", "socket-errors"):
                    figures[f[0]] = " ".join(f[1:])
            total = sum(statuses.values())
            ok = collections.Counter()
            for k, v in statuses.items():
                if k.startswith("2"):
                    ok[k.split("|")[1]] += v
            bad = {k: v for k, v in statuses.items() if not k.startswith("2")}
            out.append("  scans: answered %d, 2xx %d (%s), non-2xx %d%s" % (total, sum(ok.values()), counts(ok),
                                                                           total - sum(ok.values()),
                                                                           (" " + counts(bad)) if bad else ""))
            answered = figures.get("answers", "").split()
            rate = "%.0f/s" % (int(answered[0]) / float(answered[2])) if len(answered) == 3 and float(answered[2]) else "-"
            out.append("  scans: %s, latency ms %s; socket errors %s" % (rate, figures.get("latency-ms", "-"),
                                                                        figures.get("socket-errors", "-")))
        mine = [a for a in answers if "status" in a and phase_of(phases, a["t1"]) == name]
        by_status = collections.Counter()
        for a in mine:
            key = str(a["status"])
            if isinstance(a["status"], int) and a["status"] >= 300:
                key += "|" + (a["server"] or "proxy") + ("|retry-after" if a["retryAfter"] else "")
            by_status[key] += 1
        refused = [a for a in answers if "refused" in a and phase_of(phases, a["t1"]) == name]
        abandoned = [a for a in answers if "abandoned" in a and phase_of(phases, a["t1"]) == name]
        acked = [a for a in acks if phase_of(phases, a["t"]) == name]
        kinds = collections.Counter(a["op"] for a in acked)
        if mine or acked:
            out.append("  write attempts by answer: %s" % counts(by_status))
            waits = sorted(a["t"] - a["first"] for a in acked)
            gaps = [b["t"] - a["t"] for a, b in zip(sorted(acked, key=lambda x: x["t"]), sorted(acked, key=lambda x: x["t"])[1:])]
            out.append("  writes acknowledged: %d (%s), replayed %d, missing afterwards %d; refused %d%s, abandoned %d;"
                       " ack time p50 %.2fs max %.1fs; longest gap between acks %.1fs"
                       % (len(acked), counts(kinds), sum(1 for a in acked if a["replayed"]), len(missing.get(name, [])),
                          len(refused), (" " + counts(collections.Counter(a["refused"] for a in refused))) if refused else "",
                          len(abandoned), waits[len(waits) // 2] if waits else 0, waits[-1] if waits else 0,
                          max(gaps) if gaps else 0))
            for a in refused[:3]:
                out.append("    refused: %s %s on attempt %d by %s: %s %s" % (a["op"], a["number"], a.get("attempt", 0),
                                                                       a.get("server"), a.get("headers"), a.get("detail")))
            for line in missing.get(name, [])[:10]:
                out.append("    missing: " + line)
            if unlogged.get(name):
                out.append("  acknowledged writes absent from the log (so from the feed, webhooks and snapshots): %d of %d"
                           % (len(unlogged[name]), len(acked)))
        mine = [s for s in snaps if phase_of(phases, s["t"]) == name]
        if mine:
            notes = collections.Counter(str(s["note"]) + ("|retry-after" if s.get("retryAfter") and s["note"] != 200 else "")
                                        for s in mine)
            files = collections.Counter(str(s["file"]) for s in mine if "file" in s)
            cross = [s for s in mine if "file" in s and s.get("noteServer") != s.get("fileServer")]
            out.append("  offline verifier: notes %s; files %s; file 404s %d (note and file from different servers: %d,"
                       " of which 404 %d); sha256 mismatches %d"
                       % (counts(notes), counts(files), files.get("404", 0), len(cross),
                          sum(1 for s in cross if s["file"] == 404), sum(1 for s in mine if s.get("intact") is False)))
        mine = [s for s in proxy if "servers" in s and phase_of(phases, s["t"]) == name]
        if mine:
            up = [sum(1 for v in s["servers"].values() if v.startswith("UP")) for s in mine]
            out.append("  haproxy (1 s samples): servers UP min %d max %d; samples with none UP %d of %d"
                       % (min(up), max(up), up.count(0), len(up)))
        for code, h in hooks.items():
            received = sum(1 for d in h["got"] if phase_of(phases, d["t"]) == name)
            if received or h["lost"].get(name) or h["outOfOrder"].get(name) or h["duplicates"].get(name):
                out.append("  webhooks %s: deliveries received %d, duplicates %d, out of order %d, missing (by entry's"
                           " time) %d" % (code, received, h["duplicates"].get(name, 0), h["outOfOrder"].get(name, 0),
                                          h["lost"].get(name, 0)))
    out.append("")
    out.append("[totals]")
    total_missing = sum(len(v) for v in missing.values())
    out.append("  writes acknowledged %d, read back missing %d, status not the last acknowledged change %d%s"
               % (len(acks), total_missing, len(wrong_status),
                  ("; certificates unreadable (no 200 or 404 in 10 tries) " + counts(unreadable)) if unreadable else ""))
    if not feed_complete:
        out.append("  webhooks not checked: " + feed_failure)
    else:
        out.append("  log: %d entries; acknowledged writes absent from it %d (%s)"
                   % (len(feed), sum(len(v) for v in unlogged.values()),
                      counts(collections.Counter({k: len(v) for k, v in unlogged.items()}))))
    for n in wrong_status[:5]:
        out.append("    wrong status: %s is %s, last acknowledged %s" % (n, records[n]["status"]["code"], last_change[n][1]))
    for code, h in hooks.items():
        view = subscription_views.get(code) or {}
        out.append("  webhooks %s: feed entries expected %d, delivered distinct %d, missing %d (and %d acknowledged writes"
                   " never logged), duplicates %d, out of order %d, not in feed %d, differing from feed %d; subscription %s"
                   % (code, h["expected"], h["distinct"], sum(h["lost"].values()), h["never"], sum(h["duplicates"].values()),
                      sum(h["outOfOrder"].values()), h["notInFeed"], h["differs"],
                      json.dumps(view.get("delivery", view), ensure_ascii=False)[:300]))
    out.append("  webhook signatures: %s; drained %s" % (signatures, "in %.0fs" % drained_in if drained_in is not None
                                                          else "not within %ss" % os.environ.get("DRAIN", 90)))
    print("\n".join(out))
    failed = (total_missing or unlogged or unreadable or not feed_complete or drained_in is None
              or any(sum(h["lost"].values()) or sum(h["outOfOrder"].values()) for h in hooks.values()))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    {"setup": setup, "receive": receive, "load": load, "report": report}[command](*arguments)
