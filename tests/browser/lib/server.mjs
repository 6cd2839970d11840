// The demo server the browser suite drives: the real stepwise-server on
// 127.0.0.1 (tests/common/server_process.mjs) with the demo store's calls, no email.
import { startWebServer } from '../../common/server_process.mjs';

export function startServer({ bin, web, args = [] }) {
  return startWebServer({ bin, web, tag: 'browser', extraArgs: ['--no-email', '--demo', ...args] });
}
