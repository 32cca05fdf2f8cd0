#!/usr/bin/env python3
"""Knock on ecsh's BGP port the ways an attacker would, and report what
happened: "closed" (accepted, then closed before any byte), "open" (it
sent an OPEN), or "no-connection" (the SYN went unanswered or was reset).

    security_peer.py SRC DST PORT [MD5-KEY]
"""
import socket
import struct
import sys

TCP_MD5SIG = 14


def md5sig(dst, key):
    addr = struct.pack("=H", socket.AF_INET) + struct.pack("!H", 0) + \
        socket.inet_aton(dst)
    addr += b"\0" * (128 - len(addr))
    k = key.encode()
    return addr + struct.pack("=BBHI", 0, 0, len(k), 0) + k + \
        b"\0" * (80 - len(k))


def main():
    src, dst, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    key = sys.argv[4] if len(sys.argv) > 4 else None
    s = socket.socket()
    s.settimeout(3)
    s.bind((src, 0))
    if key is not None:
        s.setsockopt(socket.IPPROTO_TCP, TCP_MD5SIG, md5sig(dst, key))
    try:
        s.connect((dst, port))
    except OSError:
        print("no-connection")
        return
    try:
        data = s.recv(4096)
    except socket.timeout:
        print("silent")
        return
    except OSError:
        print("closed")
        return
    if not data:
        print("closed")
    elif data[:16] == b"\xff" * 16 and len(data) >= 19 and data[18] == 1:
        print("open")
    else:
        print("other")


main()
