"""The load and the checks of bench/faults.sh: python3 bench/faults.py BASE_URL BODY_KEY MODE.

Writers issue certificates, changers suspend and restore them, readers check them, while the database
is killed; every write acknowledged with 2xx is then looked for in the register. The server is driven
through the shell function pg_ctl that faults.sh exports.
"""
import collections
import datetime
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
import zoneinfo

BASE, KEY, MODE = sys.argv[1], sys.argv[2], sys.argv[3]
HOST = urllib.parse.urlparse(BASE)
WRITERS = int(os.environ.get("WRITERS", 4))
CHANGERS = int(os.environ.get("CHANGERS", 2))
READERS = int(os.environ.get("READERS", 2))
RUN = float(os.environ.get("RUN", 8))
OUTAGE = float(os.environ.get("OUTAGE", 5))
RUN_ID = uuid.uuid4().hex[:6].upper()
TODAY = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
DISTRICTS = ["440103", "440104", "440105", "440106"]
T0 = time.monotonic()

stop = threading.Event()
lock = threading.Lock()
answers = []          # (start, end, what, status or error name, problem type, has Retry-After)
issued = {}           # number → acknowledged
events = collections.defaultdict(list)  # number → [(kind, reason)] acknowledged, in order
replayed = collections.Counter()
readiness = []        # (start, end, "UP" | "DOWN" | error)
faults = []           # (name, killed at, back at)


def now():
    return time.monotonic() - T0


def credit_code(n):
    first17 = "91" + DISTRICTS[n % 4] + "9" + ("%08d" % n)
    check = 31 - sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS)) % 31
    return first17 + ALPHABET[0 if check == 31 else check]


class Client:
    def __init__(self):
        self.connection = None

    def call(self, what, method, path, body=None, headers=None):
        """One request; (status, headers, parsed body) or (error name, None, None). Every answer is recorded."""
        start = now()
        all_headers = {"Accept": "application/json", **(headers or {})}
        if body is not None:
            all_headers["Content-Type"] = "application/json"
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(HOST.hostname, HOST.port, timeout=15)
            self.connection.request(method, path, None if body is None else json.dumps(body, ensure_ascii=False).encode(),
                                    all_headers)
            response = self.connection.getresponse()
            raw = response.read()
            status, answer_headers = response.status, dict(response.getheaders())
        except Exception as e:  # a connection the service closed, or a timeout: an answer of its own kind
            self.connection = None
            with lock:
                answers.append((start, now(), what, type(e).__name__, None, False))
            return type(e).__name__, None, None
        parsed = None
        problem = None
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = None
        if status >= 400:
            problem = (parsed or {}).get("type", "no problem document") if isinstance(parsed, dict) else "no problem document"
            if not answer_headers.get("Content-Type", "").startswith("application/problem+json"):
                problem = "not a problem document: " + answer_headers.get("Content-Type", "")
        with lock:
            answers.append((start, now(), what, status, problem, "Retry-After" in answer_headers))
        return status, answer_headers, parsed

    def write(self, what, path, body):
        """A write under one Idempotency-Key, asked again until it is acknowledged, refused, or the run ends."""
        key = str(uuid.uuid4())
        deadline = None
        while True:
            status, headers, parsed = self.call(what, "POST", path, body, {"Authorization": "Bearer " + KEY,
                                                                         "Idempotency-Key": key})
            if isinstance(status, int) and 200 <= status < 300:
                if headers.get("Idempotent-Replayed") == "true":
                    with lock:
                        replayed[what] += 1
                return True
            if isinstance(status, int) and status not in (503, 429):
                print("refused %s %s: %s %s" % (what, path, status, parsed), file=sys.stderr)
                return False
            if stop.is_set():
                deadline = deadline or time.monotonic() + 30
                if time.monotonic() > deadline:
                    return False
            retry = headers.get("Retry-After") if headers else None
            time.sleep(min(float(retry), 0.5) if retry else 0.2)


def writer(n):
    client = Client()
    sequence = 0
    while not stop.is_set():
        sequence += 1
        number = "FAULT-%s-%d-%05d" % (RUN_ID, n, sequence)
        code = n * 100000 + sequence
        issue = TODAY - datetime.timedelta(days=30)
        request = {"number": number, "scheme": "AFTER_SALES", "grade": "FOUR_STAR", "score": 92, "scoreScale": 100,
                   "subScores": {"SERVICE_SYSTEM": 37, "PRODUCT_SERVICE": 33, "CUSTOMER_SERVICE": 22},
                   "scope": "家用电器的安装与维修服务", "issueDate": issue.isoformat(),
                   "expiryDate": (issue.replace(year=issue.year + 3) - datetime.timedelta(days=1)).isoformat(),
                   "holderName": "故障演练%d号电器有限公司" % code, "holderCreditCode": credit_code(code),
                   "holderRegion": DISTRICTS[code % 4], "siteRegion": DISTRICTS[code % 4], "siteAddress": "演练路%d号" % code}
        if client.write("issue", "/api/v1/certificates", request):
            with lock:
                issued[number] = True


def changer(n):
    client = Client()
    mine = {}  # number → next kind
    while not stop.is_set():
        with lock:
            candidates = [number for number in issued if hash(number) % CHANGERS == n]
        if not candidates:
            time.sleep(0.1)
            continue
        number = random.choice(candidates)
        kind = mine.get(number, "SUSPENDED")
        reason = "演练 %s %s" % (kind, uuid.uuid4().hex[:10])
        if client.write(kind.lower(), "/api/v1/certificates/%s/events" % number,
                        {"kind": kind, "effectiveDate": TODAY.isoformat(), "reason": reason}):
            with lock:
                events[number].append((kind, reason))
            mine[number] = "RESTORED" if kind == "SUSPENDED" else "SUSPENDED"


def reader(n):
    client = Client()
    while not stop.is_set():
        with lock:
            numbers = list(issued)
        if not numbers:
            time.sleep(0.1)
            continue
        number = random.choice(numbers)
        if random.random() < 0.5:
            client.call("verify", "GET", "/api/v1/verify?number=" + number)
        else:
            client.call("record", "GET", "/api/v1/certificates/" + number)


def monitor():
    while not stop.is_set():
        start = now()
        try:
            connection = http.client.HTTPConnection(HOST.hostname, HOST.port, timeout=5)
            connection.request("GET", "/q/health/ready")
            response = connection.getresponse()
            state = json.loads(response.read()).get("status", "?")
            connection.close()
        except Exception as e:
            state = type(e).__name__
        with lock:
            readiness.append((start, now(), state))
        time.sleep(0.1)


def pg_ctl(*arguments):
    subprocess.run(["bash", "-c", "pg_ctl " + " ".join(arguments) + " > /dev/null 2>&1"], check=True)


def fault_restart():
    killed = now()
    pg_ctl("restart", "-m", "immediate", "-w")  # returns once the server accepts connections
    faults.append(("restart -m immediate", killed, now()))


def fault_outage():
    killed = now()
    pg_ctl("stop", "-m", "immediate")
    time.sleep(OUTAGE)
    pg_ctl("restart", "-w")  # no server running: starts it with the options of its last start
    faults.append(("stop -m immediate, %g s, start" % OUTAGE, killed, now()))


threads = [threading.Thread(target=f, args=(i,)) for f, count in ((writer, WRITERS), (changer, CHANGERS), (reader, READERS))
           for i in range(count)]
threads.append(threading.Thread(target=monitor))
for t in threads:
    t.start()
time.sleep(RUN)
fault_restart()
time.sleep(RUN)
fault_outage()
time.sleep(RUN)
stop.set()
for t in threads:
    t.join()
end = now()

# ---------------------------------------------------------------- the register afterwards
check = Client()
for _ in range(100):
    if check.call("check", "GET", "/q/health/ready")[0] == 200:
        break
    time.sleep(0.2)
found_issues = found_events = 0
lost = []
wrong_status = []
for number in sorted(issued):
    status, _, record = check.call("check", "GET", "/api/v1/certificates/" + number)
    if status != 200:
        lost.append("issue %s: %s" % (number, status))
        continue
    found_issues += 1
    history = {(e["kind"], e["reason"]) for e in record["history"]}
    for kind, reason in events.get(number, []):
        if (kind, reason) in history:
            found_events += 1
        else:
            lost.append("%s of %s (%s)" % (kind, number, reason))
    expected = "SUSPENDED" if events.get(number) and events[number][-1][0] == "SUSPENDED" else "VALID"
    if record["status"]["code"] != expected:
        wrong_status.append("%s: %s, expected %s" % (number, record["status"]["code"], expected))
acknowledged_events = sum(len(v) for v in events.values())

# ---------------------------------------------------------------- the figures
out = []
out.append("cert-registry fault run — %s PostgreSQL, %d writers, %d status changers, %d readers, %s cores, %s"
           % (MODE, WRITERS, CHANGERS, READERS, os.cpu_count(), datetime.date.today().isoformat()))
load = [a for a in answers if a[2] != "check"]
out.append("requests: %d in %.0f s; writes acknowledged: %d issues, %d status changes (%d of them replays of a write"
           " first answered during a fault)" % (len(load), end, len(issued), acknowledged_events, sum(replayed.values())))
out.append("after recovery: acknowledged %d, found %d, lost %d; statuses as the last acknowledged change: %d wrong"
           % (len(issued) + acknowledged_events, found_issues + found_events, len(lost), len(wrong_status)))
for line in (lost + wrong_status)[:20]:
    out.append("  " + line)

failed = bool(lost or wrong_status)
for name, killed, back in faults:
    during = collections.Counter()
    times = []
    for start, finish, what, status, problem, retry_after in load:
        if finish >= killed and start <= back:
            times.append(finish - start)
            label = str(status) if problem is None else "%s %s" % (status, problem.rsplit("/", 1)[-1])
            if isinstance(status, int) and status == 503 and not retry_after:
                label += " (no Retry-After)"
            during[label] += 1
    after = collections.Counter(str(a[3]) for a in load if back < a[0] <= back + 5)
    samples = [r for r in readiness if r[0] >= killed and r[1] <= back]
    down = [r for r in samples if r[2] != "UP"]
    # a check that meets the database away waits for the pool, which tries a new connection twice, a second apart
    first_down = next((r for r in readiness if r[0] >= killed and r[2] != "UP"), None)
    first_up = next((r[1] - back for r in readiness if r[0] >= back and r[2] == "UP"), None)
    # the first second after the kill may still find the last health check's answer
    late_up = [r for r in samples if r[2] == "UP" and r[0] > killed + 1.0]
    out.append("fault %s: database away %.1f s" % (name, back - killed))
    times.sort()
    timing = "; answer time median %.2f s, max %.2f s" % (times[len(times) // 2], times[-1]) if times else ""
    out.append("  answers meanwhile: " + (", ".join("%s × %d" % e for e in sorted(during.items())) or "none") + timing)
    out.append("  answers in the 5 s after its return: " + ", ".join("%s × %d" % e for e in sorted(after.items())))
    out.append("  /q/health/ready: %d checks while away, %d DOWN, %d UP begun later than 1 s after the kill; DOWN for the"
               " check begun %s after the kill; UP again %s after the database's return"
               % (len(samples), len(down), len(late_up),
                  "%.2f s (answered in %.1f s)" % (first_down[0] - killed, first_down[1] - first_down[0]) if first_down else "never",
                  "%.2f s" % first_up if first_up is not None else "never"))
    out.append("  readiness samples (start after kill, duration, state): " + ", ".join(
        "%.1f+%.1f %s" % (r[0] - killed, r[1] - r[0], r[2]) for r in readiness if killed - 0.5 <= r[0] <= back + 2))
    if first_up is None or first_up > 5 or late_up:
        failed = True
statuses = collections.Counter(a[3] for a in load)
out.append("all answers by status: " + ", ".join("%s × %d" % e for e in sorted(statuses.items(), key=str)))
five_hundred = [a for a in load if isinstance(a[3], int) and a[3] == 500]
if five_hundred:
    failed = True
    out.append("500 answers: %d (%s)" % (len(five_hundred), collections.Counter(a[2] for a in five_hundred)))
out.append("RESULT: " + ("FAILED" if failed else "passed"))
print("\n".join(out))
sys.exit(1 if failed else 0)
