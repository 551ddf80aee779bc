#!/usr/bin/env node
// A stand-in for a Slack channel, for trying JitTokens' chat flow on one machine (no dependencies).
//
//   node ops/chat-sink/sink.mjs serve [--port 5090]
//       Listens on 127.0.0.1 like a Slack incoming webhook (any /services/… path) and response_url
//       (/actions/…), and prints every message it receives as Slack would show it.
//   node ops/chat-sink/sink.mjs click <esc_id> --user U0DBA01 [--deny] [--issuer http://localhost:5080] [--port 5090]
//       Clicks Approve (or Deny) as Slack user U…: POSTs a block_actions payload to the issuer's
//       /v1/chat/interactions, signed with v0 HMAC-SHA256 like Slack. The signing secret comes from
//       JIT_CHAT_SIGNING_SECRET, never from the command line.
import { createServer } from 'node:http';
import { createHmac, randomBytes } from 'node:crypto';

const [command, ...rest] = process.argv.slice(2);
const option = (name, fallback) => {
  const i = rest.indexOf(name);
  return i >= 0 && i + 1 < rest.length ? rest[i + 1] : fallback;
};
const port = Number(option('--port', '5090'));

if (command === 'serve') {
  createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => { body += chunk; });
    req.on('end', () => {
      const kind = req.url.startsWith('/actions/') ? 'reply to a click' : 'new message';
      try {
        const message = JSON.parse(body);
        console.log(`\n--- ${kind}${message.replace_original ? ' (replaces the clicked message)' : ''}`);
        for (const block of message.blocks ?? []) {
          if (block.type === 'actions') {
            console.log('  ' + block.elements.map(b => `[${b.text.text}]`).join(' ') + `   (value ${block.elements[0]?.value})`);
          } else {
            const texts = [block.text?.text, ...(block.fields ?? []).map(f => f.text), ...(block.elements ?? []).map(e => e.text)];
            for (const text of texts.filter(Boolean)) console.log('  ' + text.replaceAll('\n', '\n  '));
          }
        }
        if (!message.blocks) console.log('  ' + message.text);
      } catch {
        console.log(`\n--- ${kind} (not JSON): ${body.slice(0, 200)}`);
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  }).listen(port, '127.0.0.1', () => {
    console.log(`chat sink on http://127.0.0.1:${port}; webhook URL: http://127.0.0.1:${port}/services/T0DEMO/B0DEMO/demo`);
  });
} else if (command === 'click') {
  const escalation = rest.find(a => a.startsWith('esc_'));
  const user = option('--user');
  const secret = process.env.JIT_CHAT_SIGNING_SECRET;
  const issuer = option('--issuer', 'http://localhost:5080');
  if (!escalation || !user || !secret) {
    console.error('usage: JIT_CHAT_SIGNING_SECRET=… sink.mjs click <esc_id> --user U… [--deny] [--issuer URL] [--port 5090]');
    process.exit(2);
  }
  const action = rest.includes('--deny') ? 'jit_deny' : 'jit_approve';
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: 'T0DEMO' },
    team: { id: 'T0DEMO' },
    response_url: `http://127.0.0.1:${port}/actions/T0DEMO/${randomBytes(6).toString('hex')}`,
    actions: [{ action_id: action, block_id: 'jit_escalation', type: 'button', value: escalation }],
  };
  const body = 'payload=' + encodeURIComponent(JSON.stringify(payload));
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const signature = 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  const response = await fetch(issuer + '/v1/chat/interactions', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
    body,
  });
  console.log(response.status, await response.text());
  process.exitCode = response.ok ? 0 : 1;
} else {
  console.error('usage: sink.mjs serve [--port 5090] | sink.mjs click <esc_id> --user U… [--deny]');
  process.exit(2);
}
