// Opens a PDF in the pdf.js page (index.html) in headless Chromium and prints
// the page's report, plus what the browser itself logged, as JSON:
//   node run.mjs [--screenshot OUT.png] [--size WxH] [--timeout SECONDS] [--struct] FILE.pdf...
// Several PDFs are opened one after another in one browser, each in a tab of
// its own, and reported as { chromium, reports: [...] }; one PDF's report is
// the object itself. --struct adds each page's structure tree (viewer.mjs).
// Serves this folder and the PDFs over http on 127.0.0.1 (a port the system
// picks), drives Chromium over --remote-debugging-pipe (no port either), and
// always ends both: on success, on error, on timeout and on SIGTERM/SIGINT.
// Exit status: 0 when the page finished (its report says whether pdf.js
// warned), 1 when it failed or timed out, 2 on a usage or start-up error.
// The browser is $CHROMIUM, else `chromium` on the PATH (Debian's package).
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

// --- arguments -------------------------------------------------------------
let screenshot = null;
let timeout = 90;
let struct = false;
let [width, height] = [1280, 1130];
const pdfPaths = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--screenshot") screenshot = argv[++i];
    else if (a === "--timeout") timeout = Number(argv[++i]);
    else if (a === "--size") [width, height] = argv[++i].split("x").map(Number);
    else if (a === "--struct") struct = true;
    else if (!a.startsWith("--")) pdfPaths.push(a);
    else usage(`unknown argument ${a}`);
}
if (pdfPaths.length === 0) usage("no PDF given");
if (screenshot && pdfPaths.length > 1) usage("--screenshot takes one PDF");
if (!(timeout > 0) || !(width > 0) || !(height > 0)) usage("bad --timeout or --size");
for (const p of pdfPaths) if (!fs.existsSync(p)) usage(`${p}: no such file`);
if (!fs.existsSync(path.join(here, "node_modules/pdfjs-dist/build/pdf.mjs")))
    usage("pdfjs-dist is not installed: run `npm ci` in tests/pdfjs (run.sh does)");
// where the page fetches each PDF: /pdf/N/NAME.pdf
const pdfs = new Map(pdfPaths.map((p, i) => [`/pdf/${i}/${path.basename(p)}`, path.resolve(p)]));

function usage(msg) {
    process.stderr.write(`run.mjs: ${msg}\nusage: node run.mjs [--screenshot OUT.png] [--size WxH] [--timeout SECONDS] [--struct] FILE.pdf...\n`);
    process.exit(2);
}

// --- clean-up, whatever happens ----------------------------------------------
let browser = null;
let browserGroup = 0;
let server = null;
let profile = null;
function killBrowser() {
    // the whole process group: Chromium's zygote, renderer and utility
    // processes, even when the main one has exited already
    if (browserGroup) {
        try { process.kill(-browserGroup, "SIGKILL"); } catch { /* all gone */ }
    }
    browserGroup = 0;
    browser = null;
    // crashpad_handler leaves the group (setsid); it is known by its
    // database, under the profile through XDG_CONFIG_HOME (see startBrowser)
    if (!profile) return;
    let pids = [];
    try { pids = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p)); } catch { return; }
    for (const pid of pids) {
        try {
            if (fs.readFileSync(`/proc/${pid}/cmdline`, "latin1").includes(profile + "/"))
                process.kill(Number(pid), "SIGKILL");
        } catch { /* gone, or not ours */ }
    }
}
function cleanup() {
    killBrowser();
    if (server) {
        server.closeAllConnections?.();
        server.close();
        server = null;
    }
    if (profile) {
        try { fs.rmSync(profile, { recursive: true, force: true }); } catch { /* best effort */ }
        profile = null;
    }
}
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(sig, () => {
        process.stderr.write(`run.mjs: ${sig}, stopping\n`);
        cleanup();
        process.exit(1);
    });
}
const deadline = setTimeout(() => {
    process.stderr.write(`run.mjs: timed out after ${timeout * pdfs.size} s\n`);
    cleanup();
    process.exit(1);
}, timeout * pdfs.size * 1000);  // --timeout is per PDF

// --- http on 127.0.0.1 -------------------------------------------------------
const TYPES = {
    ".html": "text/html; charset=utf-8", ".mjs": "text/javascript", ".js": "text/javascript",
    ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm",
    ".pdf": "application/pdf", ".svg": "image/svg+xml", ".png": "image/png",
};
const httpErrors = [];
function startServer() {
    return new Promise((resolve, reject) => {
        const srv = http.createServer((req, res) => {
            const fail = (code) => {
                httpErrors.push(`${code} ${req.method} ${req.url}`);
                res.writeHead(code, { "Content-Type": "text/plain" });
                res.end(`${code}\n`);
            };
            if (req.method !== "GET" && req.method !== "HEAD") return fail(405);
            let file;
            try {
                const p = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
                file = pdfs.get(p) ?? path.join(here, path.normalize(p));
            } catch {
                return fail(400);
            }
            if (!pdfs.has(decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname)) &&
                !file.startsWith(here + path.sep)) return fail(403);
            fs.stat(file, (err, st) => {
                if (err || !st.isFile()) return fail(404);
                res.writeHead(200, {
                    "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
                    "Content-Length": st.size,
                    "Cache-Control": "no-store",
                });
                if (req.method === "HEAD") return res.end();
                fs.createReadStream(file).on("error", () => res.destroy()).pipe(res);
            });
        });
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => resolve(srv));
    });
}

// --- Chromium over the DevTools protocol on fds 3 and 4 ----------------------
const FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--no-default-browser-check",
    "--remote-debugging-pipe",
];
let stderrTail = "";
const pending = new Map();
const handlers = [];
let nextId = 1;

function startBrowser() {
    profile = fs.mkdtempSync(path.join(os.tmpdir(), "briefpack-pdfjs-"));
    const bin = process.env.CHROMIUM || "chromium";
    browser = spawn(bin, [...FLAGS, `--user-data-dir=${profile}`, `--window-size=${width},${height}`, "about:blank"], {
        stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
        // its config and cache (crash reports too) in the profile, not in ~
        env: { ...process.env, XDG_CONFIG_HOME: `${profile}/config`, XDG_CACHE_HOME: `${profile}/cache` },
        detached: true, // its own process group, killed whole in cleanup()
    });
    const child = browser;
    browserGroup = child.pid || 0;
    child.on("error", (e) => failAll(new Error(`cannot start ${bin}: ${e.message}`)));
    child.on("exit", (code, sig) => {
        if (browser === child) browser = null;
        failAll(new Error(`Chromium exited (${sig || code}): ${stderrTail.slice(-1500)}`));
    });
    child.stderr.on("data", (d) => { stderrTail = (stderrTail + d).slice(-8000); });
    let buf = "";
    child.stdio[4].on("data", (d) => {
        buf += d;
        let end;
        while ((end = buf.indexOf("\0")) >= 0) {
            const msg = JSON.parse(buf.slice(0, end));
            buf = buf.slice(end + 1);
            if (msg.id && pending.has(msg.id)) {
                const p = pending.get(msg.id);
                pending.delete(msg.id);
                if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
                else p.resolve(msg.result);
            } else if (msg.method) {
                for (const h of handlers) h(msg);
            }
        }
    });
    child.stdio[3].on("error", () => {});
}
function failAll(err) {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    startError ??= err;
}
let startError = null;
function send(method, params = {}, sessionId) {
    if (startError) return Promise.reject(startError);
    const id = nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, method });
        browser.stdio[3].write(JSON.stringify(msg) + "\0");
    });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- the run --------------------------------------------------------------------
const remoteText = (a) => a.value !== undefined ? (typeof a.value === "string" ? a.value : JSON.stringify(a.value))
    : a.unserializableValue ?? a.description ?? a.type;
// what the browser logs, per tab: sessionId -> { where of each session, log }
const tabs = new Map();

async function openOne(port, pdfUrl) {
    const browserLog = { console: [], exceptions: [], log: [] };
    const { targetId } = await send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
    const contexts = new Map([[sessionId, "page"]]);
    const tab = { contexts, browserLog };
    tabs.set(sessionId, tab);
    await send("Runtime.enable", {}, sessionId);
    await send("Log.enable", {}, sessionId);
    await send("Page.enable", {}, sessionId);
    await send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }, sessionId);
    await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);

    const query = `file=${encodeURIComponent(encodeURI(pdfUrl))}${struct ? "&struct=1" : ""}`;
    const url = `http://127.0.0.1:${port}/index.html?${query}`;
    const nav = await send("Page.navigate", { url }, sessionId);
    if (nav.errorText) throw new Error(`cannot open ${url}: ${nav.errorText}`);

    const evaluate = async (expression) =>
        (await send("Runtime.evaluate", { expression, returnByValue: true }, sessionId)).result.value;
    let status = "";
    while (status !== "done" && status !== "failed") {
        await sleep(100);
        status = await evaluate("document.readyState !== 'loading' && document.documentElement.dataset.status || ''");
    }
    const page = JSON.parse(await evaluate("document.getElementById('result').textContent"));
    if (screenshot) {
        const shot = await send("Page.captureScreenshot", { format: "png" }, sessionId);
        fs.writeFileSync(screenshot, Buffer.from(shot.data, "base64"));
    }
    await sleep(100); // the last console events
    await send("Target.closeTarget", { targetId }).catch(() => {});
    return { url, screenshot: screenshot ? path.resolve(screenshot) : null, page, browser: browserLog };
}

async function run() {
    server = await startServer();
    const port = server.address().port;
    startBrowser();
    const version = await send("Browser.getVersion");
    handlers.push(({ method, params, sessionId: s }) => {
        // a worker's session is the child of its page's: find the tab by either
        const tab = tabs.get(s);
        if (!tab) return;
        const where = tab.contexts.get(s) || "other";
        if (method === "Target.attachedToTarget") {
            // the pdf.js worker: its console too, from its first line
            const child = params.sessionId;
            tabs.set(child, tab);
            tab.contexts.set(child, `${params.targetInfo.type} ${params.targetInfo.url.replace(/^http:\/\/127\.0\.0\.1:\d+\//, "")}`);
            send("Runtime.enable", {}, child)
                .then(() => send("Runtime.runIfWaitingForDebugger", {}, child))
                .catch(() => {});
        } else if (method === "Runtime.consoleAPICalled") {
            tab.browserLog.console.push({ where, level: params.type, text: params.args.map(remoteText).join(" ") });
        } else if (method === "Runtime.exceptionThrown") {
            const d = params.exceptionDetails;
            tab.browserLog.exceptions.push({ where, text: d.exception?.description || d.text });
        } else if (method === "Log.entryAdded") {
            const e = params.entry;
            tab.browserLog.log.push({ where, level: e.level, source: e.source, text: e.text, url: e.url });
        }
    });
    const reports = [];
    for (const [pdfUrl, file] of pdfs) {
        const r = await openOne(port, pdfUrl);
        reports.push({ file, ...r, httpErrors: httpErrors.splice(0) });
    }
    try {
        await Promise.race([send("Browser.close"), sleep(3000)]);
    } catch { /* it closed */ }
    // one PDF: its report, as it always was; several: all of them
    return reports.length === 1 ? { chromium: version.product, ...reports[0] }
        : { chromium: version.product, reports };
}

run().then((out) => {
    process.stdout.write(JSON.stringify(out) + "\n");
    clearTimeout(deadline);
    cleanup();
    const failed = (out.reports ?? [out]).filter((r) => r.page.status !== "done");
    for (const r of failed)
        process.stderr.write(`run.mjs: ${r.file}: the page reports ${r.page.status}: ${r.page.problems.join("; ")}\n`);
    process.exitCode = failed.length ? 1 : 0;
}, (e) => {
    process.stderr.write(`run.mjs: ${e.message}\n`);
    clearTimeout(deadline);
    cleanup();
    process.exitCode = 1;
});
