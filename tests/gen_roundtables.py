#!/usr/bin/env python3
"""Writes COUNT short, realistic roundtable files into DIR, the same bytes
every time (no randomness: every choice is a function of the file's index).

    python3 tests/gen_roundtables.py DIR COUNT [--bad I,J,K]

Files are named rt-0001.yaml ... The indices given with --bad (1-based) get
exactly one error each, in turn: a date that does not exist, a misspelt key,
a question without its text. Prints nothing; standard library only.
"""
import os
import sys

HOSTS = ["techUK", "Whitehall Policy Unit", "Local Government Digital Forum",
         "Health Data Partnership", "Transport Innovation Council"]
PARTNERS = ["Home Office", "Department for Transport", "NHS England",
            "Ministry of Justice", "Cabinet Office", "HM Treasury"]
TOPICS = ["shared data platforms", "cloud procurement", "cyber resilience",
          "digital identity", "legacy modernisation", "AI assurance",
          "open standards", "skills and apprenticeships", "net zero estates",
          "supplier diversity", "interoperability", "service design"]
BRANDS = ["default", "techuk", "whitehall"]
SETTINGS = ["in-person", "online", "hybrid"]
FIRST = ["Amara", "Gareth", "Renée", "Tomás", "Zoë", "Priya", "Oliver",
         "Siobhán", "Kwame", "Helen", "Łukasz", "Fatima", "James", "Ngozi"]
LAST = ["Okonkwo", "Llewelyn", "Duval", "Ó Séaghdha", "Adeyemi", "Patel",
        "Hughes", "Ní Bhriain", "Mensah", "Carter", "Nowak", "Rahman",
        "Whitfield", "Eze"]
ROLES = ["Head of Digital", "Chief Technology Officer", "Policy Adviser",
         "Director of Strategy", "Programme Lead", "Commercial Director"]
ORGS = ["Kestrel Systems Ltd", "Northgate Analytics", "Lumen Services",
        "Severn Valley Council", "Pennine Data Co-operative", "Atlas Cloud"]
POINTS = [
    "Early engagement with suppliers *before* the options are narrowed "
    "saves time for everyone.",
    "Outcomes should be specified, not products; a **clear problem "
    "statement** lets the market propose the solution.",
    "Smaller suppliers find framework lots covering everything hard to bid "
    "for; splitting them would widen the field.",
    "Shared, published test data would let a product assured once be used "
    "by every department without starting again.",
    "Skills are the constraint most often named: people trained in the "
    "public sector leave for better pay within three years.",
    "Costs quoted in euros should be fixed in sterling for the life of an "
    "agreement — the exchange-rate risk belongs with whoever can hedge it.",
    "A common definition of success, agreed at the start, would make "
    "results comparable between organisations.",
]


def pick(seq, i, salt=0):
    return seq[(i * 7 + salt * 13 + salt * i) % len(seq)]


def roundtable(i, bad=None):
    topic = pick(TOPICS, i)
    month = 1 + i % 12
    day = 1 + (i * 5) % 28
    date = "2023-%02d-%02d" % (month, day)
    if bad == 0:
        date = "2023-02-30"
    lines = [
        "# Generated roundtable %d (tests/gen_roundtables.py)" % i,
        "format: briefpack/1",
        'title: "Roundtable %d: %s"' % (i, topic.capitalize()),
        "subtitle: Industry Roundtable Summary",
        "date: %s" % date,
        "host: %s" % pick(HOSTS, i, 1),
        "partner: %s" % pick(PARTNERS, i, 2),
        "setting: %s" % pick(SETTINGS, i, 3),
        "brand: %s" % pick(BRANDS, i, 4),
    ]
    if i % 4 == 0:
        lines.append("classification: OFFICIAL")
    lines += [
        "",
        "summary: |",
        "  On the day, %s and %s" % (pick(HOSTS, i, 1), pick(PARTNERS, i, 2)),
        "  brought together representatives of government and industry to",
        "  discuss %s: what works today, what" % topic,
        "  does not, and what should change over the next three years.",
        "",
        "questions:",
    ]
    for q in range(1 + i % 3):
        if bad == 2 and q == 0:
            lines.append("  - takeaways:")
        else:
            lines.append("  - question: What should change first in %s, "
                         "and who should lead it (%d.%d)?" % (topic, i, q + 1))
            lines.append("    takeaways:")
        for t in range(2 + (i + q) % 2):
            lines.append('      - "%s"' % pick(POINTS, i + q + t, 5)
                         .replace('"', '\\"'))
    lines += [
        "",
        "next_steps: |",
        "  The partners will publish a short response and hold a follow-up",
        "  session on %s." % topic,
        "",
        "actions:",
        "  - action: Circulate this summary to everyone invited",
        "    owner: %s" % pick(HOSTS, i, 1),
        "    due: 2024-%02d-15" % (1 + (i + 2) % 12),
        "",
        "speekers:" if bad == 1 else "speakers:",
    ]
    for s in range(1 + i % 2):
        lines += [
            "  - name: %s %s" % (pick(FIRST, i + s, 6), pick(LAST, i + s, 7)),
            "    role: %s" % pick(ROLES, i + s, 8),
            "    organisation: %s" % pick(ORGS, i + s, 9),
            "    bio: |",
            "      Works on %s and chairs the sector's working group on it."
            % topic,
        ]
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    folder, count = argv[1], int(argv[2])
    bad = []
    if len(argv) >= 5 and argv[3] == "--bad":
        bad = [int(x) for x in argv[4].split(",") if x]
    os.makedirs(folder, exist_ok=True)
    for i in range(1, count + 1):
        kind = bad.index(i) % 3 if i in bad else None
        with open(os.path.join(folder, "rt-%04d.yaml" % i), "w",
                  encoding="utf-8") as f:
            f.write(roundtable(i, kind))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
