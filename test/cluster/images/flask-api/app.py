"""Flask API of the kubegrade test cluster's image kubegrade/flask-api:1.0.

GET /hello-service  -> 200 "Hello world\n"
GET /               -> 200, says which Redis it uses
POST /data          -> stores the JSON body (or, without one, increments a
                       counter) in Redis; 500 when Redis cannot be reached
GET /data           -> reads both back; 500 when Redis cannot be reached

The Redis host comes from REDIS_HOST (or REDIS_IP, as the course's manifests
sometimes say), the port from REDIS_PORT (default 6379).
"""
import json
import os
import signal
import sys

import redis
from flask import Flask, jsonify, request

REDIS_HOST = os.environ.get("REDIS_HOST") or os.environ.get("REDIS_IP") or "localhost"
REDIS_PORT = int(os.environ.get("REDIS_PORT") or 6379)

app = Flask(__name__)
db = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=3,
                 socket_timeout=3, decode_responses=True)


@app.get("/hello-service")
def hello():
    return "Hello world\n", 200, {"Content-Type": "text/plain; charset=utf-8"}


@app.get("/")
def index():
    return jsonify(service="flask-api", redis=f"{REDIS_HOST}:{REDIS_PORT}")


@app.route("/data", methods=["GET", "POST"])
def data():
    try:
        if request.method == "POST":
            body = request.get_json(silent=True)
            if body is None:
                return jsonify(counter=db.incr("counter")), 201
            db.set("data", json.dumps(body))
            return jsonify(data=body), 201
        raw = db.get("data")
        return jsonify(data=json.loads(raw) if raw else None,
                       counter=int(db.get("counter") or 0))
    except redis.RedisError as err:
        return jsonify(error=f"redis at {REDIS_HOST}:{REDIS_PORT}: {err}"), 500


def _stop(*_):
    sys.exit(0)


if __name__ == "__main__":
    # PID 1 in its container: without a handler SIGTERM would be ignored and
    # every pod deletion would wait for the grace period.
    signal.signal(signal.SIGTERM, _stop)
    app.run(host="0.0.0.0", port=5000, threaded=True)
