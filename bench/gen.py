#!/usr/bin/env python3
"""Writes N realistic roundtable files (briefpack/1) into a folder, the same
files for the same seed. Standard library only.

    python3 bench/gen.py --seed 8 --count 1000 --out /tmp/rt [--photos DIR]

Each file has the real field mix of examples/: a summary, questions with
takeaways (some with sub-points, some with notes), free sections with
paragraphs, bulleted and numbered (nested) lists and block quotes, next
steps, an actions table, speakers with bios and contact fields (some with
photos when --photos gives a folder to copy them from), attendees as names
and as mappings; Markdown with *emphasis*, **strong**, `code` and links;
typographic quotes, dashes, £ and € amounts and names with diacritics. The
brand (default, techuk, whitehall), the marking, the setting and the size
vary; the sizes are drawn so that the PDFs run from about 5 to 12 A4 pages
(with the layout of November 2026: 5–13 pages, mean 7.6, 0.5 % at 13; the
seed briefing has 8). bench.py reports the distribution it actually got.
"""
import argparse
import json
import os
import random
import re
import shutil
import textwrap

WORDS = """
programme delivery capability industry suppliers commissioning outcomes
procurement framework contract market engagement policing forces justice
emergency services infrastructure platform data interoperability standards
governance accountability assurance funding investment innovation risk
legacy systems replacement migration cloud security resilience workforce
skills capacity recruitment retention training accreditation validation
evidence evaluation pilot region regional national local partnership
stakeholders departments councils authorities trusts estates buildings
heating decarbonisation emissions network energy efficiency retrofit
survey condition portfolio standardise design specification tender
consultation strategy review recommendations findings priorities budget
spending value benefits costs savings timeline milestones phases roadmap
transparency collaboration competition disaggregation integration service
services customer citizens public private sector sectors organisations
transformation digital technology technologies analytics intelligence
licensing ownership intellectual property rights obligations incentives
performance monitoring reporting metrics baseline targets ambition pace
scale volume demand backlog examination laboratory forensic devices
hospital prison school university housing transport health care social
operational strategic commercial technical financial regulatory legal
the the the the the of of of of and and and and to to to in in in a a a
is is are was were be been has have had that that this this for for on
with with as as by by from at an or not but which who would should could
will can may must their its our they we it there more most some many each
""".split()

CAPS = """Home Office Treasury Cabinet Office NHS England Ofgem techUK Police
Digital Service Crown Commercial Service Government Digital Service NPCC
Whitehall Scotland Wales Northern Ireland London Leeds Manchester Cardiff
Belfast Glasgow Birmingham Bristol""".split()

FIRST = """Georgie Ellie Bethan Margaret Dafydd Fiona Priya Colm Kwame Helen
Zoë Siobhán Łukasz Amara Tomasz Niamh Rhys Aisha Oluwaseun Björn Chloé Hamish
Ingrid Jun Krzysztof Leila Mateus Nadia Oisín Parveen Ruairí Saoirse Tariq
Uma Vikram Wiktoria Xavier Yusuf Zainab Ali Ben Catrin Dev Emeka""".split()

LAST = """Morgan Huckle Page-Jones Oduya Pritchard MacLeod Raman Brennan Asante
Marsh Adeyemi Ní-Bhriain Nowak Okafor Kowalski Byrne Llewellyn Hussain
Adebayo Lindqvist Dubois Campbell Johansson Chen Wiśniewski Haddad Silva
Karimi Ó-Briain Akhtar Mac-Giolla Kapoor Nowicka Laurent Hassan Osei
Thompson Evans Griffiths Patel O’Neill Fitzgerald""".split()

ORGS = """techUK|Home Office|Police Digital Service|Blue Light Commercial|
Government Estates Decarbonisation Unit|Heatwise Networks Ltd|Brennan
Consulting Engineers|Northgate University|Tamar Valley NHS Foundation Trust|
Justice Estates Agency|Crown Commercial Service|Forensic Capability Board|
Westmoor County Council|Atlas Systems plc|Kestrel Data Ltd|Meridian
Analytics|Public Estate Net Zero Partnership|Whitehall Policy Unit|Local
Government Association|Cabinet Office""".replace("\n", " ").split("|")
ORGS = [" ".join(o.split()) for o in ORGS]

ROLES = ["Head of Justice and Emergency Services", "Programme Manager, Central Government",
         "Director, Net Zero Estates", "Chief Technology Officer", "Head of Commercial",
         "Senior Policy Adviser", "Deputy Director, Digital", "Estates Director",
         "Founder and Managing Director", "Professor of Building Physics",
         "Head of Public Sector", "Lead Architect", "Procurement Lead",
         "Chief Executive", "Associate Director, Strategy"]

FLAVOUR = ["£6.5 billion", "€10 million", "£38–45 million", "2022–25", "15–20%",
           "11%", "three years", "forty-one people", "2030", "ISO/IEC 17025",
           "“shovel-ready”", "‘intelligent client’", "co-operate", "end-to-end",
           "well-established", "cross-government", "decision-making"]

DOMAINS = ["gov.uk", "techuk.org", "example.org", "northgate-university.example"]
TOPICS = ["National Public Safety IT", "Net Zero Public Estate", "Digital Forensics Capability",
          "Cloud Adoption in Local Government", "Cyber Resilience of Critical Services",
          "Data Sharing for Better Outcomes", "Skills for the Digital State",
          "AI in Public Services", "Smart Infrastructure", "GovTech Procurement Reform"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, xs):
        return self.r.choice(xs)

    def word(self):
        r = self.r.random()
        if r < 0.06:
            return self.pick(CAPS)
        if r < 0.08:
            return self.pick(FLAVOUR)
        return self.pick(WORDS)

    def sentence(self, lo=8, hi=26, markdown=True):
        n = self.r.randint(lo, hi)
        ws = [self.word() for _ in range(n)]
        ws[0] = ws[0][0].upper() + ws[0][1:]
        if markdown:
            i = self.r.randrange(n)
            r = self.r.random()
            if r < 0.12:
                ws[i] = "*" + ws[i] + "*"
            elif r < 0.22:
                j = min(n, i + self.r.randint(1, 3))
                ws[i] = "**" + ws[i]
                ws[j - 1] = ws[j - 1] + "**"
            elif r < 0.27:
                j = min(n, i + self.r.randint(1, 4))
                url = "https://www.%s/%s" % (self.pick(DOMAINS),
                                             "-".join(self.pick(WORDS) for _ in range(3)))
                ws[i] = "[" + ws[i]
                ws[j - 1] = ws[j - 1] + "](" + url + ")"
            elif r < 0.29:
                ws[i] = "`" + self.pick(["ISO 27001", "CJSM", "API v2", "PSN", "HMG-SPF"]) + "`"
        if self.r.random() < 0.15 and n > 6:
            ws[n // 2] += ","
        if self.r.random() < 0.06:
            ws[n // 3] += " —"
        return " ".join(ws) + self.pick([".", ".", ".", ".", "?", ";"]).replace(";", ".")

    def para(self, lo=2, hi=5):
        return " ".join(self.sentence() for _ in range(self.r.randint(lo, hi)))

    def name(self):
        return "%s %s" % (self.pick(FIRST), self.pick(LAST).replace("-", " "))

    def block(self, text, indent):
        """A literal block scalar (|), its Markdown lines wrapped at 78
        columns with list and quote continuations indented as CommonMark
        wants them."""
        out = []
        for p in text.split("\n"):
            if not p.strip():
                out.append("")
                continue
            body = p.lstrip(" ")
            lead = " " * (len(p) - len(body))
            m = re.match(r"(- |\d+\. |> )", body)
            cont = lead + ((" " * len(m.group(1))) if m and m.group(1) != "> " else
                           ("> " if m else ""))
            out.extend(textwrap.wrap(body, 78 - indent, initial_indent=lead,
                                     subsequent_indent=cont, break_long_words=False,
                                     break_on_hyphens=False))
        pad = " " * indent
        return "|\n" + "\n".join((pad + l) if l else "" for l in out)

    def markdown_body(self, paras, lists=True):
        parts = []
        for _ in range(paras):
            parts.append(self.para())
            if lists and self.r.random() < 0.35:
                ordered = self.r.random() < 0.35
                items = []
                for k in range(self.r.randint(2, 5)):
                    m = "%d. " % (k + 1) if ordered else "- "
                    items.append(m + self.sentence(6, 18))
                    if self.r.random() < 0.2:
                        for _ in range(self.r.randint(1, 3)):
                            items.append(" " * len(m) + "- " + self.sentence(4, 12))
                parts.append("\n".join(items))
            if lists and self.r.random() < 0.08:
                parts.append("> " + self.sentence(12, 30))
        return "\n\n".join(parts)

    def q(self, s):
        return json.dumps(s, ensure_ascii=False)

    def roundtable(self, idx):
        r = self.r
        # Size: a drawn "weight" that sets how much text there is.
        w = r.random() * 0.76
        n_q = 2 + int(w * 3 + r.random())
        n_sec = 1 + int(w * 2.5 + r.random() * 0.5)
        n_spk = 1 + int(w * 4 + r.random())
        n_att = r.randint(2, 4 + int(w * 16))
        n_act = 0 if r.random() < 0.25 else r.randint(1, 2 + int(w * 6))
        topic = self.pick(TOPICS)
        brand = self.pick(["default", "techuk", "whitehall", "default"])
        year = r.randint(2019, 2025)
        month = r.randint(1, 12)
        day = r.randint(1, 28)
        L = []
        L.append("# generated by bench/gen.py (roundtable %d)" % idx)
        L.append("format: briefpack/1")
        L.append("")
        L.append("title: %s" % self.q("%s: %s %d" % (topic, self.sentence(3, 7, False).rstrip(".?"), year)))
        L.append("subtitle: %s" % self.pick(["Industry Roundtable Summary", "Cross-Sector Roundtable Summary",
                                              "Public Sector and Industry Roundtable"]))
        L.append("date: %04d-%02d-%02d" % (year, month, day))
        if r.random() < 0.8:
            L.append("published: %04d-%02d-%02d" % (year, month, min(28, day + r.randint(0, 10))))
        L.append("host: %s" % self.q(self.pick(ORGS)))
        if r.random() < 0.7:
            L.append("partner: %s" % self.q(self.pick(ORGS)))
        setting = self.pick(["in-person", "online", "hybrid"])
        if setting != "online":
            L.append("venue: %s" % self.q("%s offices, %s" % (self.pick(ORGS), self.pick(["London", "Leeds", "Cardiff", "Manchester"]))))
        L.append("setting: %s" % setting)
        if r.random() < 0.4:
            L.append("classification: %s" % self.pick(["OFFICIAL", "OFFICIAL-SENSITIVE"]))
        if brand != "default" or r.random() < 0.5:
            L.append("brand: %s" % brand)
        L.append("language: %s" % ("en-GB" if r.random() < 0.9 else "en-US"))
        L.append("")
        L.append("summary: " + self.block(self.markdown_body(r.randint(2, 2 + int(w * 2)), lists=False), 2))
        L.append("")
        L.append("sections:")
        for _ in range(n_sec):
            L.append("  - heading: %s" % self.q(self.sentence(2, 5, False).rstrip(".?")))
            L.append("    body: " + self.block(self.markdown_body(r.randint(2, 2 + int(w * 3))), 6))
        L.append("")
        L.append("questions:")
        for _ in range(n_q):
            L.append("  - question: %s" % self.q(self.sentence(10, 24).rstrip(".") + "?"))
            L.append("    takeaways:")
            for _ in range(r.randint(3, 3 + int(w * 6))):
                if r.random() < 0.15:
                    L.append("      - point: %s" % self.q(self.sentence(5, 14)))
                    L.append("        points:")
                    for _ in range(r.randint(2, 5)):
                        L.append("          - %s" % self.q(self.sentence(5, 18)))
                else:
                    s = " ".join(self.sentence() for _ in range(r.choice([1, 1, 1, 2, 3])))
                    L.append("      - %s" % self.q(s))
            if r.random() < 0.3:
                L.append("    notes: " + self.block(self.markdown_body(1), 6))
        L.append("")
        L.append("next_steps: " + self.block(self.markdown_body(r.randint(1, 2)), 2))
        if n_act:
            L.append("")
            L.append("actions:")
            for _ in range(n_act):
                L.append("  - action: %s" % self.q(self.sentence(5, 14).rstrip(".")))
                if r.random() < 0.85:
                    L.append("    owner: %s" % self.q(self.pick(ORGS)))
                if r.random() < 0.8:
                    L.append("    due: %04d-%02d-%02d" % (year + 1, r.randint(1, 12), r.randint(1, 28)))
        L.append("")
        L.append("speakers:")
        for k in range(n_spk):
            nm = self.name()
            L.append("  - name: %s" % self.q(nm))
            L.append("    role: %s" % self.q(self.pick(ROLES)))
            L.append("    organisation: %s" % self.q(self.pick(ORGS)))
            if self.photos and r.random() < 0.3:
                L.append("    photo: photos/%s" % self.pick(self.photos))
            if r.random() < 0.9:
                L.append("    bio: " + self.block(self.markdown_body(r.randint(1, 1 + int(w * 2)), lists=False), 6))
            user = nm.lower().replace(" ", ".").replace("’", "")
            user = "".join(c for c in user if c.isascii())
            dom = self.pick(DOMAINS)
            if r.random() < 0.9:
                if r.random() < 0.15:
                    L.append("    email: [%s, %s]" % (self.q(user + "@" + dom), self.q("info@" + dom)))
                else:
                    L.append("    email: %s" % self.q(user + "@" + dom))
            if r.random() < 0.5:
                L.append("    phone: \"020 7946 0%03d\"" % r.randint(0, 999))
            if r.random() < 0.4:
                L.append("    website: www.%s" % dom)
            if r.random() < 0.4:
                L.append("    linkedin: https://www.linkedin.com/in/%s/" % user.replace(".", "-"))
            if r.random() < 0.3:
                L.append("    twitter: \"@%s\"" % user.split(".")[0])
        L.append("")
        L.append("attendees:")
        for _ in range(n_att):
            if r.random() < 0.6:
                L.append("  - name: %s" % self.q(self.name()))
                if r.random() < 0.5:
                    L.append("    role: %s" % self.q(self.pick(ROLES)))
                L.append("    organisation: %s" % self.q(self.pick(ORGS)))
            else:
                L.append("  - %s" % self.q(self.name()))
        return "\n".join(L) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--photos", help="a folder of PNG/JPEG photos to copy and use")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    g = Gen(a.seed)
    g.photos = []
    if a.photos and os.path.isdir(a.photos):
        os.makedirs(os.path.join(a.out, "photos"), exist_ok=True)
        for f in sorted(os.listdir(a.photos)):
            if f.lower().endswith((".png", ".jpg", ".jpeg")):
                shutil.copy(os.path.join(a.photos, f), os.path.join(a.out, "photos", f))
                g.photos.append(f)
    for i in range(a.count):
        with open(os.path.join(a.out, "rt-%04d.yaml" % i), "w", encoding="utf-8") as f:
            f.write(g.roundtable(i))


if __name__ == "__main__":
    main()
