// pdf.js's own worker, with its console relayed to the page (viewer.mjs) so
// that the warnings it prints while parsing fonts and content streams are
// reported too. pdf.js ignores messages without its own target name, and it
// only logs while handling messages, after this module has run.
import "./node_modules/pdfjs-dist/build/pdf.worker.mjs";

for (const level of ["log", "info", "warn", "error", "debug"]) {
    const original = console[level].bind(console);
    console[level] = (...args) => {
        const text = args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(" ");
        self.postMessage({ briefpackConsole: { level, text } });
        original(...args);
    };
}
