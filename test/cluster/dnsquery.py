"""dnsquery.py SERVER NAME [EXPECTED_IP]: one DNS A query over UDP (stdlib
only). Exit 0 when SERVER answers NAME (with EXPECTED_IP among the answers,
if given), 1 otherwise. Used by up.sh/status.sh to check CoreDNS."""
import random
import socket
import struct
import sys

server, name = sys.argv[1], sys.argv[2]
expected = sys.argv[3] if len(sys.argv) > 3 else None
qid = random.randrange(65536)
q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
q += b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split(".")) + b"\0"
q += struct.pack(">HH", 1, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.sendto(q, (server, 53))
data, _ = s.recvfrom(4096)
rid, flags, qd, an = struct.unpack(">HHHH", data[:8])
if rid != qid or flags & 0xF != 0 or an == 0:
    sys.exit(1)
# skip the question, read the answers
i = 12
while data[i]:
    i += data[i] + 1
i += 5
ips = []
for _ in range(an):
    if data[i] & 0xC0 == 0xC0:
        i += 2
    else:
        while data[i]:
            i += data[i] + 1
        i += 1
    rtype, _cls, _ttl, rdlen = struct.unpack(">HHIH", data[i:i + 10])
    i += 10
    if rtype == 1 and rdlen == 4:
        ips.append(socket.inet_ntoa(data[i:i + 4]))
    i += rdlen
print(" ".join(ips))
sys.exit(0 if ips and (expected is None or expected in ips) else 1)
