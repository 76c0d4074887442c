#!/usr/bin/env python3
"""RELIABILITY.md D34 for the whole suite: looks for every secret the tests created in every log.

Usage: scan-secrets.py AUDIT_DIR

AUDIT_DIR is what PLACESYNC_SECRETS_AUDIT pointed at while `swift test` ran: keys/*.txt hold lines
"<kind> <hex>" (node key seeds, HTTP access tokens), logs/ holds the daemons' logs and the child
processes' output, and swift-test.log the suite's own output. Each secret is searched for in hex (both
cases), base64 (standard and URL-safe, with and without padding) and base32. Exit status 1 on any hit.
"""
import base64
import pathlib
import re
import sys

# Runs of characters any of the forms is made of; every window of a form's length is looked up.
RUN = re.compile(rb"[A-Za-z0-9+/=_-]{20,}")


def forms(secret: bytes) -> set[bytes]:
    found = {secret.hex().encode(), secret.hex().upper().encode()}
    for encoded in (base64.b64encode(secret), base64.urlsafe_b64encode(secret), base64.b32encode(secret)):
        found |= {encoded, encoded.rstrip(b"="), encoded.lower().rstrip(b"=") if encoded.isupper() else encoded}
    return found


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    audit = pathlib.Path(sys.argv[1])
    secrets: dict[bytes, str] = {}
    raws: set[bytes] = set()
    for file in sorted((audit / "keys").glob("*.txt")):
        for line in file.read_text().splitlines():
            kind, _, text = line.partition(" ")
            try:
                raw = bytes.fromhex(text)
            except ValueError:
                continue
            if len(raw) >= 16:
                raws.add(raw)
                for form in forms(raw):
                    secrets[form] = kind
    logs = sorted((audit / "logs").glob("*")) + [audit / "swift-test.log"]
    logs = [log for log in logs if log.is_file()]
    lengths = sorted({len(form) for form in secrets})
    scanned = 0
    hits = []
    for log in logs:
        data = log.read_bytes()
        scanned += len(data)
        for match in RUN.finditer(data):
            run = match.group()
            for length in lengths:
                for start in range(len(run) - length + 1):
                    kind = secrets.get(run[start:start + length])
                    if kind:
                        hits.append(f"{log.name}: a {kind} ({run[start:start + 12].decode(errors='replace')}…)")
    print(f"secrets scan: {len(logs)} logs ({scanned / 1e6:.1f} MB) searched for {len(raws)} secrets "
          f"in {len(secrets)} forms: {len(hits)} hits")
    for hit in hits[:50]:
        print("  " + hit)
    if not secrets:
        print("  no secrets were collected: is PLACESYNC_SECRETS_AUDIT reaching the tests?")
        return 1
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
