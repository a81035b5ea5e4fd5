#!/usr/bin/env python3
"""What bounds a scenario: the top five frames of its JFR recording (where the sampled threads were running),
and the share of samples by what they were doing (the first recognised frame from the top of each stack).

   bench/frames.py recording.jfr      needs the JDK's jfr tool on PATH
"""
import collections
import json
import subprocess
import sys

KINDS = [  # the first of these whose prefix a stack's frame has, from the top, names the sample
    ("crypto", ("org.bouncycastle.", "java.security.", "sun.security.", "javax.crypto.")),
    ("QR/PNG", ("com.google.zxing.", "javax.imageio.", "java.util.zip.", "com.sun.imageio.", "java.awt.")),
    ("JSON", ("com.fasterxml.jackson.",)),
    ("SQL", ("org.postgresql.", "org.hibernate.", "io.agroal.", "io.quarkus.narayana", "com.arjuna.")),
    ("templates", ("io.quarkus.qute.",)),
    ("HTTP", ("io.netty.", "io.vertx.", "org.jboss.resteasy.", "io.quarkus.vertx.", "io.quarkus.resteasy.")),
    ("register", ("cn.certregistry.",)),
]


def frame_name(frame):
    method = frame["method"]
    return method["type"]["name"] + "." + method["name"]


def main(path):
    printed = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                             check=True, capture_output=True, text=True).stdout
    events = json.loads(printed)["recording"]["events"]
    tops, kinds = collections.Counter(), collections.Counter()
    for event in events:
        frames = (event["values"].get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        tops[frame_name(frames[0])] += 1
        names = [frame_name(f) for f in frames]
        kinds[next((kind for name in names for kind, prefixes in KINDS if name.startswith(prefixes)), "other")] += 1
    total = sum(tops.values()) or 1
    top = ", ".join("%s %.0f%%" % (name.rsplit(".", 2)[-2] + "." + name.rsplit(".", 1)[-1], 100 * n / total)
                    for name, n in tops.most_common(5))
    by_kind = " ".join("%s %.0f%%" % (kind, 100 * n / total) for kind, n in kinds.most_common())
    print("%d samples; %s | top: %s" % (total, by_kind, top))


if __name__ == "__main__":
    main(sys.argv[1])
