// The whole stylesheet, inlined in every page: one round trip on a weak link, no framework.
// Colours meet WCAG AA contrast; layout works from 360 px wide.
export const css = `
*{box-sizing:border-box}
html{font-family:system-ui,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#f6f7f9}
body{margin:0}
a{color:#0b4f9c}
a:focus,button:focus,input:focus,select:focus{outline:3px solid #f5a623;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}
header{background:#a4161a;color:#fff;padding:8px 16px}
header a{color:#fff}
.brand{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:baseline}
.brand strong{font-size:1.25rem}
nav ul{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
.bar{display:flex;flex-wrap:wrap;justify-content:space-between;gap:8px;align-items:center}
.bar form{margin:0}
.linklike{background:none;border:0;color:#fff;text-decoration:underline;font:inherit;cursor:pointer;padding:0}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.2rem}
.card{background:#fff;border:1px solid #d0d4da;border-radius:6px;padding:16px;margin:0 0 16px}
label{display:block;font-weight:600;margin:12px 0 4px}
input,select{font:inherit;width:100%;max-width:28rem;padding:8px;border:1px solid #6b7280;border-radius:4px;background:#fff;color:#1a1a1a}
button,.button{font:inherit;background:#0b4f9c;color:#fff;border:0;border-radius:4px;padding:10px 18px;margin-top:16px;cursor:pointer}
.error{color:#a4161a;font-weight:600}
.notice{background:#e7f1fb;border-left:4px solid #0b4f9c;padding:8px 12px}
.alert{background:#fdecea;border-left:4px solid #a4161a;padding:8px 12px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d0d4da;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef0f3}
.table-wrap{overflow-x:auto}
.table-wrap:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
footer{max-width:960px;margin:0 auto;padding:16px;color:#4b5563;font-size:.875rem}
.langs a[aria-current]{font-weight:700;text-decoration:none}
.muted{color:#4b5563}
p.sync{margin:6px 0 0;font-size:.875rem;color:#fff}
label.inline{display:inline-flex;gap:6px;align-items:center;font-weight:400;margin:4px 16px 4px 0}
label.inline input{width:auto}
fieldset{border:1px solid #d0d4da;border-radius:4px;margin:12px 0;padding:8px 12px}
textarea{font:inherit;width:100%;max-width:40rem;min-height:4rem;padding:8px;border:1px solid #6b7280;border-radius:4px}
button.secondary{background:#fff;color:#a4161a;border:2px solid #a4161a}
.badge{display:inline-block;padding:0 6px;border-radius:4px;font-size:.875rem;font-weight:600}
.badge.late{background:#a4161a;color:#fff}
.badge.info{background:#e7f1fb;color:#0b4f9c}
.tabs{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 12px;padding:0;list-style:none}
.tabs a{padding:4px 10px;border:1px solid #0b4f9c;border-radius:4px;text-decoration:none}
.tabs a[aria-current]{background:#0b4f9c;color:#fff}
.cap::first-letter{text-transform:uppercase}
.actions form{border-top:1px solid #d0d4da;padding:8px 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.hint{color:#444;font-size:.875rem;margin:0 0 2px}
th .hint{font-weight:400}figure.chart{margin:0 0 12px}
.valid{background:#e6f4ea;border-left:4px solid #1e7b34;padding:8px 12px}
fieldset{border:1px solid #c8ccd2;border-radius:6px;margin:0 0 12px;padding:8px 12px}
a.button{display:inline-block;text-decoration:none}
.hits{list-style:none;margin:0 0 16px;padding:0}
.hits li{background:#fff;border:1px solid #d0d4da;border-radius:6px;padding:10px 12px;margin:0 0 8px}
.meta{display:flex;flex-wrap:wrap;gap:0 16px;margin:4px 0 0;font-size:.875rem;color:#4b5563}
.qr svg{display:block;width:240px;max-width:100%;height:auto}
input[type=file]{border:0;padding:4px 0}
.pre{white-space:pre-wrap}
@media (max-width:480px){dl.facts{grid-template-columns:1fr}dl.facts dd{margin:0 0 6px}}
html.large{font-size:20px;line-height:1.6;color:#000;background:#fff}
.large a{color:#00359e;text-decoration-thickness:2px}
.large header{background:#000}.large header a{color:#fff}
.large input,.large select,.large textarea{border:2px solid #000;color:#000}
.large button,.large .button{background:#000;color:#fff;border:2px solid #000}
.large .card,.large fieldset,.large th,.large td,.large .hits li{border:2px solid #000}
.large .muted,.large .hint,.large .meta,.large footer{color:#000}
.large .notice,.large .valid,.large .alert{border-left-width:8px;color:#000}
.large a:focus,.large button:focus,.large input:focus,.large select:focus{outline:4px solid #000;background:#ff0;color:#000}
@media print{header,nav,footer,.actions{display:none}}
@media (max-width:480px){main{padding:12px}h1{font-size:1.3rem}}
`;
