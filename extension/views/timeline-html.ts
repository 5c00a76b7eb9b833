// The run timeline webview's page: a strict Content-Security-Policy (nothing by default; the script only with this
// page's nonce; styles and images only from the extension's own media folder), no remote resource of any kind, and
// the script and stylesheet from extension/views/media/. Pure, so tests check the policy.

export interface TimelinePage {
  /** The webview's `cspSource` (where its local resources are served from). */
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
}

/** The Content-Security-Policy of the page. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** A nonce from 16 random bytes (base64 without padding, so it is safe in the attribute and the policy). */
export function makeNonce(randomBytes: (n: number) => Uint8Array): string {
  return Buffer.from(randomBytes(16)).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function timelineHtml(page: TimelinePage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(page.cspSource, page.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(page.styleUri)}">
<title>AMP Run Timeline</title>
</head>
<body>
<main>
<p id="status" class="status" role="status" aria-live="polite">Waiting for the debugger to stop…</p>
<div id="charts" class="charts"></div>
<p class="hint">Click the budget chart (or a C_L4 point that names a step) to go to that step. With the chart focused: ← and → move, Shift moves by 10, Home and End go to the ends, Enter goes there.</p>
</main>
<script nonce="${attr(page.nonce)}" src="${attr(page.scriptUri)}"></script>
</body>
</html>
`;
}
