function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A page that shows the widget as a customer's site would embed it: one script tag. */
export function chatDemoPage(tenantId: string, token: string | undefined): string {
  const tokenAttribute = token ? ` data-token="${escapeAttribute(token)}"` : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tributary chat demo</title></head>
<body style="font:16px system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>Tributary in-app chat</h1>
<p>This page embeds the chat widget of tenant <code>${escapeAttribute(tenantId)}</code> with one tag. Open it with the button at the bottom right; agents answer from the queue API.</p>
<script src="/widget.js" data-tenant="${escapeAttribute(tenantId)}"${tokenAttribute}></script>
</body>
</html>
`;
}
