// The Sharing Space's stylesheet and script, served from /assets/ (no CDN, no framework; works
// offline against the local daemon).

enum Assets {
    static let css = #"""
        :root { --ink: #1d2433; --muted: #4f5b6d; --line: #d5dbe4; --bg: #f5f7fa; --card: #fff;
          --brand: #0b5cad; --brand-ink: #fff; --ok: #176b37; --warn: #8a4b00; --busy: #0b5cad; --err: #b00020;
          --focus: #ffbf47; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: var(--bg); line-height: 1.5; font-size: 1rem; }
        a { color: var(--brand); }
        a:hover { text-decoration-thickness: 2px; }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--ink); }
        .skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; }
        .skip:focus { left: .5rem; z-index: 10; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .6rem 1.25rem;
          background: var(--brand); color: var(--brand-ink); }
        .top a { color: var(--brand-ink); text-decoration: none; }
        .brand { font-weight: 700; font-size: 1.15rem; }
        .brand span { font-weight: 400; opacity: .9; }
        .top nav ul { display: flex; flex-wrap: wrap; gap: .25rem; margin: 0; padding: 0; list-style: none; }
        .top nav a { display: inline-block; padding: .35rem .7rem; border-radius: .4rem; }
        .top nav a:hover, .top nav a[aria-current="page"] { background: rgba(255,255,255,.18); }
        .top nav a[aria-current="page"] { font-weight: 600; }
        .session { margin-left: auto; display: flex; gap: 1rem; align-items: center; }
        .session form { margin: 0; }
        .space-name { font-weight: 600; }
        button.link { background: none; border: 0; color: var(--brand-ink); text-decoration: underline; padding: 0; font: inherit; cursor: pointer; }
        .dot { display: inline-block; width: .6rem; height: .6rem; border-radius: 50%; background: #ccc; margin-left: .2rem; }
        .dot.ok { background: #5fd38d; } .dot.warn { background: #ffb347; } .dot.busy { background: #9fd0ff; }
        main { max-width: 72rem; margin: 0 auto; padding: 1.25rem; }
        main:focus { outline: none; }
        h1 { font-size: 1.7rem; margin: .4rem 0 1rem; line-height: 1.2; }
        h2 { font-size: 1.2rem; margin: 0 0 .6rem; }
        h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; padding: 1rem 1.2rem; margin-bottom: 1rem; }
        .narrow { max-width: 30rem; margin: 2rem auto; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); gap: 1rem; }
        .grid > .card { margin-bottom: 0; } .grid { margin-bottom: 1rem; }
        .cards { list-style: none; padding: 0; margin: 0; display: grid; gap: .8rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 19rem), 1fr)); }
        .cards .card { margin: 0; } .cards h2 { font-size: 1.05rem; }
        .heading-row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; }
        .muted { color: var(--muted); }
        .mono { font-family: ui-monospace, monospace; font-size: .8rem; word-break: break-all; }
        .prose { white-space: pre-wrap; }
        .plain { list-style: none; padding: 0; margin: 0; } .plain li { padding: .2rem 0; }
        .badge { white-space: nowrap; overflow-wrap: normal; }
        .badge { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; background: #e8edf4; color: var(--ink); font-size: .85rem; }
        .badge.ok, .status-implementing, .status-spreading, .status-sustaining, .status-complete { background: #dff3e6; color: var(--ok); }
        .badge.warn, .status-abandoned { background: #fdebd3; color: var(--warn); }
        .status-testing, .status-doing, .status-studying, .status-acting { background: #e3efff; color: var(--busy); }
        .big { font-size: 1.35rem; font-weight: 700; margin: .2rem 0; }
        .explain li { margin: .3rem 0; } .explain li.warn { color: var(--warn); }
        .big.ok { color: var(--ok); } .big.warn { color: var(--warn); } .big.busy { color: var(--busy); }
        .notice { background: #fff6e0; border: 1px solid #e6c36a; padding: .6rem .8rem; border-radius: .4rem; }
        .error, .field-error { color: var(--err); font-weight: 600; }
        .field-error { margin: .2rem 0 0; font-size: .9rem; }
        .field-error:empty { display: none; }
        .ok-message { color: var(--ok); font-weight: 600; }
        label { display: block; font-weight: 600; margin-bottom: .2rem; }
        input, select, textarea { font: inherit; color: inherit; width: 100%; padding: .5rem .6rem; border: 1px solid #7d8898; border-radius: .35rem; background: #fff; }
        [aria-invalid="true"] { border: 2px solid var(--err); }
        textarea { resize: vertical; }
        button, .button { display: inline-block; font: inherit; font-weight: 600; padding: .5rem 1rem; border-radius: .4rem;
          border: 2px solid var(--brand); background: var(--brand); color: var(--brand-ink); cursor: pointer; text-decoration: none; }
        .button.secondary { background: #fff; color: var(--brand); }
        .stack > div { margin-bottom: .8rem; }
        .actions { display: flex; gap: 1rem; align-items: center; }
        .filters { display: grid; gap: .6rem 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr)); align-items: end; }
        .inline-form { margin-top: .8rem; display: grid; gap: .4rem; }
        details.form-box { margin-top: 1rem; border-top: 1px solid var(--line); padding-top: .6rem; }
        details summary { cursor: pointer; font-weight: 600; color: var(--brand); }
        .crumbs { font-size: .9rem; color: var(--muted); }
        .drivers, .drivers ul { list-style: none; padding-left: 1rem; border-left: 3px solid var(--line); margin: .3rem 0; }
        .drivers { padding-left: .6rem; }
        .driver { display: inline-block; padding: .15rem .5rem; border-radius: .3rem; margin: .15rem 0; }
        .driver.primary { background: #e3efff; font-weight: 600; } .driver.secondary { background: #eef2f7; }
        .idea::before { content: "→ "; color: var(--muted); }
        .measure { border-top: 1px solid var(--line); padding-top: .6rem; margin-top: .6rem; }
        .measure:first-of-type { border-top: 0; margin-top: 0; }
        figure { margin: 0; }
        img.chart { width: 100%; max-width: 46rem; height: auto; border: 1px solid var(--line); border-radius: .3rem; background: #fff; }
        .signals { margin: .3rem 0; padding-left: 1.2rem; } .signals .signal { font-weight: 600; }
        .timeline { list-style: none; padding-left: 1rem; border-left: 3px solid #9fc3ea; margin: 0; }
        .timeline li { position: relative; padding: 0 0 .8rem .6rem; }
        .timeline li::before { content: ""; position: absolute; left: -1.55rem; top: .45rem; width: .8rem; height: .8rem; border-radius: 50%; background: var(--brand); border: 2px solid #fff; }
        .timeline p { margin: .1rem 0; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { font-size: .85rem; color: var(--muted); }
        .bars th { font-weight: 400; width: 45%; }
        meter { width: 7rem; vertical-align: middle; }
        .figures { display: flex; flex-wrap: wrap; gap: 1rem; margin: 0 0 .5rem; }
        .figures div { background: var(--bg); border-radius: .4rem; padding: .4rem .8rem; }
        .figures dt { font-size: .85rem; color: var(--muted); } .figures dd { margin: 0; font-size: 1.4rem; font-weight: 700; }
        .activity { list-style: none; padding: 0; margin: 0; } .activity li { padding: .3rem 0; border-bottom: 1px solid var(--bg); }
        .kind { display: inline-block; min-width: 6rem; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
        .editor textarea { font-family: ui-monospace, SFMono-Regular, monospace; font-size: .95rem; line-height: 1.5; min-height: 20rem; }
        .live:empty { display: none; }
        .live { max-width: 72rem; margin: .6rem auto 0; padding: .5rem 1.25rem; background: #e3efff; border: 1px solid #9fc3ea; border-radius: .4rem; }
        .live button { margin-left: .6rem; padding: .2rem .7rem; }
        .foot { max-width: 72rem; margin: 2rem auto; padding: 0 1.25rem; color: var(--muted); font-size: .85rem; }
        code { background: #eef2f7; padding: .05rem .3rem; border-radius: .25rem; word-break: break-all; }
        main { overflow-wrap: anywhere; }
        @media (max-width: 40rem) { .top { padding: .5rem .8rem; } main { padding: .8rem; } h1 { font-size: 1.4rem; } .session { margin-left: 0; }
          table { display: block; overflow-x: auto; } th, td { overflow-wrap: normal; min-width: 5.5rem; }
          td .mono, th .mono { display: inline-block; max-width: 10rem; } meter { width: 4rem; } .card { padding: .8rem; } }
        """#

    static let javascript = #"""
        "use strict";
        (function () {
          const csrfMeta = document.querySelector('meta[name="csrf-token"]');
          const csrf = csrfMeta ? csrfMeta.content : "";
          const space = document.body.dataset.space;
          const live = document.getElementById("live-status");

          // Splices are in Unicode code points, as the API counts them.
          function diff(before, after) {
            const a = Array.from(before), b = Array.from(after);
            let p = 0;
            while (p < a.length && p < b.length && a[p] === b[p]) p++;
            let s = 0;
            while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
            return { at: p, del: a.length - p - s, ins: b.slice(p, b.length - s).join("") };
          }
          function apply(text, edit) {
            const a = Array.from(text);
            return a.slice(0, edit.at).join("") + edit.ins + a.slice(edit.at + edit.del).join("");
          }
          // Moves an edit made against `base` onto `current` (the same rule as the server's).
          function rebase(edit, base, current) {
            const d = diff(base, current);
            const oldEnd = d.at + d.del, newEnd = d.at + Array.from(d.ins).length, shift = newEnd - oldEnd;
            const start = edit.at, end = edit.at + edit.del;
            const s = start >= oldEnd ? start + shift : (start < d.at ? start : newEnd);
            let e = end <= d.at ? end : (end >= oldEnd ? end + shift : (start < d.at ? d.at : newEnd));
            if (e < s) e = s;
            return { at: s, del: e - s, ins: edit.ins };
          }
          function caretAfter(oldText, newText, caret) {
            let p = 0;
            while (p < oldText.length && p < newText.length && oldText[p] === newText[p]) p++;
            let s = 0;
            while (s < oldText.length - p && s < newText.length - p && oldText[oldText.length - 1 - s] === newText[newText.length - 1 - s]) s++;
            if (caret <= p) return caret;
            if (caret >= oldText.length - s) return caret + newText.length - oldText.length;
            return newText.length - s;
          }

          function announce(html) { if (live) live.innerHTML = html; }

          const editor = document.querySelector(".editor");
          let noteHandler = null;
          if (editor && space) {
            const area = document.getElementById("note-body");
            const state = document.getElementById("note-state");
            const errorBox = document.getElementById("note-error");
            const url = "/v1/spaces/" + space + "/notes/" + editor.dataset.note;
            let base = area.value, version = editor.dataset.version, sending = false, again = false, timer = null, stale = false;

            function show(serverText, serverVersion, reference) {
              const current = area.value;
              const local = diff(reference, current);
              let next = serverText;
              if (local.del > 0 || local.ins.length > 0) next = apply(serverText, rebase(local, reference, serverText));
              if (next !== current) {
                const start = caretAfter(current, next, area.selectionStart), end = caretAfter(current, next, area.selectionEnd);
                area.value = next;
                if (document.activeElement === area) area.setSelectionRange(start, end);
              }
              base = serverText; version = serverVersion;
              if (area.value !== base) schedule();
            }
            async function refetch() {
              const response = await fetch(url, { headers: { "Accept": "application/json" }, cache: "no-store" });
              if (!response.ok) return;
              const note = await response.json();
              if (note.version !== version || note.body !== base) show(note.body, note.version, base);
            }
            async function flush() {
              timer = null;
              pendingSince = 0;
              if (sending) { again = true; return; }
              const sent = area.value;
              if (sent === base) { state.textContent = "Saved."; return; }
              const edit = diff(base, sent);
              sending = true;
              state.textContent = "Saving…";
              try {
                const response = await fetch(url + "/splices", {
                  method: "POST", cache: "no-store",
                  headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
                  body: JSON.stringify({ base: version, at: edit.at, delete: edit.del, insert: edit.ins })
                });
                if (response.ok) {
                  const note = await response.json();
                  errorBox.textContent = "";
                  show(note.body, note.version, sent);
                  state.textContent = area.value === base ? "Saved." : "Saving…";
                } else if (response.status === 409) {
                  sending = false; await refetch(); return;
                } else {
                  const problem = await response.json().catch(() => ({ detail: "The note could not be saved." }));
                  errorBox.textContent = "Not saved: " + (problem.detail || problem.title);
                  state.textContent = "Not saved.";
                }
              } catch (e) {
                state.textContent = "Offline: not saved yet; retrying…";
                setTimeout(schedule, 2000);
              } finally {
                sending = false;
                if (again || stale) { again = false; stale = false; await refetch(); schedule(); }
              }
            }
            // One splice (one signed envelope) per pause in typing, as the design asks — but at least
            // one every 800 ms while someone types on, so others see the text within a second.
            let pendingSince = 0;
            function schedule() {
              const now = Date.now();
              if (!pendingSince) pendingSince = now;
              if (timer) clearTimeout(timer);
              timer = setTimeout(flush, now - pendingSince > 800 ? 0 : 300);
            }
            area.addEventListener("input", schedule);
            noteHandler = function (data) {
              if (data.document !== editor.dataset.note) return;
              if (sending) { stale = true; return; }
              refetch();
            };
          }

          if (space && window.EventSource) {
            const events = new EventSource("/v1/events");
            const here = location.pathname;
            let offered = false;
            events.addEventListener("document", function (message) {
              let data = {};
              try { data = JSON.parse(message.data); } catch (e) { return; }
              if (data.space !== space) return;
              if (noteHandler) { noteHandler(data); return; }
              if (!offered && !document.querySelector("form:focus-within") && here.indexOf("/s/") === 0) {
                offered = true;
                announce('New changes have arrived. <button type="button" id="reload-page">Show them</button>');
                const button = document.getElementById("reload-page");
                if (button) button.addEventListener("click", function () { location.reload(); });
              }
            });
            events.addEventListener("sync", function () {
              fetch("/v1/sync", { cache: "no-store" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (sync) {
                if (!sync) return;
                const dot = document.querySelector(".top .dot");
                if (!dot) return;
                const connected = sync.peers.filter(function (p) { return p.connected; });
                const lag = connected.some(function (p) { return p.spaces.some(function (s) { return s.peerLacks > 0 || s.weLack > 0; }); });
                dot.className = "dot " + (sync.peers.length === 0 || connected.length === 0 ? "warn" : (lag || sync.pending > 0 ? "busy" : "ok"));
              }).catch(function () {});
            });
          }
        })();
        """#
}
