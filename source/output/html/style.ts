/** The page's look: light by default, dark where the reader's system is, plain on paper, one column on a phone. */
export const style = `
:root { color-scheme: light dark; --fg: #1d2330; --bg: #ffffff; --muted: #5d6678; --rule: #d9dde5; --good: #1f7a3a; --bad: #b3261e; --middle: #8a6d00; --panel: #f5f6f8; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e3e6ec; --bg: #15181e; --muted: #9aa3b2; --rule: #343a46; --good: #5cc97c; --bad: #ff7b72; --middle: #e3b341; --panel: #1d2129; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 1rem clamp(0.5rem, 3vw, 2.5rem); background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.5rem; margin: 0.2rem 0; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 0.5rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.3rem; }
.note { color: var(--muted); margin: 0.2rem 0 0.6rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.4rem 0 0.8rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 0.4rem 0 0.8rem; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
table.numbers td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.url, td.sample { overflow-wrap: anywhere; max-width: 40rem; }
.scroll { overflow-x: auto; }
.good { color: var(--good); } .bad { color: var(--bad); } .middle { color: var(--middle); }
.ci { color: var(--muted); font-size: 0.9em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.4em; border-radius: 2px; vertical-align: -0.05em; }
.legend .entry { margin-right: 1.2rem; white-space: nowrap; }
.warning { border-left: 4px solid var(--bad); background: var(--panel); padding: 0.4rem 0.8rem; }
.ok { color: var(--good); }
.thresholds .fail { color: var(--bad); }
.pair, .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 0.5rem 1.5rem; }
figure { margin: 0; min-width: 0; }
figure svg { width: 100%; height: auto; max-width: 100%; overflow: visible; }
figcaption { color: var(--muted); font-size: 0.9em; text-align: center; }
[class^="plot-"] { --plot-background: var(--bg); }
@media print {
  body { padding: 0; font-size: 11px; }
  .scroll { overflow: visible; }
  .metric, figure, table { break-inside: avoid; }
  h2 { break-after: avoid; }
}
`;
