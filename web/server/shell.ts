/** The one HTML page: the app shell the client script fills in. No inline script, so a strict CSP holds. */
export function renderShell(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Secure Data Facility</title>
<link rel="stylesheet" href="/ui/app.css">
<script type="module" src="/ui/app.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top" role="banner"><div class="brand">Secure Data Facility</div><nav id="nav" aria-label="Main"></nav><div id="notifications"></div><div id="who"></div></header>
<main id="main" tabindex="-1"><p class="muted">Loading…</p></main>
<div id="toast" role="status" aria-live="polite"></div>
</body>
</html>`;
}
