#!/bin/sh
# The seed briefing in a real browser viewer: Mozilla's pdf.js (npm
# pdfjs-dist, pinned in tests/pdfjs/package.json) in headless Chromium
# (Debian's chromium) opens it with no warning or error, reports the outline
# and page 1's text we expect, and draws page 1. Builds nothing itself: $1 is
# the briefpack binary. Needs node, npm and chromium (make test-deps); without
# them it fails. Prints PASS/FAIL lines.
# docs/pdfjs-seed.png is the screenshot this takes (tests/pdfjs/run.sh says
# how to make it again).
set -u
BP=${1:-build/briefpack}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; }

seed=examples/techuk-2022-03-08.yaml
pdf=$T/techuk-2022-03-08.pdf
if ! "$BP" -o "$pdf" "$seed" 2> "$T/bp.err"; then
    fail "pdf.js: the seed briefing builds" "$(head -c 600 "$T/bp.err" | tr '\n' ' ')"
    exit 0
fi

if sh tests/pdfjs/run.sh --screenshot "$T/page1.png" --size 1280x1130 "$pdf" > "$T/report.json" 2> "$T/run.err"; then
    pass "pdf.js: headless Chromium opens the seed briefing"
else
    fail "pdf.js: headless Chromium opens the seed briefing" "$(head -c 800 "$T/run.err" | tr '\n' ' ')"
    # a report still tells what pdf.js said; without one there is no more to check
    [ -s "$T/report.json" ] || exit 0
fi

node - "$T/report.json" "$T/page1.png" <<'JS'
const fs = require("fs");
const [reportFile, pngFile] = process.argv.slice(2);
const check = (name, fn) => {
    let why;
    try { why = fn(); } catch (e) { why = e.message; }
    if (why === true) console.log(`PASS pdf.js: ${name}`);
    else console.log(`FAIL pdf.js: ${name}: ${String(why).replace(/\s+/g, " ").slice(0, 800)}`);
};
let r;
try {
    r = JSON.parse(fs.readFileSync(reportFile, "utf8"));
} catch (e) {
    check("the report is JSON", () => e.message);
    process.exit(0);
}
const p = r.page || {};
const show = (v) => JSON.stringify(v);

check(`pdf.js ${p.pdfjsVersion} loads the document and renders every page`, () =>
    (p.status === "done" && p.numPages > 0 && p.pagesRendered === p.numPages) ||
    `status ${p.status}, ${p.pagesRendered} of ${p.numPages} pages: ${(p.problems || []).join("; ")}`);

check("no warning or error from pdf.js", () =>
    (p.problems || ["no report"]).length === 0 || p.problems.join("; "));

check("no warning, error or failed request in the browser", () => {
    const b = r.browser || {};
    const bad = [
        ...(b.console || []).filter((m) => ["warning", "error", "assert"].includes(m.level)).map((m) => `${m.where} ${m.level}: ${m.text}`),
        ...(b.exceptions || []).map((e) => `${e.where} exception: ${e.text}`),
        ...(b.log || []).filter((l) => ["warning", "error"].includes(l.level)).map((l) => `${l.where} ${l.source} ${l.level}: ${l.text} ${l.url || ""}`),
        ...(r.httpErrors || []).map((h) => `http ${h}`),
    ];
    return bad.length === 0 || bad.join("; ");
});

const outline = p.outline || [];
const parts = ["Contents", "Summary", "Introduction", "Discussion", "Key takeaways", "Next steps", "Speakers", "Attendees"];
check("the outline's top level is the parts, in order", () =>
    show(outline.map((o) => o.title)) === show(parts) || `got ${show(outline.map((o) => o.title))}`);

check("Key takeaways holds Questions 1 to 4", () => {
    const kt = outline.find((o) => o.title === "Key takeaways");
    if (!kt) return "no Key takeaways in the outline";
    const titles = kt.items.map((i) => i.title);
    return (titles.length === 4 && titles.every((t, i) => t.startsWith(`Question ${i + 1}:`))) || `got ${show(titles)}`;
});

check("every bookmark opens a page, in document order", () => {
    const flat = [];
    const walk = (items) => items.forEach((i) => { flat.push(i); walk(i.items); });
    walk(outline);
    if (flat.length === 0) return "no outline";
    const bad = flat.filter((i) => !Number.isInteger(i.page) || i.page < 1 || i.page > p.numPages);
    if (bad.length) return `no page for ${show(bad.map((i) => i.title))}`;
    const back = flat.findIndex((i, k) => k > 0 && i.page < flat[k - 1].page);
    return back < 0 || `"${flat[back].title}" (page ${flat[back].page}) comes after "${flat[back - 1].title}" (page ${flat[back - 1].page})`;
});

const text = ((p.page1 || {}).text || "").replace(/\s+/g, " ");
for (const want of ["Home Office National Public Safety IT Delivery Landscape Reform Strategy", "Tuesday 8 March 2022"])
    check(`page 1's text has "${want}"`, () => text.includes(want) || `page 1 reads ${show(text.slice(0, 400))}`);

check("page 1 is drawn on the canvas", () => {
    const p1 = p.page1 || {};
    return (p1.width > 0 && p1.height > p1.width && p1.ink > 0.01) || `canvas ${p1.width}x${p1.height}, ink ${p1.ink}`;
});

check("the screenshot is a 1280x1130 PNG", () => {
    const png = fs.readFileSync(pngFile);
    const sig = png.subarray(0, 8).toString("hex") === "89504e470d0a1a0a";
    const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    return (sig && w === 1280 && h === 1130) || `signature ${sig}, ${w}x${h}`;
});
JS
