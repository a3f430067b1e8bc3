/**
 * The probe's remote steps, as one Python program run in the probe pod with
 * `python3 -c PROGRAM STEP ARGS...`: every input is a command argument (no
 * stdin), only the standard library is used (Redis spoken over a plain
 * socket in RESP, HTTP through urllib), and the program ends itself after
 * `deadline` seconds (signal.alarm) even if nobody is listening any more —
 * closing an exec WebSocket does not stop the process in the container
 * (kubernetes-client/javascript#441). It prints one JSON line:
 * {"ok": true, ...} when the step did what it should, {"ok": false,
 * "error": "..."} when the target answered wrongly or not at all; and `t`,
 * the seconds it ran, so that the exec's round trip less `t` is the
 * cluster's transport (src/live/pace.ts). Step `ping` only answers: the
 * transport alone.
 */
export const PROBE_PY = String.raw`
import json, signal, socket, sys, time
T0 = time.monotonic()
def out(**kw):
    kw["t"] = round(time.monotonic() - T0, 3)
    sys.stdout.write(json.dumps(kw) + "\n"); sys.stdout.flush(); sys.exit(0)
def alarm(*_):
    out(ok=False, error="the probe step ran out of time inside the probe pod")
step, deadline, args = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
signal.signal(signal.SIGALRM, alarm)
signal.setitimer(signal.ITIMER_REAL, deadline)
def resp(host, port, *cmd):
    try:
        # A short connect timeout: a ClusterIP that kube-proxy still sends to a deleted pod drops the
        # SYN, and the runner retries a connect that timed out (settle) until the rules catch up.
        s = socket.create_connection((host, int(port)), timeout=min(2.0, max(1.0, deadline - 1)))
    except socket.timeout:
        out(ok=False, error="connecting to %s:%s timed out" % (host, port))
    except OSError as e:
        out(ok=False, error="cannot connect to %s:%s: %s" % (host, port, e.strerror or e))
    s.settimeout(max(1.0, deadline - 1))
    buf = b"*%d\r\n" % len(cmd) + b"".join(b"$%d\r\n%s\r\n" % (len(c.encode()), c.encode()) for c in cmd)
    try:
        s.sendall(buf)
        f = s.makefile("rb")
        line = f.readline()
        if not line:
            out(ok=False, error="%s:%s closed the connection without answering (is it Redis?)" % (host, port))
        t, rest = line[:1], line[1:].rstrip(b"\r\n")
        if t == b"+": return rest.decode()
        if t == b"-": out(ok=False, error="Redis answered an error: " + rest.decode(errors="replace"))
        if t == b":": return int(rest)
        if t == b"$":
            n = int(rest)
            if n < 0: return None
            data = f.read(n + 2)[:n]
            return data.decode(errors="replace")
        out(ok=False, error="%s:%s does not speak Redis (answered %r)" % (host, port, line[:40]))
    except socket.timeout:
        out(ok=False, error="%s:%s accepted the connection but did not answer (is it Redis?)" % (host, port))
    except OSError as e:
        out(ok=False, error="talking to %s:%s: %s" % (host, port, e.strerror or e))
if step == "ping":
    out(ok=True)
elif step == "redis-set":
    host, port, key, value, ttl = args
    r = resp(host, port, "SET", key, value, "EX", ttl)
    out(ok=r == "OK", value=r, error=None if r == "OK" else "SET answered %r" % (r,))
elif step == "redis-get":
    host, port, key = args
    out(ok=True, value=resp(host, port, "GET", key))
elif step == "redis-save":
    host, port = args
    r = resp(host, port, "SAVE")
    out(ok=r == "OK", value=r, error=None if r == "OK" else "SAVE answered %r" % (r,))
elif step == "redis-del":
    host, port, key = args
    out(ok=True, value=resp(host, port, "DEL", key))
elif step == "http-get":
    import urllib.request, urllib.error  # here: a third of a Redis step's start-up otherwise
    url = args[0]
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": "kubegrade-probe"}), timeout=max(1.0, deadline - 1)) as r:
            out(ok=True, status=r.status, body=r.read(200).decode(errors="replace"))
    except urllib.error.HTTPError as e:
        out(ok=True, status=e.code, body=e.read(200).decode(errors="replace"))
    except urllib.error.URLError as e:
        reason = e.reason
        out(ok=False, error="GET %s: %s" % (url, getattr(reason, "strerror", None) or reason))
    except socket.timeout:
        out(ok=False, error="GET %s timed out" % url)
    except Exception as e:
        out(ok=False, error="GET %s: %s" % (url, e))
else:
    out(ok=False, error="unknown probe step " + step)
`;
