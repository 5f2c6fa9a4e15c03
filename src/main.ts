import { startServer } from './server.js';

const { close, app } = await startServer();
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : '';
app.log.info(`Yibao is ready: http://localhost:${port}/  (API docs at /docs)`);
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
