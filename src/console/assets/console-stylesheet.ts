/** The console's stylesheet, hand-written: readable from a phone to 1280 px and beyond, visible focus, no framework. */
export const CONSOLE_STYLESHEET = `
:root {
  --bg: #f5f6f8;
  --surface: #ffffff;
  --text: #1b2230;
  --muted: #5a6473;
  --border: #dde1e8;
  --border-strong: #c5cbd5;
  --accent: #2f5bd3;
  --accent-hover: #2448ad;
  --accent-soft: #eaf0fd;
  --danger: #b42318;
  --danger-soft: #fdecea;
  --warn: #8a4b00;
  --warn-soft: #fff4e0;
  --warn-border: #f2b459;
  --ok: #1a7f37;
  --ok-soft: #e7f5eb;
  --topbar: #161d2b;
  --focus: #7aa2ff;
  --radius: 8px;
  --mono: ui-monospace, "SF Mono", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 3px; }
h1, h2, h3 { line-height: 1.25; margin: 0 0 12px; }
h1 { font-size: 24px; font-weight: 650; }
h2 { font-size: 17px; font-weight: 650; }
h3 { font-size: 15px; font-weight: 650; }
p { margin: 0 0 12px; }
code, .mono { font-family: var(--mono); font-size: 13px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.skip-link { position: absolute; left: 8px; top: -48px; background: var(--surface); padding: 8px 12px; z-index: 10; border-radius: var(--radius); }
.skip-link:focus { top: 8px; }

/* Top bar */
.topbar { background: var(--topbar); color: #e8ecf3; }
.topbar-inner {
  max-width: 1160px; margin: 0 auto; padding: 0 24px; min-height: 56px;
  display: flex; align-items: center; gap: 24px; flex-wrap: wrap;
}
.brand { color: #fff; font-weight: 700; font-size: 17px; letter-spacing: 0.2px; display: flex; align-items: center; gap: 8px; }
.brand:hover { text-decoration: none; }
.brand-mark { width: 22px; height: 22px; border-radius: 6px; background: linear-gradient(135deg, #5b8cff, #2f5bd3); display: inline-block; }
.main-nav { display: flex; gap: 4px; flex: 1; flex-wrap: wrap; }
.main-nav a { color: #c9d1de; padding: 6px 10px; border-radius: 6px; }
.main-nav a:hover, .main-nav a[aria-current="page"] { color: #fff; background: rgba(255, 255, 255, 0.1); text-decoration: none; }
.who { display: flex; align-items: center; gap: 10px; font-size: 13px; color: #c9d1de; flex-wrap: wrap; }
.who form { margin: 0; }
.who .button { background: transparent; color: #e8ecf3; border-color: rgba(255, 255, 255, 0.3); }
.who .button:hover { background: rgba(255, 255, 255, 0.1); }
.who .badge { background: rgba(255, 255, 255, 0.12); color: #e8ecf3; }

/* Tenant bar */
.tenant-bar { background: var(--surface); border-bottom: 1px solid var(--border); }
.tenant-bar-inner { max-width: 1160px; margin: 0 auto; padding: 14px 24px 0; }
.tenant-title { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; margin-bottom: 10px; }
.tenant-title .label { color: var(--muted); font-size: 13px; }
.tenant-title strong { font-size: 18px; overflow-wrap: anywhere; }
.tabs { display: flex; gap: 4px; overflow-x: auto; }
.tabs a { padding: 8px 12px; color: var(--muted); border-bottom: 2px solid transparent; white-space: nowrap; }
.tabs a:hover { color: var(--text); text-decoration: none; }
.tabs a[aria-current="page"] { color: var(--accent); border-bottom-color: var(--accent); font-weight: 600; }

/* Layout */
main { max-width: 1160px; margin: 0 auto; padding: 24px; }
.page-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 16px; flex-wrap: wrap; margin-bottom: 16px; }
.page-head h1 { margin: 0; overflow-wrap: anywhere; }
.page-head .sub { color: var(--muted); margin: 4px 0 0; overflow-wrap: anywhere; }
.breadcrumbs { font-size: 13px; color: var(--muted); margin-bottom: 8px; }
.breadcrumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; }
.breadcrumbs li + li::before { content: "/"; margin-right: 6px; color: var(--border-strong); }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 20px; margin-bottom: 20px; }
.card > h2 { display: flex; align-items: center; gap: 8px; }
.card .lead { color: var(--muted); margin-top: -4px; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 20px; }
.grid-2 { margin-bottom: 20px; }
.grid-2 > .card { margin-bottom: 0; }
.stack > * + * { margin-top: 20px; }
.grid-2 .stack > .card { margin-bottom: 0; }
.footer { max-width: 1160px; margin: 0 auto; padding: 8px 24px 32px; color: var(--muted); font-size: 13px; }

/* Banners */
.banner { border: 1px solid; border-radius: var(--radius); padding: 12px 16px; margin-bottom: 20px; display: flex; gap: 12px; align-items: center; justify-content: space-between; flex-wrap: wrap; }
.banner p { margin: 0; }
.banner strong { font-weight: 650; }
.banner form { margin: 0; }
.banner-warn { background: var(--warn-soft); border-color: var(--warn-border); color: var(--warn); }
.banner-paused { background: var(--warn-soft); border-color: var(--warn-border); color: #5c3200; border-left-width: 6px; }
.banner-paused strong { font-size: 16px; }
.banner-error { background: var(--danger-soft); border-color: #f3b7b1; color: var(--danger); }
.banner-ok { background: var(--ok-soft); border-color: #a6dbb5; color: var(--ok); }
.banner-info { background: var(--accent-soft); border-color: #c3d3f7; color: #1d3f99; }

/* Badges */
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; background: #eef0f4; color: var(--muted); white-space: nowrap; }
.badge-ok { background: var(--ok-soft); color: var(--ok); }
.badge-warn { background: var(--warn-soft); color: var(--warn); }
.badge-off { background: var(--danger-soft); color: var(--danger); }
.badge-accent { background: var(--accent-soft); color: var(--accent); }

/* Tables */
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; padding: 10px 12px; border-bottom: 1px solid var(--border); vertical-align: top; overflow-wrap: anywhere; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; background: #fafbfc; }
tbody tr:last-child td { border-bottom: 0; }
tbody tr:hover td { background: #fafbfd; }
td.actions { text-align: right; white-space: nowrap; }
td.actions form { display: inline; margin: 0; }
.empty { color: var(--muted); padding: 12px 0; margin: 0; }

/* Definition lists */
dl.fields { display: grid; grid-template-columns: minmax(120px, 180px) 1fr; gap: 8px 16px; margin: 0; }
dl.fields dt { color: var(--muted); font-size: 13px; padding-top: 1px; }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }

/* Forms */
form { margin: 0; }
label { display: block; font-weight: 600; font-size: 13px; margin-bottom: 4px; }
.hint { display: block; color: var(--muted); font-size: 13px; font-weight: 400; margin-top: 4px; }
input[type="text"], input[type="search"], input[type="password"], input[type="number"], input[type="date"], input[type="url"], select, textarea {
  font: inherit; color: inherit; background: var(--surface);
  border: 1px solid var(--border-strong); border-radius: 6px; padding: 7px 10px; min-height: 38px;
  width: 100%; max-width: 100%;
}
input:focus-visible, select:focus-visible, textarea:focus-visible { border-color: var(--accent); }
textarea { font-family: var(--mono); font-size: 12px; line-height: 1.45; resize: vertical; }
label.check { display: flex; gap: 8px; align-items: center; font-weight: 400; font-size: 14px; margin: 0; }
.field.field-wide { max-width: none; }
.field-set { margin-bottom: 14px; }
.field-set legend { font-weight: 600; font-size: 13px; margin-bottom: 6px; padding: 0; }
.check-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 6px 14px; }
.check-grid label.check { font-size: 13px; }
.filter-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px 14px; align-items: start; margin-bottom: 8px; }
.filter-grid .field { margin: 0; max-width: none; }
.filter-grid .form-actions { margin: 21px 0 0; }
/* Dense tables: columns keep whole words (long values still break rather than overflow). */
table.dense th, table.dense td { overflow-wrap: break-word; }
table.dense th { white-space: nowrap; }
table.dense td code, table.dense time { white-space: nowrap; }
input[readonly] { background: #f7f8fa; }
.field { margin-bottom: 14px; max-width: 520px; }
.form-row { display: flex; gap: 10px; align-items: flex-start; flex-wrap: wrap; }
.form-row .field { margin-bottom: 0; flex: 1 1 220px; }
.form-row > .form-actions { margin-top: 24px; }
.table-wrap + form, .tree + form, .empty + form, .pager + form, .table-wrap + .form-actions { margin-top: 18px; }
.form-actions { display: flex; gap: 10px; flex-wrap: wrap; align-items: center; margin-top: 4px; }
form > .form-actions, fieldset > .form-actions { margin-top: 14px; }
.settings-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 4px 20px; }
.settings-grid .field { max-width: none; }
fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }

/* Buttons */
.button {
  display: inline-flex; align-items: center; justify-content: center; gap: 6px;
  font: inherit; font-weight: 600; font-size: 14px; line-height: 1.2;
  padding: 9px 14px; min-height: 38px; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--accent); background: var(--accent); color: #fff; white-space: nowrap;
}
.button:hover { background: var(--accent-hover); text-decoration: none; }
.button-secondary { background: var(--surface); color: var(--text); border-color: var(--border-strong); }
.button-secondary:hover { background: #f1f3f6; }
.button-danger { background: var(--surface); color: var(--danger); border-color: #e7a9a2; }
.button-danger:hover { background: var(--danger-soft); }
.button-small { padding: 4px 10px; min-height: 30px; font-size: 13px; }
.button[hidden] { display: none; }

/* Copyable values */
.copy-field { display: flex; gap: 8px; align-items: stretch; max-width: 760px; }
.copy-field input { font-family: var(--mono); font-size: 13px; }
.secret-once { border: 1px solid #a6dbb5; background: var(--ok-soft); border-radius: var(--radius); padding: 16px; margin-bottom: 16px; }
.secret-once p { color: #145c29; }

/* Role paths and trees */
.via { color: var(--muted); font-size: 13px; }
.via a { color: var(--muted); text-decoration: underline; text-decoration-color: var(--border-strong); }
.path-sep { color: var(--muted); white-space: pre; }
.tree, .tree ul { list-style: none; margin: 0; padding: 0; }
.tree { margin-bottom: 4px; }
.tree ul { margin-left: 16px; }
.tree li { position: relative; padding: 4px 0; }
.tree ul > li { padding-left: 22px; border-left: 1px solid var(--border-strong); }
.tree ul > li:last-child { border-left-color: transparent; }
.tree ul > li::before {
  content: ""; position: absolute; left: -1px; top: 0; width: 18px; height: 20px;
  border-left: 1px solid var(--border-strong); border-bottom: 1px solid var(--border-strong); border-bottom-left-radius: 6px;
}
.tree .node { display: inline-flex; align-items: center; gap: 8px; flex-wrap: wrap; padding: 3px 10px; border: 1px solid var(--border); border-radius: 6px; background: var(--surface); }
.tree .node.root { border-color: var(--accent); background: var(--accent-soft); font-weight: 600; }
.tree .node form { display: inline; }
.chip-list { display: flex; gap: 6px; flex-wrap: wrap; list-style: none; padding: 0; margin: 0; }
.chip-list li a, .chip-list li span { display: inline-block; padding: 2px 10px; border: 1px solid var(--border); border-radius: 999px; background: var(--surface); font-size: 13px; }

/* Log, events, deliveries, reports */
.refresh-state { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; color: var(--muted); margin: 8px 0; }
pre.data { font-family: var(--mono); font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 320px; overflow: auto; background: #f7f8fa; border: 1px solid var(--border); border-radius: 6px; padding: 8px 10px; margin: 6px 0 0; }
details > summary { cursor: pointer; }
ol.attempts { margin: 6px 0 0; padding-left: 20px; font-size: 13px; }
.plain-list { list-style: none; margin: 0; padding: 0; }
.plain-list li + li { margin-top: 4px; }
.finding + .finding { margin-top: 20px; padding-top: 16px; border-top: 1px solid var(--border); }
.finding h3 { display: flex; gap: 8px; align-items: center; margin-bottom: 2px; }
.finding .hint { margin: 0 0 8px; }
.report + .table-wrap { margin-bottom: 16px; }
dl.fields + .form-actions { margin-top: 16px; }

/* Paging and search */
.pager { display: flex; gap: 10px; justify-content: space-between; align-items: center; padding-top: 14px; flex-wrap: wrap; }
.search-form { display: flex; gap: 10px; align-items: flex-end; flex-wrap: wrap; margin-bottom: 16px; }
.search-form .field { flex: 1 1 280px; margin: 0; max-width: 560px; }
.htmx-indicator { opacity: 0; transition: opacity 150ms ease-in; }
.htmx-request .htmx-indicator, .htmx-request.htmx-indicator { opacity: 1; }

/* Sign-in and error pages */
body.bare { display: flex; min-height: 100vh; align-items: center; justify-content: center; padding: 24px; }
.sign-in { width: 100%; max-width: 420px; }
.sign-in .brand { color: var(--text); justify-content: center; margin-bottom: 20px; font-size: 20px; }
.sign-in .card { padding: 28px; }
.sign-in .button { width: 100%; }
.error-page { max-width: 520px; text-align: center; }
.error-status { font-size: 48px; font-weight: 700; color: var(--border-strong); margin: 0; }

@media (max-width: 720px) {
  .topbar-inner, .tenant-bar-inner, main, .footer { padding-left: 14px; padding-right: 14px; }
  .topbar-inner { gap: 10px; padding-top: 8px; padding-bottom: 8px; }
  .main-nav { order: 3; flex-basis: 100%; }
  .who { margin-left: auto; }
  main { padding-top: 16px; }
  .card { padding: 16px; }
  dl.fields { grid-template-columns: 1fr; gap: 2px; }
  dl.fields dd { margin-bottom: 8px; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack tr { border-bottom: 1px solid var(--border); padding: 8px 0; }
  table.stack tbody tr:last-child { border-bottom: 0; }
  table.stack td { border: 0; padding: 3px 0; display: grid; grid-template-columns: 110px 1fr; gap: 8px; justify-items: start; }
  table.stack td:empty { display: none; }
  table.stack td::before { content: attr(data-label); color: var(--muted); font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.03em; padding-top: 2px; }
  table.stack td.actions { text-align: left; }
  .copy-field { flex-direction: column; }
  .form-row > .form-actions { margin-top: 4px; }
  .banner .button { width: 100%; }
}
`;
