"""The issuing figures of bench/log.sh: python3 bench/log.py BASE_URL BODY_KEY PSQL_COMMAND ROUNDS.

Issues certificates one at a time on one connection, in rounds that alternate the log's trigger off and on
(PSQL_COMMAND runs SQL as the embedded server's owner), and prints each mode's p50 and mean; then, with the
trigger on, the time from an issue's 201 until a signed checkpoint covers its entry, idle and at 50 writes/s.
"""
import datetime
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
import zoneinfo

BASE, KEY, PSQL, ROUNDS = sys.argv[1], sys.argv[2], sys.argv[3].split(), int(sys.argv[4])
HOST = urllib.parse.urlparse(BASE)
RUN_ID = uuid.uuid4().hex[:6].upper()
TODAY = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
counter = [0]
lock = threading.Lock()


def credit_code(n):
    first17 = "91440106" + "9" + ("%08d" % n)
    check = 31 - sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS)) % 31
    return first17 + ALPHABET[0 if check == 31 else check]


class Client:
    def __init__(self):
        self.connection = http.client.HTTPConnection(HOST.hostname, HOST.port, timeout=30)

    def call(self, method, path, body=None, accept="application/json"):
        headers = {"Accept": accept, "Authorization": "Bearer " + KEY}
        if body is not None:
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, None if body is None else json.dumps(body, ensure_ascii=False).encode(), headers)
        response = self.connection.getresponse()
        raw = response.read()
        return response.status, raw

    def issue(self):
        with lock:
            counter[0] += 1
            n = counter[0]
        number = "LOGB-%s-%06d" % (RUN_ID, n)
        issue = TODAY - datetime.timedelta(days=30)
        request = {"number": number, "scheme": "AFTER_SALES", "grade": "FOUR_STAR", "score": 92, "scoreScale": 100,
                   "subScores": {"SERVICE_SYSTEM": 37, "PRODUCT_SERVICE": 33, "CUSTOMER_SERVICE": 22},
                   "scope": "家用电器的安装与维修服务", "issueDate": issue.isoformat(),
                   "expiryDate": (issue.replace(year=issue.year + 3) - datetime.timedelta(days=1)).isoformat(),
                   "holderName": "日志基准%d号电器有限公司" % n, "holderCreditCode": credit_code(n),
                   "holderRegion": "440106", "siteRegion": "440106", "siteAddress": "基准路%d号" % n}
        began = time.perf_counter()
        status, raw = self.call("POST", "/api/v1/certificates", request)
        took = time.perf_counter() - began
        if status != 201:
            raise SystemExit("issue answered %d: %s" % (status, raw[:300]))
        return number, took


def trigger(on):
    subprocess.run(PSQL + ["-c", "alter table certificate_event %s trigger certificate_event_logged"
                           % ("enable" if on else "disable")], check=True, stdout=subprocess.DEVNULL)


def signed_size(client):
    status, raw = client.call("GET", "/log/checkpoint", accept="text/plain")
    if status != 200:
        raise SystemExit("checkpoint answered %d: %s" % (status, raw[:200]))
    return int(raw.decode().split("\n")[1])


def coverage_latency(client, reader):
    """Seconds from an issue's answer until a signed checkpoint includes its entry."""
    number, _ = client.issue()
    answered = time.perf_counter()
    while True:
        status, raw = reader.call("GET", "/api/v1/certificates/" + number)
        index = json.loads(raw).get("logIndex")
        if index is not None and signed_size(reader) > index:
            return time.perf_counter() - answered
        time.sleep(0.01)


client = Client()
for _ in range(20):
    client.issue()   # warm-up
times = {False: [], True: []}
for round_ in range(ROUNDS):
    for on in (False, True):
        trigger(on)
        for _ in range(50):
            times[on].append(client.issue()[1])
trigger(True)
without, with_log = statistics.median(times[False]), statistics.median(times[True])
print("issue one certificate   without log  p50 %.2f ms  mean %.2f ms   (%d issues)" % (
    without * 1000, statistics.mean(times[False]) * 1000, len(times[False])))
print("issue one certificate   with log     p50 %.2f ms  mean %.2f ms   (%d issues)" % (
    with_log * 1000, statistics.mean(times[True]) * 1000, len(times[True])))
print("log append overhead     ratio with/without: p50 %.2f  mean %.2f" % (
    with_log / without, statistics.mean(times[True]) / statistics.mean(times[False])))

reader = Client()
idle = [coverage_latency(client, reader) for _ in range(20)]
stop = threading.Event()


def background():
    writer = Client()
    while not stop.is_set():
        began = time.perf_counter()
        writer.issue()
        time.sleep(max(0, 0.02 - (time.perf_counter() - began)))   # 50 writes/s


threads = [threading.Thread(target=background, daemon=True)]
for thread in threads:
    thread.start()
time.sleep(1)
loaded = [coverage_latency(client, reader) for _ in range(20)]
stop.set()
for name, values in (("idle", idle), ("at 50 writes/s", loaded)):
    values.sort()
    print("entry in a signed checkpoint after the 201, %-15s p50 %4.0f ms  max %4.0f ms" % (
        name, statistics.median(values) * 1000, values[-1] * 1000))
