// The widget's whole stylesheet, scoped to its shadow root: the host page's CSS cannot reach in
// and this cannot leak out. `:host { all: initial }` also stops inherited fonts and colors.
// Colors meet WCAG AA contrast: the website's brand colour comes in as custom properties on .root
// (brand.ts picks --cw-on and --cw-ink so they do); #4b5563 on white is 7.6:1.

export const CSS = `
:host{all:initial}
*,*::before,*::after{box-sizing:border-box}
.root{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#111827;-webkit-font-smoothing:antialiased}
button,input,textarea{font:inherit;color:inherit;margin:0}
button{cursor:pointer}
button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid var(--cw-ink);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border:0;border-radius:50%;background:var(--cw-brand);color:var(--cw-on);display:grid;place-items:center;box-shadow:0 6px 20px rgba(16,24,40,.28);transition:transform .15s}
.launcher:hover{transform:scale(1.05)}
.left .launcher,.left .panel{right:auto;left:20px}
.badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#b42318;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center;border:2px solid #fff}
.panel{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:380px;height:600px;max-height:calc(100vh - 108px);display:flex;flex-direction:column;background:#fff;border:1px solid #e4e7ec;border-radius:16px;overflow:hidden;box-shadow:0 16px 48px rgba(16,24,40,.24);animation:rise .18s ease-out}
.panel[hidden],[hidden]{display:none!important}
@keyframes rise{from{opacity:0;transform:translateY(12px)}}
.head{display:flex;align-items:center;gap:8px;padding:12px 12px 12px 16px;background:var(--cw-brand);color:var(--cw-on)}
.head :focus-visible{outline-color:var(--cw-on)}
.title{flex:1;min-width:0;margin:0;font-size:15px;font-weight:650;line-height:1.3}
.sub{display:block;font-size:12.5px;font-weight:400;opacity:.92}
.human{display:inline-flex;align-items:center;gap:6px;padding:6px 10px;border:1px solid currentColor;border-radius:999px;background:transparent;color:inherit;font-size:13px;font-weight:600;white-space:nowrap}
.human svg,.offer svg{width:16px;height:16px}
.human:hover,.close:hover{background:rgba(127,127,127,.2)}
.close{display:grid;place-items:center;width:36px;height:36px;border:0;border-radius:8px;background:transparent;color:inherit}
.status{display:flex;align-items:center;gap:8px;padding:8px 16px;background:#fffaeb;color:#7a2e0e;font-size:13px}
.status.error{background:#fef3f2;color:#912018}
.ticket{margin:0;padding:8px 16px;background:#e6f4f2;color:#134e48;font-size:13px;font-weight:600}
.away{margin:0;padding:8px 16px;background:#fff4e5;color:#663c00;font-size:13px}
.log{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:10px;background:#f7f8fa;overscroll-behavior:contain}
.row{display:flex;flex-direction:column;align-items:flex-start;max-width:88%}
.row.visitor{align-self:flex-end;align-items:flex-end}
.msg{padding:9px 13px;border-radius:16px;border-bottom-left-radius:4px;background:#fff;border:1px solid #e4e7ec;white-space:pre-wrap;overflow-wrap:anywhere}
.visitor .msg{background:var(--cw-brand);border-color:var(--cw-brand);color:var(--cw-on);border-radius:16px;border-bottom-right-radius:4px}
.pending .msg{opacity:.75}
.failed .msg{background:#fff;color:#111827;border:1px dashed #b42318}
.agent .msg{border-color:#99d5cd}
.md{white-space:normal}.md p{margin:0;white-space:pre-wrap}.md>*+*{margin-top:6px}.md ul,.md ol{margin:0;padding-left:20px}.md a{color:#0f5b54;text-decoration:underline}
.md code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f2f4f7;border-radius:4px;padding:1px 4px}.md pre{margin:0;overflow-x:auto;background:#f2f4f7;border-radius:8px;padding:8px}.md pre code{padding:0;white-space:pre}
.who{margin:0 4px 3px;font-size:12px;font-weight:600;color:#4b5563}
.sources{margin:4px 4px 0;font-size:12px;color:#4b5563}.sources a{color:inherit;text-decoration:underline}
.rate{margin:2px 4px 0}.thumb{font-size:14px;padding:2px 6px;border-radius:6px}.thumb[aria-pressed=true]{background:#e5e7eb}
.meta{display:flex;align-items:center;gap:8px;margin:4px 4px 0;font-size:12px;color:#912018}
.link{padding:2px 6px;border:0;border-radius:4px;background:none;color:var(--cw-ink);font-weight:700;text-decoration:underline}
.typing{display:inline-flex;gap:4px;padding:4px 0}
.typing i{width:6px;height:6px;border-radius:50%;background:#98a2b3;animation:blink 1.2s infinite}
.typing i:nth-child(2){animation-delay:.2s}.typing i:nth-child(3){animation-delay:.4s}
@keyframes blink{50%{opacity:.2}}
.typing-line{margin:0;padding:4px 16px 6px;background:#f7f8fa;color:#4b5563;font-size:12.5px;font-style:italic}
.notice{align-self:stretch;margin:0;padding:8px 12px;border-radius:10px;background:#eef2f6;color:#344054;font-size:13px;text-align:center}
.offer{align-self:stretch;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px;padding:10px 12px;border:1px solid #99d5cd;border-radius:12px;background:#e6f4f2;color:#134e48;font-size:13px}
.primary{display:inline-flex;align-items:center;justify-content:center;gap:6px;padding:8px 14px;border:0;border-radius:10px;background:var(--cw-brand);color:var(--cw-on);font-weight:600}
.primary:hover,.send:hover{filter:brightness(.9)}
.primary:disabled,.primary[aria-disabled="true"]{opacity:.6;cursor:progress}
.secondary{padding:8px 12px;border:1px solid #d0d5dd;border-radius:10px;background:#fff;color:#344054;font-weight:600}
.csat{align-self:stretch;display:grid;gap:8px;padding:12px;border:1px solid #e4e7ec;border-radius:12px;background:#fff;font-size:13px}
.csat p{margin:0;font-weight:600}.csat label{font-weight:600;color:#344054}
.scores{display:flex;gap:6px}.score{flex:1;padding:8px 0;border:1px solid #98a2b3;border-radius:8px;background:#fff;font-weight:700}
.score[aria-pressed=true]{background:var(--cw-brand);border-color:var(--cw-brand);color:var(--cw-on)}
.csat textarea{width:100%;padding:8px 10px;border:1px solid #98a2b3;border-radius:8px;resize:vertical}
.form{display:grid;gap:10px;padding:14px 16px;border-top:1px solid #e4e7ec;background:#fff}
.form h3{margin:0;font-size:14px}
.form p{margin:0;font-size:13px;color:#4b5563}
.field{display:grid;gap:4px}
.field label{font-size:13px;font-weight:600;color:#344054}
.field input{width:100%;padding:8px 10px;border:1px solid #98a2b3;border-radius:8px;background:#fff}
.field input[aria-invalid=true]{border-color:#b42318}
.err{font-size:12.5px;color:#b42318}
.actions{display:flex;gap:8px;justify-content:flex-end}
.composer{display:flex;align-items:flex-end;gap:8px;padding:10px 12px;border-top:1px solid #e4e7ec;background:#fff}
.composer textarea{flex:1;min-height:40px;max-height:120px;padding:9px 12px;border:1px solid #98a2b3;border-radius:12px;background:#fff;resize:none;line-height:1.4}
.send{display:grid;place-items:center;flex:none;width:40px;height:40px;border:0;border-radius:12px;background:var(--cw-brand);color:var(--cw-on)}
.cerr{margin:0;padding:0 12px 8px;background:#fff;font-size:12.5px;color:#b42318}
@media (max-width:480px){
.panel{inset:0;width:auto;height:auto;max-height:none;border:0;border-radius:0}
.open .launcher{display:none}
.composer textarea,.field input{font-size:16px}
}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`;
