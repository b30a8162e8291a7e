// Loads the PDF named by ?file= with pdf.js, shows its outline and pages,
// and reports into #result (JSON):
//   { status, pdfjsVersion, file, numPages, pageLabels, info,
//     outline: [{ title, page, url, items: [...] }],   // page: where it jumps, 1-based
//     page1: { width, height, ink, text }, pagesRendered,
//     messages: [{ source, level, text }],   // every console call by pdf.js
//     problems: [string] }                   // warnings and errors, whatever their source
// Every console call of pdf.js is caught, on this page and in its worker
// (worker.mjs relays the worker's console here), so a warning such as
// "Warning: TT: undefined function" shows up in the report.
// ?scale= sets the zoom (default 1.25); ?pages=1 renders page 1 only;
// ?struct=1 adds, for every page, what a screen reader gets (structureOf):
//     structure: [{ page, tree, text: { mcid: string }, annotations: { id: {...} } }]

const report = { status: "loading", messages: [], problems: [] };
const html = document.documentElement;
const $ = (id) => document.getElementById(id);

function note(source, level, args) {
    const text = args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : typeof a === "string" ? a : safeJson(a))).join(" ");
    report.messages.push({ source, level, text });
    if (level === "warn" || level === "error" || /^(Warning|Error)\b/.test(text))
        report.problems.push(`${source} ${level}: ${text}`);
}
function safeJson(v) {
    try { return JSON.stringify(v); } catch { return String(v); }
}
for (const level of ["log", "info", "warn", "error", "debug"]) {
    const original = console[level].bind(console);
    console[level] = (...args) => { note("main", level, args); original(...args); };
}
addEventListener("error", (e) => report.problems.push(`page error: ${e.message} (${e.filename}:${e.lineno})`));
addEventListener("unhandledrejection", (e) => report.problems.push(`unhandled rejection: ${e.reason?.message ?? e.reason}`));

function finish(status) {
    report.status = status;
    $("result").textContent = JSON.stringify(report, null, 1);
    $("status").textContent = status === "done" && report.problems.length === 0 ? "no warnings"
        : status === "done" ? `${report.problems.length} warning(s)` : "failed";
    html.dataset.status = status;
}

const params = new URLSearchParams(location.search);
const file = params.get("file");
const scale = Number(params.get("scale") || 1.25);
const allPages = params.get("pages") !== "1";
const withStructure = params.get("struct") === "1";
report.file = file;
if (withStructure) report.structure = [];

// What a screen reader gets from pdf.js on page n: the page's structure tree
// (getStructTree: every element with content on the page and its ancestors),
// the text of each marked-content sequence it points to (getTextContent with
// includeMarkedContent, by the ids the tree uses) and the page's
// annotations (a Link element's OBJR points to one).
async function structureOf(page, n) {
    const tree = await page.getStructTree();
    const marked = await page.getTextContent({ includeMarkedContent: true });
    const text = {};
    const open = [];
    for (const item of marked.items) {
        if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
            open.push(item.id ?? null);
        } else if (item.type === "endMarkedContent") {
            open.pop();
        } else if (typeof item.str === "string") {
            const id = open.findLast((i) => i);
            if (id) text[id] = (text[id] ?? "") + item.str + (item.hasEOL ? " " : "");
        }
    }
    const annotations = {};
    for (const a of await page.getAnnotations()) {
        annotations[a.id] = { subtype: a.subtype, url: a.url ?? null, dest: a.dest ?? null,
                              contents: a.contentsObj?.str ?? null, rect: a.rect };
    }
    return { page: n, tree, text, annotations };
}

async function main() {
    if (!file) throw new Error("no ?file= given");
    const base = new URL("node_modules/pdfjs-dist/", import.meta.url);
    const pdfjs = await import(new URL("build/pdf.mjs", base).href);
    report.pdfjsVersion = pdfjs.version;
    $("version").textContent = `pdf.js ${pdfjs.version}`;
    $("name").textContent = decodeURIComponent(file.split("/").pop());

    // The real worker, wrapped so that its console comes back here.
    const worker = new Worker(new URL("worker.mjs", import.meta.url), { type: "module" });
    worker.addEventListener("message", (e) => {
        const m = e.data?.briefpackConsole;
        if (m) note("worker", m.level, [m.text]);
    });
    worker.addEventListener("error", (e) => report.problems.push(`worker error: ${e.message || "could not start"}`));
    pdfjs.GlobalWorkerOptions.workerPort = worker;

    const pdf = await pdfjs.getDocument({
        url: file,
        verbosity: pdfjs.VerbosityLevel.WARNINGS,
        cMapUrl: new URL("cmaps/", base).href,
        standardFontDataUrl: new URL("standard_fonts/", base).href,
        wasmUrl: new URL("wasm/", base).href,
        iccUrl: new URL("iccs/", base).href,
    }).promise;
    report.numPages = pdf.numPages;
    report.pageLabels = await pdf.getPageLabels();
    report.info = (await pdf.getMetadata()).info;
    $("pages").textContent = `${pdf.numPages} pages`;
    if (report.info?.Title) document.title = `${report.info.Title} · pdf.js`;

    // the outline, nested, each entry with the page it opens
    async function pageOf(dest) {
        let d = dest;
        if (typeof d === "string") d = await pdf.getDestination(d);
        if (!Array.isArray(d) || d.length === 0) return null;
        if (Number.isInteger(d[0])) return d[0] + 1;
        if (d[0] && typeof d[0] === "object") return (await pdf.getPageIndex(d[0])) + 1;
        return null;
    }
    async function walk(items) {
        const out = [];
        for (const it of items || []) {
            const node = { title: it.title, url: it.url ?? null, page: null, items: [] };
            if (it.dest != null) {
                try { node.page = await pageOf(it.dest); } catch (e) { report.problems.push(`outline "${it.title}": ${e.message}`); }
            }
            node.items = await walk(it.items);
            out.push(node);
        }
        return out;
    }
    report.outline = await walk(await pdf.getOutline());
    $("outline").replaceChildren(...outlineList(report.outline));

    // page 1 (what the screenshot shows), then the rest as a reader scrolls
    const last = allPages ? pdf.numPages : 1;
    report.pagesRendered = 0;
    for (let n = 1; n <= last; n++) {
        const page = await pdf.getPage(n);
        const viewport = page.getViewport({ scale });
        const box = document.createElement("div");
        box.className = "page";
        box.dataset.page = n;
        const canvas = document.createElement("canvas");
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        box.append(canvas);
        $("viewer").append(box);
        await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport }).promise;
        report.pagesRendered++;
        const content = await page.getTextContent();
        if (withStructure) report.structure.push(await structureOf(page, n));
        if (n === 1) {
            report.page1 = {
                width: canvas.width,
                height: canvas.height,
                ink: inkFraction(canvas),
                text: content.items.map((i) => (i.str ?? "") + (i.hasEOL ? "\n" : "")).join(""),
            };
        }
        page.cleanup();
    }
    await new Promise((r) => requestAnimationFrame(() => r()));
}

function outlineList(items) {
    return items.map((it) => {
        const li = document.createElement("li");
        const span = document.createElement("span");
        const pg = document.createElement("span");
        pg.className = it.page ? "pg" : "pg bad";
        // the page label, as the footer and the viewer's page box number it
        pg.textContent = it.page ? report.pageLabels?.[it.page - 1] ?? it.page : "?";
        span.append(pg, it.title);
        li.append(span);
        if (it.items.length) {
            const ul = document.createElement("ul");
            ul.append(...outlineList(it.items));
            li.append(ul);
        }
        return li;
    });
}

// the share of the canvas that is not (nearly) white: 0 for a blank page
function inkFraction(canvas) {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4)
        if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] < 720) ink++;
    return ink / (data.length / 4);
}

main().then(() => finish("done"), (e) => {
    report.problems.push(`failed: ${e?.name ?? "Error"}: ${e?.message ?? e}`);
    finish("failed");
});
