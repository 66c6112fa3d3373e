// A security target in its own process, so a test can tell whether a request ended it:
// prints {"url", "token"} on one line, then serves until SIGTERM.
import { startTarget } from './support';

const target = await startTarget();
process.stdout.write(`${JSON.stringify({ url: target.server.url, token: target.server.token })}\n`);
process.once('SIGTERM', () => void target.close().then(() => process.exit(0)));
